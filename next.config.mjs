// JavaScript, not TypeScript: Next compiles a next.config.ts with its native SWC binding at every
// start, which then stays loaded in the server (about 25 MB).
/** @type {import("next").NextConfig} */
const nextConfig = {
  // PGlite ships a WASM Postgres: bundling it breaks at run time and would publish the wasm as a static asset.
  serverExternalPackages: ["@electric-sql/pglite", "argon2"],
  poweredByHeader: false,
  // forbidden(): a non-admin opening an administration page gets a 403 page, never the content.
  // Server actions take no bigger body than anything else (the server refuses more than 64 KiB first).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: "64kb" } },
  // Pages that reveal secrets must not be framed (clickjacking) or leak their URL to other sites.
  headers: async () => [
    {
      source: "/:path*",
      headers: [
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Referrer-Policy", value: "same-origin" },
      ],
    },
  ],
};

export default nextConfig;
