/** ok: works; info: nothing to check yet (a fresh workspace), not a failure; fail: broken, with what to do. */
export type CheckStatus = "ok" | "info" | "fail";

/** One line of `storematch doctor`: what was checked, what was found and, when it fails, what to do. */
export interface CheckResult {
  /** Short name: "warehouse", "control plane"… */
  name: string;
  status: CheckStatus;
  /** What was found, one line, no secret. */
  message: string;
  /** What to do about it: the env var to set or the command to run (fail and info only). */
  remedy?: string;
}

export const ok = (name: string, message: string): CheckResult => ({ name, status: "ok", message });
export const info = (name: string, message: string, remedy?: string): CheckResult => ({ name, status: "info", message, ...(remedy ? { remedy } : {}) });
export const fail = (name: string, message: string, remedy: string): CheckResult => ({ name, status: "fail", message, remedy });

/** The first non-empty line of an error's message, trimmed to a readable length. */
export function firstLine(e: unknown, max = 240): string {
  const msg = e instanceof Error ? e.message : String(e);
  const line = msg.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? (e instanceof Error ? e.name : "unknown error");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Reject after ms with "<what> did not answer within Ns" (the timer never keeps the process alive). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${Math.round(ms / 100) / 10}s`)), ms);
    timer.unref();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}
