import type { Framework } from "@/lib/schemas/framework";
import { defineFrameworkCatalog } from "../define-framework-catalog";
import { observation, violation } from "../rule-helpers";
import type { FrameworkCatalog, PenaltySchedule } from "../types";

type StateId = Extract<Framework, `US_${string}`>;

interface StateRow {
  name: string;
  law: string;
  /** Per-violation rate and, where LAW.md gives one, the higher repeat/wilful rate. */
  rate: number;
  maxRate: number;
  penaltyBasis: string;
  penaltyCitation: string;
  /** UOOM (GPC) duty effective date, LAW.md §1. */
  uoomFrom: string;
  uoomRuleId: string;
  uoomSection: string;
}

// Figures and dates from LAW.md §1; ids from §2 (USST-UOOM-{state} where no own id is given).
const states: Record<StateId, StateRow> = {
  US_CO: {
    name: "Colorado Privacy Act",
    law: "C.R.S. 6-1-1301 et seq.",
    rate: 20_000,
    maxRate: 20_000,
    penaltyBasis: "$20,000 per violation via the Colorado Consumer Protection Act (up to $500,000 for a related series — unverified); cure period ended 1 Jan 2025.",
    penaltyCitation: "C.R.S. 6-1-1311, 6-1-112",
    uoomFrom: "2024-07-01",
    uoomRuleId: "CO-6-1-1306-UOOM",
    uoomSection: "C.R.S. 6-1-1306(1)(a)(IV); 4 CCR 904-3 Rule 5.08",
  },
  US_CT: {
    name: "Connecticut Data Privacy Act",
    law: "Conn. Gen. Stat. §42-515 et seq.",
    rate: 5_000,
    maxRate: 5_000,
    penaltyBasis: "$5,000 per wilful violation via CUTPA; cure period ended 31 Dec 2024.",
    penaltyCitation: "Conn. Gen. Stat. §42-525; §42-110o",
    uoomFrom: "2025-01-01",
    uoomRuleId: "CT-42-520-UOOM",
    uoomSection: "Conn. Gen. Stat. §42-520",
  },
  US_TX: {
    name: "Texas Data Privacy and Security Act",
    law: "Tex. Bus. & Com. Code ch. 541",
    rate: 7_500,
    maxRate: 7_500,
    penaltyBasis: "$7,500 per violation; the 30-day cure period is permanent.",
    penaltyCitation: "Tex. Bus. & Com. Code §541.155",
    uoomFrom: "2025-01-01",
    uoomRuleId: "TX-541.055e-UOOM",
    uoomSection: "Tex. Bus. & Com. Code §541.055(e)",
  },
  US_OR: {
    name: "Oregon Consumer Privacy Act",
    law: "ORS 646A.570 et seq.",
    rate: 7_500,
    maxRate: 7_500,
    penaltyBasis: "$7,500 per violation; cure period ended 1 Jan 2026.",
    penaltyCitation: "ORS 646A.589",
    uoomFrom: "2026-01-01",
    uoomRuleId: "USST-UOOM-OR",
    uoomSection: "ORS 646A.578 (universal opt-out mechanism)",
  },
  US_NJ: {
    name: "New Jersey Data Privacy Act",
    law: "N.J.S.A. 56:8-166.4 et seq.",
    rate: 10_000,
    maxRate: 20_000,
    penaltyBasis: "$10,000 first violation, $20,000 subsequent, via the Consumer Fraud Act; cure sunset 15 Jul 2025.",
    penaltyCitation: "N.J.S.A. 56:8-166.13; 56:8-13",
    uoomFrom: "2025-07-15",
    uoomRuleId: "USST-UOOM-NJ",
    uoomSection: "N.J.S.A. 56:8-166.11 (universal opt-out mechanism; date unverified)",
  },
  US_MT: {
    name: "Montana Consumer Data Privacy Act",
    law: "Mont. Code Ann. 30-14-2801 et seq. (as amended by SB 297)",
    rate: 7_500,
    maxRate: 7_500,
    penaltyBasis: "$7,500 per violation (unverified); cure removed 1 Oct 2025.",
    penaltyCitation: "Mont. Code Ann. 30-14-2817; SB 297",
    uoomFrom: "2025-01-01",
    uoomRuleId: "USST-UOOM-MT",
    uoomSection: "Mont. Code Ann. 30-14-2808 (universal opt-out mechanism)",
  },
  US_DE: {
    name: "Delaware Personal Data Privacy Act",
    law: "6 Del. C. §12D-101 et seq.",
    rate: 10_000,
    maxRate: 10_000,
    penaltyBasis: "$10,000 per violation.",
    penaltyCitation: "6 Del. C. §12D-111",
    uoomFrom: "2026-01-01",
    uoomRuleId: "USST-UOOM-DE",
    uoomSection: "6 Del. C. §12D-106 (universal opt-out mechanism)",
  },
  US_MD: {
    name: "Maryland Online Data Privacy Act",
    law: "Md. Code Com. Law §14-4601 et seq.",
    rate: 10_000,
    maxRate: 25_000,
    penaltyBasis: "$10,000 per violation; $25,000 per repeat violation.",
    penaltyCitation: "Md. Code Com. Law §14-4613",
    uoomFrom: "2025-10-01",
    uoomRuleId: "USST-UOOM-MD",
    uoomSection: "Md. Code Com. Law §14-4605 (universal opt-out mechanism)",
  },
  US_MN: {
    name: "Minnesota Consumer Data Privacy Act",
    law: "Minn. Stat. §325O.01 et seq.",
    rate: 7_500,
    maxRate: 7_500,
    penaltyBasis: "$7,500 per violation.",
    penaltyCitation: "Minn. Stat. §325O.10",
    uoomFrom: "2025-07-31",
    uoomRuleId: "USST-UOOM-MN",
    uoomSection: "Minn. Stat. §325O.05 (universal opt-out mechanism)",
  },
};

