/**
 * Signals pid's process group, or pid alone when it leads none. The scan's Chromium and the engine
 * process are started detached, so each leads a group: one signal reaches its renderers and
 * helpers too. False when the process is gone.
 */
export function killGroupOrProcess(pid: number, signal: NodeJS.Signals = "SIGKILL"): boolean {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return true;
    } catch {
      // Not a group leader: the process alone; or gone in the meantime.
    }
  }
  return false;
}
