import { Option } from "commander";
import { AppError } from "../../../control/errors";
import { DROPPABLE_COLUMNS, generate, MAX_GENERATED_STORES, writeGenerated } from "../../../generate/generate";
import { PROFILE_NAMES, PROFILES } from "../../../generate/profiles";
import { defineCommand } from "../../command";
import { nonNegativeInt, positiveInt } from "../../options";

/** `storematch generate`: sample data with a known truth. */
export default defineCommand<{ stores: number; seed: number; out: string; dropColumns?: string; profile: string }>({
  usage: "generate",
  description: "write realistic sample data: gi.csv, th.csv and truth.csv (gi_id,th_id)",
  options: [
    new Option("--stores <n>", `number of physical stores (at most ${MAX_GENERATED_STORES})`).argParser(positiveInt("--stores", MAX_GENERATED_STORES)).makeOptionMandatory(),
    new Option("--seed <s>", "random seed (same seed, same files)").argParser(nonNegativeInt("--seed")).default(42),
    new Option("--out <dir>", "output directory").makeOptionMandatory(),
    new Option("--drop-columns <list>", "optional columns to leave out of both files, comma-separated (e.g. postcode,phone,lat,lon)"),
    new Option("--profile <name>", "noise profile: the hard cases to add (see below)").choices(PROFILE_NAMES).default("default"),
  ],
  helpAfter: "\nNoise profiles (same seed, same base stores; the noise is added on top):\n" + PROFILES.map((p) => `  ${p.name.padEnd(11)} ${p.description}`).join("\n"),
  run({ opts: o }) {
    const data = generate({ stores: o.stores, seed: o.seed, profile: o.profile });
    const drop = o.dropColumns ? o.dropColumns.split(",").map((s) => s.trim()).filter(Boolean) : [];
    const bad = drop.find((c) => !DROPPABLE_COLUMNS.includes(c));
    if (bad !== undefined) throw new AppError("INVALID", `--drop-columns: "${bad}" is not an optional column (one of ${DROPPABLE_COLUMNS.join(", ")})`);
    writeGenerated(data, o.out, drop);
    console.log(`wrote ${o.out}/gi.csv (${data.gi.length} stores), th.csv (${data.th.length} stores), truth.csv (${data.truth.length} pairs)${o.profile === "default" ? "" : `, profile ${o.profile}`}`);
  },
});
