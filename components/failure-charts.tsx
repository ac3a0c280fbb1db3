"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

interface Props {
  reasons: { reason: string; stores: number }[];
  values: { value: string; stores: number }[];
  histogram: { bin: number; stores: number }[];
  dimension: string;
}

/** The failure charts; clicking a bar filters the table below through the URL (shareable). */
export function FailureCharts({ reasons, values, histogram, dimension }: Props) {
  const router = useRouter();
  const params = useSearchParams();
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (value === null || next.get(key) === value) next.delete(key);
    else next.set(key, value);
    next.delete("page");
    router.push(`/failures?${next.toString()}`);
  };
  const activeReason = params.get("reason");
  const activeValue = params.get("value");
  return (
    <div className="charts">
      <figure>
        <figcaption>Unmatched stores by failure reason (click to filter)</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={reasons} layout="vertical" margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" />
            <YAxis type="category" dataKey="reason" width={150} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="stores" isAnimationActive={false} onClick={(d: { payload?: { reason: string } }) => d.payload && setFilter("reason", d.payload.reason)} cursor="pointer">
              {reasons.map((r) => <Cell key={r.reason} fill={activeReason === r.reason ? "#b42318" : "#1f6feb"} />)}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>Top {dimension.replace("_", " ")} values among unmatched stores (click to filter)</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={values} layout="vertical" margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" />
            <YAxis type="category" dataKey="value" width={150} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="stores" isAnimationActive={false} onClick={(d: { payload?: { value: string } }) => d.payload && setFilter("value", d.payload.value)} cursor="pointer">
              {values.map((v) => <Cell key={v.value} fill={activeValue === v.value ? "#b42318" : "#6e40c9"} />)}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure>
        <figcaption>Potential score of unmatched stores (their best candidate&apos;s score)</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={histogram.map((h) => ({ ...h, label: `${h.bin}–${h.bin + 10}` }))}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis />
            <Tooltip />
            <Bar dataKey="stores" fill="#1a7f37" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
