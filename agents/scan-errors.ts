import type { ScanError, ScanErrorCode } from "@/lib/schemas/scan";

/**
 * The ways a scan ends without a report, one class each, in the spirit of crawlee's error classes:
 * the class says what happened, `code` is the stable code clients see (lib/schemas/scan.ts).
 * Thrown inside the engine and mapped to a scan error in one place (toScanError); the service's
 * finishScan turns that into the stored status and the closing events.
 */
export class ScanEndError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ScanCancelledError extends ScanEndError {
  constructor(message = "scan cancelled") {
    super("cancelled", message);
  }
}

export class ScanTimeoutError extends ScanEndError {
  constructor(seconds: number) {
    super("timeout", `scan exceeded APO_SCAN_TIMEOUT (${seconds} s)`);
  }
}

// Both target messages reach API clients and scan records: they say what was refused, never how
// to turn the guard off.

/** The target is, or resolves to, a non-public address outside the operator's allowed ranges. */
export class PrivateTargetError extends ScanEndError {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super("private_target", `Refusing to scan ${url}: ${reason}`);
  }
}

/** The target's name did not resolve (NXDOMAIN, no answer, resolver failure): not a policy refusal. */
export class UnresolvableTargetError extends ScanEndError {
  constructor(
    readonly url: string,
    readonly hostname: string,
  ) {
    super("unresolvable_target", `could not resolve ${hostname}`);
  }
}

export class SiteUnreachableError extends ScanEndError {
  constructor(message: string) {
    super("site_unreachable", message);
  }
}

export class BrowserError extends ScanEndError {
  constructor(message: string) {
    super("browser_error", message);
  }
}

/** A scan error from whatever ended the scan: a ScanEndError keeps its code, anything else is a bug. */
export function toScanError(reason: unknown, describe: (error: unknown) => string): ScanError {
  if (reason instanceof ScanEndError) return { code: reason.code, message: reason.message };
  return { code: "internal_error", message: describe(reason) };
}
