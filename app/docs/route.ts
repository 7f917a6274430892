import { headers } from "next/headers";

export const dynamic = "force-dynamic";

// Scalar's own page loads its script from a CDN and initialises it with an inline script that
// has no nonce; this one loads the pinned bundle from this app (app/docs/scalar.js). The CSP,
// with the nonce, is set by proxy.ts.
const configuration = {
  url: "/api/openapi.json",
  withDefaultFonts: false, // else fonts.scalar.com
  telemetry: false,
  agent: { disabled: true }, // Scalar's AI agent talks to api.scalar.com
  showDeveloperTools: "never", // its Share and Deploy upload the document to scalar.com
};

const script = (nonce: string, body: string, src?: string) => `<script nonce="${nonce}"${src ? ` src="${src}"` : ""}>${body}</script>`;

// GET /docs – interactive API reference (Scalar) over /api/openapi.json
export async function GET() {
  const nonce = (await headers()).get("x-nonce") ?? "";
  const init = `Scalar.createApiReference("#app", ${JSON.stringify(configuration).replace(/</g, "\\u003c")})`;
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>APO API reference</title>
  </head>
  <body>
    <div id="app"></div>
    ${script(nonce, "", "/docs/scalar.js")}
    ${script(nonce, init)}
  </body>
</html>`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
