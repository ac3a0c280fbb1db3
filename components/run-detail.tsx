"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { actionError } from "../lib/actions/result";
import { cancelRunAction } from "../lib/actions/runs/cancel-run";
import type { RunDto } from "../lib/runner/queue";

type RunView = RunDto & { log: string[]; logLines: number };
const FINAL = ["SUCCEEDED", "FAILED", "CANCELLED"];

async function fetchRun(id: string): Promise<RunView> {
  const res = await fetch(`/api/runs/${encodeURIComponent(id)}`, { cache: "no-store" });
  const body = (await res.json().catch(() => ({}))) as RunView & { error?: { code: string; message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `the server answered ${res.status}`);
  return body;
}

/** One run, polled every second until it ends: progress, current model, elapsed time, log, cancel. */
export function RunDetail({ initial, canCancel }: { initial: RunView; canCancel: boolean }) {
  const qc = useQueryClient();
  const { data: run, error } = useQuery({
    queryKey: ["run", initial.id],
    queryFn: () => fetchRun(initial.id),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && FINAL.includes(q.state.data.status) ? false : 1000),
  });
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const done = FINAL.includes(run.status);
  useEffect(() => {
    if (done) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [done]);
  // Follow the log's end while the run goes on, unless the reader scrolled up.
  const logRef = useRef<HTMLPreElement>(null);
  const follow = useRef(true);
  useEffect(() => {
    if (follow.current && logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [run.log]);
  const elapsed = run.startedAt ? ((run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.startedAt)) / 1000 : null;
  const pct = run.modelsTotal ? Math.round((100 * run.modelsDone) / run.modelsTotal) : 0;

  async function cancel() {
    if (!window.confirm(`Cancel run ${run.id}? dbt is stopped; nothing is published and its triggers go back to APPROVED.`)) return;
    const r = await cancelRunAction({ runId: run.id });
    setCancelError(actionError(r));
    await qc.invalidateQueries({ queryKey: ["run", run.id] });
  }

  return (
    <>
      <h1>Run <code>{run.id}</code></h1>
      <p className="muted">
        {run.kind === "TARGETED" ? `Targeted run over ${run.scope.length} approved trigger(s)` : "Full refresh"} · requested by {run.requestedBy}
        {run.reason ? ` · “${run.reason}”` : ""}
      </p>
      <dl className="facts">
        <dt>Status</dt><dd><span data-testid="run-status" className={`status status-${run.status.toLowerCase()}`}>{run.status}</span></dd>
        <dt>Progress</dt>
        <dd>
          <progress max={run.modelsTotal || 1} value={run.modelsDone} aria-label="models done" /> <span data-testid="run-progress">{run.modelsDone} / {run.modelsTotal || "?"} {run.launcher === "local" ? "models" : "steps"} ({pct}%)</span>
        </dd>
        {run.launcher !== "local" && (
          <>
            <dt>Launched on</dt>
            <dd data-testid="run-launcher">
              {run.launcher}: {run.externalUrl && /^https?:\/\//.test(run.externalUrl) ? <a href={run.externalUrl} rel="noreferrer">{run.externalId}</a> : run.externalId ?? "not started yet"} {run.launcher === "snowflake" ? "(dbt runs inside Snowflake; this console publishes)" : "(dbt runs there; on the Snowflake warehouse this console publishes the build)"}
            </dd>
          </>
        )}
        <dt>Current model</dt><dd data-testid="run-current">{done ? "—" : run.currentModel ?? (run.status === "QUEUED" ? "waiting for the warehouse" : "starting dbt")}</dd>
        <dt>Elapsed</dt><dd data-testid="run-elapsed">{elapsed === null ? "not started" : `${elapsed.toFixed(0)} s`}</dd>
        <dt>Result</dt>
        <dd data-testid="run-result">
          {run.summary ?? (done ? "" : "running…")}
          {run.versionId && <> · published as <Link href={`/versions?a=promoted&b=${run.versionId}`} data-testid="run-version">{run.versionId}</Link> (a candidate until an admin promotes it)</>}
        </dd>
      </dl>
      {canCancel && !done && <p><button type="button" onClick={cancel}>Cancel this run</button></p>}
      {(cancelError || error) && <p role="alert" className="error">{cancelError ?? `Could not refresh the run: ${(error as Error).message}. Reload the page.`}</p>}
      {run.nodes.length > 0 && (
        <details>
          <summary>Per-model timing ({run.nodes.length} nodes)</summary>
          <table aria-label="Per-model timing">
            <thead><tr><th>Node</th><th>Status</th><th className="num">Seconds</th></tr></thead>
            <tbody>{[...run.nodes].sort((a, b) => b.seconds - a.seconds).map((n) => <tr key={n.node}><td>{n.node}</td><td>{n.status}</td><td className="num">{n.seconds.toFixed(2)}</td></tr>)}</tbody>
          </table>
        </details>
      )}
      <h2>Log</h2>
      {run.logLines > run.log.length && <p className="muted">The last {run.log.length} of {run.logLines} lines; `storematch runs show {run.id}` prints them all.</p>}
      <pre className="log" data-testid="run-log" tabIndex={0} ref={logRef}
        onScroll={(e) => { const el = e.currentTarget; follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40; }}>{run.log.join("\n") || "(no output yet)"}</pre>
    </>
  );
}
