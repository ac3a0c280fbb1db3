// Match quality benchmark (not a test): per noise profile and size, generate → ingest → full dbt
// build → precision, recall, F1, pairs completeness (share of true pairs blocking makes
// candidates) and candidate pairs per store.
// Usage: npx tsx bench/quality.ts [--stores 10000,100000] [--profiles default,hard,…] [--seed 42]
//          [--subsets] [--record]
// --subsets measures the column subsets (name + address, name + phone, no coordinates) instead of
// the profiles' full files; with it --profiles defaults to default,hard.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeControl } from "../lib/control/db";
import { PROFILE_NAMES } from "../lib/generate/profiles";
import { arg, flag, fmt, generateFiles, gitHead, list, log, runStorematch, SUBSETS } from "./linkage";
import { record } from "./machine";

const subsets = flag("--subsets");
const sizes = list("--stores", "10000").map(Number);
const profiles = list("--profiles", subsets ? "default,hard" : PROFILE_NAMES.join(","));
const seed = Number(arg("--seed", "42"));
for (const p of profiles) if (!PROFILE_NAMES.includes(p)) throw new Error(`unknown profile "${p}" (one of ${PROFILE_NAMES.join(", ")})`);
const columnSets = subsets ? Object.keys(SUBSETS) : ["all columns"];

const rows = [
  "| profile | generated stores (GI / TH) | columns | precision | recall | F1 | pairs completeness | candidate pairs | pairs per store | dbt build s | missed true pairs, by the GI store's failure reason |",
  "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
];
console.log(rows.join("\n"));
for (const n of sizes) {
  for (const profile of profiles) {
    for (const cols of columnSets) {
      const dir = mkdtempSync(join(tmpdir(), "storematch-bench-quality-"));
      try {
        mkdirSync(join(dir, "in"));
        const files = generateFiles(join(dir, "in"), n, profile, SUBSETS[cols]!, seed);
        const r = await runStorematch(join(dir, "data"), files);
        const q = r.quality;
        const row = `| ${profile} | ${fmt(n)} (${fmt(r.pairs.giStores)} / ${fmt(r.pairs.thStores)}) | ${cols} | ${q.precision.toFixed(4)} | ${q.recall.toFixed(4)} | ${q.f1.toFixed(4)} | ${r.pairs.completeness.toFixed(4)} | ${fmt(r.pairs.candidatePairs)} | ${r.pairs.pairsPerStore.toFixed(2)} | ${r.runSeconds.toFixed(1)} | ${r.missed} |`;
        console.log(row);
        rows.push(row);
      } catch (e) {
        log(`${profile} ${fmt(n)} ${cols}: ${(e as Error).message.split("\n")[0]}`);
        rows.push(`| ${profile} | ${fmt(n)} | ${cols} | failed: ${(e as Error).message.split("\n")[0]!.replace(/\|/g, "/")} | | | | | | | |`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
}
await closeControl();

if (flag("--record")) {
  const cmd = `npx tsx bench/quality.ts --stores ${sizes.join(",")} --profiles ${profiles.join(",")}${subsets ? " --subsets" : ""}${seed !== 42 ? ` --seed ${seed}` : ""} --record`;
  record(subsets ? "bench/quality: column subsets" : "bench/quality: noise profiles", [
    `Command: \`${cmd}\` (seed ${seed}; generate → ingest → full dbt build; precision, recall and F1 of the latest version against truth.csv; pairs completeness = share of true pairs in staging.int_candidate_pairs_blocked; pairs per store = candidate pairs / ((GI stores + TH stores) / 2)).`,
    `Model: git ${gitHead()}.`,
    "",
    ...rows,
  ]);
  console.log("recorded in bench/RESULTS.md");
}

