import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOptOutLink, isPolicyLink } from "@/agents/discovery/classify";
import { type TestWeb, startTestWeb } from "@/tests/fixtures/web/server";
import { LANG_SITES } from "@/tests/fixtures/web/sites-i18n";
import { request } from "./request";

let web: TestWeb;
beforeAll(async () => {
  web = await startTestWeb();
});
afterAll(async () => {
  await web.close();
});

const get = (host: string, path = "/") => request(web.port, { host, path });
const anchors = (html: string) => [...html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map(([, href = "", text = ""]) => ({ href, text }));

describe("test sites in other languages", () => {
  it.each(LANG_SITES.map((s) => [s.host, s] as const))("%s speaks its language on every surface", async (host, site) => {
    const w = site.wording;
    if (!w) throw new Error("a language site without wording");
    const home = await get(host);
    expect(home.body).toContain(`<html lang="${w.lang}">`);
    for (const label of [w.banner.acceptAll, w.banner.rejectAll, w.banner.manage, w.banner.save]) expect(home.body).toContain(label);
    const links = anchors(home.body);
    // The footer links sit at paths that do not say what they are: only their wording can.
    const policy = links.find((l) => l.href === w.policyPath);
    expect(policy?.text).toBe(w.policyLinkText);
    const optOut = links.find((l) => l.text === site.optOutLinkText);
    expect(optOut?.href).toBe(w.optOutPath);

    const policyPage = await get(host, w.policyPath);
    expect(policyPage.status).toBe(200);
    expect(policyPage.body).toContain(`<h1>${w.policyTitle}</h1>`);
    const optOutPage = await get(host, w.optOutPath);
    expect(optOutPage.status).toBe(200);
    expect(optOutPage.body).toContain('id="opt-out-form"');
  });

  it("the incomplete twin serves a shorter policy than the complete site", async () => {
    const full = await get("www.lang-de.example", "/dse");
    const thin = await get("www.lang-de-thin.example", "/dse");
    expect(full.body).toContain("Datenschutzbeauftragten");
    expect(thin.body).not.toContain("Datenschutzbeauftragten");
    expect(thin.body).toContain("Verantwortlicher");
  });

  it("the engine's link wording recognises every localised footer link by its text alone", async () => {
    for (const site of LANG_SITES) {
      const w = site.wording;
      if (!w) continue;
      expect(isPolicyLink(w.policyLinkText), `${site.host} policy`).toBe(true);
      expect(isOptOutLink(w.policyLinkText), `${site.host} policy is not opt-out`).toBe(false);
      expect(isOptOutLink(site.optOutLinkText), `${site.host} opt-out`).toBe(true);
      expect(isPolicyLink(w.cookieSettingsText), `${site.host} settings link is not the policy`).toBe(false);
    }
  });
});
