#!/usr/bin/env bash
# The smoke checks against `npm run dev` on a fresh embedded stack: a new PGlite data folder in a
# temporary directory, a free port; waits for /ready, runs `npm run smoke` (extra arguments go to
# it), and stops everything it started, also when a step fails or the run is interrupted.
# Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d "${TMPDIR:-/tmp}/marquee-smoke.XXXXXX")
mkdir -p "$work/pglite"
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url="http://127.0.0.1:$port"
dev=""

stop() {
  local code=$?
  trap - EXIT INT TERM
  if [ -n "$dev" ] && kill -0 -- "-$dev" 2>/dev/null; then
    # The whole process group: npm, the dev script, wrangler, workerd. The dev script stops
    # wrangler and the stack on SIGINT; whatever is left after 10 s is killed.
    kill -INT -- "-$dev" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 -- "-$dev" 2>/dev/null || break; sleep 0.25; done
    if kill -0 -- "-$dev" 2>/dev/null; then
      echo "smoke-dev: npm run dev still running after 10 s: killing it"
      kill -KILL -- "-$dev" 2>/dev/null || true
    fi
  fi
  if [ "$code" != 0 ] && [ -f "$work/dev.log" ]; then
    echo "smoke-dev: failed ($code); the last lines of npm run dev:"
    tail -n 40 "$work/dev.log" || true
  fi
  rm -rf "$work"
  exit "$code"
}
trap stop EXIT
trap 'exit 130' INT TERM

t0=$(date +%s)
set -m # its own process group, so stop() reaches every process it starts
# The test suites' catalog sample (DEV_CATALOG=sample): all 36,704 titles took 701 s to ready on
# the shared 2-core machine (SMOKE_DEV_CATALOG=full to run them anyway).
DEV_CATALOG=${SMOKE_DEV_CATALOG:-sample} PORT=$port PGLITE_DATA_DIR="$work/pglite" npm run dev >"$work/dev.log" 2>&1 &
dev=$!
set +m

# The first start migrates, loads the catalog through the ingestion pipeline and embeds it.
wait_s=${SMOKE_DEV_READY_TIMEOUT:-900}
ready=0
for _ in $(seq 1 $(( wait_s * 4 ))); do
  if ! kill -0 "$dev" 2>/dev/null; then echo "smoke-dev: npm run dev exited before it was ready"; exit 1; fi
  # wrangler answers while the catalog still loads: ready is the dev log's "ready" line (the
  # catalog is in) and then /ready.
  if grep -q '^\[marquee\] ready in' "$work/dev.log" 2>/dev/null &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/ready" 2>/dev/null)" = 200 ]; then ready=1; break; fi
  sleep 0.25
done
[ "$ready" = 1 ] || { echo "smoke-dev: $url/ready did not answer 200 within $wait_s s"; exit 1; }
echo "smoke-dev: npm run dev ready in $(( $(date +%s) - t0 )) s on $url (fresh PGlite in $work/pglite)"
grep -E '^\[marquee\] (migrated|loaded|vectors loaded|vector index|embedded)' "$work/dev.log" || true

npm run -s smoke -- --url "$url" --webhook-secret dev-secret-netflix "$@"
