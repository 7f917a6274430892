import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Canary } from "@/agents/evidence/schema";
import { matchCanary, matchMessage, prepareCanaries, type OutgoingMessage } from "@/agents/observability/pii-matcher";
import { canaryVariants, describeVariant } from "@/agents/observability/pii-variants";
import { channelCode, describeChannel, vendorFeature } from "@/agents/observability/pii-vendor-feature";

const h = (algo: string, v: string) => createHash(algo).update(v).digest("hex");
const b64 = (v: string) => Buffer.from(v).toString("base64");
const canary = (kind: Canary["kind"], value: string, field = kind as string): Canary => ({ page_url: "https://www.shop.example/account/signup", field, kind, value });

const EMAIL = canary("email", "  Apo.Canary.k3j9x2aa@Example.org ");
const NORMAL_EMAIL = "apo.canary.k3j9x2aa@example.org";
const PHONE_NATIONAL = canary("phone", "(555) 347-0912");
const PHONE_E164 = canary("phone", "+15553470912");
const FULL_NAME = canary("name", "Apo CanaryKdjaxcaa", "full_name");
const STREET = canary("address", "348 CanaryKdjaxcaa Street", "street");
const CITY = canary("address", "CanaryKdjaxccville", "city");
const POSTCODE = canary("address", "93470", "postcode");

const one = (message: OutgoingMessage, c: Canary) => {
  const [p] = prepareCanaries([c]);
  if (!p) throw new Error("no canary");
  return matchCanary(message, p);
};
const url = (u: string): OutgoingMessage => ({ url: u });

describe("the forms a canary takes", () => {
  for (const algo of ["md5", "sha1", "sha256", "sha512"]) {
    it(`finds the ${algo} of the normalised e-mail, in any case`, () => {
      const [hit] = one(url(`https://t.example/c?x=${h(algo, NORMAL_EMAIL).toUpperCase()}`), EMAIL);
      expect(hit?.variant).toMatchObject({ form: algo, basis: "normalised value" });
    });
  }
  it("finds it in clear, URL-encoded, form-encoded, base64 and base64url", () => {
    expect(one(url(`https://t.example/c?e=${NORMAL_EMAIL}`), EMAIL)[0]?.variant.form).toBe("plain");
    expect(one({ url: "https://t.example/c", body: `e=${encodeURIComponent(NORMAL_EMAIL)}` }, EMAIL)[0]?.variant.form).toBe("url-encoded");
    expect(one({ url: "https://t.example/c", body: "x=1&n=Apo+CanaryKdjaxcaa" }, FULL_NAME)[0]?.variant.form).toBe("form-encoded");
    expect(one(url("https://t.example/c?e=Apo.Canary.k3j9x2aa%40Example.org"), EMAIL)[0]?.variant.basis).toBe("trimmed value");
    expect(one({ url: "https://t.example/c", headers: { "x-e": encodeURIComponent(NORMAL_EMAIL) } }, EMAIL)[0]?.variant.form).toBe("url-encoded");
    expect(one(url(`https://t.example/c?d=${b64(NORMAL_EMAIL)}`), EMAIL)[0]?.variant.form).toBe("base64");
    const urlSafe = Buffer.from(NORMAL_EMAIL).toString("base64url");
    expect(one(url(`https://t.example/c/${urlSafe}`), EMAIL)[0]?.variant.form).toMatch(/base64/);
  });
  it("matches a phone typed in national format when it travels as E.164 (with or without +) or digits, and the reverse", () => {
    for (const sent of ["+15553470912", "15553470912", "5553470912"]) {
      expect(one(url(`https://t.example/c?ph=${h("sha256", sent)}`), PHONE_NATIONAL)[0]?.variant.form, sent).toBe("sha256");
      expect(one(url(`https://t.example/c?ph=${h("sha256", sent)}`), PHONE_E164)[0]?.variant.form, sent).toBe("sha256");
    }
    expect(one(url("https://t.example/c?ph=%2B15553470912"), PHONE_NATIONAL)[0]?.variant.basis).toBe("E.164 number");
    expect(one(url(`https://t.example/c?ph=${encodeURIComponent("(555) 347-0912")}`), PHONE_E164)[0]?.variant.basis).toBe("national number");
  });
  it("matches names and addresses as Meta and Google normalise them (lower-cased, parts, no spaces or punctuation)", () => {
    expect(one(url(`https://t.example/c?fn=${h("sha256", "apo canarykdjaxcaa")}`), FULL_NAME)[0]?.variant.form).toBe("sha256");
    expect(one(url(`https://t.example/c?ln=${h("sha256", "canarykdjaxcaa")}`), FULL_NAME)[0]?.variant.basis).toBe("normalised name part");
    expect(one(url(`https://t.example/c?st=${h("sha256", "348canarykdjaxcaastreet")}`), STREET)[0]?.variant.form).toBe("sha256");
    expect(one(url(`https://t.example/c?ct=${h("sha256", "canarykdjaxccville")}`), CITY)[0]?.variant.form).toBe("sha256");
    expect(one(url(`https://t.example/c?zp=${h("sha256", "93470")}`), POSTCODE)[0]?.variant.form).toBe("sha256");
  });
  it("describes what was sent in words", () => {
    expect(describeVariant({ form: "sha256", basis: "normalised value" })).toBe("SHA-256 of the normalised value");
    expect(describeVariant({ form: "plain", basis: "E.164 number" })).toBe("the E.164 number in clear");
  });
});

