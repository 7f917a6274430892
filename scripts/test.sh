#!/usr/bin/env bash
# Every test: installs what is missing, then lint, typecheck, unit, build, integration, end-to-end.
# Runs every layer even when one fails, then prints one summary line and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || exit 1

results=$(mktemp -d)
failed_steps=()
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
run() {
  local name=$1; shift
  step "$name: $*"
  if ! "$@"; then failed_steps+=("$name"); fi
}

export APO_CHROMIUM_PATH="${APO_CHROMIUM_PATH:-/usr/bin/chromium}"

run lint npm run --silent lint
run typecheck npm run --silent typecheck
run unit npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"
run build env SKIP_ENV_VALIDATION= npm run --silent build
# Integration after the build: the runtime-layout test serves the standalone build made just above instead of building again.
run integration npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json"
if [[ " ${failed_steps[*]} " == *" build "* ]]; then
  echo "Skipping end-to-end tests: the build failed."
else
  run e2e env PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" npx playwright test --reporter=list,json
fi

node scripts/summarize-tests.mjs "$results" "${failed_steps[@]}"
status=$?
rm -rf "$results"
exit $status
