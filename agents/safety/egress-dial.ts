import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { dialThroughUpstream, type UpstreamProxy } from "./upstream-proxy";

/** Where to actually connect for a checked (address, port). Must return an IP address, never a name. */
export type DialMap = (address: string, port: number, hostname: string) => { host: string; port: number };

/** The default: connect to the checked address and port themselves. */
export const directDial: DialMap = (address, port) => ({ host: address, port });

/** A host name with the addresses the guard checked for it: the only addresses a connection may use. */
export interface PinnedTarget {
  hostname: string;
  port: number;
  addresses: readonly string[];
}

export interface DialSettings {
  map: DialMap;
  /** Budget for the whole attempt, every address included. */
  timeoutMs: number;
  /** Idle limit once connected: a silent socket is destroyed. */
  idleMs: number;
  /** Called with every socket created, so the proxy can destroy it on close(). */
  track(socket: net.Socket): void;
  /** The region's egress proxy (APO_REGION_PROXIES): checked addresses are reached through its CONNECT tunnels. */
  upstream?: UpstreamProxy;
}

const timeoutError = (ms: number) => Object.assign(new Error(`connect timed out after ${ms} ms`), { code: "ETIMEDOUT" });

function connectOnce(host: string, port: number, timeoutMs: number, settings: DialSettings): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    // An IP host means net.connect does no DNS lookup: the connection goes where the guard looked.
    const socket = net.connect({ host, port });
    settings.track(socket);
    // Kept for the socket's life: a late error (reset, EPIPE) closes it instead of crashing the process.
    socket.on("error", () => socket.destroy());
    const timer = setTimeout(() => {
      socket.destroy();
      reject(timeoutError(timeoutMs));
    }, timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      socket.setTimeout(settings.idleMs, () => socket.destroy());
      resolve(socket);
    });
    socket.once("close", () => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`connection to ${host}:${port} failed`), { code: "ECONNREFUSED" }));
    });
  });
}

/**
 * Connects to the first reachable checked address, in the resolver's order (an unreachable IPv6
 * answer fails fast and the next address is tried), all within one deadline.
 */
export async function dialPinned(target: PinnedTarget, settings: DialSettings): Promise<net.Socket> {
  const deadline = Date.now() + settings.timeoutMs;
  let lastError: Error = new Error(`no address for ${target.hostname}`);
  for (const address of target.addresses) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timeoutError(settings.timeoutMs);
    const dest = settings.map(address, target.port, target.hostname);
    if (net.isIP(dest.host) === 0) throw new Error("egress dial must map to an IP address, never to a name");
    try {
      if (!settings.upstream) return await connectOnce(dest.host, dest.port, remaining, settings);
      const socket = await dialThroughUpstream(settings.upstream, dest.host, dest.port, remaining, (s) => settings.track(s));
      socket.setNoDelay(true);
      socket.setTimeout(settings.idleMs, () => socket.destroy());
      return socket;
    } catch (error) {
      lastError = error as Error;
    }
  }
  throw lastError;
}

/** Request options that carry the pinned target down to the agent's createConnection. */
export interface PinnedRequestOptions extends http.RequestOptions {
  pin: PinnedTarget;
}

/**
 * A keep-alive agent for plain-HTTP forwarding whose sockets come from dialPinned. Its pool key
 * is the host name plus the checked address set, so a pooled socket is reused only for the name
 * and answer it was opened for.
 */
export class PinnedAgent extends http.Agent {
  constructor(private readonly settings: () => DialSettings) {
    super({ keepAlive: true, scheduling: "lifo", maxFreeSockets: 64 });
  }

  override getName(options?: http.ClientRequestArgs): string {
    const pin = (options as PinnedRequestOptions | undefined)?.pin;
    return pin ? `${pin.hostname}:${pin.port}:${pin.addresses.join(",")}` : super.getName(options);
  }

  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex {
    const pin = (options as PinnedRequestOptions).pin;
    dialPinned(pin, this.settings()).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    // Node's Agent waits for the callback when createConnection returns nothing.
    return undefined as unknown as Duplex;
  }
}
