import { describe, expect, it } from "vitest";
import { firstLine } from "@/agents/error-text";

describe("firstLine", () => {
  it("keeps the first line of a message and drops Playwright's call log", () => {
    expect(firstLine(new Error("page.goto: net::ERR_NAME_NOT_RESOLVED\nCall log:\n  - navigating to …"))).toBe("page.goto: net::ERR_NAME_NOT_RESOLVED");
  });

  it("takes anything thrown, and falls back when there is nothing to say", () => {
    expect(firstLine("plain string\nmore")).toBe("plain string");
    expect(firstLine(undefined, "session failed")).toBe("undefined");
    expect(firstLine(new Error(""), "navigation failed")).toBe("navigation failed");
    expect(firstLine(new Error("\nsecond line only"))).toBe("unknown error");
  });
});
