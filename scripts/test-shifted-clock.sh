#!/usr/bin/env bash
# The suite on any date (docs/testing.md, "The clock"): `npm run test:fast` with the machine's
# clock moved a year ahead, then a year back, through libfaketime (Debian package `faketime`),
# which moves Node, the embedded PostgreSQL and chromium alike. HERALD_CLOCK_SHIFTS overrides the
# shifts (faketime's relative format, e.g. "+30d -2h").
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  echo "test:clock needs faketime: apt-get install -y faketime" >&2
  exit 1
fi
for shift in ${HERALD_CLOCK_SHIFTS:-+365d -365d}; do
  echo "# npm run test:fast with the clock moved by $shift: $(faketime -f "$shift" date -u)"
  faketime -f "$shift" npm run --silent test:fast
done
