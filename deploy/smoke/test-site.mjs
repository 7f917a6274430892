#!/usr/bin/env node
// A tiny local web site for smoke-testing a built image: one shop page that loads an analytics
// script before any consent choice, and a privacy policy. Node built-ins only, so it runs inside
// the runtime image (docker exec) with nothing installed. Serves every hostname on one port: the
// scanner reaches it through --host-resolver-rules (APO_HOST_RESOLVER_RULES).
//
//   node test-site.mjs [port]      (default 8181)
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 8181);

const shopHome = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Smoke Shop</title>
<script src="http://www.google-analytics.com/analytics.js"></script></head>
<body><h1>Smoke Shop</h1><p>Hand-made test goods.</p>
<form action="/subscribe" method="post"><label>Email <input type="email" name="email"></label><button>Subscribe</button></form>
<footer><a href="/privacy">Privacy Policy</a></footer></body></html>`;

const privacy = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Privacy Policy - Smoke Shop</title></head>
<body><h1>Privacy Policy</h1><p>We use Google Analytics to measure visits. Contact privacy@smoke-shop.example.</p>
<a href="/">Home</a></body></html>`;

const analytics = `(function () {
  document.cookie = "_ga=GA1.1." + Date.now() + "; path=/; max-age=63072000";
  new Image().src = "http://www.google-analytics.com/g/collect?v=2&tid=G-SMOKE&dl=" + encodeURIComponent(location.href);
})();`;

const server = createServer((req, res) => {
  const host = (req.headers.host ?? "").split(":")[0];
  const path = (req.url ?? "/").split("?")[0];
  const send = (status, type, body, headers = {}) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
    res.end(body);
  };
  if (host.endsWith("google-analytics.com")) {
    if (path === "/analytics.js") return send(200, "text/javascript", analytics);
    return send(204, "text/plain", "", { "Set-Cookie": "_gid=GA1.2.smoke; Path=/; Max-Age=86400; SameSite=None" });
  }
  if (path === "/") return send(200, "text/html; charset=utf-8", shopHome);
  if (path === "/privacy") return send(200, "text/html; charset=utf-8", privacy);
  if (path === "/favicon.ico") return send(204, "image/x-icon", "");
  return send(404, "text/html; charset=utf-8", "<!doctype html><title>Not found</title><h1>Not found</h1>");
});

server.listen(port, "127.0.0.1", () => console.log(`test site on http://127.0.0.1:${port} (any hostname)`));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
