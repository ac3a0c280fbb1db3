"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { removePairDecisionAction } from "../lib/actions/decisions/remove-pair-decision";
import { actionError } from "../lib/actions/result";
import type { PairDecisionDto } from "../lib/control/decisions";

/** The pair decisions on a store; stewards can remove one (the scores decide again from the next run). */
export function DecisionList({ decisions, canWrite }: { decisions: PairDecisionDto[]; canWrite: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function remove(d: PairDecisionDto) {
    if (!window.confirm(`Remove the decision on GI ${d.giId} ↔ TH ${d.thId}? The scores decide again from the next run that recomputes these stores.`)) return;
    const failed = actionError(await removePairDecisionAction({ giId: d.giId, thId: d.thId }));
    setError(failed);
    if (!failed) router.refresh();
  }
  return (
    <>
      <ul>
        {decisions.map((d) => (
          <li key={d.id} data-testid="decision">
            {d.decision === "MATCH" ? "Forced match" : "Never match"}: GI <code>{d.giId}</code> ↔ TH <code>{d.thId}</code> by {d.createdBy}
            {d.note ? ` — “${d.note}”` : ""}{" "}
            {canWrite && <button type="button" onClick={() => remove(d)}>Remove</button>}
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="error">{error}</p>}
    </>
  );
}
