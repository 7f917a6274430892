import { describe, expect, it } from "vitest";
import { redactSecrets, secretScrubber } from "@/agents/llm/redact";

describe("the one secret scrubber", () => {
  it("removes each given secret and anything shaped like an API key", () => {
    const scrub = secretScrubber(["my-gateway-key", undefined, ""]);
    expect(scrub("401: bad key my-gateway-key (sk-ant-api03-abcdefgh and sk-proj-0123456789abcdefXYZ)")).toBe("401: bad key [redacted] ([redacted] and [redacted])");
  });

  it("leaves values too short to be keys alone rather than garbling the message", () => {
    expect(redactSecrets("an abc in text", ["abc"])).toBe("an abc in text");
    expect(redactSecrets("key k3y! here", ["k3y!"])).toBe("key [redacted] here");
  });
});
