#!/usr/bin/env bash
# Hostile text through import, evaluation and both reports.
#
# Usage: check_hostile_text.sh BUILD_DIR SOURCE_DIR
#
# On SQLite (a file in a temporary directory), or on PostgreSQL when JALON_TEST_PG_ENV names the
# env file of scripts/pg-test-cluster (a schema of its own, dropped at the end). read_hostile.py
# writes a scheme whose codes, titles, labels, notes, pilots, territory names, series labels and
# follow-ups hold quotes, ';', SQL fragments, <script> and <img onerror>, entities, texts that
# begin with = + - @ a tab or a carriage return, right-to-left marks, emoji and combining accents,
# 40 000-character texts; a data file (whose name is hostile too) with hostile dimension columns
# and comments; a follow-up CSV. Then:
#   1. imports (exit 0) and every stored text read back byte for byte (sqlite3 / psql), the
#      dimension keys with '%', ';' and '=' escaped, the tables and their counts (no injection);
#   2. jalon evaluate;
#   3. the annual workbook and the mid-term review (xlsx, HTML) read back: hostile texts are
#      string cells with their exact text, no formula but Jalon's own, long texts cut at 32 767
#      characters with Jalon's mark; in the HTML no element or on* attribute from the inputs, the
#      texts escaped and exact (read_review.py's structure checks too);
#   4. the scheme re-imported in place, the database read back again;
#   5. what Jalon refuses, each with exit 2, its message, and the database unchanged: codes with
#      control characters or a leading space, a scheme id that is not an identifier, invalid
#      UTF-8 (a lone 0xC3, an overlong 0xC0 0xAF, a surrogate 0xED 0xA0 0x80) in a scheme file, a
#      data file and a follow-up file, refused with the byte offset of the first bad byte, and in
#      texts given on the command line (status set --comment, data import --by); terminal control
#      sequences in a data file, quoted escaped in the message;
#   6. the data-entry template of the scheme read back, and imported back as it was written.
# Ends with "hostile text: N checks passed" and exit 0, or lists every failure and exits 1.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
source_dir=$(cd "$2" && pwd) || exit 2
jalon="$build/bin/jalon"
python=/usr/bin/python3
reader="$source_dir/tests/hostile/read_hostile.py"
review_reader="$source_dir/tests/review/read_review.py"

for need in "$jalon" "$python" "$reader" "$review_reader"; do
  [ -e "$need" ] || { echo "FAIL: $need not found"; exit 1; }
done
"$python" -c 'import openpyxl, yaml, html.parser, sqlite3' 2> /dev/null \
  || { echo "FAIL: $python lacks openpyxl or yaml (apt-get install python3-openpyxl python3-yaml)"; exit 1; }

