import { afterEach, beforeEach } from "vitest";
import { resetSecretsCache } from "@/lib/auth/secret";
import { resetEnvCache } from "@/lib/env";

/**
 * For the current suite: before each test, applies `env` (undefined deletes a variable); after
 * each, restores process.env as it was. Both times the cached readings of it are forgotten
 * (lib/env, the secrets, and whatever `resets` names), so every test sees its own environment.
 */
export function isolateEnv(env: Record<string, string | undefined> = {}, resets: Array<() => void> = []): void {
  const saved = { ...process.env };
  const forget = () => {
    resetEnvCache();
    resetSecretsCache();
    for (const reset of resets) reset();
  };
  beforeEach(() => {
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    forget();
  });
  afterEach(() => {
    process.env = { ...saved };
    forget();
  });
}
