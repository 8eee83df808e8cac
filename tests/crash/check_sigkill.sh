#!/usr/bin/env bash
# Crash consistency: `jalon` killed with SIGKILL at many points of a data import, an evaluation
# and an annual report, on SQLite, or on PostgreSQL when JALON_TEST_PG_ENV names a test cluster's
# env file (scripts/pg-test-cluster; KEY=value lines, PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
# and JALON_TEST_PG_URL).
#
# Usage: check_sigkill.sh BUILD_DIR
#
# Data: jalon-scale-data --rows 200000 (CRASH_ROWS; scheme `echelle-synthetique`, 500 indicators, 67
# territories, 2025-2029). One reference database measures how long each command takes in full;
# then, for K points per command spread over that duration (a deterministic jitter from a fixed
# seed, very early and very late points included), each iteration starts from a fresh database
# (a copy of a scheme-only SQLite file, or a new PostgreSQL schema holding only the scheme) and:
#   import   kill `data import`; the database opens (and on SQLite passes integrity_check);
#            observation / observation_comment / observation_import hold all of the import or
#            none of it; the same import run again succeeds and leaves the full count;
#   evaluate kill `evaluate` on that database, now holding the data; every stored run is whole
#            (167500 results, its plugins, nothing orphaned); `runs list` works; a later evaluate
#            succeeds and is whole;
#   report   kill `report annual` on that database, now holding runs; OUT/annual.xlsx is absent
#            or a complete workbook (zip CRCs, openpyxl); whatever else is left in OUT is listed.
# A point past the command's end kills nothing ("finished before the kill"): its state is checked,
# the follow-up skipped. SQLite runs in write-ahead-log mode (checked on the scheme-only file, and
# no rollback journal may ever appear): a kill leaves the -wal and -shm files, whose committed
# frames the next opener recovers and whose uncommitted ones it ignores; the last connection to
# close checkpoints the log into the database and removes both, so that after the next command
# neither is left. On PostgreSQL the state is
# read at once, then again once the server has ended the dead client's session (the URL sets
# application_name to the schema's name), so that "committed" is the final answer, not a race.
# If no kill of a phase landed between its commit and the process' exit, a few extra points
# bisect towards that moment. A summary line per phase; exit 1 on any failed check.
#
# Settings (environment): CRASH_KILLS (points per phase, default 12, at least 12), CRASH_ROWS
# (rows of the data, default 200000, at least 20000; scripts/sanitize uses fewer, since every
# command is several times slower there and the kill points follow each command's duration),
# CRASH_SEED (default 20251121), CRASH_KEEP=1 keeps the work directory.
set -uo pipefail

build=${1:?usage: check_sigkill.sh BUILD_DIR}
jalon=$build/bin/jalon
gen=$build/bin/jalon-scale-data
python=/usr/bin/python3
kills=${CRASH_KILLS:-12}
seed=${CRASH_SEED:-20251121}
rows=${CRASH_ROWS:-200000}
scheme_id=echelle-synthetique
year=2029
results_per_run=167500 # 500 indicators x 67 territories x 5 years
extra_points=4         # bisection points per phase when no kill landed after the commit

[ -x "$jalon" ] || { echo "no $jalon: build the jalon target first"; exit 1; }
[ -x "$gen" ] || { echo "no $gen: build the jalon-scale-data target first"; exit 1; }
[ "$kills" -ge 12 ] 2> /dev/null || { echo "CRASH_KILLS must be a number >= 12, not '$kills'"; exit 1; }
[ "$rows" -ge 20000 ] 2> /dev/null || { echo "CRASH_ROWS must be a number >= 20000, not '$rows'"; exit 1; }

if [ -n "${JALON_TEST_PG_ENV:-}" ]; then
  backend=postgresql
  [ -r "$JALON_TEST_PG_ENV" ] || { echo "JALON_TEST_PG_ENV=$JALON_TEST_PG_ENV: no such file"; exit 1; }
  # Nothing from the caller's libpq environment may redirect our commands elsewhere.
  while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^PG' || true)
  set -a
  # shellcheck disable=SC1090
  . "$JALON_TEST_PG_ENV"
  set +a
  [ -n "${JALON_TEST_PG_URL:-}" ] ||
    { echo "JALON_TEST_PG_ENV=$JALON_TEST_PG_ENV: no JALON_TEST_PG_URL (did pg-test-cluster start fail?)"; exit 1; }
  command -v psql > /dev/null || { echo "psql not found"; exit 1; }
else
  backend=sqlite
  command -v sqlite3 > /dev/null || { echo "sqlite3 (the shell) not found"; exit 1; }
