"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { actionError } from "../lib/actions/result";
import { launchFullRefreshAction } from "../lib/actions/runs/launch-full-refresh";
import { launchTargetedRunAction } from "../lib/actions/runs/launch-targeted-run";

/** Launch a targeted run (steward) or a full refresh (admin, with a required reason). */
export function LaunchRun({ approved, canFull }: { approved: number; canFull: boolean }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function launch(kind: "TARGETED" | "FULL_REFRESH") {
    setBusy(true);
    setError(null);
    const r = kind === "TARGETED" ? await launchTargetedRunAction({}) : await launchFullRefreshAction({ reason });
    setBusy(false);
    const failed = actionError(r);
    if (failed || !r.data) return setError(failed ?? "the run was not queued");
    router.push(`/runs/${r.data.id}`);
  }
  return (
    <section className="panel" aria-label="Launch a run">
      <div className="toolbar">
        <button type="button" onClick={() => launch("TARGETED")} disabled={busy || approved === 0}>
          Launch a targeted run ({approved} approved trigger{approved === 1 ? "" : "s"})
        </button>
        {approved === 0 && <span className="muted">Approve triggers first (Triggers page); a targeted run recomputes only their stores.</span>}
      </div>
      {canFull && (
        <form className="filters" onSubmit={(e) => { e.preventDefault(); void launch("FULL_REFRESH"); }}>
          <label>
            Full refresh reason <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. new legal-form list" required minLength={3} maxLength={500} size={40} />
          </label>
          <button type="submit" disabled={busy}>Launch a full refresh</button>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </section>
  );
}
