import { existsSync } from "node:fs";
import { z } from "zod";
import type { Config } from "../../config";
import { AppError } from "../../control/errors";

/** A Snowflake connection's settings, checked: key-pair authentication (preferred) or a password. */
export interface SnowflakeSettings {
  account: string;
  user: string;
  auth: { kind: "key-pair"; privateKeyFile: string; passphrase: string | null } | { kind: "password"; password: string };
  role: string;
  warehouse: string;
  database: string;
  /** Overrides for a stand-in on loopback (tests' fakesnow); unset for a real account. */
  host: string | null;
  port: number | null;
  protocol: "http" | "https" | null;
  /** The tests' emulator: statements it lacks are replaced by ones it accepts (lib/versions/snowflake/sql.ts). */
  emulator: "fakesnow" | null;
}

const Schema = z.object({
  SNOWFLAKE_ACCOUNT: z.string({ error: "is not set" }),
  SNOWFLAKE_USER: z.string({ error: "is not set" }),
  SNOWFLAKE_WAREHOUSE: z.string({ error: "is not set" }),
  SNOWFLAKE_DATABASE: z.string({ error: "is not set" }).regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, "must be a plain identifier"),
  SNOWFLAKE_ROLE: z.string().default("APP"),
  SNOWFLAKE_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SNOWFLAKE_PROTOCOL: z.enum(["http", "https"]).optional(),
  SNOWFLAKE_EMULATOR: z.enum(["fakesnow"]).optional(),
});

/** The configured Snowflake connection, or an error naming the setting that is wrong and what to do. */
export function snowflakeSettings(config: Config): SnowflakeSettings {
  const env = config.snowflake;
  const parsed = Schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("UNAVAILABLE", `STOREMATCH_WAREHOUSE=snowflake: ${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.data;
  let auth: SnowflakeSettings["auth"];
  if (env.SNOWFLAKE_PRIVATE_KEY_FILE) {
    if (!existsSync(env.SNOWFLAKE_PRIVATE_KEY_FILE)) throw new AppError("UNAVAILABLE", `SNOWFLAKE_PRIVATE_KEY_FILE ${env.SNOWFLAKE_PRIVATE_KEY_FILE} does not exist`);
    auth = { kind: "key-pair", privateKeyFile: env.SNOWFLAKE_PRIVATE_KEY_FILE, passphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE ?? null };
  } else if (env.SNOWFLAKE_PASSWORD) {
    auth = { kind: "password", password: env.SNOWFLAKE_PASSWORD };
  } else {
    throw new AppError("UNAVAILABLE", "STOREMATCH_WAREHOUSE=snowflake: set SNOWFLAKE_PRIVATE_KEY_FILE (key-pair authentication, with SNOWFLAKE_PRIVATE_KEY_PASSPHRASE if the key is encrypted) or SNOWFLAKE_PASSWORD");
  }
  return {
    account: e.SNOWFLAKE_ACCOUNT, user: e.SNOWFLAKE_USER, auth, role: e.SNOWFLAKE_ROLE, warehouse: e.SNOWFLAKE_WAREHOUSE,
    database: e.SNOWFLAKE_DATABASE.toUpperCase(), host: env.SNOWFLAKE_HOST ?? null, port: e.SNOWFLAKE_PORT ?? null, protocol: e.SNOWFLAKE_PROTOCOL ?? null,
    emulator: e.SNOWFLAKE_EMULATOR ?? null,
  };
}
