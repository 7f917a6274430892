import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChromiumNotFoundError, findChromium } from "@/agents/browser/chromium-path";

describe("findChromium", () => {
  it("uses APO_CHROMIUM_PATH when it is an executable", () => {
    const dir = mkdtempSync(join(tmpdir(), "apo-chromium-"));
    const fake = join(dir, "chromium");
    writeFileSync(fake, "#!/bin/sh\n", { mode: 0o755 });
    expect(findChromium(fake)).toBe(fake);
  });

  it("explains how to install Chromium when the configured path is not executable", () => {
    expect(() => findChromium("/nonexistent/chromium")).toThrow(ChromiumNotFoundError);
    expect(() => findChromium("/nonexistent/chromium")).toThrow(/APO_CHROMIUM_PATH=\/nonexistent\/chromium.*apt-get install -y chromium/s);
  });
});
