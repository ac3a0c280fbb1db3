/** A stand-in origin: only what resolves onto it is a path of this console. */
const SELF = "http://console.invalid";

/**
 * Where to go after signing in: `next` only when it resolves, against `origin`, to a page of that
 * same origin (so `//host`, `/\host`, `https://host` and `javascript:` all fall back to "/").
 * Returns the path, query and hash, never an absolute URL.
 */
export function safeNextPath(next: string | null | undefined, origin: string = SELF): string {
  if (!next) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
