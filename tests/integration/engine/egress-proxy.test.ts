import dgram from "node:dgram";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
// BASE_CHROMIUM_ARGS from the package index: the launcher's files are being reorganised, the index keeps the name.
import { BASE_CHROMIUM_ARGS } from "@/agents/browser";
import { findChromium } from "@/agents/browser/chromium-path";
import { egressChromiumArgs, startEgressProxy, type EgressBlock, type EgressProxy } from "@/agents/safety/egress-proxy";
import { EGRESS_HOST } from "@/tests/fixtures/web/egress-routes";
import { startTestWeb, type TestWeb } from "@/tests/fixtures/web/server";
import { startWebSocketHello, type WebSocketHello } from "@/tests/fixtures/web/ws-hello";

const PUBLIC_WEB = "93.184.216.34";
const PUBLIC_WS = "93.184.216.50";
const WS_HOST = "ws.egress.test";

/** Polls until check() holds or ms pass (then returns false). */
async function eventually(check: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("egress proxy in front of a real Chromium", () => {
  let web: TestWeb;
  let wsServer: WebSocketHello;
  let proxy: EgressProxy;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dials: Array<{ address: string; port: number }> = [];

  beforeAll(async () => {
    web = await startTestWeb();
    wsServer = await startWebSocketHello();
    proxy = await startEgressProxy({
      allowPrivate: false,
      lookup: async (host) => {
        if (host === EGRESS_HOST) return [PUBLIC_WEB];
        if (host === WS_HOST) return [PUBLIC_WS];
        throw Object.assign(new Error("nx"), { code: "ENOTFOUND" });
      },
      // Any address that gets this far is delivered locally: had the proxy let a private target
      // through, the test web or the WebSocket server would record it.
      dial: (address, port) => {
        dials.push({ address, port });
        return { host: "127.0.0.1", port: address === PUBLIC_WS ? wsServer.port : web.port };
      },
    });
    // No --host-resolver-rules: Chromium cannot resolve www.egress.example itself, so a page that loads came through the proxy.
    browser = await chromium.launch({ executablePath: findChromium(), args: [...BASE_CHROMIUM_ARGS, ...egressChromiumArgs(proxy.url)] });
    context = await browser.newContext({ ignoreHTTPSErrors: true });
  });
  afterEach(async () => {
    await page?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await wsServer?.close();
    await web?.close();
  });

  /** Requests for the private targets' paths: any of them in the test web's log means a refusal failed. */
  const probes = () => web.requests.filter((r) => r.path.startsWith("/probe") || r.path.startsWith("/latest"));

  /**
   * The refusals recorded while fn ran, without Chromium's own background traffic (update checks
   * that do not resolve here) and the favicon it asks for after showing a refusal page.
   */
  async function blockedDuring(fn: () => Promise<void>): Promise<EgressBlock[]> {
    const before = proxy.blocked.length;
    await fn();
    return proxy.blocked.slice(before).filter((b) => b.kind !== "unresolved" && !b.url.endsWith("/favicon.ico"));
  }

  it("loads a public-looking host over https and http through the proxy, connecting to the checked address", async () => {
    web.clearRequests();
    dials.length = 0;
    page = await context.newPage();
    const secure = await page.goto(`https://${EGRESS_HOST}/`);
    expect(secure?.status()).toBe(200);
    expect(await page.textContent("p")).toBe("https");
    const plain = await page.goto(`http://${EGRESS_HOST}/`);
    expect(plain?.status()).toBe(200);
    expect(await page.textContent("p")).toBe("http");
    expect(web.requests.filter((r) => r.host === EGRESS_HOST && r.path === "/").map((r) => r.scheme)).toEqual(["https", "http"]);
    expect(dials).toEqual(expect.arrayContaining([{ address: PUBLIC_WEB, port: 443 }, { address: PUBLIC_WEB, port: 80 }]));
  });

  const redirectTargets: Array<[string, () => string, () => string]> = [
    ["http://127.0.0.1:<test web>/probe", () => `http://127.0.0.1:${web.port}/probe`, () => `http://127.0.0.1:${web.port}/probe`],
    ["http://169.254.169.254/latest/meta-data/", () => "http://169.254.169.254/latest/meta-data/", () => "http://169.254.169.254/latest/meta-data/"],
    ["http://localhost:<test web>/probe-localhost", () => `http://localhost:${web.port}/probe-localhost`, () => `http://localhost:${web.port}/probe-localhost`],
  ];

  it.each(redirectTargets)("a redirect from the public host to %s is refused before the hop is sent", async (_label, target, reported) => {
    web.clearRequests();
    page = await context.newPage();
    let response: Awaited<ReturnType<Page["goto"]>> = null;
    const blocked = await blockedDuring(async () => {
      response = await page.goto(`https://${EGRESS_HOST}/redirect?to=${encodeURIComponent(target())}`);
    });
    // The first hop really went out; the second never reached anything.
    expect(web.requests.filter((r) => r.path.startsWith("/redirect"))).toHaveLength(1);
    expect(probes()).toEqual([]);
    expect(blocked).toEqual([expect.objectContaining({ url: reported(), method: "GET", kind: "policy" })]);
    // What the browser got for the hop is the proxy's refusal, not the target's answer.
    const final = response as Awaited<ReturnType<Page["goto"]>>;
    expect(final?.status()).toBe(403);
    expect(await final?.text()).toContain("Blocked by the APO egress proxy");
  });

  it("a redirect to https://127.0.0.1 is refused at CONNECT, before any TLS byte reaches the target", async () => {
    web.clearRequests();
    page = await context.newPage();
    let failure = "";
    const blocked = await blockedDuring(async () => {
      await page.goto(`https://${EGRESS_HOST}/redirect?to=${encodeURIComponent(`https://127.0.0.1:${web.port}/probe-tls`)}`).catch((e: Error) => {
        failure = e.message;
      });
    });
    expect(failure).toContain("ERR_TUNNEL_CONNECTION_FAILED");
    expect(probes()).toEqual([]);
    expect(blocked).toEqual([expect.objectContaining({ url: `https://127.0.0.1:${web.port}/`, method: "CONNECT", kind: "policy" })]);
  });

  it("blocks subresources and fetch() from a public page to loopback, localhost, IPv6 loopback and cloud metadata", async () => {
    web.clearRequests();
    page = await context.newPage();
    await page.goto(`http://${EGRESS_HOST}/`);
    const port = web.port;
    const wanted = [
      `http://127.0.0.1:${port}/probe-img`,
      `http://127.0.0.1:${port}/probe-fetch`,
      `http://localhost:${port}/probe-localhost`,
      `http://[::1]:${port}/probe-v6`,
      "http://169.254.169.254/latest/api/token",
    ];
    const blocked = await blockedDuring(async () => {
      await page.evaluate((urls) => {
        const [img, ...fetched] = urls;
        const image = new Image();
        image.src = img ?? "";
        // The metadata token call is a PUT, so Chromium first sends a CORS preflight (OPTIONS): that is refused too.
        for (const url of fetched) void fetch(url, url.endsWith("token") ? { method: "PUT" } : { mode: "no-cors" }).catch(() => undefined);
      }, wanted);
      await eventually(() => wanted.every((url) => proxy.blocked.some((b) => b.url === url)));
    });
    expect(blocked.map((b) => b.url).sort()).toEqual([...wanted].sort());
    expect(probes()).toEqual([]);
  });

  it("blocks a WebSocket to a private address and relays one to a public name", async () => {
    wsServer.connections.length = 0;
    page = await context.newPage();
    await page.goto(`http://${EGRESS_HOST}/`);
    const open = (url: string) =>
      page.evaluate(
        (target) =>
          new Promise<string>((resolve) => {
            const socket = new WebSocket(target);
            socket.onmessage = (event) => resolve(`message:${String(event.data)}`);
            socket.onerror = () => resolve("error");
            setTimeout(() => resolve("timeout"), 5_000);
          }),
        url,
      );
    expect(await open(`ws://${WS_HOST}/chat`)).toBe("message:hello");
    const blocked = await blockedDuring(async () => {
      expect(await open(`ws://127.0.0.1:${wsServer.port}/chat`)).toBe("error");
    });
    expect(wsServer.connections).toEqual([`${WS_HOST}/chat`]);
    // Chromium tunnels ws:// through CONNECT too, so the refusal names the tunnel.
    expect(blocked).toEqual([expect.objectContaining({ host: "127.0.0.1", port: wsServer.port, kind: "policy" })]);
  });

  it("keeps WebRTC from sending UDP straight to a private address (the proxy cannot see UDP)", async () => {
    const stunPackets = async (ctx: BrowserContext): Promise<number> => {
      const udp = dgram.createSocket("udp4");
      let packets = 0;
      udp.on("message", () => (packets += 1));
      await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", () => resolve()));
      const stun = `stun:127.0.0.1:${udp.address().port}`;
      const probePage = await ctx.newPage();
      try {
        await probePage.goto(`http://${EGRESS_HOST}/`);
        await probePage.evaluate(async (server) => {
          const pc = new RTCPeerConnection({ iceServers: [{ urls: server }] });
          pc.createDataChannel("probe");
          const gathered = new Promise<void>((resolve) => {
            pc.onicegatheringstatechange = () => {
              if (pc.iceGatheringState === "complete") resolve();
            };
          });
          await pc.setLocalDescription(await pc.createOffer());
          await Promise.race([gathered, new Promise((r) => setTimeout(r, 1_500))]);
          pc.close();
        }, stun);
      } finally {
        await probePage.close();
        udp.close();
      }
      return packets;
    };
    expect(await stunPackets(context)).toBe(0);
    // Control: without the WebRTC switch the same page does reach the UDP port, so 0 above means something.
    const args = egressChromiumArgs(proxy.url).filter((a) => !a.startsWith("--webrtc-ip-handling-policy"));
    const leaky = await chromium.launch({ executablePath: findChromium(), args: [...BASE_CHROMIUM_ARGS, ...args] });
    try {
      expect(await stunPackets(await leaky.newContext())).toBeGreaterThan(0);
    } finally {
      await leaky.close();
    }
  });
});
