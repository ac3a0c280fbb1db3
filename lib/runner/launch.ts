import "server-only";
import type { Config } from "../config";
import { executeRun, requestRun, type RunKind } from "./queue";

/**
 * Queue a run and execute it in this (the console's) process; returns at once. The lease keeps
 * it single-flight with the CLI and other servers; crash recovery covers a server that dies.
 */
export async function launchRun(config: Config, kind: RunKind, actor: string, reason: string): Promise<{ id: string; status: string }> {
  const run = await requestRun(config, kind, actor, reason);
  void executeRun(config, run.id).catch((e) => console.error(`run ${run.id}:`, e));
  return { id: run.id, status: run.status };
}
