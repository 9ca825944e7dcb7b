#!/usr/bin/env bash
# Checks the checker (docs/testing.md): before the real suite, CI runs deliberately failing tests
# through the same runners and set-up and requires a non-zero exit, and a passing one that must
# exit 0. Each runner that reports its tests counts: Vitest on the embedded database, Vitest on
# TEST_DATABASE_URL, the browser tests, and the PDS suite. Also checks that no embedded database
# is left behind. Exits 1, saying which check broke, if any does.
set -uo pipefail
cd "$(dirname "$0")/.."

broken=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
leftovers() { ls -d "${TMPDIR:-/tmp}"/herald-pg-* 2>/dev/null | wc -l; }
before=$(leftovers)

check() { # check pass|fail LABEL COMMAND...
  local want=$1 label=$2
  shift 2
  local t0=$SECONDS
  "$@" >"$log" 2>&1
  local rc=$?
  if [ "$want" = fail ] && [ "$rc" -eq 0 ]; then
    echo "runner check FAILED: $label exited 0 although its test fails. The suite cannot fail, so CI cannot either; fix the exit code before anything else."
    tail -n 25 "$log"
    broken=1
  elif [ "$want" = fail ] && ! grep -q "AssertionError" "$log"; then
    # It must fail because of its assertion, not because the set-up broke (which proves nothing).
    echo "runner check FAILED: $label exited $rc, but not on its canary's assertion; its set-up is broken:"
    tail -n 25 "$log"
    broken=1
  elif [ "$want" = pass ] && [ "$rc" -ne 0 ]; then
    echo "runner check FAILED: $label exited $rc although its only test passes."
    tail -n 25 "$log"
    broken=1
  else
    echo "runner check ok: $label exited $rc ($((SECONDS - t0)) s)"
  fi
}

check fail "a failing test (npm run test:fast)"         env HERALD_CANARY=fail npm run --silent test:fast
check fail "a failing test after database work"         env HERALD_CANARY=db-fail npx vitest run
check pass "a passing test on the database"             env HERALD_CANARY=pass npx vitest run
check fail "a failing test on TEST_DATABASE_URL"        node --import tsx scripts/with-embedded-db.ts env HERALD_CANARY=db-fail npx vitest run
check pass "a passing test on TEST_DATABASE_URL"        node --import tsx scripts/with-embedded-db.ts env HERALD_CANARY=pass npx vitest run
check fail "a failing browser test"                     env HERALD_CANARY=browser-fail npx vitest run
check fail "a failing test in the PDS suite's runner"   bash test/pds/run.sh canary-fail.test.mjs

sleep 1
after=$(leftovers)
if [ "$after" -gt "$before" ]; then
  echo "runner check FAILED: $((after - before)) embedded database director(y/ies) left in ${TMPDIR:-/tmp} (herald-pg-*): a run did not stop its server."
  broken=1
fi
exit $broken
