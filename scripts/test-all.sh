#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (Redis,
# ab, Node packages, the Go-built MongoDB test server), then type-checks,
# lints and runs the unit, HTTP and integration suites, then the
# reliability suite (load, outages, restarts, two instances).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PATH:/usr/local/go/bin"

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v ab >/dev/null 2>&1 || need_apt+=(apache2-utils)
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "Installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

bash test/mongo-server/build.sh >/dev/null

npm run --silent typecheck
npm run --silent lint
# The compose file must stay valid; this needs no Docker engine.
docker-compose -f docker-compose.yml config -q

results="$(mktemp)"
status=0
npx jest --ci --json --outputFile="$results" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$results" || true
rm -f "$results"

# Extra Jest arguments select tests; the reliability suite then stays out.
if [ "$#" -eq 0 ]; then
  npm run --silent test:reliability || status=$?
fi
exit "$status"
