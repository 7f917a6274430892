import type { SessionName } from "@/agents/evidence/schema";
import type { FindingCode, ViolationEvidence } from "@/lib/schemas/report";
import { buildEvidence, pagesOf } from "../evidence-helpers";
import { TCF_PURPOSE_NAMES } from "../signals/tcf";
import type { ClassifiedRequest, DetectorContext, Finding } from "../types";
import { adStorageGranted, CONSENT_MODE_DEBATE } from "../verdicts/consent-signals";

/**
 * What the decoded consent signals add to a finding about `session`: notes naming TCF vendors
 * that received traffic without consent in the string and Google tags that report ad_storage
 * granted, and the matching signal values.
 */
export function consentSignalNotes(ctx: DetectorContext, session: SessionName, requests: ClassifiedRequest[]): { notes: string[]; signals: ViolationEvidence["signals"] } {
  const notes: string[] = [];
  const signals: ViolationEvidence["signals"] = {};
  const vendors = ctx.consentSignals.report.tcf_vendors_without_consent.filter((v) => v.session === session);
  notes.push(...vendors.map((v) => v.summary));
  if (vendors.length) signals.tcf_vendors_without_consent = vendors.map((v) => `${v.vendor_id} ${v.vendor_name}`).join("; ");
  const granted = adStorageGranted(ctx.consentSignals, requests);
  if (granted.length) {
    const example = granted[0]?.mode;
    const how = example?.gcs ? `gcs=${example.gcs}` : `gcd=${example?.gcd ?? "?"}`;
    notes.push(
      session === "reject_all"
        ? `'Reject all' was recorded, yet ${granted.length} Google tag request(s) report ad_storage granted (e.g. ${how}).`
        : `Before any choice, ${granted.length} Google tag request(s) report ad_storage granted (e.g. ${how}): the tags' default consent state is 'granted'.`,
    );
    signals.gcm_ad_storage_granted_requests = granted.length;
    signals.gcm_example = how;
  }
  const tcf = ctx.consentSignals.tcfBySession[session];
  if (tcf) {
    signals.tcf_purposes_consent = tcf.purposes_consent.join(",");
    signals.tcf_vendors_consent = tcf.vendors_consent.length;
  }
  return { notes, signals };
}

/** The TCF string after a proven 'Reject all' still grants purpose consents. */
export function rejectStringGrants(ctx: DetectorContext): string | null {
  const purposes = ctx.consentSignals.report.tcf_reject_grants?.purposes ?? [];
  if (!purposes.length) return null;
  return `After 'Reject all' the CMP's TCF string still grants consent for purpose(s) ${purposes.map((p) => `${p} (${TCF_PURPOSE_NAMES[p] ?? "unknown"})`).join(", ")}: vendors reading it will process as if the visitor had agreed.`;
}

/** Denied-mode cookieless Consent Mode pings among `requests`, as a non-violation observation. */
export function deniedPingObservation(ctx: DetectorContext, code: FindingCode, requests: ClassifiedRequest[], when: string): Finding[] {
  const pings = requests.filter((r) => ctx.consentSignals.isDeniedPing(r));
  if (!pings.length) return [];
  return [
    {
      code,
      status: "observation",
      confidence: "high",
      pages: pagesOf(pings),
      summary: `${when}, Google tags sent ${pings.length} Consent Mode ping(s) reporting every consent type denied, without cookies (advanced Consent Mode).`,
      reason: CONSENT_MODE_DEBATE,
      evidence: buildEvidence(ctx, {
        requests: pings,
        signals: { gcm_denied_cookieless_pings: pings.length },
        notes: [CONSENT_MODE_DEBATE],
      }),
    },
  ];
}