work=$(mktemp -d)
export LC_ALL=C.UTF-8
schema=""
cleanup() {
  if [ -n "$schema" ]; then
    psql -X -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${JALON_TEST_PG_ENV:-}" ]; then
  [ -r "$JALON_TEST_PG_ENV" ] || { echo "FAIL: no test cluster env file $JALON_TEST_PG_ENV"; exit 1; }
  command -v psql > /dev/null || { echo "FAIL: the psql command is not installed"; exit 1; }
  set -a
  # shellcheck disable=SC1090
  . "$JALON_TEST_PG_ENV"
  set +a
  [ -n "${JALON_TEST_PG_URL:-}" ] || { echo "FAIL: no JALON_TEST_PG_URL in $JALON_TEST_PG_ENV"; exit 1; }
  candidate="hostile_$$_$(date +%s)"
  psql -X -q -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $candidate" > "$work/psql.log" 2>&1 \
    || { echo "FAIL: cannot create schema $candidate: $(cat "$work/psql.log")"; exit 1; }
  schema=$candidate
  export JALON_DB="$JALON_TEST_PG_URL?options=-csearch_path%3D$schema"
  db="pg:$schema"
  backend=PostgreSQL
else
  command -v sqlite3 > /dev/null || { echo "FAIL: the sqlite3 command is not installed"; exit 1; }
  export JALON_DB="sqlite:$work/jalon.db"
  db="sqlite:$work/jalon.db"
  backend=SQLite
fi
echo "== hostile text on $backend"

. "$source_dir/tests/support/checks.sh" # pass, fail, step, read_back, finish

state() { "$python" "$reader" state "$db"; }

# refused NAME EXPECTED_TEXT COMMAND…: exit 2, a message holding EXPECTED_TEXT, nothing written.
refused() {
  local name=$1 expected=$2
  shift 2
  local before after rc=0
  before=$(state) || { fail "$name: cannot read the database's state"; return; }
  "$@" > "$work/refused.out" 2> "$work/refused.err" || rc=$?
  after=$(state)
  local message
  message=$(tr '\n' ' ' < "$work/refused.err" | cut -c1-400)
  if [ "$rc" -eq 2 ]; then
    pass "$name: exit 2"
  else
    fail "$name: exit $rc, expected 2: $message"
  fi
  if grep -qF -- "$expected" "$work/refused.err"; then
    pass "$name: the message says '$expected'"
    echo "     refused with: $(grep -F -- "$expected" "$work/refused.err" | head -1 | cut -c1-300)"
  else
    fail "$name: the message lacks '$expected': $message"
  fi
  if [ "$before" = "$after" ]; then
    pass "$name: the database is unchanged"
  else
    fail "$name: the database changed"
  fi
}

# --- 0. The inputs and an empty database -----------------------------------------------------------
step "jalon init" "$jalon" -q init || exit 1
tables=$("$python" "$reader" tables "$db") || { fail "cannot count the tables"; tables=0; }
echo "     a fresh database has $tables tables"
"$python" "$reader" write "$work" > "$work/manifest" || { fail "read_hostile.py write failed"; exit 1; }
data_file=$(awk '$1 == "data" && $2 == "hostile" {sub(/^data hostile /, ""); print}' "$work/manifest")
scheme_id=hostile-text-test
year=2025
by='=HYPERLINK("http://x","y") '"'"'; DROP TABLE observation; --'

# --- 1. Imports ------------------------------------------------------------------------------------
cd "$work" || exit 1
step "scheme import of the hostile scheme" "$jalon" -q scheme import hostile.yaml
step "data import of the hostile CSV (hostile name, dimensions, comments, --by)" \
  "$jalon" -q data import "$data_file" --scheme "$scheme_id" --by "$by"
step "status import of the hostile follow-up CSV" \
  "$jalon" -q status import status.csv --scheme "$scheme_id"

# --- 2. Evaluation ---------------------------------------------------------------------------------
step "evaluate $scheme_id $year" "$jalon" -q evaluate --scheme "$scheme_id" --year "$year"
step "runs list" "$jalon" -q runs list
step "data history of a hostile series and territory" \
  "$jalon" -q data history --scheme "$scheme_id" --series "=I1;'--" \
  --territory "<img src=x onerror=alert(1)>"
if grep -qF "' OR '1'='1" "$work/step.log"; then
  pass "data history prints the hostile comment as written"
else
  fail "data history lacks the comment \"' OR '1'='1\": $(head -c 400 "$work/step.log")"
fi

echo "== the database"
read_back "database" "$reader" db "$db" --tables "$tables"

# --- 3. Reports ------------------------------------------------------------------------------------
step "report annual --year $year -o annual.xlsx" \
  "$jalon" -q report annual --scheme "$scheme_id" --year "$year" -o "$work/annual.xlsx"
for output in midterm.xlsx midterm.html; do
  step "report midterm --year $year -o $output" \
    "$jalon" -q report midterm --scheme "$scheme_id" --year "$year" -o "$work/$output"
done
if [ -s "$work/annual.xlsx" ]; then
  echo "== annual.xlsx"
  read_back "annual.xlsx" "$reader" annual "$work/annual.xlsx"
else
  fail "no annual.xlsx"
fi
if [ -s "$work/midterm.xlsx" ]; then
  echo "== midterm.xlsx"
  read_back "midterm.xlsx" "$reader" midterm-xlsx "$work/midterm.xlsx"
else
  fail "no midterm.xlsx"
fi
if [ -s "$work/midterm.html" ]; then
  echo "== midterm.html"
  read_back "midterm.html" "$reader" midterm-html "$work/midterm.html"
  # The page's structure, as the mid-term review's own test checks it (balanced tags, headings,
  # no script, links).
  read_back "midterm.html structure" "$review_reader" structure "$work/midterm.html" fr \
    --label hostile-text.html
else
  fail "no midterm.html"
fi

# --- 4. Re-import in place -------------------------------------------------------------------------
step "scheme import of the same hostile scheme again (in place)" \
  "$jalon" -q scheme import hostile.yaml
echo "== the database after the re-import"
read_back "database after re-import" "$reader" db "$db" --tables "$tables"

# --- 5. Refusals -----------------------------------------------------------------------------------
echo "== refusals"
# The manifest's lines: the codes Jalon refuses with the message each gets (read_hostile.py's
# REFUSED_CODES), the files with invalid UTF-8 with the offset of their first bad byte.
before_all=$(state)
while read -r kind name file rest; do
  offset=$rest
  case $kind in
    refused-scheme)
      refused "scheme $name refused" "$rest" "$jalon" -q scheme import "$file"
      ;;
    bad-scheme)
      refused "scheme with invalid UTF-8 ($name)" "byte offset $offset" \
        "$jalon" -q scheme import "$file"
      ;;
    bad-data)
      refused "data file with invalid UTF-8 ($name)" "invalid UTF-8 at byte offset $offset" \
        "$jalon" -q data import "$file" --scheme "$scheme_id"
      ;;
    bad-status)
      refused "follow-up file with invalid UTF-8 ($name)" "invalid UTF-8 at byte offset $offset" \
        "$jalon" -q status import "$file" --scheme "$scheme_id"
      ;;
  esac
