/** A page's URL with some query parameters changed (undefined or "" drops one); filters live in the URL. */
export function withParams<T extends Record<string, string | undefined>>(path: string, params: T, change: Partial<T>): string {
  const next = new URLSearchParams(Object.entries({ ...params, ...change }).filter(([, v]) => v) as [string, string][]);
  return `${path}?${next.toString()}`;
}
