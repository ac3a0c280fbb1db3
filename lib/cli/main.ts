import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { loadConfig } from "../config";
import { exportMatches } from "../export";
import { generate, writeGenerated } from "../generate/generate";
import { ingest } from "../ingest/ingest";
import { quality } from "../quality";
import { runBuild } from "../runner/dbt";

const positiveInt = (label: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`${label} must be a positive integer`);
  return Number(v);
};
const nonNegativeInt = (label: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${label} must be a non-negative integer`);
  return Number(v);
};

const VERSION = "0.1.0";
const config = () => loadConfig();

export function buildProgram(): Command {
  const program = new Command("storematch")
    .description("Link the GI and TH store master lists, explain every unmatched store.\nData directory: $STOREMATCH_DATA_DIR (default ./data).")
    .showHelpAfterError("(run with --help for usage)")
    .version(VERSION, "-V, --version")
    .exitOverride();

  program
    .command("generate")
    .description("write realistic sample data: gi.csv, th.csv and truth.csv (gi_id,th_id)")
    .requiredOption("--stores <n>", "number of physical stores", positiveInt("--stores"))
    .option("--seed <s>", "random seed (same seed, same files)", nonNegativeInt("--seed"), 42)
    .requiredOption("--out <dir>", "output directory")
    .option("--drop-columns <list>", "optional columns to leave out of both files, comma-separated (e.g. postcode,phone,lat,lon)")
    .action((o: { stores: number; seed: number; out: string; dropColumns?: string }) => {
      const data = generate({ stores: o.stores, seed: o.seed });
      const drop = o.dropColumns ? o.dropColumns.split(",").map((s) => s.trim()).filter(Boolean) : [];
      writeGenerated(data, o.out, drop);
      console.log(`wrote ${o.out}/gi.csv (${data.gi.length} stores), th.csv (${data.th.length} stores), truth.csv (${data.truth.length} pairs)`);
    });

  program
    .command("ingest")
    .description("validate and load the two raw store lists, replacing the previous ones (all or nothing)")
    .requiredOption("--gi <file>", "GI stores CSV (store_id,name[,address,postcode,city,country,lat,lon,phone,…])")
    .requiredOption("--th <file>", "TH stores CSV, same columns")
    .action(async (o: { gi: string; th: string }) => {
      const r = await ingest(config(), o.gi, o.th);
      const extra = (cols: string[]) => (cols.length ? `; extra columns kept: ${cols.join(", ")}` : "");
      console.log(`ingested ${r.gi.rows} GI stores from ${r.gi.file}${extra(r.gi.extraColumns)}`);
      console.log(`ingested ${r.th.rows} TH stores from ${r.th.file}${extra(r.th.extraColumns)}`);
      console.log(`raw batch ${r.batch}`);
    });

  program
    .command("run")
    .description("build the dbt project (models and tests) and publish the results")
    .option("--full-refresh", "rebuild every model from scratch")
    .option("--quiet", "print only the result line")
    .action(async (o: { fullRefresh?: boolean; quiet?: boolean }) => {
      const outcome = await runBuild(config(), { fullRefresh: o.fullRefresh, onLine: o.quiet ? undefined : (l) => console.log(l) });
      if (!outcome.ok) throw new Error(`run ${outcome.runId} failed: ${outcome.summary}`);
      console.log(`run ${outcome.runId} succeeded: ${outcome.summary}`);
    });

  const exp = program.command("export").description("export results");
  exp
    .command("matches")
    .description("write the matches as CSV: gi_id,th_id,status,score (one row per pair or singleton)")
    .requiredOption("--out <file>", "output CSV file")
    .action(async (o: { out: string }) => {
      const n = await exportMatches(config(), o.out);
      console.log(`wrote ${n} rows to ${o.out}`);
    });

  program
    .command("quality")
    .description("precision, recall and F1 of the current matches against a truth file")
    .requiredOption("--truth <file>", "CSV with header gi_id,th_id")
    .addOption(new Option("--json", "print JSON"))
    .action(async (o: { truth: string; json?: boolean }) => {
      const q = await quality(config(), o.truth);
      if (o.json) console.log(JSON.stringify(q));
      else
        console.log(
          `precision ${q.precision.toFixed(4)}  recall ${q.recall.toFixed(4)}  F1 ${q.f1.toFixed(4)}  ` +
            `(${q.truePositives} correct of ${q.predicted} matched, ${q.truth} true pairs)`,
        );
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      return e.exitCode;
    }
    const msg = e instanceof Error ? e.message : String(e);
    console.error(`storematch: ${msg.split("\n")[0]}`);
    if (process.env.STOREMATCH_DEBUG) console.error(e);
    return 1;
  }
}
