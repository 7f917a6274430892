import { describe, expect, it } from "vitest";
import { FRAME_CMP_DIALOG_HTML, FRAME_CMP_LOADER_JS, handleHiddenCmpRequest, HIDDEN_CMP_SITES, shadowCmpJs } from "@/tests/fixtures/web/hidden-cmps";
import { type WebRequest } from "@/tests/fixtures/web/http-types";
import { route } from "@/tests/fixtures/web/router";

function get(host: string, path: string): WebRequest {
  const url = new URL(path, `https://${host}`);
  return { scheme: "https", host, method: "GET", path, url, headers: {}, body: "", cookies: {}, gpc: false };
}

describe("the hidden CMPs of the test web", () => {
  it("serve valid scripts: the shadow CMP in each variant and the frame loader", () => {
    for (const variant of ["open", "accept-only", "closed"] as const) expect(() => new Function(shadowCmpJs(variant)), variant).not.toThrow();
    expect(() => new Function(FRAME_CMP_LOADER_JS)).not.toThrow();
    expect(shadowCmpJs("closed")).toContain('mode: VARIANT === "closed" ? "closed" : "open"');
  });

  it("offer reject on both layers except in the accept-only variant, whose toggles are pre-ticked", () => {
    expect(shadowCmpJs("open")).toContain("Reject all");
    expect(shadowCmpJs("accept-only")).not.toContain("Reject all");
    expect(shadowCmpJs("accept-only")).toMatch(/name=\\"analytics\\" checked/);
    expect(FRAME_CMP_DIALOG_HTML).toContain('parent.postMessage({ type: "framecmp:choice"');
  });

  it("answer from the CMPs' own hosts, and the sites load them from there", () => {
    expect(handleHiddenCmpRequest(get("cdn.shadowcmp.example", "/cmp.js?variant=open"))?.status).toBe(200);
    expect(handleHiddenCmpRequest(get("cdn.shadowcmp.example", "/cmp.js?variant=other"))).toBeUndefined();
    expect(handleHiddenCmpRequest(get("consent.framecmp.example", "/dialog.html"))?.headers["Content-Type"]).toMatch(/text\/html/);
    expect(handleHiddenCmpRequest(get("consent.framecmp.example", "/loader.js"))?.status).toBe(200);
    for (const site of HIDDEN_CMP_SITES) {
      const page = String(route(get(site.host, "/"), 0).body);
      expect(page, site.host).toMatch(site.banner.kind === "framed" ? /consent\.framecmp\.example\/loader\.js/ : /cdn\.shadowcmp\.example\/cmp\.js\?variant=/);
      expect(page, site.host).toMatch(/<script type="text\/plain" data-parked data-tracker="ga4"/);
    }
  });
});
