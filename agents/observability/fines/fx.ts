import fx from "../data/fx-rates.json";

const rates: Record<string, number> = fx.usd_per_unit;

/** Date of the static FX table. */
export const FX_DATE: string = fx.date;
export const FX_NOTE = `USD figures are converted with a static table dated ${fx.date} and are approximate.`;

/** Converts an amount to USD with the static table; null for an unknown currency. */
export function toUsd(amount: number | null, currency: string): number | null {
  if (amount === null) return null;
  const rate = rates[currency.toUpperCase()];
  return rate === undefined ? null : Math.round(amount * rate);
}

export function convert(amount: number, from: string, to: string): number | null {
  const usd = toUsd(amount, from);
  const rate = rates[to.toUpperCase()];
  if (usd === null || rate === undefined) return null;
  return Math.round(usd / rate);
}