describe("where a canary travels", () => {
  const sha = h("sha256", NORMAL_EMAIL);
  it("names the query parameter (Meta ud[em]) and the path segment", () => {
    expect(one(url(`https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=${sha}`), EMAIL)[0]).toMatchObject({ location: "url-query", key: "ud[em]" });
    expect(one(url(`https://t.example/u/${sha}/px.gif`), EMAIL)[0]).toMatchObject({ location: "url-path", key: "path[1]" });
  });
  it("walks nested JSON bodies and arrays of events (TikTok's events[0].user.email)", () => {
    const body = JSON.stringify({ event_source: "web", events: [{ event: "Pageview" }, { event: "SubmitForm", user: { email: sha } }] });
    expect(one({ url: "https://analytics.tiktok.com/api/v2/pixel/track", body }, EMAIL)[0]).toMatchObject({ location: "body-json", key: "events[1].user.email" });
  });
  it("walks JSON inside a form field and newline-delimited JSON", () => {
    expect(one({ url: "https://t.example/c", body: `data=${encodeURIComponent(JSON.stringify({ u: { e: NORMAL_EMAIL } }))}` }, EMAIL)[0]).toMatchObject({ location: "body-form", key: "data.u.e" });
    expect(one({ url: "https://t.example/c", body: `{"a":1}\n{"b":{"email":"${sha}"}}` }, EMAIL)[0]).toMatchObject({ location: "body-json", key: "b.email" });
  });
  it("finds a form-encoded body field", () => {
    expect(one({ url: "https://t.example/c", body: `a=1&ep.email=${encodeURIComponent(NORMAL_EMAIL)}` }, EMAIL)[0]).toMatchObject({ location: "body-form", key: "ep.email" });
  });
  it("finds custom headers and cookies by name", () => {
    expect(one({ url: "https://t.example/c", headers: { "x-user-email": NORMAL_EMAIL } }, EMAIL)[0]).toMatchObject({ location: "header", key: "x-user-email" });
    expect(one({ url: "https://t.example/c", headers: { cookie: `a=1; _u=${b64(NORMAL_EMAIL)}` } }, EMAIL)[0]).toMatchObject({ location: "cookie", key: "_u", variant: { form: "base64" } });
  });
  it("finds WebSocket frames", () => {
    const frames = ['{"type":"hello"}', JSON.stringify({ type: "identify", user: { email: NORMAL_EMAIL } })];
    expect(one({ url: "wss://chat.example/ws", frames }, EMAIL)[0]).toMatchObject({ location: "websocket-frame", key: "user.email" });
  });
  it("reports each location that carries it", () => {
    const hits = one({ url: `https://t.example/c?em=${sha}`, body: `{"email":"${NORMAL_EMAIL}"}`, headers: { "x-e": NORMAL_EMAIL } }, EMAIL);
    expect(hits.map((x) => x.location)).toEqual(["url-query", "body-json", "header"]);
  });
});

