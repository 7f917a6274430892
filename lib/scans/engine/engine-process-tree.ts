import { readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, resolve } from "node:path";
import { killGroupOrProcess } from "@/agents/process-group";
import { readStatFields, statFieldsOf } from "./proc-stat";

// Chromium is started detached (agents/browser/scan-browser.ts): it leads a process group of its
// own, so killing the engine child's group does not reach it, and when the engine child dies
// without closing it, it lives on. These helpers find the engine child's direct children from
// /proc and end their groups. Linux only; elsewhere they find nothing and do nothing.

/** A process as seen at one moment: its start time tells it apart from a later one given the same pid. */
export interface ProcessStamp {
  pid: number;
  startTime: string;
  /** Chromium's --user-data-dir, when it is one of the scan's temporary profiles. */
  profileDir: string | null;
}

async function startTimeOf(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  return stat ? (statFieldsOf(stat)[19] ?? null) : null;
}

async function profileDirOf(pid: number): Promise<string | null> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const arg = cmdline.split("\0").find((a) => a.startsWith("--user-data-dir="));
  const dir = arg ? resolve(arg.slice("--user-data-dir=".length)) : null;
  // Only the throwaway profiles the engine makes; never a folder someone passed in on purpose.
  return dir && dirname(dir) === resolve(tmpdir()) && basename(dir).startsWith("apo-profile-") ? dir : null;
}

/** The direct children of pid, from /proc/<pid>/task/<tid>/children (a thread lists the children it forked). */
export async function childProcesses(pid: number): Promise<ProcessStamp[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const pids = new Set<number>();
  for (const tid of tasks) {
    const text = await readFile(`/proc/${pid}/task/${tid}/children`, "utf8").catch(() => "");
    for (const part of text.split(" ")) if (/^\d+$/.test(part)) pids.add(Number(part));
  }
  const stamps: ProcessStamp[] = [];
  for (const child of pids) {
    const startTime = await startTimeOf(child);
    if (startTime) stamps.push({ pid: child, startTime, profileDir: await profileDirOf(child) });
  }
  return stamps;
}

/** True while the stamped process runs and is still the one noted, not a later one given the same pid. */
function stillRunning(stamp: ProcessStamp): boolean {
  const fields = readStatFields(stamp.pid);
  // A zombie has ended; it only waits for its parent (init, once the engine is gone) to reap it.
  return fields !== null && fields[19] === stamp.startTime && fields[0] !== "Z";
}

/**
 * SIGKILLs the process group of each stamped process that is still running. Synchronous, so the
 * server's "exit" hook can call it; a few small /proc reads.
 */
export function killGroups(stamps: Iterable<ProcessStamp>): number[] {
  return [...stamps].filter((s) => stillRunning(s) && killGroupOrProcess(s.pid)).map((s) => s.pid);
}

/**
 * Removes the temporary profiles of Chromiums that were killed and so could not remove them, once
 * each has ended (a SIGKILLed process still writing would refill the folder being removed).
 */
export async function removeProfiles(stamps: Iterable<ProcessStamp>, waitMs = 3_000): Promise<void> {
  const until = Date.now() + waitMs;
  for (const s of stamps) {
    if (!s.profileDir) continue;
    while (stillRunning(s) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await rm(s.profileDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}