fi

# Under scripts/sanitize, the commands of this test are not checked for leaks. LeakSanitizer
# checks at exit, through a helper process that stops the program's threads, and a kill landing
# in that check can leave an empty report file behind: once in a CI run, at a moment when only
# the two crash tests were running, which scripts/sanitize counted as a finding. Every other test
# that runs these commands checks them for leaks; AddressSanitizer's other checks stay on here.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/jalon-crash.XXXXXX")
bg_pid=""
schemas=() # PostgreSQL schemas created and not yet dropped
prefix="crash$$_"

# --- helpers -------------------------------------------------------------------------------------

now_us() { # microseconds since the epoch, without a fork
  local t=${EPOCHREALTIME/[.,]/}
  echo "$t"
}

ms() { echo $((($1 + 500) / 1000)); } # microseconds -> milliseconds

psql_in() { # SCHEMA SQL...: run SQL in SCHEMA, unaligned output, stop at the first error
  local schema=$1
  shift
  PGOPTIONS="-csearch_path=$schema" timeout 60 psql -X -q -tA -v ON_ERROR_STOP=1 "$@"
}

drop_schema() {
  local s=$1 keep=() x
  timeout 60 psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS \"$s\" CASCADE" > /dev/null 2>&1 ||
    echo "warning: could not drop schema $s"
  for x in "${schemas[@]}"; do [ "$x" = "$s" ] || keep+=("$x"); done
  schemas=("${keep[@]}")
}

cleanup() {
  if [ -n "$bg_pid" ]; then
    kill -KILL "$bg_pid" 2> /dev/null
    wait "$bg_pid" 2> /dev/null
  fi
  if [ "$backend" = postgresql ]; then
    local s
    for s in "${schemas[@]}"; do drop_schema "$s"; done
  fi
  if [ "${CRASH_KEEP:-0}" = 1 ]; then
    echo "work directory kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Schemas of an earlier run killed before it could clean up (a ctest timeout): drop them.
if [ "$backend" = postgresql ]; then
  while IFS= read -r stale; do
    pid=${stale#crash}
    pid=${pid%%_*}
    kill -0 "$pid" 2> /dev/null || drop_schema "$stale"
  done < <(timeout 60 psql -X -q -tA -c "SELECT nspname FROM pg_namespace WHERE nspname ~ '^crash[0-9]+_'" 2> /dev/null)
fi

failures=0
fail() { # PHASE POINT MESSAGE
  echo "FAIL [$1] $2: $3"
  failures=$((failures + 1))
}

# Databases: db_new NAME -> DB (SQLite file or PostgreSQL schema) and URL, holding only the scheme.
db_new() {
  local name=$1
  if [ "$backend" = sqlite ]; then
    DB=$work/$name.db
    URL=sqlite:$DB
    rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"
    cp "$work/scheme-only.db" "$DB"
  else
    DB=$prefix$name
    schemas+=("$DB")
    URL="$JALON_TEST_PG_URL?options=-csearch_path%3D$DB&application_name=$DB"
    timeout 60 psql -X -q -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS \"$DB\" CASCADE" \
      -c "CREATE SCHEMA \"$DB\"" > "$work/psql.out" 2>&1 ||
      { echo "cannot create schema $DB: $(cat "$work/psql.out")"; return 1; }
    timeout 120 "$jalon" -q --db "$URL" scheme import "$work/data/scale-$rows.yaml" > "$work/setup.out" 2>&1 ||
      { echo "scheme import into $DB failed: $(cat "$work/setup.out")"; return 1; }
  fi
}

db_drop() {
  if [ "$backend" = sqlite ]; then
    rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"
  else
    drop_schema "$DB"
  fi
}

sql() { # QUERY: one value or rows (a|b), from the current DB
  if [ "$backend" = sqlite ]; then
    timeout 60 sqlite3 -batch "$DB" "$1"
  else
    psql_in "$DB" -c "$1"
  fi
}

# PostgreSQL: the dead client's session may still be running a statement (or its COMMIT); wait
# until the server has ended it. Prints how long it took (ms); fails after 60 s.
wait_orphan() {
  [ "$backend" = postgresql ] || { echo 0; return 0; }
  local start n
  start=$(now_us)
  while :; do
    n=$(psql_in "$DB" -c "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '$DB'") || n=err
    [ "$n" = 0 ] && break
    [ $(($(now_us) - start)) -lt 60000000 ] || { echo "timeout"; return 1; }
    sleep 0.05
  done
  ms $(($(now_us) - start))
}

# SQLite: the write-ahead log the dead process left. "wal" (a -wal file holding frames: a header
# of 32 bytes, then 24 bytes and a page per frame) is recovered by the next opener, committed
# transactions kept and the rest ignored; "empty" (a -wal file without frames) holds nothing;
# "journal" (a rollback journal) means the database is not in WAL mode, a failure.
journal_state() {
  if [ "$backend" != sqlite ]; then
    echo none
  elif [ -e "$DB-journal" ]; then
    echo journal
  elif [ ! -e "$DB-wal" ]; then
    echo none
  elif [ "$(stat -c %s "$DB-wal")" -gt 32 ]; then
    echo wal
  else
    echo empty
  fi
}

# What a completed jalon command leaves: nothing but the database (the last connection to close
# checkpoints the log into it and removes the -wal and -shm files).
leftover_files() {
  local f left=""
  for f in "$DB-journal" "$DB-wal" "$DB-shm"; do
    [ ! -e "$f" ] || left="$left ${f##*/} ($(stat -c %s "$f") bytes)"
  done
  echo "${left# }"
}

# After jalon opened the database and ended: a log left by the kill was recovered and removed.
check_journal_opened() { # PHASE LABEL STATE_AFTER_KILL
  local left
  case $3 in
    journal) fail "$1" "$2" "a rollback journal after the kill: the database is not in WAL mode"; return 1 ;;
    wal) n_recovered[$1]=$((n_recovered[$1] + 1)) ;;
    empty) n_stale[$1]=$((n_stale[$1] + 1)) ;;
  esac
  [ "$backend" = sqlite ] || return 0
  left=$(leftover_files)
  [ -z "$left" ] ||
    { fail "$1" "$2" "after the next command, still there: $left (state after the kill: $3)"; return 1; }
}

