"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The console's sections; the current one is marked for screen readers and the eye. */
export function NavLinks({ links }: { links: { href: string; label: string }[] }) {
  const path = usePathname();
  return (
    <nav className="nav" aria-label="Console">
      {links.map((l) => {
        const current = l.href === "/" ? path === "/" : path === l.href || path.startsWith(`${l.href}/`);
        return <Link key={l.href} href={l.href} aria-current={current ? "page" : undefined}>{l.label}</Link>;
      })}
    </nav>
  );
}
