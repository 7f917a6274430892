/** A parsed IAB US Privacy (CCPA v1) string: version, notice, opted out of sale, LSPA. */
export interface UsPrivacy {
  raw: string;
  version: number;
  notice: "Y" | "N" | "-";
  optedOut: "Y" | "N" | "-";
  lspa: "Y" | "N" | "-";
}

/** Parses `1YNN`-style strings; null when malformed. */
export function parseUsPrivacy(value: string | null | undefined): UsPrivacy | null {
  if (!value) return null;
  const raw = value.trim();
  const match = /^([0-9])([YN-])([YN-])([YN-])$/i.exec(raw);
  if (!match) return null;
  const flag = (c: string | undefined) => (c ?? "-").toUpperCase() as "Y" | "N" | "-";
  return { raw, version: Number(match[1]), notice: flag(match[2]), optedOut: flag(match[3]), lspa: flag(match[4]) };
}

/** true = opted out of sale, false = not opted out, null = not applicable or unknown. */
export function usPrivacyOptedOut(value: string | null | undefined): boolean | null {
  const parsed = parseUsPrivacy(value);
  if (!parsed || parsed.optedOut === "-") return null;
  return parsed.optedOut === "Y";
}
