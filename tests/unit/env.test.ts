import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("parseEnv", () => {
  it("applies the documented defaults to an empty environment", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(8000);
    expect(env.APO_DATA_DIR).toBe("./data");
    expect(env.APO_MAX_CONCURRENT_SCANS).toBe(2);
    expect(env.APO_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(env.APO_IGNORE_HTTPS_ERRORS).toBe(false);
    expect(env.APO_CHROMIUM_PATH).toBeUndefined();
  });

  it("reads booleans and numbers", () => {
    const env = parseEnv({ PORT: "9000", APO_ALLOW_PRIVATE_TARGETS: "true", APO_IGNORE_HTTPS_ERRORS: "1", APO_SCAN_TIMEOUT: "60" });
    expect(env.PORT).toBe(9000);
    expect(env.APO_ALLOW_PRIVATE_TARGETS).toBe(true);
    expect(env.APO_IGNORE_HTTPS_ERRORS).toBe(true);
    expect(env.APO_SCAN_TIMEOUT).toBe(60);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ APO_CHROMIUM_PATH: "  " }).APO_CHROMIUM_PATH).toBeUndefined();
  });

  it("names the bad variable", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ APO_ALLOW_PRIVATE_TARGETS: "maybe" })).toThrow(/APO_ALLOW_PRIVATE_TARGETS/);
  });
});
