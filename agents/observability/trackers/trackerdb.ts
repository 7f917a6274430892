import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as Adblocker from "@ghostery/adblocker";

/** One TrackerDB match, reduced to what the classifier needs. */
export interface TrackerDbMatch {
  pattern: string;
  name: string;
  category: string;
  organization: string | null;
  country: string | null;
}

export interface TrackerDbStatus {
  loaded: boolean;
  version: string | null;
  error: string | null;
}

interface LoadedDb {
  engine: Adblocker.FiltersEngine;
  adblocker: typeof Adblocker;
}

type LookupResult = ReturnType<Adblocker.FiltersEngine["getPatternMetadata"]>[number];

let cache: { db: LoadedDb | null; status: TrackerDbStatus } | undefined;

// Resolution goes through require.resolve from the package's main file, never a hard-coded
// node_modules path, so it works under vitest, tsx and the Next.js standalone server (where
// the source file's own location may not exist and cwd holds node_modules).
function packageRequire(): NodeJS.Require {
  const bases = [path.join(process.cwd(), "index.js")];
  try {
    bases.unshift(import.meta.url);
  } catch {
    // import.meta is unavailable in some CJS bundles; cwd still works.
  }
  let lastError: unknown;
  for (const base of bases) {
    try {
      const req = createRequire(base);
      req.resolve("@ghostery/trackerdb");
      return req;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error("cannot resolve @ghostery/trackerdb");
}

function load(): { db: LoadedDb | null; status: TrackerDbStatus } {
  try {
    const req = packageRequire();
    const main = req.resolve("@ghostery/trackerdb");
    const dist = path.resolve(path.dirname(main), "..");
    const pkg = JSON.parse(readFileSync(path.join(dist, "..", "package.json"), "utf8")) as { version?: string };
    // The adblocker the data file was serialised with: resolve it beside trackerdb.
    const adblocker = createRequire(main)("@ghostery/adblocker") as typeof Adblocker;
    const engine = adblocker.FiltersEngine.deserialize(new Uint8Array(readFileSync(path.join(dist, "trackerdb.engine"))));
    return { db: { engine, adblocker }, status: { loaded: true, version: pkg.version ?? null, error: null } };
  } catch (error) {
    return { db: null, status: { loaded: false, version: null, error: error instanceof Error ? error.message : String(error) } };
  }
}

function loaded(): { db: LoadedDb | null; status: TrackerDbStatus } {
  cache ??= load();
  return cache;
}

/** Whether the offline TrackerDB engine loaded, and its package version. Loads once. */
export function trackerDbStatus(): TrackerDbStatus {
  return loaded().status;
}

function toMatch(result: LookupResult | undefined): TrackerDbMatch | null {
  if (!result) return null;
  return {
    pattern: result.pattern.key,
    name: result.pattern.name,
    category: result.category?.key ?? result.pattern.category,
    organization: result.organization?.name ?? null,
    country: result.organization?.country ?? null,
  };
}

/** All TrackerDB patterns matching a request URL (filters first, then the host's domain). */
export function matchTrackerDb(url: string, sourceUrl: string | null, type: string): TrackerDbMatch[] {
  const { db } = loaded();
  if (!db) return [];
  let results: LookupResult[] = [];
  try {
    const request = db.adblocker.Request.fromRawDetails({
      url,
      sourceUrl: sourceUrl ?? undefined,
      type: toRequestType(type),
    });
    results = db.engine.getPatternMetadata(request, { getDomainMetadata: true });
  } catch {
    results = [];
  }
  if (results.length === 0) {
    try {
      results = db.engine.metadata?.fromDomain(new URL(url).hostname) ?? [];
    } catch {
      results = [];
    }
  }
  return results.map(toMatch).filter((m): m is TrackerDbMatch => m !== null);
}

/** TrackerDB patterns for a bare host name (used for cookie domains). */
export function matchTrackerDbDomain(host: string): TrackerDbMatch[] {
  const { db } = loaded();
  if (!db?.engine.metadata) return [];
  return db.engine.metadata.fromDomain(host.replace(/^\./, "")).map(toMatch).filter((m): m is TrackerDbMatch => m !== null);
}

// Playwright resource types → the adblocker's request types.
function toRequestType(type: string): Adblocker.RequestType {
  const map: Record<string, Adblocker.RequestType> = {
    document: "main_frame",
    stylesheet: "stylesheet",
    image: "image",
    media: "media",
    font: "font",
    script: "script",
    xhr: "xhr",
    fetch: "xhr",
    websocket: "websocket",
    ping: "ping",
    beacon: "beacon",
    other: "other",
  };
  return map[type] ?? "other";
}
