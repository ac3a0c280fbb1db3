"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { decideReviewPairsAction } from "../lib/actions/decisions/decide-review-pairs";
import { setPairDecisionAction } from "../lib/actions/decisions/set-pair-decision";
import { actionError } from "../lib/actions/result";
import type { ReviewFilter } from "../lib/versions/review";

type Decision = "MATCH" | "NO_MATCH";

/** Accept or reject one pair of the review band (a pair decision; the server checks the role again). */
export function ReviewPairActions({ giId, thId, current, version }: { giId: string; thId: string; current: Decision | null; version: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function decide(decision: Decision) {
    setBusy(true);
    setError(null);
    const failed = actionError(await setPairDecisionAction({ giId, thId, decision, note: `review of ${version}` }));
    setBusy(false);
    setError(failed);
    if (!failed) router.refresh();
  }
  return (
    <div className="toolbar">
      <button type="button" disabled={busy || current === "MATCH"} onClick={() => decide("MATCH")} aria-label={`Accept GI ${giId} ↔ TH ${thId}`}>Accept (match)</button>
      <button type="button" disabled={busy || current === "NO_MATCH"} onClick={() => decide("NO_MATCH")} aria-label={`Reject GI ${giId} ↔ TH ${thId}`}>Reject (never match)</button>
      {error && <span role="alert" className="error">{error}</span>}
    </div>
  );
}

/** Accept or reject every undecided pair that fits the filters, after a confirmation that shows their count. */
export function ReviewBulkActions({ version, filter, undecided }: { version: string; filter: ReviewFilter; undecided: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function decide(decision: Decision) {
    const verb = decision === "MATCH" ? "Accept" : "Reject";
    if (!window.confirm(`${verb} ${undecided} pair${undecided === 1 ? "" : "s"} — every undecided pair that fits the filters?`)) return;
    setBusy(true);
    setError(null);
    const failed = actionError(await decideReviewPairsAction({ decision, version, filter, expected: undecided }));
    setBusy(false);
    setError(failed);
    if (!failed) router.refresh();
  }
  return (
    <div className="toolbar">
      <button type="button" disabled={busy || undecided === 0} onClick={() => decide("MATCH")}>Accept all {undecided} undecided that fit the filters</button>
      <button type="button" disabled={busy || undecided === 0} onClick={() => decide("NO_MATCH")}>Reject all {undecided} undecided that fit the filters</button>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
