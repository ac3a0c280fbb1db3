"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One bar: a comparison's level (or the prior) and its match weight in bits. */
export interface WeightBar {
  comparison: string;
  label: string;
  weight: number;
  m: number | null;
  u: number | null;
}

const fmt = (x: number | null) => (x === null ? "—" : x < 0.001 ? x.toExponential(2) : x.toFixed(4));

/**
 * Splink's "match weights" chart: one horizontal bar per level, grouped by comparison, right of
 * zero for evidence of a match, left for evidence against. Every group shares one axis, so the
 * bars compare across comparisons.
 */
export function MatchWeightsChart({ bars }: { bars: WeightBar[] }) {
  const groups = [...new Set(bars.map((b) => b.comparison))];
  // One symmetric axis for every group, with 0 as a tick: steps of 2 or 5 bits.
  const largest = Math.max(4, ...bars.map((b) => Math.abs(b.weight)));
  const step = largest > 10 ? 5 : 2;
  const extent = Math.ceil(largest / step) * step;
  const ticks = Array.from({ length: (2 * extent) / step + 1 }, (_, i) => -extent + i * step);
  return (
    <div className="weights" data-testid="match-weights-chart">
      {groups.map((g) => {
        const data = bars.filter((b) => b.comparison === g);
        return (
          <figure key={g} data-testid={`weights-${g}`} className={g === "prior" ? "wide" : undefined}>
            <figcaption>{g === "prior" ? "prior (before any comparison)" : g}</figcaption>
            <ResponsiveContainer width="100%" height={30 + 26 * data.length}>
              <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" domain={[-extent, extent]} ticks={ticks} tick={{ fontSize: 11 }} allowDataOverflow />
                <YAxis type="category" dataKey="label" width={210} tick={{ fontSize: 12 }} interval={0} />
                <ReferenceLine x={0} stroke="#1f2328" />
                <Tooltip
                  formatter={(v) => [`${Number(v).toFixed(2)} bits`, "match weight"]}
                  labelFormatter={(label, payload) => {
                    const p = payload?.[0]?.payload as WeightBar | undefined;
                    return p && p.m !== null ? `${label} · m ${fmt(p.m)} · u ${fmt(p.u)}` : String(label);
                  }}
                />
                <Bar dataKey="weight" isAnimationActive={false}>
                  {data.map((d) => <Cell key={d.label} fill={d.weight >= 0 ? "#1f6feb" : "#d1242f"} />)}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </figure>
        );
      })}
      <p className="muted">Match weight in bits (log2 of m / u); the axis runs from −{extent} to +{extent} bits.</p>
    </div>
  );
}
