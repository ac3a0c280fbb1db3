/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native DuckDB bindings stay outside the server bundle.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings"],
  poweredByHeader: false,
};

export default nextConfig;
