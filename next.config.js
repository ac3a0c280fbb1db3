/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native bindings (DuckDB, better-sqlite3) and the generated Prisma client stay outside the server bundle.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "@prisma/client", "@prisma/adapter-better-sqlite3", "better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
