import { buildEvidence } from "../evidence-helpers";
import type { Detector } from "../types";
import { bannerInoperable, describeContainer } from "../verdicts/banner-location";
import { primaryBanner } from "../verdicts/consent-verdict";

/**
 * Accept on the first layer but no reject there, or rejecting takes more clicks than accepting.
 * A banner seen but not operable (closed shadow root, controls that do not respond) settles
 * neither: its click counts are not measurements, and an unreadable one is reported inconclusive.
 */
export const detectNoRejectOption: Detector = (evidence, ctx) => {
  const banner = primaryBanner(evidence);
  if (!banner) return [];
  if (bannerInoperable(banner)) {
    const where = describeContainer(banner.container);
    return [
      {
        code: "NO_REJECT_OPTION",
        status: "inconclusive",
        confidence: "low",
        pages: evidence.sessions.pre_consent?.pages.slice(0, 1) ?? [],
        summary: `A consent banner was seen${where ? ` ${where}` : ""} but could not be read or operated, so whether refusing is as easy as accepting could not be checked.`,
        evidence: buildEvidence(ctx, {
          screenshots: [banner.screenshot_before],
          signals: { cmp: banner.cmp, container: banner.container?.kind ?? null, shadow_host: banner.container?.shadow_host ?? null, frame_url: banner.container?.frame_url ?? null },
          notes: [`Not operable: ${banner.inoperable_reason}.`, "Reported as inconclusive, not as a violation: the screenshot shows what a person sees."],
        }),
      },
    ];
  }
  const firstLayer = banner.buttons.filter((b) => b.layer === 1);
  const acceptL1 = firstLayer.some((b) => b.role === "accept");
  const rejectL1 = banner.reject_on_first_layer ?? firstLayer.some((b) => b.role === "reject");
  // Clicks counted on a path whose controls did not respond measure the engine, not the site.
  const asymmetric = banner.inoperable_reason === null && banner.clicks_to_accept !== null && banner.clicks_to_reject !== null && banner.clicks_to_reject > banner.clicks_to_accept;
  const missing = acceptL1 && !rejectL1;
  if (!missing && !asymmetric) return [];
  const why: string[] = [];
  if (missing) why.push("the first layer offers 'Accept' but no 'Reject'");
  if (asymmetric) why.push(`rejecting takes ${banner.clicks_to_reject} clicks against ${banner.clicks_to_accept} to accept`);
  const explicit = banner.reject_on_first_layer === false || asymmetric;
  return [
    {
      code: "NO_REJECT_OPTION",
      status: "violation-candidate",
      confidence: explicit ? "high" : "medium",
      pages: evidence.sessions.pre_consent?.pages.slice(0, 1) ?? [],
      summary: `Refusing is harder than accepting: ${why.join(" and ")}.`,
      evidence: buildEvidence(ctx, {
        screenshots: [banner.screenshot_before],
        signals: {
          cmp: banner.cmp,
          reject_on_first_layer: banner.reject_on_first_layer,
          clicks_to_accept: banner.clicks_to_accept,
          clicks_to_reject: banner.clicks_to_reject,
          first_layer_buttons: firstLayer.map((b) => `${b.role}: ${b.text}`).join(" | "),
          container: banner.container?.kind ?? null,
          shadow_host: banner.container?.shadow_host ?? null,
          frame_url: banner.container?.frame_url ?? null,
        },
      }),
    },
  ];
};
