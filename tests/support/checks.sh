# Counted checks for the end-to-end scripts (tests/report/, tests/review/, tests/hostile/), sourced
# once `work` (the script's temporary directory) and `python` are set:
#   pass TEXT / fail TEXT       one check passed / failed
#   step NAME COMMAND…          one check: COMMAND exits 0 (its output is shown otherwise)
#   read_back NAME READER ARGS… the checks of a Python reader (tests/support/checks.py), counted
#                               one by one, its FAIL lines kept as failures named NAME
#   skip TEXT                   checks that cannot run here, and need not
#   skip_required WHAT TEXT     checks that need what CI always has — a package scripts/install-deps
#                               installs, or ../shared beside the clone — and cannot have it here:
#                               a skip, or a failure when JALON_REQUIRE_ALL_TOOLS=1, which
#                               scripts/test (CI) sets, so that a check CI runs never quietly stops
#   finish LABEL                prints "LABEL: N checks passed" and exits 0, or the count of
#                               failures and each of them, and exits 1; when some checks were
#                               skipped and none failed, one "SKIPPED: TEXT" line each (ctest's
#                               SKIP_REGULAR_EXPRESSION then reports the test as skipped, never
#                               as passed; a failure is reported as such, skips or not)
# shellcheck shell=bash

passed=0
failed=0
failures=()
skips=()

pass() {
  passed=$((passed + 1))
  echo "ok   $*"
}

fail() {
  failed=$((failed + 1))
  failures+=("$*")
  echo "FAIL $*"
}

skip() {
  skips+=("$*")
  echo "skip $*"
}

skip_required() {
  local what=$1
  shift
  if [ "${JALON_REQUIRE_ALL_TOOLS:-0}" = 1 ]; then
    fail "$* (JALON_REQUIRE_ALL_TOOLS=1, and CI has $what)"
  else
    skip "$*"
  fi
}

step() {
  local name=$1
  shift
  local log="$work/step.log" rc=0
  "$@" > "$log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    pass "$name"
    return 0
  fi
  fail "$name (exit $rc): $(tr '\n' ' ' < "$log" | cut -c1-600)"
  return 1
}

read_back() {
  local name=$1 reader=$2
  shift 2
  local program log="$work/read.log" rc=0 summary n m line
  program=$(basename "$reader" .py)
  "$python" "$reader" "$@" > "$log" 2>&1 || rc=$?
  cat "$log"
  summary=$(grep -E "^$program: [0-9]+ checks passed, [0-9]+ failed\$" "$log" | tail -1)
  if [ -z "$summary" ]; then
    fail "$name: $program.py ended without its summary (exit $rc): $(tail -3 "$log" | tr '\n' ' ')"
    return
  fi
  n=$(echo "$summary" | sed -E "s/^$program: ([0-9]+) checks passed.*/\\1/")
  m=$(echo "$summary" | sed -E 's/.* ([0-9]+) failed$/\1/')
  passed=$((passed + n))
  failed=$((failed + m))
  while IFS= read -r line; do
    failures+=("$name: ${line#FAIL }")
  done < <(grep '^FAIL' "$log")
  if [ "$rc" -ne 0 ] && [ "$m" -eq 0 ]; then
    fail "$name: $program.py exited $rc"
  fi
}

finish() {
  echo
  local f
  if [ "$failed" -eq 0 ]; then
    if [ ${#skips[@]} -eq 0 ]; then
      echo "$1: $passed checks passed"
    else
      echo "$1: $passed checks passed, ${#skips[@]} skipped:"
      for f in "${skips[@]}"; do
        echo "SKIPPED: $f"
      done
    fi
    exit 0
  fi
  echo "$1: $passed checks passed, $failed failed:"
  for f in "${failures[@]}"; do
    echo "  - $f"
  done
  for f in "${skips[@]}"; do
    echo "  (not run: $f)"
  done
  exit 1
}
