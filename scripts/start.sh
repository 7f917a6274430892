#!/usr/bin/env bash
# Quick start: install what is missing, build when the sources changed, and serve APO on the
# embedded default store at http://localhost:${PORT:-8000}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

needs_build() {
  [ -f .next/standalone/server.js ] || return 0
  [ -n "$(find app components lib agents public next.config.ts package-lock.json -newer .next/standalone/server.js -print -quit 2>/dev/null)" ]
}

if needs_build; then
  printf '\033[1m==> npm run build\033[0m\n'
  npm run build
else
  printf '\033[1m==> build is up to date\033[0m\n'
fi

printf '\033[1m==> starting APO on http://localhost:%s (data in %s)\033[0m\n' "${PORT:-8000}" "${APO_DATA_DIR:-./data}"
export NODE_ENV=production
exec node scripts/serve-standalone.mjs