# After a write ran to completion, no journal, log or shared-memory file may be left.
check_journal_written() { # PHASE LABEL
  [ "$backend" = sqlite ] || return 0
  local left
  left=$(leftover_files)
  [ -z "$left" ] || { fail "$1" "$2" "left after a completed write: $left"; return 1; }
}

journal_note() { # STATE
  case $1 in
    wal) echo ", write-ahead log recovered" ;;
    empty) echo ", empty write-ahead log" ;;
  esac
}

integrity() { # SQLite only: prints "ok" or the problems
  [ "$backend" = sqlite ] || { echo ok; return 0; }
  timeout 120 sqlite3 -batch "$DB" 'PRAGMA integrity_check' 2>&1 | head -n 5
}

# Start "$@" in the background, SIGKILL it POINT_US after its start, reap it.
# Sets KILL_STATUS (137 when killed, else the exit status it reached first) and KILL_AT_US.
kill_at() {
  local point=$1 out=$2
  shift 2
  local start remaining
  start=$(now_us)
  "$@" > "$out" 2>&1 &
  bg_pid=$!
  remaining=$((point - ($(now_us) - start)))
  if [ "$remaining" -gt 0 ]; then
    sleep "$(printf '%d.%06d' $((remaining / 1000000)) $((remaining % 1000000)))"
  fi
  KILL_AT_US=$(($(now_us) - start))
  kill -KILL "$bg_pid" 2> /dev/null
  # How late kills come after their point (fork, sleep): the bisection aims that much earlier.
  lag_us=$(((3 * lag_us + KILL_AT_US - point) / 4))
  wait "$bg_pid" 2> /dev/null
  KILL_STATUS=$?
  bg_pid=""
}

# K kill points (microseconds) over a duration: two thirds spread over the first 85 % (the first
# one within the first 2.5 %), a third over 85-105 % (where the commit is), each jittered by a
# linear congruential generator seeded with SEED (the same points for the same duration, in any
# shell).
lag_us=5000
lcg=0
lcg_next() { lcg=$(((lcg * 1103515245 + 12345) % 2147483648)); }
points_for() { # DURATION_US SEED -> K lines
  local duration=$1 i early u frac
  lcg=$2
  early=$((kills * 2 / 3))
  for ((i = 0; i < kills; i++)); do
    lcg_next
    u=$(((lcg >> 8) % 100000)) # 0..99999, parts of 100000
    if [ "$i" -eq 0 ]; then
      frac=$((200 + u * 2300 / 100000)) # 0.2 % .. 2.5 %
    elif [ "$i" -lt "$early" ]; then
      frac=$((85000 * i / early + 85000 * u / 100000 / early))
    else
      frac=$((85000 + 20000 * (i - early) / (kills - early) + 20000 * u / 100000 / (kills - early)))
    fi
    echo $((duration * frac / 100000))
  done
}

