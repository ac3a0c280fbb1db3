"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { setPairDecisionAction } from "../lib/actions/decisions/set-pair-decision";
import { actionError } from "../lib/actions/result";
import { createTriggerAction } from "../lib/actions/triggers/create-trigger";

/** Steward actions on one store: reprocess it (a trigger), or force the compared pair to match or not. */
export function StoreActions(p: {
  source: "gi" | "th"; storeId: string; giId: string | null; thId: string | null;
  openTrigger: { id: number; status: string } | null; defaultReason: string; potential: number;
}) {
  const router = useRouter();
  const [reason, setReason] = useState(p.defaultReason ? `${p.defaultReason}: reprocess after a fix` : "");
  const [note, setNote] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function done(r: Parameters<typeof actionError>[0], ok: string) {
    setBusy(false);
    const failed = actionError(r);
    setMessage(failed ? { ok: false, text: failed } : { ok: true, text: ok });
    if (!failed) router.refresh();
  }
  async function trigger() {
    setBusy(true);
    await done(await createTriggerAction({ source: p.source, storeId: p.storeId, reason }), "Trigger created (PENDING): approve it on the Triggers page, then launch a targeted run.");
  }
  async function decide(decision: "MATCH" | "NO_MATCH") {
    if (!p.giId || !p.thId) return;
    const what = decision === "MATCH" ? "always match" : "never match";
    if (!window.confirm(`Make GI ${p.giId} and TH ${p.thId} ${what}? It wins over the scores from the next run that recomputes these stores.`)) return;
    setBusy(true);
    await done(await setPairDecisionAction({ giId: p.giId, thId: p.thId, decision, note: note || undefined }), `Saved: GI ${p.giId} and TH ${p.thId} ${what}. Create a trigger for the store so a targeted run applies it.`);
  }

  return (
    <section className="panel" aria-label="Steward actions">
      <h2>Actions</h2>
      {p.openTrigger ? (
        <p>This store has an open trigger: <a href={`/triggers?status=${p.openTrigger.status}`}>#{p.openTrigger.id} ({p.openTrigger.status})</a>.</p>
      ) : (
        <form className="filters" onSubmit={(e) => { e.preventDefault(); void trigger(); }}>
          <label>Reason <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} maxLength={500} size={40} /></label>
          <button type="submit" disabled={busy}>Create a reprocess trigger</button>
        </form>
      )}
      {p.giId && p.thId && (
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label>Note <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} size={30} placeholder="why (optional)" /></label>
          <button type="button" disabled={busy} onClick={() => decide("MATCH")}>Force GI {p.giId} ↔ TH {p.thId} to match</button>
          <button type="button" disabled={busy} onClick={() => decide("NO_MATCH")}>Never match this pair</button>
        </form>
      )}
      {message && <p role={message.ok ? "status" : "alert"} className={message.ok ? "notice" : "error"}>{message.text}</p>}
    </section>
  );
}
