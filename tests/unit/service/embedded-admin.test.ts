import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkAdminCredentials } from "@/lib/auth/check-password";
import { ensureEmbeddedAdmin, resetEmbeddedAdminCache } from "@/lib/auth/embedded-admin";
import { parseEnv, resetEnvCache } from "@/lib/env";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
  resetEmbeddedAdminCache();
});

function useDataDir(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "apo-admin-"));
  delete process.env.APO_ADMIN_EMAIL;
  delete process.env.APO_ADMIN_PASSWORD;
  delete process.env.DATABASE_URL;
  Object.assign(process.env, { APO_DATA_DIR: dir, ...extra });
  resetEnvCache();
  resetEmbeddedAdminCache();
  return dir;
}

describe("the embedded default's first-run analyst account", () => {
  it("is created once with a random password kept only as a bcrypt hash plus a 0600 note", async () => {
    const dir = useDataDir();
    const first = ensureEmbeddedAdmin();
    expect(first?.email).toBe("admin@apo.local");
    const password = first?.createdPassword ?? "";
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(readFileSync(join(dir, "admin-password.bcrypt"), "utf8")).not.toContain(password);
    expect(statSync(join(dir, "initial-admin-password")).mode & 0o777).toBe(0o600);

    expect(await checkAdminCredentials("admin@apo.local", password)).toBe("admin@apo.local");
    expect(await checkAdminCredentials("admin@apo.local", "wrong password")).toBeNull();
    expect(await checkAdminCredentials("someone@else", password)).toBeNull();

    resetEmbeddedAdminCache();
    const again = ensureEmbeddedAdmin();
    expect(again?.createdPassword).toBeNull();
    expect(await checkAdminCredentials("admin@apo.local", password)).toBe("admin@apo.local");
  });

  it("does not exist when an account is configured or the store is Postgres", async () => {
    const dir = useDataDir({ APO_ADMIN_EMAIL: "analyst@corp.example", APO_ADMIN_PASSWORD: "a long configured password" });
    expect(ensureEmbeddedAdmin()).toBeNull();
    expect(await checkAdminCredentials("admin@apo.local", "anything")).toBeNull();
    expect(await checkAdminCredentials("analyst@corp.example", "a long configured password")).toBe("analyst@corp.example");
    expect(ensureEmbeddedAdmin(parseEnv({ APO_DATA_DIR: dir, DATABASE_URL: "postgres://db.internal/apo" }))).toBeNull();
  });
});