# Per-phase tallies.
declare -A n_kills n_before n_after n_finished n_checks n_recovered n_stale max_orphan phase_us
for p in import evaluate report; do
  n_kills[$p]=0 n_before[$p]=0 n_after[$p]=0 n_finished[$p]=0 n_checks[$p]=0
  n_recovered[$p]=0 n_stale[$p]=0 max_orphan[$p]=0 phase_us[$p]=0
done

timed() { # PHASE FUNCTION ARGS...: run, adding its wall time to the phase's
  local phase=$1 start rc
  shift
  start=$(now_us)
  "$@"
  rc=$?
  phase_us[$phase]=$((phase_us[$phase] + $(now_us) - start))
  return $rc
}
# Highest point (us) where a phase was killed before its commit, lowest where it had committed or
# finished: the bisection's bounds.
declare -A lo_us hi_us
leftovers=()

tally() { # PHASE COMMITTED(0/1) LABEL
  local phase=$1 committed=$2
  if [ "$KILL_STATUS" -eq 137 ]; then
    n_kills[$phase]=$((n_kills[$phase] + 1))
    if [ "$committed" = 1 ]; then
      n_after[$phase]=$((n_after[$phase] + 1))
    else
      n_before[$phase]=$((n_before[$phase] + 1))
    fi
  else
    n_finished[$phase]=$((n_finished[$phase] + 1))
  fi
  if [ "$committed" = 1 ] || [ "$KILL_STATUS" -ne 137 ]; then
    if [ -z "${hi_us[$phase]:-}" ] || [ "$KILL_AT_US" -lt "${hi_us[$phase]}" ]; then hi_us[$phase]=$KILL_AT_US; fi
  else
    if [ -z "${lo_us[$phase]:-}" ] || [ "$KILL_AT_US" -gt "${lo_us[$phase]}" ]; then lo_us[$phase]=$KILL_AT_US; fi
  fi
}

outcome() { # COMMITTED -> a word for the log
  if [ "$KILL_STATUS" -ne 137 ]; then
    echo "finished before the kill"
  elif [ "$1" = 1 ]; then
    echo "killed after the commit"
  else
    echo "killed before the commit"
  fi
}

# A command's status before the kill must be 0 (finished) or 137 (killed).
status_ok() { # PHASE LABEL OUTFILE
  case $KILL_STATUS in
    0 | 137) return 0 ;;
    *)
      fail "$1" "$2" "exited with status $KILL_STATUS before the kill: $(tail -n 3 "$3" | tr '\n' ' ')"
      return 1
      ;;
  esac
}

# --- phases --------------------------------------------------------------------------------------

import_counts() { # "observations|comments|imports", or the error
  sql "SELECT (SELECT COUNT(*) FROM observation) || '|' || (SELECT COUNT(*) FROM observation_comment)
          || '|' || (SELECT COUNT(*) FROM observation_import)" 2>&1 | tr '\n' ' ' | sed 's/ $//'
  echo
}

# All of one import or none of it: prints 1 or 0, else what was found (and fails).
import_whole() { # OBSERVATIONS COMMENTS IMPORTS
  if [ "$1" = 0 ] && [ "$2" = 0 ] && [ "$3" = 0 ]; then
    echo 0
  elif [ "$1" = "$expected_obs" ] && [ "$2" = "$expected_comments" ] && [ "$3" = 1 ]; then
    echo 1
  else
    echo "observation $1 (0 or $expected_obs), observation_comment $2 (0 or $expected_comments), observation_import $3 (0 or 1, with them)"
    return 1
  fi
}

csv=""
expected_obs=0
expected_comments=0