const OPT_OUT =
  "State privacy laws are opt-out regimes for sale and targeted advertising: tracking before a choice is not itself a violation; the universal opt-out (GPC) test decides.";

function stateCatalog(id: StateId, row: StateRow): FrameworkCatalog {
  const perViolation: PenaltySchedule = {
    kind: "per_violation",
    currency: "USD",
    min: row.rate,
    max: row.maxRate,
    basis: row.penaltyBasis,
    citation: row.penaltyCitation,
    benchmark: "CT AG v. TicketNetwork (Jul 2025): $85,000, first CTDPA penalty. CA+CO+CT GPC sweep letters (Sep 2025).",
  };
  const obs = (code: Parameters<typeof observation>[0], title: string, reason = OPT_OUT) =>
    observation(code, { rule_id: `USST-OBS-${code}`, section: row.law, title, reason });
  return defineFrameworkCatalog({
    id,
    name: row.name,
    jurisdiction: `${row.name.split(" ")[0]}, USA`,
    currency: "USD",
    consent_model: "opt_out",
    penalties: { "PV-ST": perViolation, NONE: { kind: "none", currency: "USD", basis: "Not a violation under this framework: no fine.", citation: "—" } },
    benchmarks: ["CT AG v. TicketNetwork (Jul 2025): $85,000 — policy missing rights, broken rights links."],
    rules: {
      TRACKING_BEFORE_CONSENT: obs("TRACKING_BEFORE_CONSENT", "Trackers run before any privacy choice"),
      REJECT_NOT_HONORED: obs(
        "REJECT_NOT_HONORED",
        "Tracking continues after the banner's 'Reject all'",
        `${OPT_OUT} A banner refusal is strong evidence that opt-outs are not processed, but the statutory opt-out test here is GPC.`,
      ),
      GPC_NOT_HONORED: violation("GPC_NOT_HONORED", {
        rule_id: row.uoomRuleId,
        section: row.uoomSection,
        title: "Universal opt-out mechanism (Global Privacy Control) not honoured",
        severity: "HIGH",
        penalty: "PV-ST",
        effective_from: row.uoomFrom,
      }),
      MISSING_OPT_OUT_LINK: violation("MISSING_OPT_OUT_LINK", {
        rule_id: "USST-OPTOUTLINK",
        section: "CO Rule 4.03(B); MT SB 297; Conn. Gen. Stat. §42-520",
        title: "No clear and conspicuous opt-out link for sale / targeted advertising",
        severity: "MEDIUM",
        penalty: "PV-ST",
      }),
      OPT_OUT_LINK_BROKEN: violation("OPT_OUT_LINK_BROKEN", {
        rule_id: "USST-OPTOUTLINK",
        section: "CO Rule 4.03(B); Conn. Gen. Stat. §42-520",
        title: "Opt-out link broken or leads nowhere",
        severity: "MEDIUM",
        penalty: "PV-ST",
      }),
      NO_CONSENT_MECHANISM: obs("NO_CONSENT_MECHANISM", "No consent banner or preference tool"),
      NO_REJECT_OPTION: obs("NO_REJECT_OPTION", "Rejecting takes more clicks than accepting"),
      PRE_TICKED_CONSENT: obs("PRE_TICKED_CONSENT", "Consent choices pre-selected", "Consent obtained through dark patterns is invalid under state laws, but only sensitive data requires opt-in consent; not assessed here."),
      MISSING_PRIVACY_POLICY: violation("MISSING_PRIVACY_POLICY", {
        rule_id: "USST-NOTICE-APPEAL",
        section: "CO Rule 6.02; Conn. Gen. Stat. §42-520; Tex. Bus. & Com. §541.102(a); ORS 646A.578",
        title: "No privacy notice linked from the home page",
        severity: "MEDIUM",
        penalty: "PV-ST",
      }),
      PRIVACY_POLICY_INCOMPLETE: violation("PRIVACY_POLICY_INCOMPLETE", {
        rule_id: "USST-NOTICE-APPEAL",
        section: "CO Rule 6.02; Conn. Gen. Stat. §42-520; Tex. Bus. & Com. §541.102(a); ORS 646A.578",
        title: "Privacy notice lacks state rights, appeal process or sharing disclosures",
        severity: "MEDIUM",
        penalty: "PV-ST",
      }),
      PII_SHARED_WITH_THIRD_PARTY: obs("PII_SHARED_WITH_THIRD_PARTY", "Personal data sent to third parties", "Disclosure to third parties is lawful under state laws unless the consumer opted out; see the GPC test."),
      INSECURE_DATA_COLLECTION: obs("INSECURE_DATA_COLLECTION", "Personal data collected over plain HTTP", "State laws require reasonable security, but this catalog maps no fine to it without a breach."),
      EXCESSIVE_COOKIE_LIFETIME: obs("EXCESSIVE_COOKIE_LIFETIME", "Tracking cookie lifetime over 13 months", "State laws set no cookie lifetime limit."),
      SESSION_RECORDING: obs("SESSION_RECORDING", "Session recording before a choice"),
      BROWSER_FINGERPRINTING: obs("BROWSER_FINGERPRINTING", "Browser fingerprinting before a choice"),
    },
  });
}

export const usStateCatalogs = Object.fromEntries(
  (Object.keys(states) as StateId[]).map((id) => [id, stateCatalog(id, states[id])]),
) as Record<StateId, FrameworkCatalog>;
