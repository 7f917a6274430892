/**
 * The page's half of the settle window, installed before the site's own scripts: which short
 * timers and idle callbacks are still pending (a tag scheduled with `setTimeout(load, 3000)` or
 * `requestIdleCallback` has not fired yet, so the page is not done even if its network is
 * quiet), and when the route last changed (`history.pushState`, popstate, hashchange: a
 * single-page app's page view). A timer re-armed again and again with the same callback and delay
 * that has already fired SETTLE_POLLER_ARMS times is a poller, not a pending tag, and stops counting
 * (a debounce, re-armed after clearTimeout, never fired, keeps counting); so do timers longer than
 * SETTLE_TIMER_CAP_MS.
 * Read through `window.__apoSettle(horizon)`, a non-enumerable function as the instruments use.
 */
export const SETTLE_PROBE_GLOBAL = "__apoSettle";
export const SETTLE_TIMER_CAP_MS = 10_000;
/** After this many firings of the same callback and delay a timer is treated as a poller. */
export const SETTLE_POLLER_ARMS = 3;

export interface SettleProbeState {
  /** Epoch ms by which every counted pending timer or idle callback due before the horizon fires (0: none). */
  busyUntil: number;
  /** Epoch ms of the last route change in this document (0: none). */
  routeChangedAt: number;
}

export const SETTLE_PROBE_SCRIPT = String.raw`(() => {
  if (window.${SETTLE_PROBE_GLOBAL}) return;
  const pending = new Map();
  const fired = new Map();
  let routeChangedAt = 0;
  let idle = null;
  const nativeSetTimeout = window.setTimeout, nativeClearTimeout = window.clearTimeout;
  const keyOf = (fn, delay) => { let src = ""; try { src = typeof fn === "function" ? Function.prototype.toString.call(fn).slice(0, 120) : String(fn).slice(0, 120); } catch (e) {} return delay + "|" + src; };
  const wrapTimer = function (fn, delay) {
    const ms = Math.max(0, Number(delay) || 0);
    let id;
    if (ms > 0 && ms <= ${SETTLE_TIMER_CAP_MS}) {
      try {
        const key = keyOf(fn, ms);
        if ((fired.get(key) || 0) < ${SETTLE_POLLER_ARMS} && typeof fn === "function") {
          const args = Array.prototype.slice.call(arguments, 2);
          const due = Date.now() + ms;
          id = nativeSetTimeout.call(window, function () { pending.delete(id); fired.set(key, (fired.get(key) || 0) + 1); return fn.apply(this, args); }, ms);
          pending.set(id, due);
          return id;
        }
      } catch (e) {}
    }
    return nativeSetTimeout.apply(window, arguments);
  };
  const wrapClear = function (id) { pending.delete(id); return nativeClearTimeout.apply(window, arguments); };
  const disguise = (wrapper, native) => { try { Object.defineProperty(wrapper, "name", { value: native.name }); wrapper.toString = () => Function.prototype.toString.call(native); } catch (e) {} return wrapper; };
  window.setTimeout = disguise(wrapTimer, nativeSetTimeout);
  window.clearTimeout = disguise(wrapClear, nativeClearTimeout);
  if (typeof window.requestIdleCallback === "function") {
    const nativeRic = window.requestIdleCallback, nativeCic = window.cancelIdleCallback;
    let idleSeq = 0;
    idle = new Map();
    window.requestIdleCallback = disguise(function (fn, opts) {
      let counted = false;
      let key = "";
      try { key = keyOf(fn, "idle"); counted = (fired.get(key) || 0) < ${SETTLE_POLLER_ARMS} && typeof fn === "function"; } catch (e) {}
      if (!counted) return nativeRic.apply(window, arguments);
      const id = nativeRic.call(window, function (deadline) { idle.delete(id); fired.set(key, (fired.get(key) || 0) + 1); return fn.call(this, deadline); }, opts);
      idle.set(id, ++idleSeq);
      return id;
    }, nativeRic);
    window.cancelIdleCallback = disguise(function (id) { idle.delete(id); return nativeCic.apply(window, arguments); }, nativeCic);
  }
  const onRoute = () => { routeChangedAt = Date.now(); };
  for (const name of ["pushState", "replaceState"]) {
    try {
      const native = History.prototype[name];
      History.prototype[name] = disguise(function () { const out = native.apply(this, arguments); onRoute(); return out; }, native);
    } catch (e) {}
  }
  window.addEventListener("popstate", onRoute, true);
  window.addEventListener("hashchange", onRoute, true);
  Object.defineProperty(window, "${SETTLE_PROBE_GLOBAL}", {
    enumerable: false,
    value: (horizon) => {
      const now = Date.now();
      let busyUntil = 0;
      for (const due of pending.values()) if (due >= now && due <= horizon && due > busyUntil) busyUntil = due;
      // An idle callback runs as soon as the page is idle: busy for one more short while.
      if (idle && idle.size > 0) busyUntil = Math.max(busyUntil, now + 50);
      return { busyUntil, routeChangedAt };
    },
  });
})()`;
