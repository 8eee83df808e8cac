#!/usr/bin/env bash
# The counted checks of tests/support/checks.sh: how a run with skipped checks ends, which ctest's
# SKIP_REGULAR_EXPRESSION ("SKIPPED: ") reads. Usage: check_checks.sh SOURCE_DIR
set -uo pipefail
checks="$1/tests/support/checks.sh"
errors=0

# run_case NAME REQUIRE BODY: runs BODY after sourcing checks.sh, then finish; sets out and rc.
run_case() {
  local require=$2 body=$3
  out=$(JALON_REQUIRE_ALL_TOOLS=$require work=$(mktemp -d) bash -c \
    ". '$checks'; $body; finish case" 2>&1)
  rc=$?
}

expect() {
  local name=$1 want_rc=$2 want_skipped=$3
  local skipped=no
  case "$out" in *"SKIPPED: "*) skipped=yes ;; esac
  if [ "$rc" -ne "$want_rc" ] || [ "$skipped" != "$want_skipped" ]; then
    echo "FAIL $name: exit $rc (expected $want_rc), SKIPPED line: $skipped (expected $want_skipped)"
    echo "$out" | sed 's/^/     /'
    errors=$((errors + 1))
  else
    echo "ok   $name"
  fi
}

run_case passed 0 'pass one'
expect "all passed: exit 0, no SKIPPED line" 0 no
run_case skipped 0 'pass one; skip_required chromium "printing"'
expect "a check skipped: exit 0 and a SKIPPED line (ctest: skipped)" 0 yes
run_case required 1 'pass one; skip_required chromium "printing"'
expect "JALON_REQUIRE_ALL_TOOLS=1: the skip is a failure" 1 no
run_case plain-skip 1 'pass one; skip "optional"'
expect "a plain skip stays a skip under JALON_REQUIRE_ALL_TOOLS=1" 0 yes
run_case failed 0 'fail one; skip_required chromium "printing"'
expect "a failure with a skip: exit 1 and no SKIPPED line (ctest: failed)" 1 no

if [ "$errors" -ne 0 ]; then
  echo "checks.sh: $errors cases failed"
  exit 1
fi
echo "checks.sh: 5 cases passed"
