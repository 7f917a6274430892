import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConsentSignals } from "@/components/report/consent-signals";
import { EMPTY_CONSENT_SIGNALS } from "@/lib/schemas/report";

describe("the report page's decoded consent signals", () => {
  it("lists each decoded line, escaped, with the vendor map's source", () => {
    const html = renderToStaticMarkup(
      createElement(ConsentSignals, {
        signals: { ...EMPTY_CONSENT_SIGNALS, summary: ["TCF vendor 755 <Google> received 3 request(s) after 'Reject all'"], vendor_map_source: "GVL extract 2021-11-16" },
      }),
    );
    expect(html).toContain("Decoded consent signals");
    expect(html).toContain("TCF vendor 755 &lt;Google&gt; received 3 request(s)");
    expect(html).toContain("GVL extract 2021-11-16");
  });

  it("renders nothing for a site that sent no consent signals", () => {
    expect(renderToStaticMarkup(createElement(ConsentSignals, { signals: EMPTY_CONSENT_SIGNALS }))).toBe("");
  });
});
