import { buildEvidence } from "../evidence-helpers";
import type { Detector } from "../types";

/** An opt-out link that errors, loops, or lands on a page with no opt-out control. */
export const detectOptOutLinkBroken: Detector = (evidence, ctx) =>
  evidence.opt_out_checks.flatMap((check) => {
    const problems: string[] = [];
    if (check.status !== null && check.status >= 400) problems.push(`returned HTTP ${check.status}`);
    if (check.redirect_loop) problems.push("ends in a redirect loop");
    if (check.error && check.status === null) problems.push(`failed to load (${check.error})`);
    if (!problems.length && !check.has_opt_out_control) problems.push("leads to a page with no way to opt out");
    if (!problems.length) return [];
    const hard = (check.status !== null && check.status >= 400) || check.redirect_loop;
    return [
      {
        code: "OPT_OUT_LINK_BROKEN" as const,
        status: "violation-candidate" as const,
        confidence: hard ? ("high" as const) : ("medium" as const),
        pages: [check.href],
        summary: `The opt-out link "${check.text}" ${problems.join(" and ")}.`,
        evidence: buildEvidence(ctx, {
          signals: { href: check.href, final_url: check.final_url, status: check.status, redirect_loop: check.redirect_loop, has_opt_out_control: check.has_opt_out_control },
          notes: check.error ? [check.error] : [],
        }),
      },
    ];
  });
