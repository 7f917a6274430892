/**
 * Pure bookkeeping for the @duckduckgo/autoconsent message protocol (STACK.md recipe): the edge
 * passes every message from the page here and performs the returned action in the same frame.
 */
export type AutoAction = "optOut" | "optIn" | null;

export interface AutoconsentMessage {
  type: string;
  id?: string;
  code?: string;
  cmp?: string;
  result?: boolean;
  scheduleSelfTest?: boolean;
  isCosmetic?: boolean;
  totalClicks?: number;
  url?: string;
  details?: unknown;
}

export type ProtocolAction =
  | { kind: "initResp" }
  | { kind: "eval"; id: string; code: string }
  | { kind: "none" };

export interface AutoconsentState {
  cmp: string | null;
  detectedAt: number | null;
  popupFound: boolean;
  popupAt: number | null;
  /** Result of optOut/optIn: null while not run. */
  actionResult: boolean | null;
  actionAt: number | null;
  scheduleSelfTest: boolean;
  done: boolean;
  isCosmetic: boolean;
  clicks: number | null;
  selfTest: boolean | null;
  errors: string[];
  steps: string[];
}

export function initialAutoconsentState(): AutoconsentState {
  return {
    cmp: null,
    detectedAt: null,
    popupFound: false,
    popupAt: null,
    actionResult: null,
    actionAt: null,
    scheduleSelfTest: false,
    done: false,
    isCosmetic: false,
    clicks: null,
    selfTest: null,
    errors: [],
    steps: [],
  };
}

/** The configuration sent in initResp. Prehide and cosmetic rules are off: hiding a banner is not a choice, and it would falsify screenshots. */
export function autoconsentConfig(autoAction: AutoAction) {
  return {
    enabled: true,
    autoAction,
    disabledCmps: [] as string[],
    enablePrehide: false,
    enableCosmeticRules: false,
    enableGeneratedRules: true,
    enableHeuristicDetection: false,
    enablePopupMutationObserver: false,
    detectRetries: 12,
    isMainWorld: false,
    prehideTimeout: 2000,
    visualTest: false,
    performanceLoggingEnabled: false,
    heuristicPopupSearchTimeout: 2000,
    heuristicMode: "off" as const,
    logs: { lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false, messages: false, waits: false },
  };
}

/** Folds one message into the state and says what the edge must answer. */
export function handleAutoconsentMessage(state: AutoconsentState, message: AutoconsentMessage, now: number): ProtocolAction {
  switch (message.type) {
    case "init":
      return { kind: "initResp" };
    case "eval":
      return typeof message.id === "string" && typeof message.code === "string" ? { kind: "eval", id: message.id, code: message.code } : { kind: "none" };
    case "cmpDetected":
      if (!state.cmp) {
        state.cmp = message.cmp ?? null;
        state.detectedAt = now;
        state.steps.push(`autoconsent: CMP detected (${message.cmp ?? "?"})`);
      }
      return { kind: "none" };
    case "popupFound":
      if (!state.popupFound) {
        state.popupFound = true;
        state.popupAt = now;
        state.cmp = message.cmp ?? state.cmp;
        state.steps.push(`autoconsent: popup found (${message.cmp ?? "?"})`);
      }
      return { kind: "none" };
    case "optOutResult":
    case "optInResult":
      state.actionResult = message.result === true;
      state.actionAt = now;
      state.scheduleSelfTest = message.scheduleSelfTest === true;
      state.steps.push(`autoconsent: ${message.type === "optOutResult" ? "opt-out" : "opt-in"} ${message.result ? "succeeded" : "failed"}`);
      return { kind: "none" };
    case "autoconsentDone":
      state.done = true;
      state.isCosmetic = message.isCosmetic === true;
      state.clicks = typeof message.totalClicks === "number" ? message.totalClicks : null;
      state.steps.push(`autoconsent: done${message.isCosmetic ? " (cosmetic only)" : ""}`);
      return { kind: "none" };
    case "selfTestResult":
      state.selfTest = message.result === true;
      state.steps.push(`autoconsent: self-test ${message.result ? "passed" : "failed"}`);
      return { kind: "none" };
    case "autoconsentError":
      state.errors.push(typeof message.details === "string" ? message.details : JSON.stringify(message.details ?? null).slice(0, 300));
      return { kind: "none" };
    default:
      return { kind: "none" };
  }
}

/** A real (non-cosmetic) successful action by autoconsent. */
export function autoconsentSucceeded(state: AutoconsentState): boolean {
  return state.actionResult === true && !state.isCosmetic;
}
