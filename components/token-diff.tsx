/** Normalized tokens, with those the other side lacks highlighted. */
export function TokenDiff({ tokens, other, label }: { tokens: string[] | null; other: string[] | null; label: string }) {
  if (!tokens?.length) return <span className="muted">—</span>;
  const theirs = new Set(other ?? []);
  return (
    <span aria-label={label}>
      {tokens.map((t, i) => (theirs.has(t) ? <span key={i} className="token">{t}</span> : <mark key={i} className="token" title="not in the other store's name">{t}</mark>))}
    </span>
  );
}