# Import phase on DB (holding only the scheme), killed POINT us after its start.
phase_import() { # POINT LABEL
  local point=$1 label=$2 phase=import
  local journal orphan n_obs n_imp n_com committed=0 out
  kill_at "$point" "$work/import.out" "$jalon" -q --db "$URL" data import "$csv"
  label="$label (point $(ms "$point") ms, killed at $(ms "$KILL_AT_US") ms)"
  status_ok $phase "$label" "$work/import.out" || return 1
  if [ "$backend" = postgresql ]; then
    # Seen at once, while the server may still be busy with the dead client's session.
    IFS='|' read -r n_obs n_com n_imp < <(import_counts)
    import_whole "$n_obs" "$n_com" "$n_imp" > /dev/null ||
      { fail $phase "$label" "right after the kill, a partial import: $(import_whole "$n_obs" "$n_com" "$n_imp")"; return 1; }
  fi
  orphan=$(wait_orphan) || { fail $phase "$label" "the server kept the dead client's session over 60 s"; return 1; }
  [ "$orphan" -le "${max_orphan[$phase]}" ] || max_orphan[$phase]=$orphan
  journal=$(journal_state)
  out=$(timeout 60 "$jalon" -q --db "$URL" scheme list 2>&1) ||
    { fail $phase "$label" "the database does not open after the kill (scheme list): $out"; return 1; }
  check_journal_opened $phase "$label" "$journal" || return 1
  out=$(integrity)
  [ "$out" = ok ] || { fail $phase "$label" "integrity_check: $out"; return 1; }
  IFS='|' read -r n_obs n_com n_imp < <(import_counts)
  committed=$(import_whole "$n_obs" "$n_com" "$n_imp") ||
    { fail $phase "$label" "partial import: $committed"; return 1; }
  if [ "$KILL_STATUS" -eq 0 ] && [ "$committed" = 0 ]; then
    fail $phase "$label" "the import exited 0 but nothing is stored"
    return 1
  fi
  tally $phase "$committed"
  if [ "$KILL_STATUS" -eq 0 ]; then # nothing was killed: nothing to recover from
    n_checks[$phase]=$((n_checks[$phase] + 1))
    echo "  import   $label: $(outcome "$committed")"
    return 0
  fi
  # The same import again, to completion.
  out=$(timeout 300 "$jalon" -q --db "$URL" data import "$csv" 2>&1) ||
    { fail $phase "$label" "the import run again after the kill failed: $out"; return 1; }
  IFS='|' read -r n_obs n_com n_imp < <(import_counts)
  if [ "$n_obs" != "$expected_obs" ] || [ "$n_com" != "$expected_comments" ] || [ "$n_imp" != $((committed + 1)) ]; then
    fail $phase "$label" "after the import run again: observation $n_obs (expected $expected_obs), observation_comment $n_com (expected $expected_comments), observation_import $n_imp (expected $((committed + 1)))"
    return 1
  fi
  check_journal_written $phase "$label (after the import run again)" || return 1
  n_checks[$phase]=$((n_checks[$phase] + 1))
  echo "  import   $label: $(outcome "$committed")$(journal_note "$journal")$([ "${orphan:-0}" -gt 200 ] && echo ", server session ended ${orphan} ms later"); re-import ok"
}

plugins_per_run=0

# Every run whole: its results and plugins, nothing orphaned. Prints the number of runs.
check_runs() { # PHASE LABEL
  local rows line id results plugs n=0 orphans=""
  # One line per run (id:results:plugins), then orphans:N (results or plugins of no run).
  rows=$(sql "SELECT 'run:' || r.id || ':' || (SELECT COUNT(*) FROM indicator_result i WHERE i.run_id = r.id)
                || ':' || (SELECT COUNT(*) FROM run_plugin p WHERE p.run_id = r.id)
              FROM evaluation_run r
              UNION ALL
              SELECT 'orphans:' || ((SELECT COUNT(*) FROM indicator_result
                                     WHERE run_id NOT IN (SELECT id FROM evaluation_run))
                                  + (SELECT COUNT(*) FROM run_plugin
                                     WHERE run_id NOT IN (SELECT id FROM evaluation_run)))" 2>&1) ||
    { fail "$1" "$2" "cannot read the runs: $rows"; return 1; }
  for line in $rows; do
    case $line in
      run:*)
        IFS=: read -r _ id results plugs <<< "$line"
        n=$((n + 1))
        if [ "$results" != "$results_per_run" ] || [ "$plugs" != "$plugins_per_run" ]; then
          fail "$1" "$2" "run $id is not whole: $results results (expected $results_per_run), $plugs plugins (expected $plugins_per_run)"
          return 1
        fi
        ;;
      orphans:*) orphans=${line#orphans:} ;;
      *) fail "$1" "$2" "unexpected answer reading the runs: $rows"; return 1 ;;
    esac
  done
  [ "$orphans" = 0 ] || { fail "$1" "$2" "${orphans:-?} results or plugins of no run"; return 1; }
  RUNS=$n
}

