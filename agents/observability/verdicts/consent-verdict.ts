import type { BannerEvidence, Evidence } from "@/agents/evidence/schema";
import type { ConsentVerdict } from "@/lib/schemas/report";
import { bannerInoperable, describeContainer } from "./banner-location";

/** The banner as seen in the most informative session (reject_all, then pre_consent, accept_all). */
export function primaryBanner(evidence: Evidence): BannerEvidence | null {
  const order = [evidence.sessions.reject_all, evidence.sessions.pre_consent, evidence.sessions.accept_all, evidence.sessions.gpc];
  return order.find((s) => s?.banner.detected)?.banner ?? null;
}

export function bannerFoundAnywhere(evidence: Evidence): boolean {
  const sessions = Object.values(evidence.sessions);
  return sessions.some((s) => s?.banner.detected) || evidence.discovery.nodes.some((n) => n.banner_present);
}

/** Whether the reject click is proven to have worked (autoconsent success and self-test not failed). */
export function rejectProven(evidence: Evidence): "proven" | "unproven" | "not_attempted" {
  const reject = evidence.sessions.reject_all;
  if (!reject) return "not_attempted";
  if (reject.banner.action_result === "success" && reject.banner.self_test !== false) return "proven";
  if (reject.banner.action_result === "not_attempted") return "not_attempted";
  return "unproven";
}

/** Plain-words verdict on the consent banner; `rejectHonored` comes from the REJECT_NOT_HONORED detector. */
export function computeConsentVerdict(evidence: Evidence, rejectHonored: ConsentVerdict["reject_honored"]): ConsentVerdict {
  const banner = primaryBanner(evidence);
  const found = bannerFoundAnywhere(evidence);
  const preticked = [...new Set(Object.values(evidence.sessions).flatMap((s) => s?.banner.preticked.filter((p) => !p.essential).map((p) => p.label) ?? []))];
  const parts: string[] = [];
  if (!found) parts.push("No consent banner or preference tool was found.");
  else {
    const where = describeContainer(banner?.container ?? null);
    parts.push(`A consent banner${banner?.cmp ? ` (${banner.cmp})` : ""} was found${where ? ` ${where}` : ""}.`);
    if (bannerInoperable(banner)) parts.push(`It could be seen but not operated (${banner?.inoperable_reason}), so what it offers is inconclusive.`);
    if (banner?.reject_on_first_layer === false) parts.push("Its first layer has no 'Reject' button.");
    if (banner?.reject_on_first_layer === true) parts.push("It offers 'Reject' on the first layer.");
    if (banner?.clicks_to_accept != null && banner.clicks_to_reject != null) {
      parts.push(`Accepting takes ${banner.clicks_to_accept} click(s), rejecting ${banner.clicks_to_reject}.`);
    }
    if (preticked.length) parts.push(`Pre-ticked: ${preticked.join(", ")}.`);
  }
  const rejectWords: Record<ConsentVerdict["reject_honored"], string> = {
    yes: "After 'Reject all', no trackers ran.",
    no: "After 'Reject all', trackers kept running.",
    inconclusive: "The reject click could not be proven to have worked, so whether refusals are honoured is inconclusive.",
    not_tested: "Rejecting was not tested.",
  };
  if (found) parts.push(rejectWords[rejectHonored]);
  return {
    banner_found: found,
    cmp: banner?.cmp ?? null,
    reject_on_first_layer: banner?.reject_on_first_layer ?? null,
    clicks_to_accept: banner?.clicks_to_accept ?? null,
    clicks_to_reject: banner?.clicks_to_reject ?? null,
    preticked,
    reject_honored: rejectHonored,
    summary: parts.join(" "),
    banner_container: banner?.container ?? null,
    banner_inoperable_reason: banner?.inoperable_reason ?? null,
  };
}
