"use client";

/** A page that failed to render: a plain message and a retry; the details stay in the server log. */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="empty" role="alert">
      <h1>This page could not be shown</h1>
      <p>Something went wrong on the server; the details are in its log. Try again, and if it keeps failing, tell an admin what you were doing.</p>
      <button type="button" onClick={reset}>Try again</button>
    </section>
  );
}
