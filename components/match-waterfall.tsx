/** One step of a pair's explanation: the prior, or a comparison at its level with its weight in bits. */
export interface WaterfallStep {
  label: string;
  level: string | null;
  weight: number;
}

const probability = (bits: number) => 1 / (1 + Math.pow(2, -bits));

/**
 * Splink's waterfall: the prior, then each comparison's match weight (bits, with its level named),
 * the running total, and the match probability it ends at. Server-rendered bars, no script.
 */
export function MatchWaterfall({ steps, threshold }: { steps: WaterfallStep[]; threshold: number }) {
  let running = 0;
  const rows = steps.map((s) => {
    const from = running;
    running += s.weight;
    return { ...s, from, to: running };
  });
  const extent = Math.max(8, ...rows.flatMap((r) => [Math.abs(r.from), Math.abs(r.to)]));
  const x = (bits: number) => 50 + (50 * bits) / extent;
  const p = probability(running);
  return (
    <table className="waterfall" aria-label="Match weight waterfall" data-testid="waterfall">
      <thead><tr><th>Step</th><th>Level</th><th className="num">Bits</th><th>Running total (0 bits = 50%)</th><th className="num">Total bits</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} data-testid={`waterfall-${r.label}`}>
            <td>{r.label}</td>
            <td>{r.level ?? "—"}</td>
            <td className="num">{r.weight > 0 ? "+" : ""}{r.weight.toFixed(2)}</td>
            <td>
              <div className="bar" role="img" aria-label={`${r.label}: ${r.weight.toFixed(2)} bits`}>
                <div className={`fill ${r.weight >= 0 ? "pass" : "fail"}`} style={{ left: `${Math.min(x(r.from), x(r.to))}%`, width: `${Math.max(0.5, Math.abs(x(r.to) - x(r.from)))}%`, position: "absolute" }} />
                <div className="threshold" style={{ left: "50%" }} title="0 bits: even odds" />
              </div>
            </td>
            <td className="num">{r.to.toFixed(2)}</td>
          </tr>
        ))}
        <tr data-testid="waterfall-probability">
          <td><strong>match probability</strong></td>
          <td>{p >= threshold ? "matches" : "does not match"} (bound {(100 * threshold).toFixed(0)}%)</td>
          <td className="num"></td>
          <td></td>
          <td className="num"><strong>{(100 * p).toFixed(2)}%</strong></td>
        </tr>
      </tbody>
    </table>
  );
}
