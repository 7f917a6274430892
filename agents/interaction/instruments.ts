/**
 * In-page instruments, installed as an init script in every frame before the site's own code.
 * They report through the exposed binding `__apoReport` with the URL of the calling script,
 * taken from the nearest http(s) frame of `new Error().stack` (blacklight/OpenWPM technique).
 * Thresholds follow Englehardt & Narayanan 2016: canvas = read ≥16×16 and text written ≥10
 * characters by the same script; font probing = ≥50 distinct fonts or ≥50 measureText calls.
 */
export const INSTRUMENT_BINDING = "__apoReport";

export const CANVAS_MIN_SIZE = 16;
export const CANVAS_MIN_TEXT = 10;
export const FONT_PROBE_THRESHOLD = 50;

export type InstrumentEvent =
  | { kind: "cookie"; name: string; script: string | null; t: number }
  | { kind: "storage"; storage: "localStorage" | "sessionStorage"; key: string; script: string | null; t: number }
  | { kind: "canvas"; script: string | null; detail: Record<string, number | string | boolean>; t: number }
  | { kind: "canvas_font"; script: string | null; detail: Record<string, number | string | boolean>; t: number };

export const INSTRUMENT_SCRIPT = String.raw`(() => {
  if (window.__apoInstrumented) return;
  Object.defineProperty(window, "__apoInstrumented", { value: true, enumerable: false });
  const send = (event) => { try { const b = window.${INSTRUMENT_BINDING}; if (typeof b === "function") b(Object.assign({ t: Date.now() }, event)); } catch (e) {} };
  const callerScript = () => {
    const stack = String(new Error().stack || "");
    const m = stack.match(/(https?:\/\/[^\s)]+?):\d+:\d+/);
    return m ? m[1] : null;
  };
  // document.cookie setter: who set which cookie
  try {
    const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
    if (desc && desc.set && desc.get) {
      Object.defineProperty(Document.prototype, "cookie", {
        configurable: true, enumerable: desc.enumerable,
        get() { return desc.get.call(this); },
        set(value) {
          try { const name = String(value).split(";")[0].split("=")[0].trim(); send({ kind: "cookie", name, script: callerScript() }); } catch (e) {}
          return desc.set.call(this, value);
        },
      });
    }
  } catch (e) {}
  // Storage.setItem: who wrote which key
  try {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      try { send({ kind: "storage", storage: this === window.sessionStorage ? "sessionStorage" : "localStorage", key: String(key), script: callerScript() }); } catch (e) {}
      return setItem.apply(this, arguments);
    };
  } catch (e) {}
  // Canvas fingerprinting: per script, text writes and large reads
  const stats = new Map();
  const statOf = (script) => { const k = script || "inline"; let s = stats.get(k); if (!s) { s = { write: 0, read: 0, fonts: new Set(), measure: 0, canvasSent: false, fontSent: false }; stats.set(k, s); } return s; };
  const checkCanvas = (script, s, api) => {
    if (!s.canvasSent && s.write > 0 && s.read > 0) { s.canvasSent = true; send({ kind: "canvas", script, detail: { text_writes: s.write, reads: s.read, last_read_api: api } }); }
  };
  const checkFont = (script, s) => {
    if (!s.fontSent && (s.fonts.size >= ${FONT_PROBE_THRESHOLD} || s.measure >= ${FONT_PROBE_THRESHOLD})) { s.fontSent = true; send({ kind: "canvas_font", script, detail: { distinct_fonts: s.fonts.size, measure_text_calls: s.measure } }); }
  };
  try {
    const C2D = CanvasRenderingContext2D.prototype;
    for (const name of ["fillText", "strokeText"]) {
      const orig = C2D[name];
      C2D[name] = function (text) {
        try { if (String(text).length >= ${CANVAS_MIN_TEXT}) { const script = callerScript(); const s = statOf(script); s.write++; checkCanvas(script, s, name); } } catch (e) {}
        return orig.apply(this, arguments);
      };
    }
    const measure = C2D.measureText;
    C2D.measureText = function () {
      try { const script = callerScript(); const s = statOf(script); s.measure++; s.fonts.add(String(this.font)); checkFont(script, s); } catch (e) {}
      return measure.apply(this, arguments);
    };
    const getImageData = C2D.getImageData;
    C2D.getImageData = function (x, y, w, h) {
      try { if (Math.abs(w) >= ${CANVAS_MIN_SIZE} && Math.abs(h) >= ${CANVAS_MIN_SIZE}) { const script = callerScript(); const s = statOf(script); s.read++; checkCanvas(script, s, "getImageData"); } } catch (e) {}
      return getImageData.apply(this, arguments);
    };
    const H = HTMLCanvasElement.prototype;
    for (const name of ["toDataURL", "toBlob"]) {
      const orig = H[name];
      H[name] = function () {
        try { if (this.width >= ${CANVAS_MIN_SIZE} && this.height >= ${CANVAS_MIN_SIZE}) { const script = callerScript(); const s = statOf(script); s.read++; checkCanvas(script, s, name); } } catch (e) {}
        return orig.apply(this, arguments);
      };
    }
  } catch (e) {}
})();`;
