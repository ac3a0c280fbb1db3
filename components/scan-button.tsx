"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { actionError } from "../lib/actions/result";
import { runScanAction } from "../lib/actions/triggers/run-scan";

/** Run the scan now (it also runs nightly): new triggers appear as PENDING. */
export function ScanButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function scan() {
    setBusy(true);
    const r = await runScanAction({});
    setBusy(false);
    const failed = actionError(r);
    if (failed || !r.data) return setMessage({ ok: false, text: failed ?? "the scan gave no result" });
    const d = r.data;
    setMessage({ ok: true, text: `Scan: ${d.created} new trigger(s), ${d.skipped} store(s) already had one.${d.fullRefreshNeeded ? " Too many stores have potential: the next plain run will be a full refresh." : ""}` });
    router.refresh();
  }
  return (
    <div className="toolbar">
      <button type="button" onClick={scan} disabled={busy}>{busy ? "Scanning…" : "Scan the promoted version now"}</button>
      {message && <span role={message.ok ? "status" : "alert"} className={message.ok ? "muted" : "error"}>{message.text}</span>}
    </div>
  );
}
