import type { Page } from "playwright-core";
import type { Canary } from "@/agents/evidence/schema";
import { classifyField } from "@/agents/discovery/classify";
import { canaryPart, canaryValue, TYPEABLE_KINDS, type CanaryFieldHints } from "./canary";

const MAX_CANARY_FIELDS_PER_PAGE = 8;

type FieldFacts = CanaryFieldHints & { index: number; id: string | null };

const LIST_FIELDS_SCRIPT = `(() => {
  const out = [];
  const vis = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  const asksCountry = (form) => !!form && [...form.querySelectorAll("select,input")].some((c) => /country|land|pays/i.test((c.getAttribute("name") || "") + " " + (c.id || "") + " " + (c.getAttribute("autocomplete") || "")));
  let i = 0;
  for (const el of document.querySelectorAll("input,textarea")) {
    if (el.disabled || el.readOnly || !vis(el)) continue;
    const label = (el.labels && el.labels[0] && el.labels[0].innerText) || el.getAttribute("aria-label") || null;
    el.setAttribute("data-apo-field", String(i));
    out.push({ index: i, name: el.getAttribute("name") || el.id || "", id: el.id || null, type: (el.getAttribute("type") || (el.tagName === "TEXTAREA" ? "textarea" : "text")).toLowerCase(), autocomplete: el.getAttribute("autocomplete"), placeholder: el.getAttribute("placeholder"), label, countryHint: asksCountry(el.form || el.closest("form")) });
    i++;
  }
  return out;
})()`;

// Typing happens in the page, character by character with keydown/keypress/input/keyup events,
// as a person's typing would reach a key logger or a pixel's advanced matching; one CDP round trip
// per page instead of one per key keeps this under a second. The native value setter keeps
// React-style controlled inputs in sync. focus() and blur() are the real ones, so focus, focusin,
// blur and focusout fire once each, natively; only when the element will not take focus are they
// dispatched by hand. Never Enter, never submit: each field is left by blurring it.
const TYPE_SCRIPT = `(async (plan) => {
  const typed = [];
  for (const item of plan) {
    const el = document.querySelector('[data-apo-field="' + item.index + '"]');
    if (!el) continue;
    const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const setValue = Object.getOwnPropertyDescriptor(proto, "value").set;
    el.focus();
    const focused = document.activeElement === el;
    if (!focused) { el.dispatchEvent(new FocusEvent("focus")); el.dispatchEvent(new FocusEvent("focusin", { bubbles: true })); }
    for (const ch of item.value) {
      const opts = { key: ch, bubbles: true, cancelable: true };
      el.dispatchEvent(new KeyboardEvent("keydown", opts));
      el.dispatchEvent(new KeyboardEvent("keypress", opts));
      el.dispatchEvent(new InputEvent("beforeinput", { data: ch, inputType: "insertText", bubbles: true, cancelable: true }));
      setValue.call(el, el.value + ch);
      el.dispatchEvent(new InputEvent("input", { data: ch, inputType: "insertText", bubbles: true }));
      el.dispatchEvent(new KeyboardEvent("keyup", opts));
    }
    el.dispatchEvent(new Event("change", { bubbles: true }));
    if (focused) el.blur();
    else { el.dispatchEvent(new FocusEvent("blur")); el.dispatchEvent(new FocusEvent("focusout", { bubbles: true })); }
    typed.push(item.index);
    await new Promise((r) => setTimeout(r, 30));
  }
  return typed;
})`;

/** Which fields get which canary: pure, so the choice is testable without a browser. */
export function planCanaries(fields: FieldFacts[], token: string, pageUrl: string): Array<{ index: number; value: string; canary: Canary }> {
  const plan: Array<{ index: number; value: string; canary: Canary }> = [];
  for (const field of fields) {
    if (plan.length >= MAX_CANARY_FIELDS_PER_PAGE) break;
    const kind = classifyField(field);
    if (!kind || !TYPEABLE_KINDS.has(kind)) continue;
    const part = canaryPart(kind, field);
    if (part === "skip") continue;
    const value = canaryValue(kind, token, part);
    plan.push({ index: field.index, value, canary: { page_url: pageUrl, field: field.name || field.id || `field-${field.index}`, kind, value } });
  }
  return plan;
}

/** Types canaries into the personal-data fields of the page's forms and leaves each field; never submits. */
export async function typeCanaries(page: Page, token: string, signal: AbortSignal): Promise<Canary[]> {
  const fields = ((await page.evaluate(LIST_FIELDS_SCRIPT).catch(() => [])) ?? []) as FieldFacts[];
  const plan = planCanaries(fields, token, page.url());
  if (plan.length === 0 || signal.aborted) return [];
  const typed = ((await page.evaluate(`${TYPE_SCRIPT}(${JSON.stringify(plan.map(({ index, value }) => ({ index, value })))})`).catch(() => [])) ?? []) as number[];
  return plan.filter((p) => typed.includes(p.index)).map((p) => p.canary);
}
