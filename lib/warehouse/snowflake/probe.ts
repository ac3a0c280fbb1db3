import { loadSdk } from "./connection";
import { sdkConnectionOptions, type SnowflakeSettings } from "./settings";

export { snowflakeAccessUrl } from "./settings";

export interface SnowflakeProbe {
  role: string | null;
  warehouse: string | null;
}

/** What went wrong on a connection, for a remedy: network, credentials, role, or something else. */
export type SnowflakeFailureKind = "network" | "auth" | "role" | "other";

export class SnowflakeProbeError extends Error {
  constructor(readonly kind: SnowflakeFailureKind, message: string) {
    super(message);
    this.name = "SnowflakeProbeError";
  }
}

const AUTH_CODES = new Set([390100, 390101, 390102, 390144, 390190, 390318, 394304]);

function classify(e: unknown): SnowflakeProbeError {
  const err = e as { code?: unknown; message?: string; cause?: { code?: string; message?: string } };
  const msg = (err.message ?? String(e)).split("\n")[0]!.trim();
  const code = Number(err.code);
  const net = err.cause?.code ?? (/(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH)/.exec(msg)?.[1] ?? null);
  if (net || code === 401001 || /network error|could not reach/i.test(msg)) return new SnowflakeProbeError("network", net && !msg.includes(net) ? `${net}: ${msg}` : msg);
  if (/role/i.test(msg) && /(not granted|does not exist|not authorized)/i.test(msg)) return new SnowflakeProbeError("role", msg);
  if (AUTH_CODES.has(code) || /(incorrect username or password|jwt|authenticat|private key|passphrase)/i.test(msg)) return new SnowflakeProbeError("auth", msg);
  return new SnowflakeProbeError("other", `${Number.isFinite(code) ? `${code}: ` : ""}${msg}`);
}

/**
 * Connect with snowflake-sdk (no login retries and a short timeout, unlike SnowflakeSession: a doctor answers quickly), run
 * `select current_role(), current_warehouse()` and disconnect. Errors are SnowflakeProbeErrors
 * whose message is the driver's (it never repeats the password or the key).
 */
export async function probeSnowflake(s: SnowflakeSettings, timeoutMs: number): Promise<SnowflakeProbe> {
  // The AWS SDK that snowflake-sdk bundles warns on stderr about Node 20 on load: noise in a doctor's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const conn = (await loadSdk()).createConnection({
    ...sdkConnectionOptions(s),
    timeout: timeoutMs,
    retryTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
    sfRetryMaxLoginRetries: 0,
  });
  try {
    await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(classify(err)) : resolve())));
    const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) =>
      conn.execute({
        // The tests' fakesnow has no roles and no current_warehouse(): a query proves the session, the configured names stand in.
        sqlText: s.emulator === "fakesnow" ? "select 1 as ONE" : "select current_role() as ROLE_NAME, current_warehouse() as WAREHOUSE_NAME",
        complete: (err, _stmt, r) => (err ? reject(classify(err)) : resolve((r ?? []) as Record<string, unknown>[])),
      }),
    );
    const row = rows[0] ?? {};
    const pick = (k: string) => {
      const v = row[k] ?? row[k.toLowerCase()];
      return v === null || v === undefined || v === "" ? null : String(v);
    };
    if (s.emulator === "fakesnow") return { role: s.role, warehouse: s.warehouse };
    return { role: pick("ROLE_NAME"), warehouse: pick("WAREHOUSE_NAME") };
  } finally {
    if (conn.isUp()) await new Promise<void>((resolve) => conn.destroy(() => resolve()));
  }
}
