// Start-up for the Node.js server (Next 16 calls register() once per process, before serving).
export async function register(): Promise<void> {
  // NEXT_RUNTIME is set by Next itself, not configuration: lib/env.ts does not model it.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startService } = await import("./lib/scans/queue/lifecycle");
  await startService();
}
