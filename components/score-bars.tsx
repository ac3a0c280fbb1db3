/** The similarities of a pair, one bar each (0–100), with a bound drawn where one applies. */
export function ScoreBars({ scores }: { scores: { label: string; value: number | null; threshold?: number }[] }) {
  return (
    <table className="score-bars" aria-label="Component scores">
      <thead><tr><th>Component</th><th>Score (0–100)</th><th className="num">Value</th></tr></thead>
      <tbody>
        {scores.map((s) => {
          const pass = s.threshold === undefined || (s.value !== null && s.value >= s.threshold);
          return (
            <tr key={s.label} data-testid={`score-${s.label}`}>
              <td>{s.label}</td>
              <td>
                <div className="bar" role="img" aria-label={`${s.label} ${s.value ?? "missing"}${s.threshold !== undefined ? `, bound ${s.threshold}` : ""}`}>
                  {s.value !== null && <div className={`fill ${pass ? "pass" : "fail"}`} style={{ width: `${Math.max(0, Math.min(100, s.value))}%` }} />}
                  {s.threshold !== undefined && <div className="threshold" style={{ left: `${s.threshold}%` }} title={`bound ${s.threshold}`} />}
                </div>
              </td>
              <td className="num">{s.value === null ? "missing" : s.value.toFixed(1)}{s.threshold !== undefined ? ` / ${s.threshold}` : ""}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