# Evaluate phase on DB (holding the data), killed POINT us after its start.
phase_evaluate() { # POINT LABEL
  local point=$1 label=$2 phase=evaluate
  local journal orphan before committed out
  check_runs $phase "$label (before)" || return 1
  before=$RUNS
  kill_at "$point" "$work/evaluate.out" "$jalon" -q --db "$URL" evaluate --scheme "$scheme_id" --year "$year"
  label="$label (point $(ms "$point") ms, killed at $(ms "$KILL_AT_US") ms)"
  status_ok $phase "$label" "$work/evaluate.out" || return 1
  if [ "$backend" = postgresql ]; then # at once, while the server may still be busy with it
    check_runs $phase "$label (right after the kill)" || return 1
  fi
  orphan=$(wait_orphan) || { fail $phase "$label" "the server kept the dead client's session over 60 s"; return 1; }
  [ "$orphan" -le "${max_orphan[$phase]}" ] || max_orphan[$phase]=$orphan
  journal=$(journal_state)
  out=$(timeout 60 "$jalon" -q --db "$URL" runs list 2>&1) ||
    { fail $phase "$label" "runs list fails after the kill: $out"; return 1; }
  check_journal_opened $phase "$label" "$journal" || return 1
  out=$(integrity)
  [ "$out" = ok ] || { fail $phase "$label" "integrity_check: $out"; return 1; }
  check_runs $phase "$label" || return 1
  case $((RUNS - before)) in
    0) committed=0 ;;
    1) committed=1 ;;
    *) fail $phase "$label" "$before runs before the kill, $RUNS after"; return 1 ;;
  esac
  if [ "$KILL_STATUS" -eq 0 ] && [ "$committed" = 0 ]; then
    fail $phase "$label" "evaluate exited 0 but no run was stored"
    return 1
  fi
  tally $phase "$committed"
  if [ "$KILL_STATUS" -eq 0 ]; then # nothing was killed: nothing to recover from
    n_checks[$phase]=$((n_checks[$phase] + 1))
    echo "  evaluate $label: $(outcome "$committed"); $RUNS whole runs"
    return 0
  fi
  before=$RUNS
  out=$(timeout 300 "$jalon" -q --db "$URL" evaluate --scheme "$scheme_id" --year "$year" 2>&1) ||
    { fail $phase "$label" "a later evaluate failed: $out"; return 1; }
  check_runs $phase "$label (after a later evaluate)" || return 1
  [ "$RUNS" = $((before + 1)) ] || { fail $phase "$label" "a later evaluate stored $((RUNS - before)) runs, not 1"; return 1; }
  check_journal_written $phase "$label (after a later evaluate)" || return 1
  n_checks[$phase]=$((n_checks[$phase] + 1))
  echo "  evaluate $label: $(outcome "$committed")$(journal_note "$journal")$([ "${orphan:-0}" -gt 200 ] && echo ", server session ended ${orphan} ms later"); $RUNS whole runs after a later evaluate"
}

# A complete workbook: every zip member's CRC, openpyxl opens it, the reference's sheets.
reference_sheets=""
read_workbook() { # FILE -> sheet names on one line, or the error
  timeout 120 "$python" - "$1" << 'EOF' 2>&1
import sys, zipfile
import openpyxl
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    bad = z.testzip()
    if bad is not None:
        sys.exit("member %s fails its CRC" % bad)
wb = openpyxl.load_workbook(path, read_only=True)
print("|".join(wb.sheetnames))
EOF
}

# Report phase on DB (holding runs), killed POINT us after its start.
phase_report() { # POINT LABEL OUT_DIR
  local point=$1 label=$2 out_dir=$3 phase=report committed=0 sheets left
  mkdir -p "$out_dir"
  kill_at "$point" "$work/report.out" "$jalon" -q --db "$URL" report annual --scheme "$scheme_id" \
    --year "$year" -o "$out_dir/annual.xlsx"
  label="$label (point $(ms "$point") ms, killed at $(ms "$KILL_AT_US") ms)"
  status_ok $phase "$label" "$work/report.out" || return 1
  if [ -e "$out_dir/annual.xlsx" ]; then
    committed=1
    if ! sheets=$(read_workbook "$out_dir/annual.xlsx") || [ "$sheets" != "$reference_sheets" ]; then
      fail $phase "$label" "annual.xlsx is there but not a complete workbook ($(stat -c %s "$out_dir/annual.xlsx") bytes): $(tail -n 2 <<< "$sheets" | tr '\n' ' ')"
      return 1
    fi
  elif [ "$KILL_STATUS" -eq 0 ]; then
    fail $phase "$label" "the report exited 0 but annual.xlsx is missing"
    return 1
  fi
  tally $phase "$committed"
  left=$(cd "$out_dir" && find . -mindepth 1 ! -name annual.xlsx -printf '%P (%s bytes) ' | sed 's/ $//')
  [ -z "$left" ] || leftovers+=("$label: $left")
  n_checks[$phase]=$((n_checks[$phase] + 1))
  echo "  report   $label: $(outcome "$committed")$([ -n "$left" ] && echo "; left in OUT: $left")"
  rm -rf "$out_dir"
}

# --- reference: data, durations ------------------------------------------------------------------

