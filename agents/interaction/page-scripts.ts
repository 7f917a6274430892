/**
 * JavaScript that runs inside the page, kept as source strings: functions handed to
 * page.evaluate are serialised with toString(), and tsx/esbuild's name helpers (`__name`) would
 * not exist in the page. Every script here is an expression evaluating to JSON-serialisable data.
 */

/** Shared in-page helpers: visibility and the BannerClick-style climb to a fixed/sticky/high-z container. */
const HELPERS = String.raw`
  const COOKIE_WORDS = /cookie|consent|gdpr|privacy|datenschutz|privacidad|privacidade|confidentialit|tracking|personal data|rgpd|lgpd|einwilligung|consentimento|consentement|consentimiento|consenso|toestemming|dsgvo|dati personali|persoonsgegevens|datos personales|dados pessoais|donn[ée]es personnelles|personenbezogen/i;
  const BANNER_ATTR = /cookie|consent|gdpr|\bcmp\b|onetrust|optanon|didomi|cookiebot|usercentrics|truste|quantcast|privacy-?banner|cc-window|cc-banner|osano|termly|iubenda|klaro|complianz|cmplz/i;
  const visible = (el) => {
    if (!el || !(el instanceof Element)) return false;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden" || Number(style.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2;
  };
  const floating = (el) => {
    const style = getComputedStyle(el);
    const z = parseInt(style.zIndex, 10);
    return style.position === "fixed" || style.position === "sticky" || (!Number.isNaN(z) && z >= 100 && style.position !== "static");
  };
  const allRoots = () => {
    const roots = [document];
    const walk = (root) => {
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); }
    };
    try { walk(document); } catch (e) {}
    return roots;
  };
  // Open shadow roots are part of what a visitor sees: queries, text and the climb to a container cross them.
  const parentAcross = (el) => {
    if (el.parentElement) return el.parentElement;
    const root = el.getRootNode ? el.getRootNode() : null;
    return root && root.host ? root.host : null;
  };
  let rootsOnce = null;
  const roots = () => rootsOnce || (rootsOnce = allRoots());
  const deepContains = (scope, node) => {
    for (let n = node; n; n = parentAcross(n)) if (n === scope) return true;
    return false;
  };
  const shadowRootsUnder = (scope) => roots().filter((r) => r !== document && (scope === document || deepContains(scope, r.host)));
  const deepAll = (scope, selector) => {
    const out = [...scope.querySelectorAll(selector)];
    for (const root of shadowRootsUnder(scope)) out.push(...root.querySelectorAll(selector));
    return out;
  };
  const NOT_TEXT = /^(STYLE|SCRIPT|TEMPLATE|LINK|NOSCRIPT)$/;
  const deepText = (el) => {
    const parts = [el.innerText || el.textContent || ""];
    for (const root of shadowRootsUnder(el)) for (const c of root.children) if (!NOT_TEXT.test(c.tagName)) parts.push(c.innerText || c.textContent || "");
    return parts.join(" ").replace(/\s+/g, " ").trim();
  };
  const CONTROL = "button,a,[role=button],input[type=button],input[type=submit]";
  const inFrame = (() => { try { return window.top !== window; } catch (e) { return true; } })();
  const findBanner = () => {
    const candidates = [];
    for (const root of roots()) {
      for (const el of root.querySelectorAll("div,section,aside,form,dialog,footer,[role=dialog],[role=alertdialog],[role=region]")) {
        const attr = (el.id || "") + " " + (typeof el.className === "string" ? el.className : "") + " " + (el.getAttribute("aria-label") || "");
        if (BANNER_ATTR.test(attr) && visible(el) && deepAll(el, CONTROL).length) candidates.push(el);
      }
    }
    // Climb from cookie-word text to its nearest floating ancestor (BannerClick), across shadow boundaries.
    let steps = 0;
    for (const root of roots()) {
      const start = root === document ? (document.body || document.documentElement) : root;
      const walker = document.createTreeWalker(start, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode()) && steps < 20000) {
        steps++;
        if (!COOKIE_WORDS.test(node.textContent || "")) continue;
        let el = node.parentElement; let depth = 0;
        while (el && el !== document.body && depth < 16) {
          if (floating(el) && visible(el)) { candidates.push(el); break; }
          el = parentAcross(el); depth++;
        }
      }
    }
    const scored = candidates
      .filter((el) => visible(el) && COOKIE_WORDS.test(deepText(el)))
      .map((el) => {
        const r = el.getBoundingClientRect();
        const area = r.width * r.height;
        return { el, area, floating: floating(el) };
      })
      .filter((c) => c.area < window.innerWidth * window.innerHeight * 0.98 || c.floating)
      .sort((a, b) => Number(b.floating) - Number(a.floating) || a.area - b.area);
    // Prefer the outermost floating container so its buttons are all inside.
    let best = scored[0] ? scored[0].el : null;
    if (best) {
      let up = parentAcross(best);
      while (up && up !== document.body) { if (floating(up) && visible(up)) best = up; up = parentAcross(up); }
    }
    // A frame served by a CMP is the dialog itself: nothing floats inside it.
    if (!best && inFrame && document.body && COOKIE_WORDS.test(deepText(document.body)) && deepAll(document.body, CONTROL).length) best = document.body;
    return best;
  };
  const describeEl = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += "#" + el.id;
    else if (typeof el.className === "string" && el.className.trim()) d += "." + el.className.trim().split(/\s+/)[0];
    return d.slice(0, 80);
  };
  // The shadow hosts between the document and el, outermost first.
  const shadowPath = (el) => {
    const hosts = [];
    let n = el;
    while (n && n.getRootNode) {
      const root = n.getRootNode();
      if (!root || !root.host) break;
      hosts.unshift(describeEl(root.host));
      n = root.host;
    }
    return hosts;
  };
  // A visible, banner-sized custom element or consent-named host with no light content and no open
  // shadow root: what a closed shadow root looks like from the page. Seen, but not readable.
  const findOpaqueHost = () => {
    for (const el of document.querySelectorAll("body *")) {
      if (el.shadowRoot || el.childElementCount > 0 || (el.textContent || "").trim()) continue;
      if (NOT_TEXT.test(el.tagName) || /^(IFRAME|IMG|VIDEO|CANVAS|SVG|INPUT|TEXTAREA|SELECT|OBJECT|EMBED|BR|HR)$/.test(el.tagName)) continue;
      const attr = el.tagName.toLowerCase() + " " + (el.id || "") + " " + (typeof el.className === "string" ? el.className : "") + " " + (el.getAttribute("aria-label") || "");
      if (!BANNER_ATTR.test(attr) || !visible(el) || !floating(el)) continue;
      const r = el.getBoundingClientRect();
      // An empty plain element over the whole viewport is a backdrop; a custom element that size still hosts a dialog.
      const backdrop = !el.tagName.includes("-") && r.width * r.height >= window.innerWidth * window.innerHeight * 0.9;
      if (r.width >= 200 && r.height >= 40 && !backdrop) return el;
    }
    return null;
  };
`;

