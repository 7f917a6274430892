const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-US");

/** Money with its currency code; large figures are compacted ("$1.2M") but keep the currency. */
export function formatMoney(amount: number | null | undefined, currency: string | null | undefined, opts: { compact?: boolean } = {}): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return "—";
  const code = (currency ?? "USD").toUpperCase();
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: code,
      notation: opts.compact && Math.abs(amount) >= 100_000 ? "compact" : "standard",
      minimumFractionDigits: 0,
      maximumFractionDigits: opts.compact ? 1 : 0,
    }).format(amount);
  } catch {
    // An unknown ISO code: still show the number and say which currency it is.
    return `${integer.format(Math.round(amount))} ${code}`;
  }
}

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : integer.format(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

/** Dates are shown in UTC with the zone named, so two analysts in different places read the same thing. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

/** HH:MM:SS.mmm of a log timestamp, in UTC like every other time on the page. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(11, 23);
}

export function formatLifetime(days: number | null | undefined): string {
  if (days === null || days === undefined) return "session";
  if (days < 1) return `${Math.max(1, Math.round(days * 24))} h`;
  if (days < 60) return `${Math.round(days)} d`;
  if (days < 730) return `${Math.round(days / 30.44)} mo`;
  return `${(days / 365.25).toFixed(1)} y`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const sign = ms < 0 ? "−" : "+";
  const abs = Math.abs(ms);
  return abs < 1000 ? `${sign}${Math.round(abs)} ms` : `${sign}${(abs / 1000).toFixed(1)} s`;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Path and query of a URL, for tables where the host is already known. */
export function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${integer.format(n)} ${n === 1 ? one : many}`;
}

const sessionLabels: Record<string, string> = {
  pre_consent: "Before consent",
  accept_all: "Accept all",
  reject_all: "Reject all",
  gpc: "GPC on",
};

export function sessionLabel(session: string): string {
  return sessionLabels[session] ?? session;
}

export function humanizeCode(code: string): string {
  const lower = code.toLowerCase().replace(/_/g, " ");
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}
