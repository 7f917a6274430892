import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// End-to-end tests run against the built standalone server (npm run build first; scripts/test.sh
// does) and the local test web, in Debian's Chromium. No browser is ever downloaded.
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 8100);
const TESTWEB_PORT = Number(process.env.E2E_TESTWEB_PORT ?? 8181);
// The API client served from another origin (e2e/api/cross-origin.spec.ts starts it itself).
const CLIENT_PORT = Number(process.env.E2E_CLIENT_PORT ?? 8182);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "apo-e2e-data-"));
process.env.E2E_DATA_DIR = dataDir; // workers re-evaluate this file: keep one folder per run

export const e2eEnv = {
  appUrl: `http://127.0.0.1:${APP_PORT}`,
  testWebPort: TESTWEB_PORT,
  clientPort: CLIENT_PORT,
  clientOrigin: `http://127.0.0.1:${CLIENT_PORT}`,
  hostResolverRules: `MAP * 127.0.0.1:${TESTWEB_PORT}, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
  dataDir,
  jwtSecret: "e2e-test-secret-0123456789abcdef0123456789abcdef",
  adminEmail: "analyst@apo.test",
  adminPassword: "correct horse battery staple",
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: e2eEnv.appUrl,
    launchOptions: { executablePath: process.env.APO_CHROMIUM_PATH || "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  webServer: [
    {
      command: `npx tsx tests/fixtures/web/cli.ts --port ${TESTWEB_PORT}`,
      port: TESTWEB_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: "node scripts/serve-standalone.mjs",
      url: `${e2eEnv.appUrl}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(APP_PORT),
        HOSTNAME: "127.0.0.1",
        NODE_ENV: "production",
        APO_DATA_DIR: dataDir,
        APO_HOST_RESOLVER_RULES: e2eEnv.hostResolverRules,
        APO_IGNORE_HTTPS_ERRORS: "true",
        APO_ALLOW_PRIVATE_TARGETS: "true",
        APO_JWT_SECRET: e2eEnv.jwtSecret,
        NEXTAUTH_SECRET: e2eEnv.jwtSecret,
        NEXTAUTH_URL: e2eEnv.appUrl,
        APO_ADMIN_EMAIL: e2eEnv.adminEmail,
        APO_ADMIN_PASSWORD: e2eEnv.adminPassword,
        APO_RATE_LIMIT_PER_MINUTE: "1000",
        APO_CORS_ORIGINS: `http://127.0.0.1:${CLIENT_PORT}`,
        APO_ACCEPT_QUERY_TOKENS: "true",
      },
    },
  ],
});