/** Facts discovery needs about a loaded page. */
export const EXTRACT_PAGE_SCRIPT = String.raw`(() => {
  ${HELPERS}
  const text = (el) => ((el && (el.innerText || el.textContent)) || "").replace(/\s+/g, " ").trim().slice(0, 200);
  const labelOf = (input) => {
    if (input.labels && input.labels.length) return text(input.labels[0]);
    const aria = input.getAttribute("aria-label"); if (aria) return aria;
    const by = input.getAttribute("aria-labelledby"); if (by) { const l = document.getElementById(by); if (l) return text(l); }
    const wrap = input.closest("label"); if (wrap) return text(wrap);
    return null;
  };
  const links = [];
  for (const a of document.querySelectorAll("a[href]")) {
    links.push({ href: a.href, text: text(a) || a.getAttribute("aria-label") || a.getAttribute("title") || "" });
    if (links.length >= 600) break;
  }
  const fieldsOf = (container) => [...container.querySelectorAll("input,select,textarea")].slice(0, 60).map((input) => ({
    name: input.getAttribute("name") || input.id || "",
    id: input.id || null,
    type: (input.tagName === "INPUT" ? (input.getAttribute("type") || "text") : input.tagName).toLowerCase(),
    autocomplete: input.getAttribute("autocomplete"),
    placeholder: input.getAttribute("placeholder"),
    label: labelOf(input),
    checked: !!input.checked,
    disabled: !!input.disabled,
  }));
  const forms = [...document.querySelectorAll("form")].slice(0, 20).map((form) => ({
    action: form.action || location.href,
    method: (form.getAttribute("method") || "get").toLowerCase(),
    fields: fieldsOf(form),
  }));
  // Inputs outside any <form> (SPA sign-up widgets) count as one implicit form.
  const loose = [...document.querySelectorAll("input,textarea")].filter((i) => !i.closest("form") && !["hidden","submit","button"].includes((i.getAttribute("type")||"").toLowerCase()));
  if (loose.length) forms.push({ action: location.href, method: "js", fields: fieldsOf({ querySelectorAll: () => loose }) });
  const scripts = [...document.querySelectorAll("script[src]")].map((s) => s.src);
  const frames = [...document.querySelectorAll("iframe[src],frame[src]")].map((f) => f.src);
  const banner = findBanner();
  return {
    final_url: location.href,
    title: (document.title || "").trim().slice(0, 300),
    links, forms, scripts, frames,
    banner_present: !!banner,
    banner_text: banner ? text(banner) : null,
  };
})()`;

