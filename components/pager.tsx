import Link from "next/link";

/** Previous / next links of a server-paginated list, with where you are. */
export function Pager({ page, pages, hrefOf, summary, labels = ["← previous", "next →"] }: {
  page: number;
  pages: number;
  hrefOf: (page: number) => string;
  summary?: string;
  labels?: [string, string];
}) {
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 && <Link href={hrefOf(page - 1)}>{labels[0]}</Link>}
      <span>page {page} of {pages}{summary ? ` · ${summary}` : ""}</span>
      {page < pages && <Link href={hrefOf(page + 1)}>{labels[1]}</Link>}
    </nav>
  );
}
