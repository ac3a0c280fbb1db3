import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AppError } from "./control/errors";
import type { Config } from "./config";
import { withVersion } from "./versions/read";

/** Write a version's matches (default: the promoted one) as CSV gi_id,th_id,status,score; via a temp file, then renamed. */
export async function exportMatches(config: Config, out: string, version?: string): Promise<number> {
  if (existsSync(out) && statSync(out).isDirectory()) throw new AppError("INVALID", `${out} is a folder: give a file path, e.g. ${join(out, "matches.csv")}`);
  if (!existsSync(dirname(resolve(out)))) throw new AppError("INVALID", `the folder of ${out} does not exist: create it first`);
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    return await withVersion(config, version, async (r) => {
      const n = await r.writeMatchesCsv(tmp);
      renameSync(tmp, out);
      return n;
    });
  } finally {
    rmSync(tmp, { force: true });
  }
}
