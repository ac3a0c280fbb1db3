"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { actionError } from "../lib/actions/result";
import { decideTriggersAction } from "../lib/actions/triggers/decide-triggers";
import type { TriggerDto } from "../lib/control/triggers";

type Filters = { source?: "gi" | "th"; reason?: string; minScore?: number };

/** The trigger queue with bulk approve / reject; the server checks the role again. */
export function TriggerQueue({ rows, canDecide, filters, pendingMatching }: { rows: TriggerDto[]; canDecide: boolean; filters: Filters; pendingMatching: number }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = rows.filter((r) => r.status === "PENDING");
  const toggle = (id: number) => setSelected((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  async function decide(decision: "APPROVED" | "REJECTED", scope: "selected" | "all") {
    const count = scope === "all" ? pendingMatching : selected.size;
    const verb = decision === "APPROVED" ? "Approve" : "Reject";
    const what = scope === "all" ? " — every pending trigger that fits the filters" : "";
    if (!window.confirm(`${verb} ${count} trigger${count === 1 ? "" : "s"}${what}?`)) return;
    setBusy(true);
    setError(null);
    const r = await decideTriggersAction(scope === "all" ? { decision, allPending: true, ...filters, expected: pendingMatching } : { decision, ids: [...selected] });
    setBusy(false);
    const failed = actionError(r);
    if (failed) {
      setError(failed);
      return;
    }
    setSelected(new Set());
    router.refresh();
  }
  return (
    <>
      {canDecide && (
        <div className="toolbar">
          <button type="button" onClick={() => setSelected(new Set(pending.map((p) => p.id)))} disabled={pending.length === 0}>Select all pending on this page</button>
          <button type="button" onClick={() => decide("APPROVED", "selected")} disabled={busy || selected.size === 0}>Approve selected ({selected.size})</button>
          <button type="button" onClick={() => decide("REJECTED", "selected")} disabled={busy || selected.size === 0}>Reject selected ({selected.size})</button>
          <button type="button" onClick={() => decide("APPROVED", "all")} disabled={busy || pendingMatching === 0}>Approve all {pendingMatching} pending that fit the filters</button>
        </div>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <table aria-label="Triggers">
        <thead>
          <tr>{canDecide && <th><span className="sr-only">Select</span></th>}<th>#</th><th>Status</th><th>Source</th><th>Store</th><th>Reason</th><th className="num">Score</th><th>Created by</th><th>Decided by</th><th>Run</th></tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id} data-testid="trigger-row">
              {canDecide && (
                <td>
                  {t.status === "PENDING" && (
                    <input type="checkbox" aria-label={`select trigger ${t.id}`} checked={selected.has(t.id)} onChange={() => toggle(t.id)} />
                  )}
                </td>
              )}
              <td>{t.id}</td>
              <td data-testid="trigger-status">{t.status}</td>
              <td>{t.source.toUpperCase()}</td>
              <td><code>{t.storeId}</code></td>
              <td>{t.reason}</td>
              <td className="num">{t.priority.toFixed(1)}</td>
              <td>{t.createdBy}</td>
              <td data-testid="trigger-decided-by">{t.decidedBy ?? ""}</td>
              <td>{t.runId ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
