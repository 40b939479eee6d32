import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a WASM Postgres: bundling it breaks at run time and would publish the wasm as a static asset.
  serverExternalPackages: ["@electric-sql/pglite", "argon2"],
  poweredByHeader: false,
};

export default nextConfig;