t_start=$(now_us)
echo "crash consistency on $backend: $kills kills per phase, seed $seed, work in $work"
mkdir -p "$work/data"
timeout 300 "$gen" --rows "$rows" --out "$work/data" > "$work/gen.out" 2>&1 ||
  { echo "FAIL [setup] jalon-scale-data: $(cat "$work/gen.out")"; exit 1; }
csv=$work/data/scale-$rows.csv

if [ "$backend" = sqlite ]; then
  out=$(timeout 120 "$jalon" -q --db "sqlite:$work/scheme-only.db" scheme import "$work/data/scale-$rows.yaml" 2>&1) ||
    { echo "FAIL [setup] scheme import: $out"; exit 1; }
  mode=$(timeout 60 sqlite3 -batch "$work/scheme-only.db" 'PRAGMA journal_mode' 2>&1)
  [ "$mode" = wal ] || { echo "FAIL [setup] the database's journal mode is '$mode', not wal"; exit 1; }
  for f in "$work/scheme-only.db-wal" "$work/scheme-only.db-shm"; do
    [ ! -e "$f" ] || { echo "FAIL [setup] $f left after the scheme import"; exit 1; }
  done
fi
db_new reference || { echo "FAIL [setup] cannot create the reference database"; exit 1; }

t0=$(now_us)
out=$(timeout 300 "$jalon" -q --db "$URL" data import "$csv" 2>&1) ||
  { echo "FAIL [setup] reference import: $out"; exit 1; }
t_import=$(($(now_us) - t0))
# "imported FILE into S: N rows (A new, C changed, U unchanged, E empty), M comments in T s"
if [[ $out =~ :\ ([0-9]+)\ rows\ \(([0-9]+)\ new,\ 0\ changed,\ 0\ unchanged,\ ([0-9]+)\ empty\)(,\ ([0-9]+)\ comments?)? ]]; then
  expected_obs=${BASH_REMATCH[2]}
  expected_comments=${BASH_REMATCH[5]:-0}
  if [ "${BASH_REMATCH[1]}" != "$rows" ] || [ $((rows - BASH_REMATCH[3])) != "$expected_obs" ]; then
    echo "FAIL [setup] unexpected counts from the reference import: $out"
    exit 1
  fi
  echo "reference import: $rows rows, ${BASH_REMATCH[3]} empty, $expected_obs with a value, $expected_comments comments, $(ms "$t_import") ms"
else
  echo "FAIL [setup] unreadable output of the reference import: $out"
  exit 1
fi
n=$(sql "SELECT COUNT(*) FROM observation")
[ "$n" = "$expected_obs" ] || { echo "FAIL [setup] the reference import stored $n observations, not $expected_obs"; exit 1; }

t0=$(now_us)
out=$(timeout 300 "$jalon" -q --db "$URL" evaluate --scheme "$scheme_id" --year "$year" 2>&1) ||
  { echo "FAIL [setup] reference evaluate: $out"; exit 1; }
t_evaluate=$(($(now_us) - t0))
plugins_per_run=$(sql "SELECT COUNT(*) FROM run_plugin")
[ "$plugins_per_run" -ge 1 ] 2> /dev/null || { echo "FAIL [setup] the reference run has no plugins ($plugins_per_run)"; exit 1; }
check_runs setup reference || exit 1
echo "reference evaluate: $(ms "$t_evaluate") ms ($plugins_per_run plugins per run)"

mkdir -p "$work/reference-out"
t0=$(now_us)
out=$(timeout 300 "$jalon" -q --db "$URL" report annual --scheme "$scheme_id" --year "$year" \
  -o "$work/reference-out/annual.xlsx" 2>&1) || { echo "FAIL [setup] reference report: $out"; exit 1; }
t_report=$(($(now_us) - t0))
reference_sheets=$(read_workbook "$work/reference-out/annual.xlsx") ||
  { echo "FAIL [setup] the reference workbook does not read back: $reference_sheets"; exit 1; }
echo "reference report: $(ms "$t_report") ms, $(stat -c %s "$work/reference-out/annual.xlsx") bytes, sheets $reference_sheets"
left=$(find "$work/reference-out" -mindepth 1 ! -name annual.xlsx -printf '%P ')
[ -z "$left" ] || echo "note: a completed report left in its directory: $left"
db_drop

declare -A dur_us=([import]=$t_import [evaluate]=$t_evaluate [report]=$t_report)
mapfile -t import_points < <(points_for "$t_import" "$seed")
mapfile -t evaluate_points < <(points_for "$t_evaluate" $((seed + 1)))
mapfile -t report_points < <(points_for "$t_report" $((seed + 2)))

# --- kills ---------------------------------------------------------------------------------------

