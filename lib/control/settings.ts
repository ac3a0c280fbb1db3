import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { audit } from "./audit";
import type { Db, Tx } from "./db";
import { AppError } from "./errors";

/** Every setting, its type and its default. */
export const SETTINGS = {
  scan_min_potential: z.number().min(0).max(100).default(70),
  auto_approve: z.boolean().default(false),
  auto_approve_min_potential: z.number().min(0).max(100).default(90),
  full_refresh_bound: z.number().min(0).max(1).default(0.05),
  full_refresh_needed: z.boolean().default(false),
  /** Promote a new version by itself when its tests passed and its match rate fell by at most auto_promote_max_drop points. */
  auto_promote: z.boolean().default(false),
  auto_promote_max_drop: z.number().min(0).max(100).default(0.5),
  /** Retention keeps the promoted version, the last N candidates and anything younger than D days. */
  retention_candidates: z.number().int().min(0).default(5),
  retention_days: z.number().min(0).default(7),
  /**
   * Full refreshes keep the matching model (parameters and term frequencies) of the build they
   * extend instead of learning it again: scores stay comparable across builds, and a full
   * refresh gives exactly what a targeted run gives on its scope. Targeted runs always keep it.
   */
  model_frozen: z.boolean().default(false),
} as const;
export type SettingKey = keyof typeof SETTINGS;
export type Settings = { [K in SettingKey]: z.infer<(typeof SETTINGS)[K]> };

export async function getSettings(db: Db): Promise<Settings> {
  const rows = await db.setting.findMany();
  const stored = new Map(rows.map((r) => [r.key, r.value as unknown]));
  const out: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(SETTINGS)) out[k] = schema.parse(stored.get(k));
  return out as Settings;
}

export async function setSetting<K extends SettingKey>(db: Db, key: K, value: Settings[K], actor: string): Promise<void> {
  const schema = Object.hasOwn(SETTINGS, key) ? (SETTINGS[key] as z.ZodType) : undefined;
  if (!schema) throw new AppError("INVALID", `unknown setting "${String(key)}" (one of ${Object.keys(SETTINGS).join(", ")})`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("INVALID", `setting ${key}: ${parsed.error.issues[0]?.message}`);
  await db.$transaction((tx) => setSettingIn(tx, key, parsed.data as Settings[K], actor));
}

/** Set a (validated) setting inside the caller's transaction, audited with before and after. */
export async function setSettingIn<K extends SettingKey>(tx: Tx, key: K, value: Settings[K], actor: string): Promise<void> {
  const before = await tx.setting.findUnique({ where: { key } });
  const json = value as Prisma.InputJsonValue;
  if (before && JSON.stringify(before.value) === JSON.stringify(value)) return;
  await tx.setting.upsert({ where: { key }, create: { key, value: json, updatedBy: actor }, update: { value: json, updatedBy: actor } });
  await audit(tx, { actor, action: "settings.set", entity: "Setting", entityId: key, before: before ? before.value : null, after: value });
}
