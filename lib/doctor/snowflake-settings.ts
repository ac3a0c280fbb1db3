import { z } from "zod";

/**
 * The Snowflake connection settings, from the SNOWFLAKE_* environment variables that dbt's
 * `snowflake` profile also reads (names agreed in /work/notes/snowflake-env.md). Until the
 * Snowflake Warehouse implementation brings its own reader, doctor parses them here.
 */
export interface SnowflakeSettings {
  account: string;
  user: string;
  auth: { kind: "password"; password: string } | { kind: "key"; key: { pem: string | null; path: string | null; passphrase: string | null } };
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  /** SNOWFLAKE_PROTOCOL://SNOWFLAKE_HOST:SNOWFLAKE_PORT when SNOWFLAKE_HOST is set (a proxy or a test stand-in), else the account's own URL. */
  accessUrl: string | null;
}

const opt = z.string().trim().min(1).optional().catch(undefined);
const Env = z.object({
  SNOWFLAKE_ACCOUNT: opt,
  SNOWFLAKE_USER: opt,
  SNOWFLAKE_PASSWORD: z.string().min(1).optional().catch(undefined),
  SNOWFLAKE_PRIVATE_KEY: z.string().min(1).optional().catch(undefined),
  SNOWFLAKE_PRIVATE_KEY_PATH: opt,
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: z.string().min(1).optional().catch(undefined),
  SNOWFLAKE_ROLE: opt,
  SNOWFLAKE_WAREHOUSE: opt,
  SNOWFLAKE_DATABASE: opt,
  SNOWFLAKE_SCHEMA: opt,
  SNOWFLAKE_HOST: opt,
  SNOWFLAKE_PORT: opt,
  SNOWFLAKE_PROTOCOL: opt,
});

/** The variables whose values are secrets: never printed. */
export const SNOWFLAKE_SECRET_VARS = ["SNOWFLAKE_PASSWORD", "SNOWFLAKE_PRIVATE_KEY", "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"] as const;

/** Parsed settings, or the list of problems (each names the variable to set). */
export interface SettingsProblem {
  /** What is wrong, naming the variable. */
  text: string;
  /** The variable(s) to set or fix. */
  fix: string;
}

export function snowflakeSettings(env: Record<string, string | undefined>): { settings: SnowflakeSettings; problems: [] } | { settings: null; problems: SettingsProblem[] } {
  const e = Env.parse(env);
  const problems: SettingsProblem[] = [];
  if (!e.SNOWFLAKE_ACCOUNT) problems.push({ text: "SNOWFLAKE_ACCOUNT is not set", fix: "SNOWFLAKE_ACCOUNT (the account identifier, e.g. MYORG-MYACCOUNT)" });
  if (!e.SNOWFLAKE_USER) problems.push({ text: "SNOWFLAKE_USER is not set", fix: "SNOWFLAKE_USER" });
  if (!e.SNOWFLAKE_PASSWORD && !e.SNOWFLAKE_PRIVATE_KEY && !e.SNOWFLAKE_PRIVATE_KEY_PATH)
    problems.push({ text: "no credentials", fix: "SNOWFLAKE_PRIVATE_KEY_PATH (key pair) or SNOWFLAKE_PASSWORD" });
  if (e.SNOWFLAKE_PORT && !/^\d{1,5}$/.test(e.SNOWFLAKE_PORT)) problems.push({ text: `SNOWFLAKE_PORT is not a port number`, fix: "SNOWFLAKE_PORT" });
  if (e.SNOWFLAKE_PROTOCOL && !/^https?$/.test(e.SNOWFLAKE_PROTOCOL)) problems.push({ text: "SNOWFLAKE_PROTOCOL is neither https nor http", fix: "SNOWFLAKE_PROTOCOL" });
  if ((e.SNOWFLAKE_PORT || e.SNOWFLAKE_PROTOCOL) && !e.SNOWFLAKE_HOST) problems.push({ text: "SNOWFLAKE_PORT/SNOWFLAKE_PROTOCOL without SNOWFLAKE_HOST", fix: "SNOWFLAKE_HOST" });
  if (problems.length) return { settings: null, problems };
  const keyed = Boolean(e.SNOWFLAKE_PRIVATE_KEY || e.SNOWFLAKE_PRIVATE_KEY_PATH);
  const host = e.SNOWFLAKE_HOST;
  return {
    problems: [],
    settings: {
      account: e.SNOWFLAKE_ACCOUNT!,
      user: e.SNOWFLAKE_USER!,
      auth: keyed
        ? { kind: "key", key: { pem: e.SNOWFLAKE_PRIVATE_KEY ?? null, path: e.SNOWFLAKE_PRIVATE_KEY ? null : e.SNOWFLAKE_PRIVATE_KEY_PATH ?? null, passphrase: e.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE ?? null } }
        : { kind: "password", password: e.SNOWFLAKE_PASSWORD! },
      role: e.SNOWFLAKE_ROLE ?? null,
      warehouse: e.SNOWFLAKE_WAREHOUSE ?? null,
      database: e.SNOWFLAKE_DATABASE ?? null,
      schema: e.SNOWFLAKE_SCHEMA ?? null,
      accessUrl: host ? `${e.SNOWFLAKE_PROTOCOL ?? "https"}://${host}${e.SNOWFLAKE_PORT ? `:${e.SNOWFLAKE_PORT}` : ""}` : null,
    },
  };
}
