import { getDomain, getHostname } from "tldts";

/** Registrable domain (eTLD+1) of a URL or host; the bare host for IPs and localhost. */
export function registrableDomain(urlOrHost: string): string {
  const host = hostOf(urlOrHost);
  return getDomain(host) ?? host;
}

export function hostOf(urlOrHost: string): string {
  const trimmed = urlOrHost.trim().replace(/^\./, "");
  return (getHostname(trimmed) ?? trimmed).toLowerCase();
}

export function isThirdParty(urlOrHost: string, siteDomain: string): boolean {
  return registrableDomain(urlOrHost) !== siteDomain;
}
