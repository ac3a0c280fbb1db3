/**
 * Headers on every response. The CSP allows inline scripts and styles because Next.js's App
 * Router and recharts emit them (no nonce pipeline here); everything else is same-origin only,
 * and no other site may frame the console (clickjacking).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CSP },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native bindings (DuckDB, better-sqlite3), the drivers (snowflake-sdk too: it loads the AWS SDK) and the generated Prisma clients (one per control-plane provider) stay outside the server bundle.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "@prisma/client", "@prisma/adapter-better-sqlite3", "better-sqlite3", "@storematch/prisma-postgres", "@prisma/adapter-pg", "pg", "snowflake-sdk"],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
