/** Raw http/https requests to the test web on 127.0.0.1, with the Host header (and SNI) of a real site. */
import http from "node:http";
import https from "node:https";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  host: string;
  path?: string;
  scheme?: "http" | "https";
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export function request(port: number, req: RawRequest): Promise<RawResponse> {
  const scheme = req.scheme ?? "https";
  const options: https.RequestOptions = {
    host: "127.0.0.1",
    port,
    method: req.method ?? "GET",
    path: req.path ?? "/",
    headers: { host: req.host, ...req.headers },
    agent: false,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    };
    const r =
      scheme === "https"
        ? https.request({ ...options, servername: req.host, rejectUnauthorized: false }, onResponse)
        : http.request(options, onResponse);
    r.on("error", reject);
    if (req.body) r.write(req.body);
    r.end();
  });
}
