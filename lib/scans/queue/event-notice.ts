/** The channel supabase/migrations/20261206000200_event_notify.sql notifies on every insert into scan_events. */
export const SCAN_EVENTS_CHANNEL = "apo_scan_events";

/** One notification: the scan has stored events up to seq (the highest of that insert). */
export interface EventNotice {
  scanId: string;
  seq: number;
}

const NOTICE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d{1,10})$/i;

/** '<scan uuid>:<max seq>' → the notice; anything else (another writer's payload) → null. */
export function parseEventNotice(payload: string): EventNotice | null {
  const m = NOTICE.exec(payload);
  if (!m) return null;
  const seq = Number(m[2]);
  if (!Number.isSafeInteger(seq) || seq < 1) return null;
  return { scanId: m[1]!.toLowerCase(), seq };
}
