import { launcherError } from "./port";

export interface HttpTarget {
  /** Who we talk to, for messages: "Airflow", "GitHub". */
  label: string;
  baseUrl: string;
  token: string;
  /** The environment variables that set the URL and the token, named in messages. */
  urlVar: string;
  tokenVar: string;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

const TIMEOUT_MS = 30_000;

/** The error detail an API put in its body (Airflow: detail; GitHub: message), on one line. */
function detailOf(text: string): string {
  try {
    const j = JSON.parse(text) as { detail?: unknown; message?: unknown };
    const d = j.detail ?? j.message;
    if (d !== undefined) return (typeof d === "string" ? d : JSON.stringify(d)).slice(0, 300);
  } catch {
    /* not JSON */
  }
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}

/**
 * One authenticated request (bearer token). Throws an AppError (UNAVAILABLE) that names the backend, the
 * request and what went wrong: unreachable, token refused, or the API's own error detail.
 * `ok` lists the statuses the caller handles itself (default: any 2xx).
 */
export async function call(t: HttpTarget, method: string, path: string, opts: { body?: unknown; accept?: string; ok?: number[]; redirect?: RequestRedirect } = {}): Promise<HttpAnswer> {
  const url = t.baseUrl.replace(/\/+$/, "") + path;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      redirect: opts.redirect ?? "follow",
      headers: {
        authorization: `Bearer ${t.token}`,
        accept: opts.accept ?? "application/json",
        ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
        ...t.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    throw launcherError(`${t.label} at ${t.baseUrl} is unreachable (${why}) on ${method} ${path}: check ${t.urlVar} and that the server is up`);
  }
  const text = await res.text();
  if (opts.ok ? opts.ok.includes(res.status) : res.ok) return { status: res.status, headers: res.headers, text };
  if (res.status === 401 || res.status === 403) {
    throw launcherError(`${t.label} refused the token (${res.status} ${res.statusText}) on ${method} ${path}: check ${t.tokenVar}${detailOf(text) ? ` (${detailOf(text)})` : ""}`);
  }
  throw launcherError(`${t.label} answered ${res.status} ${res.statusText} on ${method} ${path}${detailOf(text) ? `: ${detailOf(text)}` : ""}`);
}

export async function callJson<T>(t: HttpTarget, method: string, path: string, body?: unknown): Promise<T> {
  const r = await call(t, method, path, { body });
  try {
    return JSON.parse(r.text) as T;
  } catch {
    throw launcherError(`${t.label} answered ${method} ${path} with something that is not JSON: ${r.text.slice(0, 120)}`);
  }
}

/** Seconds between two ISO times (0 when either is missing). */
export function secondsBetween(start: string | null | undefined, end: string | null | undefined): number {
  if (!start || !end) return 0;
  return Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 100) / 10);
}
