import "server-only";
import { getEnv } from "@/lib/env";
import { ensureEmbeddedAdmin } from "@/lib/auth/embedded-admin";
import { resolveSecrets, SecretConfigError } from "@/lib/auth/secret";
import { describeError, log } from "@/lib/log";
import { markDraining } from "@/lib/readiness/draining";
import { SchemaVersionError } from "@/lib/store/migrations";
import { getScanService } from "./service";

let draining = false;

/**
 * Called from instrumentation.ts: refuse to start with a bad secret, open the store (which
 * marks interrupted scans), start the queue, and own SIGTERM/SIGINT so running scans drain.
 */
export async function startService(): Promise<void> {
  try {
    resolveSecrets();
  } catch (err) {
    if (err instanceof SecretConfigError) {
      log.error("refusing to start", { reason: err.message });
      process.exit(1);
    }
    throw err;
  }
  announceEmbeddedAdmin();
  // Next holds requests until register() resolves. PGlite's first initdb blocks the event loop
  // for seconds anyway, so answering health before the store is open would only be a lie.
  try {
    await getScanService();
  } catch (err) {
    if (err instanceof SchemaVersionError) log.error("refusing to start: the database schema does not match this release", { reason: err.message, unknown: err.unknown, missing: err.missing });
    else log.error("scan service failed to start", { error: describeError(err) });
    process.exit(1);
  }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    // Next's own handler closes the HTTP server and exits at once; run it only after the drain.
    const nextHandlers = process.listeners(signal);
    process.removeAllListeners(signal);
    process.on(signal, () => void drain(signal, nextHandlers));
  }
}

async function drain(signal: NodeJS.Signals, nextHandlers: NodeJS.SignalsListener[]): Promise<void> {
  if (draining) return;
  draining = true;
  markDraining();
  const graceMs = getEnv().APO_SHUTDOWN_GRACE_SECONDS * 1000;
  log.info("shutting down: no new scans, waiting for running ones", { signal, grace_seconds: graceMs / 1000 });
  try {
    const service = await getScanService();
    await service.monitors.stop();
    await service.maintenance.stop();
    await service.worker.shutdown(graceMs);
    await service.feed.stop();
    await service.store.close();
  } catch (err) {
    log.error("shutdown failed", { error: describeError(err) });
  }
  log.info("shutdown complete", { signal });
  if (nextHandlers.length === 0) process.exit(0);
  for (const h of nextHandlers) h(signal);
}

/** The first-run analyst account of the embedded default: say once how to sign in. */
function announceEmbeddedAdmin(): void {
  const admin = ensureEmbeddedAdmin();
  if (!admin) return;
  if (admin.createdPassword) {
    // The one time a secret is printed on purpose: the operator has no other way to learn it.
    process.stdout.write(
      `\nAPO created an analyst account for this data folder:\n  e-mail:   ${admin.email}\n  password: ${admin.createdPassword}\n` +
        `(also in ${admin.passwordFile}; delete that file once noted. Set APO_ADMIN_EMAIL and APO_ADMIN_PASSWORD to use your own.)\n\n`,
    );
  } else {
    log.info("embedded analyst account in use", { email: admin.email, password_file: admin.passwordFile });
  }
}
