/** The longest wait between two attempts of one delivery. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * Delay after failed attempt `attempt` (1-based): base × 2^(attempt−1), plus up to 10% jitter so
 * deliveries that failed together (a receiver's outage) do not all retry in the same instant;
 * capped at one hour.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = baseMs * 2 ** Math.max(0, attempt - 1);
  const jitter = exponential * 0.1 * random();
  return Math.round(Math.min(MAX_RETRY_DELAY_MS, exponential + jitter));
}
