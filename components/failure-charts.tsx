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
      <ClickableBars
        caption="Unmatched stores by failure reason (click to filter)"
        data={reasons.map((r) => ({ key: r.reason, stores: r.stores }))}
        active={activeReason}
        color="#1f6feb"
        onSelect={(k) => setFilter("reason", k)}
      />
      <ClickableBars
        caption={`Top ${dimension.replace("_", " ")} values among unmatched stores (click to filter)`}
        data={values.map((v) => ({ key: v.value, stores: v.stores }))}
        active={activeValue}
        color="#6e40c9"
        onSelect={(k) => setFilter("value", k)}
      />
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

/** A horizontal bar chart whose bars select a filter value (the active one is highlighted). */
function ClickableBars(props: { caption: string; data: { key: string; stores: number }[]; active: string | null; color: string; onSelect: (key: string) => void }) {
  return (
    <figure>
      <figcaption>{props.caption}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={props.data} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" />
          <YAxis type="category" dataKey="key" width={150} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Bar dataKey="stores" isAnimationActive={false} cursor="pointer" onClick={(d: { payload?: { key: string } }) => d.payload && props.onSelect(d.payload.key)}>
            {props.data.map((d) => <Cell key={d.key} fill={props.active === d.key ? "#b42318" : props.color} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
