import { TCString, type Vector } from "@iabtcf/core";

/**
 * An IAB TCF v2 TC string (v2.2 when policy_version ≥ 4), decoded with @iabtcf/core. Purpose and
 * vendor bits decode without the Global Vendor List; names come from the bundled vendor map.
 */
export interface TcfDecoded {
  tcf_version: number;
  policy_version: number;
  cmp_id: number;
  cmp_version: number;
  vendor_list_version: number;
  created: string | null;
  last_updated: string | null;
  publisher_cc: string;
  is_service_specific: boolean;
  purposes_consent: number[];
  purposes_legitimate_interest: number[];
  vendors_consent: number[];
  vendors_legitimate_interest: number[];
  special_features: number[];
}

function setIds(vector: Vector): number[] {
  const ids: number[] = [];
  vector.forEach((value, id) => {
    if (value) ids.push(id);
  });
  return ids.sort((a, b) => a - b);
}

function iso(date: Date | undefined): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** Decodes a TC string; throws on a malformed one (a GPP string, garbage). */
export function decodeTcf(tcString: string): TcfDecoded {
  const model = TCString.decode(tcString.trim());
  return {
    tcf_version: Number(model.version),
    policy_version: Number(model.policyVersion),
    cmp_id: Number(model.cmpId),
    cmp_version: Number(model.cmpVersion),
    vendor_list_version: Number(model.vendorListVersion),
    created: iso(model.created),
    last_updated: iso(model.lastUpdated),
    publisher_cc: model.publisherCountryCode,
    is_service_specific: model.isServiceSpecific,
    purposes_consent: setIds(model.purposeConsents),
    purposes_legitimate_interest: setIds(model.purposeLegitimateInterests),
    vendors_consent: setIds(model.vendorConsents),
    vendors_legitimate_interest: setIds(model.vendorLegitimateInterests),
    special_features: setIds(model.specialFeatureOptins),
  };
}

/** decodeTcf without throwing. */
export function tryDecodeTcf(tcString: string | null | undefined): { decoded: TcfDecoded | null; error: string | null } {
  if (!tcString) return { decoded: null, error: null };
  try {
    return { decoded: decodeTcf(tcString), error: null };
  } catch (error) {
    return { decoded: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** IAB TCF v2.2 purpose names (Policy Appendix A), for reports. */
export const TCF_PURPOSE_NAMES: Record<number, string> = {
  1: "Store and/or access information on a device",
  2: "Use limited data to select advertising",
  3: "Create profiles for personalised advertising",
  4: "Use profiles to select personalised advertising",
  5: "Create profiles to personalise content",
  6: "Use profiles to select personalised content",
  7: "Measure advertising performance",
  8: "Measure content performance",
  9: "Understand audiences through statistics or combinations of data from different sources",
  10: "Develop and improve services",
  11: "Use limited data to select content",
};
