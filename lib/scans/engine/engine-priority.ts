import { readdirSync, writeFileSync } from "node:fs";
import { setPriority } from "node:os";
import { readStatFields } from "./proc-stat";

// When scans fill the CPU (two scans' Chromiums on a 2-vCPU task), the API's event loop must still
// get it promptly: an event is to reach an SSE client within 100 ms. So the engine process and the
// Chromium it starts run at a lower priority than the server; the server is idle most of the time,
// so scans lose little. Best effort: a kernel or container that refuses leaves the priority as is.
// Chromium raises some of its own threads' priority where it may (as root; not as the image's
// non-root user), but not its session's autogroup nice value.

/** Nice value of the engine and its browsers; the server stays at its own (normally 0). */
export const ENGINE_NICE = 10;

/**
 * Lowers the priority of every thread of pid (Linux sets nice per thread; threads and processes
 * started later inherit it). With the kernel's autogroup scheduling, CPU is first shared between
 * sessions and nice counts only within one; the engine and Chromium each lead a session of their
 * own (both start detached), so that session's nice is lowered too. Never the server's session.
 */
export function lowerPriority(pid: number, nice = ENGINE_NICE): void {
  let tids: string[] = [String(pid)];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    // Not Linux, or gone: the process itself.
  }
  for (const tid of tids) {
    try {
      setPriority(Number(tid), nice);
    } catch {
      // Gone, or not allowed.
    }
  }
  try {
    const session = Number(readStatFields(pid)?.[3]);
    if (session === pid && session !== process.pid) writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch {
    // No autogroup scheduling, or not allowed.
  }
}
