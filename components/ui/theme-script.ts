// Kept out of the "use client" toggle: a server layout importing a string from a client module
// would get a client reference, not the string.
export const THEME_STORAGE_KEY = "apo-theme";

/** Runs before first paint so a dark-theme user never sees a white flash; inlined into every page with the request's CSP nonce (app/layout.tsx). */
export const themeScript = `(function(){try{var t=localStorage.getItem("${THEME_STORAGE_KEY}");var d=t?t==="dark":window.matchMedia("(prefers-color-scheme: dark)").matches;var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light"}catch(_){}})();`;