/**
 * The consent banner as the visitor sees it: text and clickable controls, with a marker attribute
 * for clicking, and where it lives (shadow hosts). Falls back to an opaque host (closed shadow root).
 */
export const FIND_BANNER_SCRIPT = String.raw`(() => {
  ${HELPERS}
  for (const el of deepAll(document, "[data-apo-control],[data-apo-banner]")) { el.removeAttribute("data-apo-control"); el.removeAttribute("data-apo-banner"); }
  const rectOf = (el) => {
    const r = el.getBoundingClientRect();
    return { x: Math.max(0, r.x), y: Math.max(0, r.y), width: Math.min(r.width, window.innerWidth), height: Math.min(r.height, window.innerHeight) };
  };
  const banner = findBanner();
  if (!banner) {
    const host = findOpaqueHost();
    if (!host) return null;
    return { text: "", controls: [], rect: rectOf(host), in_frame: inFrame, opaque: true, shadow_hosts: [...shadowPath(host), describeEl(host)], shadow_mode: "closed" };
  }
  banner.setAttribute("data-apo-banner", "1");
  const controls = [];
  const elements = [];
  let i = 0;
  for (const el of deepAll(banner, CONTROL + ",[onclick]")) {
    if (!visible(el)) continue;
    const label = ((el.innerText || el.value || el.getAttribute("aria-label") || el.getAttribute("title") || "") + "").replace(/\s+/g, " ").trim().slice(0, 120);
    el.setAttribute("data-apo-control", String(i));
    controls.push({ index: i, text: label, tag: el.tagName.toLowerCase() });
    elements.push(el);
    i++;
    if (i >= 40) break;
  }
  const hosts = shadowPath(elements[0] || banner);
  return {
    text: deepText(banner).slice(0, 1000),
    controls,
    rect: rectOf(banner),
    in_frame: inFrame,
    opaque: false,
    shadow_hosts: hosts,
    shadow_mode: hosts.length ? "open" : null,
  };
})()`;

/** Clicks a marked control with the DOM's click(), for when a pointer click is intercepted. */
export const domClickScript = (index: number) => String.raw`(() => {
  ${HELPERS}
  const el = deepAll(document, '[data-apo-control="${index}"]')[0];
  if (!el) return false;
  el.click();
  return true;
})()`;

/** Toggles in the banner and in visible dialogs, searched through open shadow roots. */
const TOGGLE_SCOPE = String.raw`
  const scope = deepAll(document, "[data-apo-banner]")[0] || findBanner() || document.body;
  const containers = [scope];
  for (const el of deepAll(document, "[role=dialog],[aria-modal=true],dialog")) if (visible(el)) containers.push(el);
  const toggles = [];
  const seen = new Set();
  for (const container of containers) {
    for (const el of deepAll(container, "input[type=checkbox],[role=switch],[role=checkbox]")) {
      if (seen.has(el)) continue; seen.add(el); toggles.push(el);
    }
  }
  const isOn = (el) => el.tagName === "INPUT" ? el.checked : el.getAttribute("aria-checked") === "true";
  const labelOf = (el) => {
    let label = "";
    if (el.labels && el.labels.length) label = el.labels[0].innerText || "";
    if (!label) label = el.getAttribute("aria-label") || el.getAttribute("name") || el.id || "";
    if (!label) { const p = el.closest("li,tr,div"); label = p ? (p.innerText || "") : ""; }
    return label.replace(/\s+/g, " ").trim().slice(0, 120);
  };
`;

