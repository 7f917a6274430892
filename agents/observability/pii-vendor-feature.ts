/**
 * Names the vendor feature or channel that carried personal data, so the analyst sees what to
 * switch off: Meta advanced matching (`ud[em]`), TikTok identify / Events API (`user.email`),
 * Google enhanced conversions (`em`), or a custom header, cookie, beacon or WebSocket. Pure.
 */
import type { PiiLocation } from "./pii-matcher";

export interface LeakChannel {
  host: string;
  path: string;
  location: PiiLocation;
  key: string | null;
  /** The request's resource type: "ping" is navigator.sendBeacon (and <a ping>). */
  resourceType: string;
}

const onDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);
const GOOGLE_DOMAINS = ["google-analytics.com", "googleadservices.com", "doubleclick.net", "googletagmanager.com", "google.com", "googlesyndication.com"];
// Google's user-provided data: em/pn/fn/ln/sa… parameters, often packed as "tv.1~em.<hash>~pn.<hash>".
const GOOGLE_UPD_KEY = /^(em|pn|fn|ln|sa|ct|rg|pc|co|ec|ecsid|ec_mode|ec_data|_gcl[a-z_]*|upd|ud)$|^(ep|up)\.(user_data|em|email|phone)/i;
const META_UD_KEY = /^(ud|udff)\[(\w+)\]$/;
const TIKTOK_USER_KEY = /(^|\.)(user|context\.user)\.(email|phone_number|phone|external_id|first_name|last_name|city|zip_code)$|(^|\.)(email|phone_number)$/;

/** The vendor feature, when the key is one of a major pixel's advanced-matching fields; else null. */
export function vendorFeature(c: Pick<LeakChannel, "host" | "path" | "key">): string | null {
  const key = c.key ?? "";
  if (onDomain(c.host, "facebook.com") || onDomain(c.host, "facebook.net")) {
    const ud = META_UD_KEY.exec(key);
    if (ud) return `Meta advanced matching (${key})`;
    if (/(^|\.)user_data\.\w+/.test(key)) return `Meta Conversions API user_data (${key})`;
    return null;
  }
  if (onDomain(c.host, "tiktok.com")) {
    const normalisedKey = key.replace(/\[\d+\]/g, "");
    if (TIKTOK_USER_KEY.test(normalisedKey)) {
      const identify = /\/identify\b/.test(c.path) || /^context\.user\./.test(normalisedKey);
      return identify ? `TikTok advanced matching (identify: ${key})` : `TikTok Events API (${key})`;
    }
    return null;
  }
  if (GOOGLE_DOMAINS.some((d) => onDomain(c.host, d))) {
    return GOOGLE_UPD_KEY.test(key) ? `Google enhanced conversions (${key})` : null;
  }
  return null;
}

/** The feature, or the channel in words: "a custom header (X-User-Email)", "a WebSocket frame". */
export function describeChannel(c: LeakChannel): string {
  const feature = vendorFeature(c);
  if (feature) return feature;
  const key = c.key ? ` (${c.key})` : "";
  switch (c.location) {
    case "header":
      return `a request header${key}`;
    case "cookie":
      return `a cookie${key}`;
    case "websocket-frame":
      return `a WebSocket frame${key}`;
    case "url-path":
      return `the URL path`;
    case "url-fragment":
      return `the URL fragment${key}`;
    case "url-query":
      return `the URL parameter${key || " string"}`;
    default:
      return c.resourceType === "ping" ? `a sendBeacon body${key}` : `the request body${key}`;
  }
}

/** A short machine-readable channel name for the evidence ("meta-advanced-matching", "cookie", …). */
export function channelCode(c: LeakChannel): string {
  const feature = vendorFeature(c) ?? "";
  if (feature.startsWith("Meta")) return "meta-advanced-matching";
  if (feature.startsWith("TikTok")) return "tiktok-advanced-matching";
  if (feature.startsWith("Google")) return "google-enhanced-conversions";
  if (c.location === "header") return "custom-header";
  if (c.location === "cookie") return "cookie";
  if (c.location === "websocket-frame") return "websocket";
  if (c.resourceType === "ping" && (c.location === "body" || c.location === "body-json" || c.location === "body-form")) return "beacon";
  return c.location.startsWith("url") ? "url" : "body";
}
