import { cpus, totalmem } from "node:os";
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RESULTS = join(import.meta.dirname, "RESULTS.md");

/** One line describing the machine the figures come from. */
export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
}

/** Append a section to bench/RESULTS.md. */
export function record(title: string, lines: string[]): void {
  if (!existsSync(RESULTS)) writeFileSync(RESULTS, "# Benchmark results\n\nEach section is appended by a benchmark in bench/; newest last.\n");
  appendFileSync(RESULTS, `\n## ${title} — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC\n\nMachine: ${machine()}\n\n${lines.join("\n")}\n`);
}