/** Untick every non-essential toggle the site switched on in the banner's settings; returns how many. */
export const UNTICK_TOGGLES_SCRIPT = String.raw`(() => {
  ${HELPERS}
  ${TOGGLE_SCOPE}
  const ESSENTIAL = /necessary|essential|required|strictly|notwendig|erforderlich|n[eé]cessaire|necesari|necess[aá]ri/i;
  let n = 0;
  for (const el of toggles) {
    if (!isOn(el) || el.disabled || ESSENTIAL.test(labelOf(el))) continue;
    el.click(); n++;
  }
  return n;
})()`;

/** Consent toggles/checkboxes in the (second-layer) settings UI and whether each starts switched on. */
export const READ_TOGGLES_SCRIPT = String.raw`(() => {
  ${HELPERS}
  ${TOGGLE_SCOPE}
  return toggles.map((el) => ({ label: labelOf(el), on: isOn(el), disabled: !!el.disabled || el.getAttribute("aria-disabled") === "true" }));
})()`;

/** Does the page offer a control to opt out: a form with a submit, a toggle, or a button/link with opt-out wording. */
export const OPT_OUT_CONTROL_SCRIPT = String.raw`(() => {
  const WORDS = /opt[\s-]?out|do not sell|don't sell|do not share|submit|confirm|save|request|unsubscribe|withdraw|reject|turn off|disable|no vender|ne pas vendre|widerspr|nicht verkaufen|n[aã]o vender|non vendere|niet verkopen|absenden|senden|envoyer|soumettre|enviar|inviare|invia|verzenden|versturen|opposer|oponer|opor|opporsi|bezwaar|refuser|rechazar|rejeitar|rifiuta|weigeren|ablehnen/i;
  for (const form of document.querySelectorAll("form")) {
    if (form.querySelector("button,input[type=submit],input[type=button],[role=button]")) return true;
  }
  if (document.querySelector("input[type=checkbox],[role=switch]")) return true;
  for (const el of document.querySelectorAll("button,[role=button],input[type=submit],input[type=button]")) {
    if (WORDS.test((el.innerText || el.value || "") + " " + (el.getAttribute("aria-label") || ""))) return true;
  }
  return false;
})()`;

/** Consent state the site recorded, read from the page's own APIs with per-call timeouts. */
export const READ_SIGNALS_SCRIPT = String.raw`(async () => {
  const withTimeout = (fn, ms) => new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), ms);
    try { fn((v) => { clearTimeout(t); resolve(v); }); } catch (e) { clearTimeout(t); resolve(null); }
  });
  const out = { uspapi: null, gpp_string: null, gpp_applicable_sections: [], tcf_string: null, navigator_gpc: null };
  try { out.navigator_gpc = typeof navigator.globalPrivacyControl === "boolean" ? navigator.globalPrivacyControl : null; } catch (e) {}
  if (typeof window.__uspapi === "function") {
    const r = await withTimeout((done) => window.__uspapi("getUSPData", 1, (data, ok) => done(ok !== false && data ? data.uspString : null)), 1500);
    if (typeof r === "string") out.uspapi = r;
  }
  if (typeof window.__gpp === "function") {
    const r = await withTimeout((done) => { const ret = window.__gpp("ping", (data) => done(data)); if (ret && typeof ret === "object") done(ret); }, 1500);
    if (r && typeof r === "object") {
      if (typeof r.gppString === "string") out.gpp_string = r.gppString;
      if (Array.isArray(r.applicableSections)) out.gpp_applicable_sections = r.applicableSections.filter((n) => typeof n === "number");
    }
    if (!out.gpp_string) {
      const d = await withTimeout((done) => { const ret = window.__gpp("getGPPData", (data) => done(data)); if (ret && typeof ret === "object") done(ret); }, 1000);
      if (d && typeof d.gppString === "string") out.gpp_string = d.gppString;
    }
  }
  if (typeof window.__tcfapi === "function") {
    const r = await withTimeout((done) => window.__tcfapi("getTCData", 2, (data, ok) => done(ok !== false ? data : null)), 1500);
    if (r && typeof r.tcString === "string" && r.tcString) out.tcf_string = r.tcString;
    if (!out.tcf_string) {
      // TCF v2.2 deprecates getTCData: CMPs may answer only through addEventListener.
      const e = await withTimeout((done) => window.__tcfapi("addEventListener", 2, (data, ok) => {
        if (ok === false || !data || !data.tcString) return;
        done(data);
        try { if (data.listenerId != null) window.__tcfapi("removeEventListener", 2, () => {}, data.listenerId); } catch (err) {}
      }), 1500);
      if (e && typeof e.tcString === "string" && e.tcString) out.tcf_string = e.tcString;
    }
  }
  return out;
})()`;