describe("no false matches", () => {
  const other = "someone.else@example.org";
  const noise: OutgoingMessage = {
    url: `https://www.facebook.com/tr/?id=1&ud[em]=${h("sha256", other)}&ts=1796397867035&fbp=fb.1.1796397860450.509555418`,
    body: JSON.stringify({ events: [{ user: { email: h("sha256", other), phone_number: h("sha256", "+15550000000") } }], n: 5553470913, zip: "93470" }),
    headers: { cookie: `_ga=GA1.1.555347091.1796397860; x=${h("md5", other)}`, "x-user-email": other },
    frames: [JSON.stringify({ email: other, name: "Apo Canary" })],
  };
  it("ignores other people's values, their hashes, near-miss numbers and a bare postcode", () => {
    const prepared = prepareCanaries([EMAIL, PHONE_NATIONAL, FULL_NAME, STREET, CITY, POSTCODE]);
    expect(matchMessage(noise, prepared)).toEqual([]);
  });
  it("does not count a postcode or short value in clear, only hashed", () => {
    const forms = canaryVariants("93470", "address").map((v) => v.form);
    expect(forms).not.toContain("plain");
    expect(forms).toEqual(expect.arrayContaining(["md5", "sha1", "sha256", "sha512"]));
  });
});

describe("vendor features", () => {
  const c = (host: string, path: string, location: Parameters<typeof describeChannel>[0]["location"], key: string | null, resourceType = "image") => ({ host, path, location, key, resourceType });
  it("names Meta advanced matching, TikTok identify and Events API, Google enhanced conversions", () => {
    expect(vendorFeature(c("www.facebook.com", "/tr/", "url-query", "ud[em]"))).toBe("Meta advanced matching (ud[em])");
    expect(vendorFeature(c("analytics.tiktok.com", "/api/v2/pixel", "body-json", "context.user.email"))).toBe("TikTok advanced matching (identify: context.user.email)");
    expect(vendorFeature(c("analytics.tiktok.com", "/api/v2/pixel/track", "body-json", "events[0].user.phone_number"))).toBe("TikTok Events API (events[0].user.phone_number)");
    expect(vendorFeature(c("www.google-analytics.com", "/g/collect", "url-query", "em"))).toBe("Google enhanced conversions (em)");
    expect(vendorFeature(c("www.googleadservices.com", "/pagead/conversion/1/", "url-query", "em"))).toBe("Google enhanced conversions (em)");
  });
  it("names no feature for an ordinary parameter of those vendors", () => {
    expect(vendorFeature(c("www.facebook.com", "/tr/", "url-query", "cd[email]"))).toBeNull();
    expect(vendorFeature(c("www.google-analytics.com", "/g/collect", "url-query", "dl"))).toBeNull();
    expect(vendorFeature(c("tracker.example", "/c", "url-query", "ud[em]"))).toBeNull();
  });
  it("names the channel otherwise: header, cookie, beacon, WebSocket", () => {
    expect(describeChannel(c("api.example", "/p", "header", "x-user-email", "fetch"))).toBe("a request header (x-user-email)");
    expect(channelCode(c("api.example", "/p", "header", "x-user-email", "fetch"))).toBe("custom-header");
    expect(channelCode(c("api.example", "/p", "cookie", "uid", "fetch"))).toBe("cookie");
    expect(channelCode(c("www.google-analytics.com", "/g/collect", "body-form", "ep.form_name", "ping"))).toBe("beacon");
    expect(describeChannel(c("www.google-analytics.com", "/g/collect", "body-form", "ep.form_name", "ping"))).toBe("a sendBeacon body (ep.form_name)");
    expect(channelCode(c("chat.example", "/ws", "websocket-frame", "user.email", "websocket"))).toBe("websocket");
  });
});
