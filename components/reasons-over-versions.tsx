"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const COLORS = ["#1f6feb", "#6e40c9", "#bf3989", "#d4a72c", "#2da44e", "#e16f24", "#0969da", "#8250df", "#57606a", "#cf222e", "#1a7f37", "#9a6700"];

/** Failure reasons of every promoted version, stacked; clicking a version shows its failures. */
export function ReasonsOverVersions({ versions, reasons }: { versions: { version: string; byReason: Record<string, number> }[]; reasons: string[] }) {
  const router = useRouter();
  const params = useSearchParams();
  const data = versions.map((v) => ({ version: v.version, ...v.byReason }));
  const open = (version: string) => {
    const next = new URLSearchParams(params.toString());
    next.set("version", version);
    next.delete("page");
    router.push(`/failures?${next.toString()}`);
  };
  return (
    <figure aria-label="Failure reasons over the promoted versions">
      <figcaption>Failure reasons over the promoted versions (click a version to see it)</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} onClick={(s) => { const l = (s as { activeLabel?: string } | null)?.activeLabel; if (l) open(String(l)); }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="version" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {reasons.map((r, i) => <Bar key={r} dataKey={r} stackId="reasons" fill={COLORS[i % COLORS.length]} cursor="pointer" />)}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
