import Link from "next/link";
import { redirect } from "next/navigation";
import { can } from "../../lib/auth/permissions";
import { currentUser } from "../../lib/auth/session";
import { loadConfig } from "../../lib/config";
import { isUserFacing } from "../../lib/control/errors";
import { searchStores } from "../../lib/versions/explorer";
import { versionReader } from "../../lib/versions/reader";

export const dynamic = "force-dynamic";

export default async function StoresPage({ searchParams }: { searchParams: Promise<{ q?: string; source?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login?next=/stores");
  if (!can(user.role, "stores.read")) return <p className="empty">Your role cannot read stores.</p>;
  const sp = await searchParams;
  const source = sp.source === "gi" || sp.source === "th" ? sp.source : undefined;
  const text = (sp.q ?? "").slice(0, 200);
  let reader;
  try {
    reader = await versionReader(loadConfig());
  } catch (e) {
    if (isUserFacing(e)) return <p className="empty">{e.message}</p>;
    throw e;
  }
  const rows = text.trim() ? await searchStores(reader, text, source) : [];
  return (
    <>
      <h1>Store and candidate explorer</h1>
      <p className="muted">Find a store by its id or part of its name (version <code>{reader.version}</code>), then see its candidates side by side and why it matched or not. The failures page links every unmatched store here too.</p>
      <form className="filters" action="/stores" role="search">
        <label>Store id or name <input name="q" defaultValue={text} autoFocus size={30} placeholder="e.g. GI-000042 or carrefour" /></label>
        <label>Source <select name="source" defaultValue={source ?? ""}><option value="">both</option><option value="gi">GI</option><option value="th">TH</option></select></label>
        <button type="submit">Search</button>
      </form>
      {text.trim() && rows.length === 0 && <p className="empty">No store has the id “{text}” or a name containing it. Try a shorter part of the name.</p>}
      {rows.length > 0 && (
        <table aria-label="Stores found">
          <thead><tr><th>Source</th><th>Store</th><th>Name</th><th>Postcode</th><th>City</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.source}|${r.store_id}`} data-testid="store-row">
                <td>{r.source.toUpperCase()}</td>
                <td><Link href={`/stores/${r.source}/${encodeURIComponent(r.store_id)}`}><code>{r.store_id}</code></Link></td>
                <td>{r.name_raw}</td>
                <td>{r.postcode_raw ?? ""}</td>
                <td>{r.city_raw ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length === 25 && <p className="muted">The first 25 are shown: type more of the name to narrow it down.</p>}
    </>
  );
}
