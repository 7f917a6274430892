# syntax=docker/dockerfile:1
# APO: one image serves the API, the UI and the scanner on port 8000 (docs/deploy.md).
#
# Node 20.20.2 is the project's runtime (package.json engines, CI) and the last Node 20 release;
# bookworm gives Debian 12's Chromium, the browser the tests run. To pin harder, append the
# digest: --build-arg NODE_IMAGE=node:20.20.2-bookworm-slim@sha256:<digest>.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- 1. install: dependencies from the lockfile only, cached across builds ---------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund

# ---- 2. build: Next.js standalone output, then the runtime folder ------------------------------
FROM deps AS build
COPY . .
# npm run build is next build plus scripts/build-engine.mjs, which bundles the scan engine's child
# process (one per scan) into the standalone folder as engine/engine-child.mjs.
# scripts/assemble-runtime.mjs puts the standalone server, that bundle, .next/static, public/ and the
# files the engine loads at run time (next.config.ts runtimeFiles) into one folder; the integration
# smoke test (tests/integration/ship) starts the very same layout.
# scripts/build-cli.mjs bundles the `apo` command (cli/apo.ts) into cli/dist/apo.mjs.
RUN npm run build \
 && npm run build:cli \
 && node scripts/assemble-runtime.mjs --out /app/runtime

# ---- 3. runtime: Debian's Chromium, fonts, tini, the assembled server, non-root ----------------
FROM ${NODE_IMAGE} AS runtime
# chromium: the browser the scanner drives (no browser is downloaded at run time).
# fonts-liberation: metric-compatible Arial/Times/Courier, so layouts match real visitors'.
# fonts-dejavu-core: Latin/Greek/Cyrillic fallback. fonts-noto-color-emoji: emoji in banners.
# fonts-wqy-zenhei: Chinese/Japanese/Korean glyphs (16 MB, a tenth of fonts-noto-cjk's size).
# tini: PID 1 that forwards SIGTERM to node and reaps Chromium's exited children.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      chromium \
      ca-certificates \
      fonts-liberation \
      fonts-dejavu-core \
      fonts-noto-color-emoji \
      fonts-wqy-zenhei \
      tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/* \
 && groupadd --system --gid 10001 apo \
 && useradd --system --uid 10001 --gid apo --create-home --home-dir /home/apo --shell /usr/sbin/nologin apo \
 && mkdir -p /data /app/.next/cache \
 && chown apo:apo /data /app/.next/cache

ENV NODE_ENV=production \
    PORT=8000 \
    HOSTNAME=0.0.0.0 \
    APO_DATA_DIR=/data \
    APO_CHROMIUM_PATH=/usr/bin/chromium \
    NEXT_TELEMETRY_DISABLED=1

# Chromium's managed policy: no page of the scan's browser may load a local file, a source view or a
# browser page, whatever asks (the engine's URL gate refuses them first; agents/safety/url-gate.ts),
# and nothing is downloaded, saved or autofilled. Only root can write it, so it is set here.
COPY agents/browser/chromium-policy.json /etc/chromium/policies/managed/apo.json

WORKDIR /app
# Code stays root-owned and read-only to the app; it writes only to /data, /tmp and .next/cache.
COPY --from=build /app/runtime ./
# The `apo` command (docker run <image> apo scan …): the CLI bundle, which finds playwright-core,
# autoconsent and trackerdb in the runtime's node_modules beside it (/app/node_modules).
COPY --from=build /app/cli/dist/apo.mjs ./cli/apo.mjs
RUN ln -s /app/cli/apo.mjs /usr/local/bin/apo

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000

# The slim image has no curl: Node 20's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "server.js"]
