import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Config } from "../config";

/** Run lib/versions/iceberg.py with the project's venv; returns its JSON answer. */
export async function iceberg<T>(config: Config, args: string[]): Promise<T> {
  const py = join(config.venvDir, "bin", "python");
  const script = join(config.root, "lib", "versions", "iceberg.py");
  return new Promise<T>((resolve, reject) => {
    const child = spawn(py, [script, ...args, "--data-dir", config.dataDir], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`iceberg ${args[0]} failed: ${err.trim().split("\n").pop() ?? `exit ${code}`}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new Error(`iceberg ${args[0]} printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
}
