import { readFileSync } from "node:fs";

/**
 * The fields of a /proc/<pid>/stat text after the command name, which may itself hold spaces and
 * parentheses: [0] state, [1] ppid, [3] session, [11] utime, [12] stime, [19] starttime.
 */
export function statFieldsOf(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** Those fields for pid; null when it is gone (or this is not Linux). */
export function readStatFields(pid: number): string[] | null {
  try {
    return statFieldsOf(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}
