import { describeError, log } from "@/lib/log";
import { startRun, type RunDeps } from "./start-run";

export interface SchedulerDeps extends RunDeps {
  /** APO_MAX_ACTIVE_SCANS_PER_OWNER. */
  maxActivePerOwner: number;
  /** Due monitors looked at per tick; the rest wait for the next one, oldest due first. */
  batch?: number;
}

/**
 * Scheduled runs share the owner's active-scan cap (APO_MAX_ACTIVE_SCANS_PER_OWNER) with the
 * owner's own scans, but leave one slot free for them when the cap is above 1: otherwise an
 * owner with many monitors could keep every slot busy and each POST /api/scan would get 429.
 * A run that does not fit is not dropped and not counted as run: the monitor stays due (its
 * next_run_at is untouched) and is offered again at the next tick, before monitors due later.
 */
export function scheduledRunSlots(maxActivePerOwner: number): number {
  return maxActivePerOwner > 1 ? maxActivePerOwner - 1 : maxActivePerOwner;
}

/**
 * Starts a run of every due monitor. Any number of containers may call this at once: the store
 * starts each due run once (a null from startMonitorRun is another container's win, or a run in
 * progress). Returns the scan ids this call started.
 */
export async function startDueRuns(deps: SchedulerDeps): Promise<string[]> {
  const started: string[] = [];
  const due = await deps.store.dueMonitors(deps.batch ?? 50);
  const slots = scheduledRunSlots(deps.maxActivePerOwner);
  const active = new Map<string, number>();
  for (const monitor of due) {
    try {
      const count = active.get(monitor.owner) ?? (await deps.store.activeScans(monitor.owner));
      active.set(monitor.owner, count);
      if (count >= slots) {
        log.debug("monitor run waits: the owner's active-scan slots are full", { monitor_id: monitor.id, owner: monitor.owner, active: count });
        continue;
      }
      const scan = await startRun(deps, monitor, "schedule");
      if (!scan) continue;
      active.set(monitor.owner, count + 1);
      started.push(scan.id);
    } catch (err) {
      // One monitor whose stored request no longer validates must not stop the others.
      log.error("starting a monitor run failed", { monitor_id: monitor.id, error: describeError(err) });
    }
  }
  return started;
}
