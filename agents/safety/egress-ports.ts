/**
 * Which destination ports the egress proxy will connect to. The default mirrors what a browser
 * allows itself: every port except the Fetch Standard's "bad ports" (SMTP, SSH, IRC, …), which
 * Chromium refuses for http(s) anyway. A fixed allow-list such as 80/443/8443 would break real
 * sites served on other ports (and the test web's ephemeral port), while the bad-port list keeps
 * the proxy from being a raw TCP tunnel to a public host's mail or shell service.
 */
export type PortPolicy = (port: number) => boolean;

// https://fetch.spec.whatwg.org/#port-blocking (as of 2024, incl. 4190 and 6679).
const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113,
  115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556,
  563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
  6668, 6669, 6679, 6697, 10080,
]);

/** The default policy: a valid TCP port that is not on the Fetch Standard's bad-port list. */
export const browserPorts: PortPolicy = (port) => Number.isInteger(port) && port > 0 && port <= 65_535 && !FETCH_BAD_PORTS.has(port);

/** A fixed allow-list, for deployments that want only e.g. 80 and 443. */
export function onlyPorts(ports: Iterable<number>): PortPolicy {
  const allowed = new Set(ports);
  return (port) => allowed.has(port);
}