done < "$work/manifest"
# Invalid UTF-8 in the texts of the command line: a follow-up's comment, a data import's author.
refused "status set --comment with invalid UTF-8 (lone 0xC3)" "UTF-8" \
  "$jalon" -q status set --scheme "$scheme_id" --node "=A2;x%y" --year 2026 --status "en cours" \
  --comment $'lone \xc3 byte'
refused "data import --by with invalid UTF-8 (overlong 0xC0 0xAF)" "UTF-8" \
  "$jalon" -q data import "$data_file" --scheme "$scheme_id" --by $'by \xc0\xaf name'

# Terminal control sequences (ESC, BEL) in a refused value: the refusal quotes the value with its
# control characters shown as \xHH, never raw (a terminal would run them).
printf 'series,territory,period,value\n\033]0;titre\007\033[2J=S,r,2025,1\n' > "$work/escape.csv"
refused "data file with ESC and BEL in a series code" "unknown series '\x1B]0;titre\x07\x1B[2J=S'" \
  "$jalon" -q data import escape.csv --scheme "$scheme_id"
if grep -q $'[\033\007]' "$work/refused.err"; then
  fail "the refusal echoes raw ESC or BEL bytes: $(od -An -c "$work/refused.err" | head -3 | tr -s ' \n' ' ')"
else
  pass "the refusal shows ESC and BEL as \\x1B and \\x07"
fi
if [ "$before_all" = "$(state)" ]; then
  pass "the database is as it was before the refusals"
else
  fail "the database changed during the refusals"
fi

# --- 6. The data-entry template: written, read back, imported back unchanged -----------------------
# Its hidden keys are the series and territory codes; Jalon's reader decodes _xHHHH_ escapes, so a
# code holding a literal `_x0041_` comes back only if the writer escaped it.
if step "data template --year $year -o template.xlsx" \
    "$jalon" -q data template --scheme "$scheme_id" --year "$year" -o "$work/template.xlsx"; then
  echo "== template.xlsx"
  read_back "template.xlsx" "$reader" template "$work/template.xlsx"
  step "the blank template imports back (hidden keys read as written, checksum intact)" \
    "$jalon" -q data import "$work/template.xlsx"
fi

# --- Result ----------------------------------------------------------------------------------------
finish "hostile text ($backend)"