# Iteration i: a fresh database; import killed, imported again; evaluate killed, evaluated again;
# report killed. Each phase starts from the state the previous one completed.
for ((i = 0; i < kills; i++)); do
  db_new "k$i" || { fail setup "iteration $i" "cannot create a fresh database"; break; }
  timed import phase_import "${import_points[$i]}" "kill $((i + 1))/$kills" &&
    timed evaluate phase_evaluate "${evaluate_points[$i]}" "kill $((i + 1))/$kills" &&
    timed report phase_report "${report_points[$i]}" "kill $((i + 1))/$kills" "$work/out-$i"
  db_drop
done

# No kill between the commit and the exit: bisect between the latest kill that came before the
# commit and the earliest that came after it (or after the exit). Evaluations and reports reuse one
# database per phase (a report writes nothing to it; runs only add up).
bisect() { # PHASE
  local phase=$1 e point ready=0
  for ((e = 0; e < extra_points; e++)); do
    if [ "${n_after[$phase]}" -ne 0 ] || [ "$failures" -ne 0 ] || [ -z "${lo_us[$phase]:-}" ]; then
      break
    fi
    if [ -z "${hi_us[$phase]:-}" ]; then # every kill came before the commit: step past the latest
      point=$((lo_us[$phase] + dur_us[$phase] / 20))
    else # halfway (the bounds may cross: durations vary from run to run), jittered by +-10 ms
      lcg_next
      point=$(((lo_us[$phase] + hi_us[$phase]) / 2 + (lcg >> 8) % 20000 - 10000))
    fi
    point=$((point - lag_us))
    [ "$point" -gt 0 ] || point=1000
    if [ "$phase" = import ] || [ "$ready" = 0 ]; then
      db_new "x$phase$e" || { fail setup "extra point" "cannot create a fresh database"; return 1; }
      ready=1
      if [ "$phase" != import ]; then
        out=$(timeout 300 "$jalon" -q --db "$URL" data import "$csv" 2>&1) ||
          { fail setup "$phase extra point" "import: $out"; db_drop; return 1; }
      fi
      if [ "$phase" = report ]; then
        out=$(timeout 300 "$jalon" -q --db "$URL" evaluate --scheme "$scheme_id" --year "$year" 2>&1) ||
          { fail setup "$phase extra point" "evaluate: $out"; db_drop; return 1; }
      fi
    fi
    case $phase in
      import) timed import phase_import "$point" "extra $((e + 1))"; db_drop ;;
      evaluate) timed evaluate phase_evaluate "$point" "extra $((e + 1))" ;;
      report) timed report phase_report "$point" "extra $((e + 1))" "$work/out-x$e" ;;
    esac
  done
  [ "$phase" = import ] || [ "$ready" = 0 ] || db_drop
}
if [ "$failures" -eq 0 ]; then
  for p in import evaluate report; do bisect "$p"; done
fi

# --- summary -------------------------------------------------------------------------------------

echo "summary ($backend, $(ms $(($(now_us) - t_start))) ms in all; reference durations: import $(ms "$t_import") ms, evaluate $(ms "$t_evaluate") ms, report $(ms "$t_report") ms):"
for p in import evaluate report; do
  extra=""
  [ "$backend" = sqlite ] && extra="; ${n_recovered[$p]} left a write-ahead log with frames (recovered on open), ${n_stale[$p]} an empty one"
  [ "$backend" = postgresql ] && extra="; server sessions ended at most ${max_orphan[$p]} ms after the kill"
  printf '  %-8s %2d kills: %d before the commit, %d after the commit (committed-before-kill), %d finished before the kill; %d checks passed; %d ms%s\n' \
    "$p" "${n_kills[$p]}" "${n_before[$p]}" "${n_after[$p]}" "${n_finished[$p]}" "${n_checks[$p]}" "$(ms "${phase_us[$p]}")" "$extra"
  if [ "$failures" -eq 0 ] && { [ "${n_before[$p]}" -eq 0 ] || [ "${n_after[$p]}" -eq 0 ]; }; then
    echo "  note: no $p kill landed $([ "${n_before[$p]}" -eq 0 ] && echo before || echo after) the commit"
  fi
done
if [ "${#leftovers[@]}" -gt 0 ]; then
  echo "left in the report's directory after a kill (not a failure; to be decided):"
  printf '  %s\n' "${leftovers[@]}"
else
  echo "nothing left in the report's directory after any kill"
fi
if [ "$failures" -gt 0 ]; then
  echo "crash consistency on $backend: $failures check(s) FAILED"
  exit 1
fi
echo "crash consistency on $backend: all checks passed"
