import type { NextConfig } from "next";
import "./lib/env";

// Files the engine loads from disk at run time: the standalone trace must copy them.
const runtimeFiles = [
  "./node_modules/playwright-core/**/*",
  "./node_modules/@duckduckgo/autoconsent/package.json",
  "./node_modules/@duckduckgo/autoconsent/dist/**/*",
  "./node_modules/@duckduckgo/autoconsent/rules/**/*",
  "./node_modules/@ghostery/trackerdb/package.json",
  "./node_modules/@ghostery/trackerdb/dist/**/*",
  // trackerdb loads its engine through @ghostery/adblocker with a runtime require.
  "./node_modules/@ghostery/adblocker/**/*",
  "./node_modules/@ghostery/adblocker-content/**/*",
  "./node_modules/@ghostery/adblocker-extended-selectors/**/*",
  "./node_modules/@ghostery/url-parser/**/*",
  "./node_modules/@remusao/**/*",
  "./node_modules/tldts-experimental/**/*",
  "./node_modules/tldts-core/**/*",
  "./node_modules/@electric-sql/pglite/dist/**/*",
  "./agents/observability/data/**/*",
  // The store applies these SQL migrations at start (lib/store/migrations.ts).
  "./supabase/migrations/**/*",
  // The pinned browser bundle of the API reference, served by app/docs/scalar.js.
  "./node_modules/@scalar/api-reference/dist/browser/standalone.js",
];

// Browsers keep to HTTPS for two years once they have seen this over HTTPS (over plain HTTP they
// ignore it). Production only, so no developer's localhost gets pinned; headers() runs in next
// build (NODE_ENV=production, baked into the standalone server) and in next dev.
const productionHeaders = () => (process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []);

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  serverExternalPackages: ["playwright-core", "@electric-sql/pglite", "@ghostery/trackerdb", "@ghostery/adblocker", "pg", "prom-client"],
  outputFileTracingIncludes: { "/**": runtimeFiles },
  // next dev logs every request's URL: never the token of a stream link or a ?token= download.
  logging: { incomingRequests: { ignore: [/[?&][a-z_]*token=/i] } },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          // Nothing here is for search engines, shared report links least of all (robots.txt stops
          // crawling, not indexing of a link found elsewhere).
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
          ...productionHeaders(),
        ],
      },
    ];
  },
};

export default nextConfig;
