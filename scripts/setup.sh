#!/usr/bin/env bash
# Installs what APO needs on a Debian/Ubuntu machine with Node >= 20.19, idempotently:
# npm packages, Debian's Chromium (unless APO_CHROMIUM_PATH names one) and, with --test,
# the PostgreSQL server the Postgres store tests start. Prints each step.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test_deps=false
[ "${1:-}" = "--test" ] && want_test_deps=true

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = "0" ]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else echo "Need root (or sudo) to run: $*" >&2; exit 1; fi
}

apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then
    step "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=true
  fi
  step "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

step "Node.js $(node --version) (needs >= 20.19)"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node >= 20.19 is required"); process.exit(1) }'

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
else
  step "npm packages are up to date"
fi

if [ -n "${APO_CHROMIUM_PATH:-}" ] && [ -x "${APO_CHROMIUM_PATH}" ]; then
  step "Chromium: using APO_CHROMIUM_PATH=${APO_CHROMIUM_PATH}"
elif [ -x /usr/bin/chromium ]; then
  step "Chromium: /usr/bin/chromium is installed"
else
  apt_install chromium fonts-liberation fonts-noto-core
fi

if [ "$want_test_deps" = true ]; then
  if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    step "PostgreSQL server binaries are installed"
  else
    apt_install postgresql
  fi
  # The print-layout test renders the PDF report to images and text; the evidence bundle test reads its printed hash.
  if command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    step "poppler-utils (pdftoppm, pdftotext) is installed"
  else
    apt_install poppler-utils
  fi
  # The Postgres test cluster runs as the unprivileged postgres user when we are root.
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    apt_install postgresql
  fi
fi

step "setup complete"
