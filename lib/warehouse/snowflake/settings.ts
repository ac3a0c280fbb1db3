import { existsSync } from "node:fs";
import { z } from "zod";
import type { Config } from "../../config";
import { AppError } from "../../control/errors";

/** A Snowflake connection's settings, checked: key-pair authentication (preferred: a key file, or its PEM text) or a password. */
export interface SnowflakeSettings {
  account: string;
  user: string;
  auth:
    | { kind: "key-pair"; privateKeyFile: string; passphrase: string | null }
    | { kind: "key-pair-pem"; privateKey: string; passphrase: string | null }
    | { kind: "password"; password: string };
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

/**
 * Who connects: `app` is the console (SNOWFLAKE_*, role APP: reads MART and DIAGNOSTICS, writes the
 * run inputs); `transformer` is what builds and pins data (dbt, ingest's raw load, publishing's
 * clones, retention, the registry copy, EXECUTE DBT PROJECT): SNOWFLAKE_DBT_USER, _PASSWORD,
 * _PRIVATE_KEY_FILE, _PRIVATE_KEY_PASSPHRASE, _ROLE (default TRANSFORMER), _WAREHOUSE, each falling
 * back to the SNOWFLAKE_* variable of the same name (the account, database and endpoint are shared).
 * Roles: the console's is SNOWFLAKE_ROLE (default APP); dbt's is SNOWFLAKE_DBT_ROLE, else (only
 * when dbt shares the console's user) SNOWFLAKE_ROLE, else TRANSFORMER.
 * A SNOWFLAKE_DBT_USER takes its credentials from SNOWFLAKE_DBT_* only, never the console's.
 */
export type SnowflakeIdentity = "app" | "transformer";

/** The configured Snowflake connection, or an error naming the setting that is wrong and what to do. */
export function snowflakeSettings(config: Config, identity: SnowflakeIdentity = "app"): SnowflakeSettings {
  const env = config.snowflake;
  const parsed = Schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("UNAVAILABLE", `STOREMATCH_WAREHOUSE=snowflake: ${String(issue.path[0])} ${issue.message}`);
  }
  const e = parsed.data;
  const own = identity === "transformer" && env.SNOWFLAKE_DBT_USER !== undefined;
  // The variables this identity's credentials come from: dbt's own user has its own, else the console's user.
  const v = own
    ? { prefix: "SNOWFLAKE_DBT_", key: env.SNOWFLAKE_DBT_PRIVATE_KEY_FILE, pem: env.SNOWFLAKE_DBT_PRIVATE_KEY, pass: env.SNOWFLAKE_DBT_PRIVATE_KEY_PASSPHRASE, password: env.SNOWFLAKE_DBT_PASSWORD }
    : { prefix: "SNOWFLAKE_", key: env.SNOWFLAKE_PRIVATE_KEY_FILE, pem: env.SNOWFLAKE_PRIVATE_KEY, pass: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE, password: env.SNOWFLAKE_PASSWORD };
  let auth: SnowflakeSettings["auth"];
  if (v.key) {
    if (!existsSync(v.key)) throw new AppError("UNAVAILABLE", `${v.prefix}PRIVATE_KEY_FILE ${v.key} does not exist`);
    auth = { kind: "key-pair", privateKeyFile: v.key, passphrase: v.pass ?? null };
  } else if (v.pem) {
    if (!/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(v.pem)) throw new AppError("UNAVAILABLE", `${v.prefix}PRIVATE_KEY is not a PEM private key (PKCS#8: -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----)`);
    auth = { kind: "key-pair-pem", privateKey: v.pem, passphrase: v.pass ?? null };
  } else if (v.password) {
    auth = { kind: "password", password: v.password };
  } else {
    throw new AppError("UNAVAILABLE", `STOREMATCH_WAREHOUSE=snowflake: set ${v.prefix}PRIVATE_KEY_FILE or ${v.prefix}PRIVATE_KEY (key-pair authentication, with ${v.prefix}PRIVATE_KEY_PASSPHRASE if the key is encrypted) or ${v.prefix}PASSWORD${own ? " for SNOWFLAKE_DBT_USER" : ""}`);
  }
  const transformer = identity === "transformer";
  return {
    account: e.SNOWFLAKE_ACCOUNT,
    user: (transformer ? env.SNOWFLAKE_DBT_USER : undefined) ?? e.SNOWFLAKE_USER,
    auth,
    // dbt's own user never takes the console's role; a shared user (no SNOWFLAKE_DBT_USER) takes SNOWFLAKE_ROLE when it is set.
    role: transformer ? (env.SNOWFLAKE_DBT_ROLE ?? (own ? undefined : env.SNOWFLAKE_ROLE) ?? "TRANSFORMER") : e.SNOWFLAKE_ROLE,
    warehouse: (transformer ? env.SNOWFLAKE_DBT_WAREHOUSE : undefined) ?? e.SNOWFLAKE_WAREHOUSE,
    database: e.SNOWFLAKE_DATABASE.toUpperCase(), host: env.SNOWFLAKE_HOST ?? null, port: e.SNOWFLAKE_PORT ?? null, protocol: e.SNOWFLAKE_PROTOCOL ?? null,
    emulator: e.SNOWFLAKE_EMULATOR ?? null,
  };
}

/** The account's URL when a host is set (a proxy or the tests' fakesnow), else null (the SDK derives it from the account). */
export const snowflakeAccessUrl = (s: SnowflakeSettings) => (s.host ? `${s.protocol ?? "https"}://${s.host}${s.port ? `:${s.port}` : ""}` : null);

/** snowflake-sdk's connection options for these settings: account, identity, context, authentication and URL. */
export function sdkConnectionOptions(s: SnowflakeSettings) {
  const accessUrl = snowflakeAccessUrl(s);
  return {
    account: s.account,
    username: s.user,
    role: s.role,
    warehouse: s.warehouse,
    database: s.database,
    ...sdkAuth(s.auth),
    ...(accessUrl ? { accessUrl } : {}),
    application: "storematch",
  };
}

/** snowflake-sdk's authentication options for these settings. */
export function sdkAuth(a: SnowflakeSettings["auth"]): Record<string, string> {
  const pass: Record<string, string> = a.kind !== "password" && a.passphrase ? { privateKeyPass: a.passphrase } : {};
  if (a.kind === "key-pair") return { authenticator: "SNOWFLAKE_JWT", privateKeyPath: a.privateKeyFile, ...pass };
  if (a.kind === "key-pair-pem") return { authenticator: "SNOWFLAKE_JWT", privateKey: a.privateKey, ...pass };
  return { password: a.password };
}
