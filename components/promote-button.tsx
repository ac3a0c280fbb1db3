"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { actionError } from "../lib/actions/result";
import { promoteVersionAction } from "../lib/actions/versions/promote-version";

/** Promote (or roll back to) a version after a confirmation that shows its diff against the promoted one. */
export function PromoteButton({ version, promoted, summary, rollback }: { version: string; promoted: string; summary: string; rollback: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const verb = rollback ? `Roll back to ${version}` : `Promote ${version}`;
  async function promote() {
    if (!window.confirm(`${verb}? Dashboards will read ${version} instead of ${promoted}.\n\n${summary}`)) return;
    setBusy(true);
    const r = await promoteVersionAction({ version });
    setBusy(false);
    const failed = actionError(r);
    if (failed) return setError(failed);
    router.refresh();
  }
  return (
    <div className="toolbar">
      <button type="button" onClick={promote} disabled={busy}>{verb}</button>
      <span className="muted">{summary}</span>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
