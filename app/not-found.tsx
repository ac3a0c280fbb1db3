import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty">
      <h1>No such page</h1>
      <p>Check the address, or go back to the <Link href="/">overview</Link>.</p>
    </section>
  );
}
