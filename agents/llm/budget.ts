import type { LlmBudget } from "./types";

export const DEFAULT_BUDGET: LlmBudget = { maxCalls: 16, maxTokens: 200_000 };
const MIN_OUTPUT_TOKENS = 256;

/** Per-scan ceiling on model calls and tokens, shared by both providers. */
export class ScanBudget {
  callsUsed = 0;
  tokensUsed = 0;

  constructor(readonly limits: LlmBudget) {}

  /**
   * Output-token cap for the next call, or null when the call would not fit. Input tokens are
   * estimated at ~4 characters each, since the real count is only known afterwards.
   */
  reserve(promptChars: number, wantedOutput: number): number | null {
    if (this.callsUsed >= this.limits.maxCalls) return null;
    const left = this.limits.maxTokens - this.tokensUsed - Math.ceil(promptChars / 4);
    if (left < MIN_OUTPUT_TOKENS) return null;
    this.callsUsed += 1;
    return Math.min(wantedOutput, left);
  }

  spend(tokens: number): void {
    this.tokensUsed += tokens;
  }
}
