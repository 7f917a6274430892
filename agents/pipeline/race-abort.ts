/**
 * A stage's result, or its abort reason once the scan was cancelled or timed out and the stage
 * has had `graceMs` to wind down: a browser call that never returns cannot hold a scan forever.
 */
export function raceAbort<T>(signal: AbortSignal, work: Promise<T>, graceMs = 5_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      timer = setTimeout(() => reject(signal.reason), graceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    });
  });
}
