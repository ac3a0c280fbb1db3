#!/usr/bin/env node
// The CI quality gate: a pull request must not lower F1 on generated truth below the main
// branch's. Reads two reports of `storematch quality --json` (the same generated data, measured
// with main's code and with the pull request's) and exits 1 when the pull request's F1 is lower.
//   node scripts/quality-gate.mjs --base quality-main.json --head quality-pr.json [--tolerance 0]
// Exit codes: 0 passed, 1 F1 fell, 2 the reports cannot be compared (missing, malformed, or
// measured on different truth).
import { readFileSync } from "node:fs";

/** Compare two quality reports; returns { ok, message }. Throws on reports that cannot be compared. */
export function compareQuality(base, head, tolerance = 0) {
  for (const [name, r] of [["base", base], ["head", head]]) {
    for (const k of ["f1", "precision", "recall", "truth"]) {
      if (typeof r?.[k] !== "number" || !Number.isFinite(r[k])) throw new Error(`the ${name} report has no numeric "${k}": is it the output of \`storematch quality --json\`?`);
    }
  }
  if (base.truth !== head.truth) throw new Error(`the reports were measured on different truth files (${base.truth} vs ${head.truth} true pairs): measure both on the same generated data`);
  if (!(tolerance >= 0)) throw new Error(`--tolerance must be a number ≥ 0, got ${tolerance}`);
  const pct = (x) => `${(x * 100).toFixed(2)}%`;
  const delta = head.f1 - base.f1;
  // Reports are JSON numbers from the same computation: compare at 1e-9 to ignore printing noise only.
  const ok = delta >= -tolerance - 1e-9;
  const line = `F1 ${pct(base.f1)} (main) → ${pct(head.f1)} (this change), ${delta >= 0 ? "+" : ""}${(delta * 100).toFixed(2)} points; precision ${pct(base.precision)} → ${pct(head.precision)}, recall ${pct(base.recall)} → ${pct(head.recall)}`;
  return { ok, message: ok ? `quality gate passed: ${line}` : `quality gate failed: F1 fell below main's${tolerance > 0 ? ` by more than ${(tolerance * 100).toFixed(2)} points` : ""}: ${line}` };
}

function main(argv) {
  const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const basePath = arg("--base");
  const headPath = arg("--head");
  if (!basePath || !headPath) {
    console.error("usage: node scripts/quality-gate.mjs --base quality-main.json --head quality-pr.json [--tolerance 0]");
    return 2;
  }
  const read = (p, name) => {
    try { return JSON.parse(readFileSync(p, "utf8")); }
    catch (e) { throw new Error(`cannot read the ${name} report ${p}: ${e instanceof Error ? e.message : e}`); }
  };
  try {
    const tolerance = arg("--tolerance") === undefined ? 0 : Number(arg("--tolerance"));
    const { ok, message } = compareQuality(read(basePath, "base"), read(headPath, "head"), tolerance);
    (ok ? console.log : console.error)(message);
    return ok ? 0 : 1;
  } catch (e) {
    console.error(`quality gate: ${e instanceof Error ? e.message : e}`);
    return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
