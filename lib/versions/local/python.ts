import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Config } from "../../config";
import { AppError } from "../../control/errors";
import { childEnv } from "../../workspace-files";

/** Run lib/versions/local/iceberg.py with the project's venv; returns its JSON answer. */
export async function iceberg<T>(config: Config, args: string[]): Promise<T> {
  return startIceberg<T>(config, args, false).result;
}

export interface IcebergProcess<T> {
  /** Its JSON answer (rejects with its last stderr line when it fails). */
  result: Promise<T>;
  /** Write one line to its stdin and close it (started with stdin). */
  send(line: string): Promise<T>;
  /** End it: close its stdin (it then stops by itself), and kill it. */
  stop(): void;
}

/**
 * Start lib/versions/local/iceberg.py now. With `stdin`, the script can do its slow start (Python and
 * pyiceberg's imports) while the caller still works, and get its input later through send().
 */
export function startIceberg<T>(config: Config, args: string[], stdin: boolean): IcebergProcess<T> {
  const py = join(config.venvDir, "bin", "python");
  const script = join(config.root, "lib", "versions", "local", "iceberg.py");
  const child = spawn(py, [script, ...args, "--data-dir", config.dataDir], { stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"], env: childEnv() });
  child.stdin?.on("error", () => undefined); // a process that already ended: its result says why
  const result = new Promise<T>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new AppError("INTERNAL", `iceberg ${args[0]} failed: ${err.trim().split("\n").pop() ?? `exit ${code}`}`));
      try {
        resolve(JSON.parse(out) as T);
      } catch {
        reject(new AppError("INTERNAL", `iceberg ${args[0]} printed no JSON: ${out.slice(0, 200)}`));
      }
    });
  });
  result.catch(() => undefined); // never an unhandled rejection when nobody waits for it
  return {
    result,
    send(line: string) {
      child.stdin?.end(`${line}\n`);
      return result;
    },
    stop() {
      child.stdin?.end();
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
  };
}
