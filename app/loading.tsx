/** Shown while a page's data loads (server components stream in behind it). */
export default function Loading() {
  return <p className="muted" role="status" aria-live="polite">Loading…</p>;
}
