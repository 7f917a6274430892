import { accessSync, constants } from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium", "/usr/bin/google-chrome"];

export class ChromiumNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `No Chromium found (${detail}). Install Debian's Chromium with "apt-get install -y chromium" ` +
        `(or run "npm run setup"), or set APO_CHROMIUM_PATH to a Chromium executable.`,
    );
    this.name = "ChromiumNotFoundError";
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium the scanner drives: the configured one (settings.chromiumPath, APO_CHROMIUM_PATH) when set, else Debian's. Never downloads one. */
export function findChromium(configured?: string): string {
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new ChromiumNotFoundError(`APO_CHROMIUM_PATH=${configured} is not an executable file`);
  }
  const found = CANDIDATES.find(isExecutable);
  if (!found) throw new ChromiumNotFoundError(`looked in ${CANDIDATES.join(", ")}`);
  return found;
}
