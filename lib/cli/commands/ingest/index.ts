import { Option } from "commander";
import { audit } from "../../../control/audit";
import { ingest } from "../../../ingest/ingest";
import { assertRegularFile } from "../../../ingest/validate";
import { withLease } from "../../../runner/lease";
import { warehouseKey } from "../../../runner/queue";
import { defineCommand } from "../../command";
import { asOption } from "../../options";

/** `storematch ingest`: replace the raw store lists, all or nothing, under the warehouse lease. */
export default defineCommand<{ gi: string; th: string }>({
  usage: "ingest",
  description: "validate and load the two raw store lists, replacing the previous ones (all or nothing)",
  options: [
    new Option("--gi <file>", "GI stores CSV (store_id,name[,address,postcode,city,country,lat,lon,phone,…])").makeOptionMandatory(),
    new Option("--th <file>", "TH stores CSV, same columns").makeOptionMandatory(),
    asOption(),
  ],
  recover: true,
  permission: "raw.ingest",
  async run({ opts: o, config: c, db, actor }) {
    // Before the lease: a FIFO or a device as input fails now instead of blocking while holding it.
    assertRegularFile(o.gi);
    assertRegularFile(o.th);
    // Same lease as runs: an ingest never swaps the raw data under a running dbt.
    const r = await withLease(db(), warehouseKey(c), `ingest:${process.pid}`, () => ingest(c, o.gi, o.th), (m) => console.log(m));
    await db().$transaction((tx) => audit(tx, { actor, action: "raw.ingest", entity: "RawBatch", entityId: r.batch, after: r }));
    const extra = (cols: string[]) => (cols.length ? `; extra columns kept: ${cols.join(", ")}` : "");
    console.log(`ingested ${r.gi.rows} GI stores from ${r.gi.file}${extra(r.gi.extraColumns)}`);
    console.log(`ingested ${r.th.rows} TH stores from ${r.th.file}${extra(r.th.extraColumns)}`);
    console.log(`raw batch ${r.batch}`);
  },
});
