import { readFileSync } from "node:fs";
import { processAlive } from "./lease";

/**
 * A process's identity: its pid and its start time (Linux: /proc/<pid>/stat, field 22, in clock
 * ticks since boot). A pid alone is not enough: after a restart (in a container, always) a new
 * process gets the old one's pid, and recovery must not take it for the dead runner.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return rest[19] ?? null; // field 22 overall: starttime
  } catch {
    return null;
  }
}

export function processIdentity(pid = process.pid): string {
  return `${pid}:${processStartTime(pid) ?? "?"}`;
}

/** Whether the process with this identity still runs (same pid and same start time). */
export function identityAlive(identity: string): boolean {
  const [pidText, start] = identity.split(":");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return false;
  if (start === undefined || start === "?") return true; // no /proc here: the pid is all we have
  return processStartTime(pid) === start;
}

/** Whether a live process is the dbt of this run (its environment names the run), before killing it. */
export function isDbtOfRun(pid: number, runId: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`STOREMATCH_DBT_RUN_ID=${runId}`);
  } catch {
    return false;
  }
}
