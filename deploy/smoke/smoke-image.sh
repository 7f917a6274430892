#!/usr/bin/env bash
# Smoke-tests a built APO image before it is pushed: starts it the way ECS does (its own
# ENTRYPOINT/CMD, user and env; /dev/shm left at Docker's 64 MB like Fargate), checks the image
# metadata, waits for the image's own HEALTHCHECK to report healthy, runs one scan of a local test
# page served inside the container, and checks that SIGTERM stops it cleanly through tini.
#
#   bash deploy/smoke/smoke-image.sh IMAGE            (needs docker and node on the host)
set -euo pipefail
image=${1:?usage: smoke-image.sh IMAGE}
here=$(cd "$(dirname "$0")" && pwd)
name="apo-smoke-$$"
port=${SMOKE_PORT:-8000}
site_port=8181

say() { printf '\n==> %s\n' "$*"; }
fail() { echo "smoke-image: FAIL $*" >&2; exit 1; }

# A throwaway signing secret for this run only; masked in GitHub's log, passed by name to docker.
APO_JWT_SECRET=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))')
export APO_JWT_SECRET
if [ -n "${GITHUB_ACTIONS:-}" ]; then echo "::add-mask::${APO_JWT_SECRET}"; fi

cleanup() {
  local rc=$?
  if [ "$rc" != 0 ]; then
    echo "---- container log (last 200 lines) ----"
    docker logs --tail 200 "$name" 2>&1 || true
  fi
  docker rm -f "$name" >/dev/null 2>&1 || true
  exit "$rc"
}
trap cleanup EXIT

say "image metadata"
user=$(docker image inspect -f '{{.Config.User}}' "$image")
[ -n "$user" ] && [ "${user%%:*}" != "0" ] && [ "${user%%:*}" != "root" ] || fail "image runs as root (User='$user')"
docker image inspect -f '{{json .Config.ExposedPorts}}' "$image" | grep -q '"8000/tcp"' || fail "image does not EXPOSE 8000"
docker image inspect -f '{{json .Config.Healthcheck}}' "$image" | grep -q '/api/health' || fail "image has no HEALTHCHECK on /api/health"
docker image inspect -f '{{.Size}}' "$image" | awk '{printf "image size: %.0f MB\n", $1/1048576}'

say "start the container"
docker run -d --name "$name" \
  -p "127.0.0.1:${port}:8000" \
  --health-interval 3s --health-start-period 10s \
  -e APO_JWT_SECRET \
  -e APO_HOST_RESOLVER_RULES="MAP * 127.0.0.1:${site_port}, EXCLUDE localhost, EXCLUDE 127.0.0.1" \
  -e APO_ALLOW_PRIVATE_TARGETS=true \
  -e APO_RATE_LIMIT_PER_MINUTE=1000 \
  -v "${here}:/smoke:ro" \
  "$image" >/dev/null

[ "$(docker exec "$name" id -u)" != "0" ] || fail "the server process runs as root"
docker exec "$name" /usr/bin/chromium --version
docker exec -d "$name" node /smoke/test-site.mjs "$site_port"

say "GET /api/health"
node "$here/smoke-client.mjs" --base "http://127.0.0.1:${port}" --health-only --timeout 90

say "wait for the image's HEALTHCHECK to say healthy"
for _ in $(seq 1 40); do
  state=$(docker inspect -f '{{.State.Health.Status}}' "$name")
  [ "$state" = healthy ] && break
  sleep 2
done
[ "$state" = healthy ] || fail "HEALTHCHECK status is '$state'"

say "one scan of the local test page, inside the container"
node "$here/smoke-client.mjs" --base "http://127.0.0.1:${port}" \
  --target "http://www.smoke-shop.example/" --framework GDPR \
  --expect-violation TRACKING_BEFORE_CONSENT --timeout 300

say "SIGTERM stops it cleanly (tini forwards the signal to node)"
start=$(date +%s)
docker stop -t 30 "$name" >/dev/null
took=$(( $(date +%s) - start ))
code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
[ "$took" -lt 30 ] || fail "the container ignored SIGTERM (killed after ${took} s)"
case "$code" in 0|143) ;; *) fail "exit code $code after SIGTERM" ;; esac
echo "stopped in ${took} s, exit code ${code}"

say "smoke test passed"
