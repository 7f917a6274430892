import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// House rules from STYLE.md: env only through lib/env.ts, the browser only in agents/browser,
// no client code reaching into the engine.
export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "node_modules/**", "data/**", "scan-output/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "public/**", "cli/dist/**"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  {
    files: ["lib/env.ts", "cli/apo.ts", "scripts/**", "tests/**", "e2e/**", "playwright.config.ts", "vitest.config.mts", "next.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["components/**", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["@/agents/*", "playwright-core", "playwright", "@/lib/scans/**", "@/lib/store/*"], message: "Client code talks to /api only." },
      ] }],
    },
  },
  {
    files: ["agents/**", "lib/**", "app/api/**", "scripts/**"],
    ignores: ["agents/browser/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [
        { name: "playwright-core", allowTypeImports: true, message: "Launch Chromium only through agents/browser." },
      ] }],
    },
  },
  {
    // agents/ is configured through options (agents/settings.ts; lib/scans/engine/engine-settings.ts reads
    // the environment for it) and knows nothing of the service that runs it.
    files: ["agents/**"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [
          { name: "playwright-core", allowTypeImports: true, message: "Launch Chromium only through agents/browser." },
          { name: "@/lib/env", message: "agents/ takes its configuration as options (agents/settings.ts), never from the environment." },
        ],
        patterns: [
          { group: ["**/lib/env", "**/lib/env.ts"], message: "agents/ takes its configuration as options (agents/settings.ts), never from the environment." },
          { group: ["@/lib/scans", "@/lib/scans/**", "@/lib/store", "@/lib/store/*", "**/lib/scans/**", "**/lib/store/*"], message: "The engine does not reach into the service (lib/scans, lib/store)." },
        ],
      }],
    },
  },
  {
    // The browser module is the one place that may import playwright-core's values.
    files: ["agents/browser/**"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [{ name: "@/lib/env", message: "agents/ takes its configuration as options (agents/settings.ts), never from the environment." }],
        patterns: [
          { group: ["**/lib/env", "**/lib/env.ts"], message: "agents/ takes its configuration as options (agents/settings.ts), never from the environment." },
          { group: ["@/lib/scans", "@/lib/scans/**", "@/lib/store", "@/lib/store/*", "**/lib/scans/**", "**/lib/store/*"], message: "The engine does not reach into the service (lib/scans, lib/store)." },
        ],
      }],
    },
  },
  {
    // Every navigation the engine starts goes through the URL gate (agents/safety/url-gate.ts):
    // a scanned page writes the URLs, and page.goto opens file: and chrome: pages.
    files: ["agents/**", "lib/**", "scripts/**"],
    ignores: ["agents/safety/url-gate.ts"],
    rules: {
      "no-restricted-syntax": ["error", {
        selector: "CallExpression[callee.property.name='goto']",
        message: "Navigate with gatedGoto (agents/safety/url-gate.ts): only http(s) may be opened.",
      }],
    },
  },
]);
