import type { ConsentSignals } from "@/agents/evidence/schema";
import type { ConsentState } from "@/lib/schemas/report";
import { GPP_SECTION_NAMES, tryDecodeGpp } from "./gpp";
import { optanonGpcEnabled } from "./optanon";
import { usPrivacyOptedOut } from "./us-privacy";

/** The site's own record of the visitor's choice, decoded. */
export function readConsentState(signals: ConsentSignals): ConsentState {
  const usprivacy = signals.uspapi ?? signals.usprivacy_cookie;
  const { decoded, error } = tryDecodeGpp(signals.gpp_string);
  return {
    usprivacy,
    usprivacy_opted_out: usPrivacyOptedOut(usprivacy),
    gpp_string: signals.gpp_string,
    gpp_sections: (decoded?.us ?? []).map((s) => ({
      id: s.id,
      name: GPP_SECTION_NAMES[s.id] ?? String(s.id),
      sale_opt_out: s.saleOptOut,
      sharing_opt_out: s.sharingOptOut,
      targeted_advertising_opt_out: s.targetedAdvertisingOptOut,
      gpc: s.gpc,
    })),
    gpp_error: error ?? (decoded?.errors.length ? decoded.errors.join("; ") : null),
    gpp_sections_not_decoded: decoded?.notDecoded ?? [],
    optanon_is_gpc_enabled: optanonGpcEnabled(signals.optanon_consent),
    navigator_gpc: signals.navigator_gpc,
  };
}
