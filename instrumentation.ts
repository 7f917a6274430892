// Start-up for the Node.js server (Next 16 calls register() once per process, before serving).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startService } = await import("./lib/scans/lifecycle");
  await startService();
}
