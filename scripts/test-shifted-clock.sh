#!/usr/bin/env bash
# The suite on any date (docs/testing.md, "The clock"): `npm run test:fast` with the machine's
# clock moved a year ahead, then a year back, through libfaketime (Debian package `faketime`),
# which moves Node, the embedded PostgreSQL and chromium alike. HERALD_CLOCK_SHIFTS overrides the
# shifts (faketime's relative format, e.g. "+30d -2h").
#
# Every unit, integration, adapter and end-to-end file runs under every shift. The browser files,
# the costliest (a production server and chromium each), are dealt out over the shifts in turn
# (sorted by name), so each runs under one moved clock: with two shifts that saves a whole browser
# suite and keeps CI under its time limit (docs/testing.md). HERALD_CLOCK_ALL_BROWSER=1 runs every
# browser file under every shift.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v faketime >/dev/null; then
  echo "test:clock needs faketime: apt-get install -y faketime" >&2
  exit 1
fi
read -r -a shifts <<<"${HERALD_CLOCK_SHIFTS:-+365d -365d}"
mapfile -t browser < <(ls test/browser/*.test.ts | sort)
for i in "${!shifts[@]}"; do
  shift_by=${shifts[$i]}
  excludes=()
  if [ "${HERALD_CLOCK_ALL_BROWSER:-0}" != 1 ]; then
    for j in "${!browser[@]}"; do
      [ $((j % ${#shifts[@]})) -eq "$i" ] || excludes+=(--exclude "${browser[$j]}")
    done
  fi
  echo "# npm run test:fast with the clock moved by $shift_by: $(faketime -f "$shift_by" date -u); $(( ${#browser[@]} - ${#excludes[@]} / 2 )) of ${#browser[@]} browser files"
  faketime -f "$shift_by" npm run --silent test:fast -- "${excludes[@]}"
done
