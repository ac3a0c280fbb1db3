import type { Config } from "../config";
import { control } from "../control/db";
import { AppError } from "../control/errors";
import { createTrigger, type TriggerDto } from "../control/triggers";
import { withVersion } from "../versions/read";

/**
 * The priority of a store's trigger: its potential score in the promoted version (what the scan
 * would give it), 0 when it has none (matched, or no candidate). Never what a person typed.
 */
export async function storePriority(config: Config, source: "gi" | "th", storeId: string): Promise<number> {
  try {
    return await withVersion(config, "promoted", async (r) => (await r.storePotential({ source, storeId })) ?? 0);
  } catch (e) {
    if (e instanceof AppError && e.code === "NOT_FOUND") return 0; // no promoted version yet
    throw e;
  }
}

/** A steward's trigger for one store (PENDING), ranked by the store's potential score. Null when it already has an open one. */
export async function createManualTrigger(config: Config, t: { source: "gi" | "th"; storeId: string; reason: string }, actor: string): Promise<TriggerDto | null> {
  const priority = await storePriority(config, t.source, t.storeId);
  return createTrigger(control(config), { ...t, priority, origin: "MANUAL" }, actor);
}
