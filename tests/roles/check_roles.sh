#!/usr/bin/env bash
# shellcheck disable=SC2015 # `check && pass || fail`: pass only prints, so it is if-then-else
# pg.server_roles: a database of its own on the suite's PostgreSQL cluster, set up exactly as
# docs/deployment.md says (jalon init as the owner, docs/postgresql-roles.sql, the three group
# roles, an evaluator, two contributors limited to different territories of the Vienne sample, a
# reader), then each login tries, through psql and through jalon, what it may and may not do.
# Usage: check_roles.sh BUILD_DIR SOURCE_DIR (JALON_TEST_PG_ENV names the cluster's env file).
# Logins are cluster-wide: their names carry a per-run suffix and they are dropped at the end.
# Passwords only in a private PGPASSFILE, never on a command line.
set -uo pipefail
build=$1
src=$2
jalon="${JALON_TEST_BIN:-$build/bin/jalon}" # JALON_TEST_BIN / JALON_TEST_ROLES_SQL: to check
roles_sql_override=${JALON_TEST_ROLES_SQL:-}                # that the checks fail on an older Jalon
cluster="$src/scripts/pg-test-cluster"
roles_sql="${roles_sql_override:-$src/docs/postgresql-roles.sql}"
scheme_yaml="$src/samples/vienne-schema-unique-solidarites-2025-2029.yaml"
scheme=vienne-schema-unique-solidarites-2025-2029

[ -n "${JALON_TEST_PG_ENV:-}" ] || { echo "SKIPPED: no JALON_TEST_PG_ENV"; exit 0; }
[ -r "$JALON_TEST_PG_ENV" ] || { echo "FAIL: no test cluster env file $JALON_TEST_PG_ENV"; exit 1; }
command -v psql > /dev/null || { echo "FAIL: the psql command is not installed"; exit 1; }
set -a
# shellcheck disable=SC1090
. "$JALON_TEST_PG_ENV"
set +a
cluster_dir=$(dirname "$JALON_TEST_PG_ENV")
owner_password=$PGPASSWORD
unset PGPASSWORD

suffix="$$_$(date +%s)"
db="roles_$suffix"
ev="ev_$suffix"     # evaluator
c1="cora_$suffix"   # contributor: territoire-poitiers (and mds-poitiers below it)
c2="carl_$suffix"   # contributor: territoire-chauvigny-montmorillon
rd="rita_$suffix"   # reader
work=$(mktemp -d)
failures=0
holders=()

cleanup() {
  for pid in "${holders[@]}"; do kill "$pid" 2> /dev/null; done
  "$cluster" drop-db "$cluster_dir" "$db" > /dev/null 2>&1
  "$cluster" admin-sql "$cluster_dir" > /dev/null 2>&1 << SQL
DROP ROLE IF EXISTS "$ev";
DROP ROLE IF EXISTS "$c1";
DROP ROLE IF EXISTS "$c2";
DROP ROLE IF EXISTS "$rd";
SQL
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
pass() { echo "ok: $*"; }

# A private ~/.pgpass-style file: every login's password, mode 0600.
export PGPASSFILE="$work/pgpass"
(
  umask 077
  echo "$PGHOST:$PGPORT:*:jalon:$owner_password" > "$PGPASSFILE"
)
pw() { od -An -tx1 -N12 /dev/urandom | tr -d ' \n'; }
declare -A password
for login in "$ev" "$c1" "$c2" "$rd"; do
  password[$login]=$(pw)
  echo "$PGHOST:$PGPORT:*:$login:${password[$login]}" >> "$PGPASSFILE"
done

url() { echo "postgresql://$1@$PGHOST:$PGPORT/$db"; }
# as LOGIN SQL: psql as that login; prints stdout+stderr, exit code of psql.
as() {
  local login=$1
  shift
  PGUSER=$login PGDATABASE=$db psql -X -q -tA -v ON_ERROR_STOP=1 -c "$*" 2>&1
}
# jalon_as LOGIN ARGS...: jalon as that login.
jalon_as() {
  local login=$1
  shift
  "$jalon" --db "$(url "$login")" "$@" 2>&1
}
owner_sql() { as jalon "$@"; }
# refused LOGIN 'what' SQL EXPECTED-MESSAGE: the server refuses with that message.
refused() {
  local login=$1 what=$2 sql=$3 expected=$4 out
  if out=$(as "$login" "$sql"); then
    fail "$what: the server accepted it ($out)"
  elif ! grep -qi -- "$expected" <<< "$out"; then
    fail "$what: refused, but not with '$expected': $out"
  else
    pass "$what: refused ($(head -n 1 <<< "$out"))"
  fi
}
snapshot() { # the rows of the tables a refused write could have touched
  owner_sql "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (
    SELECT o::text AS t FROM observation o UNION ALL SELECT h::text FROM observation_history h
    UNION ALL SELECT i::text FROM observation_import i UNION ALL SELECT s::text FROM scheme s
    UNION ALL SELECT r::text FROM evaluation_run r UNION ALL SELECT a::text FROM data_approval a) x"
}

# ---- Set-up, as docs/deployment.md says -------------------------------------------------------
"$cluster" create-db "$cluster_dir" "$db" > "$work/create-db.log" 2>&1 ||
  { echo "FAIL: cannot create database $db: $(cat "$work/create-db.log")"; exit 1; }
# As a superuser: the group roles (if missing) and the logins, with their memberships. The
# passwords go through psql variables read from the private file, not a command line.
{
  cat << 'SQL'
SELECT format('CREATE ROLE %I NOLOGIN', r)
  FROM unnest(ARRAY['jalon_evaluator', 'jalon_contributor', 'jalon_reader']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec
SQL
  for pair in "$ev:jalon_evaluator" "$c1:jalon_contributor" "$c2:jalon_contributor" "$rd:jalon_reader"; do
    login=${pair%%:*}
    group=${pair#*:}
    echo "CREATE ROLE \"$login\" LOGIN PASSWORD '${password[$login]}';"
    echo "GRANT $group TO \"$login\";"
  done
} > "$work/roles.sql"
chmod 600 "$work/roles.sql"
"$cluster" admin-sql "$cluster_dir" < "$work/roles.sql" > "$work/admin.log" 2>&1 ||
  { echo "FAIL: cannot create the logins: $(cat "$work/admin.log")"; exit 1; }
rm -f "$work/roles.sql"

init_out=$("$jalon" --db "$(url jalon)" init 2>&1) || { echo "FAIL: jalon init: $init_out"; exit 1; }
version=$(sed -n 's/.*is at schema version \([0-9]*\).*/\1/p' <<< "$init_out" | tail -n 1)
[ -n "$version" ] || { echo "FAIL: jalon init printed no schema version: $init_out"; exit 1; }
if grep -q "is at schema version $version\$" "$src/docs/deployment.md" &&
  ! grep -E "is at schema version [0-9]+" "$src/docs/deployment.md" | grep -vq "version $version\$"; then
  pass "docs/deployment.md shows the current schema version ($version)"
else
  fail "docs/deployment.md does not show the current schema version $version: $(grep -n 'schema version' "$src/docs/deployment.md" | head -n 5)"
fi

PGUSER=jalon PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$roles_sql" > "$work/roles.log" 2>&1 ||
  { echo "FAIL: docs/postgresql-roles.sql: $(cat "$work/roles.log")"; exit 1; }
! grep -q WARNING "$work/roles.log" || fail "docs/postgresql-roles.sql warned: $(cat "$work/roles.log")"

jalon_as "$ev" scheme import "$scheme_yaml" > "$work/scheme.log" ||
  { echo "FAIL: the evaluator cannot import the Vienne scheme: $(cat "$work/scheme.log")"; exit 1; }
owner_sql "INSERT INTO contributor_territory (role_name, scheme_id, territory_code) VALUES
  ('$c1', '$scheme', 'territoire-poitiers'), ('$c2', '$scheme', 'territoire-chauvigny-montmorillon')
  ON CONFLICT DO NOTHING" > "$work/map.log" || { echo "FAIL: contributor_territory: $(cat "$work/map.log")"; exit 1; }

csv() { # TERRITORY VALUE...: one series, years from 2025
  echo "series,territory,period,value"
  local t=$1 year=2025
  shift
  for v in "$@"; do
    echo "1.1.1-I1,$t,$year,$v"
    year=$((year + 1))
  done
}
csv mds-poitiers 10 11 > "$work/c1.csv"
csv mdsp-montmorillon 20 21 > "$work/c2.csv"
{ csv mds-poitiers 12; csv mdsp-montmorillon 99 | tail -n +2; } > "$work/mixed.csv"
csv efs-chauvigny 30 > "$work/ev.csv"

# ---- What each login may do -------------------------------------------------------------------
out=$(jalon_as "$c1" data import "$work/c1.csv") && pass "contributor 1 imports its own territory" ||
  fail "contributor 1 cannot import its own territory: $out"
out=$(jalon_as "$c2" data import "$work/c2.csv") && pass "contributor 2 imports its own territory" ||
  fail "contributor 2 cannot import its own territory: $out"
out=$(jalon_as "$ev" data import "$work/ev.csv") && pass "the evaluator imports any territory" ||
  fail "the evaluator cannot import: $out"
out=$(jalon_as "$rd" data history --scheme "$scheme" --series 1.1.1-I1 --territory mds-poitiers) &&
  grep -q 10 <<< "$out" && pass "the reader reads the history" || fail "the reader cannot read: $out"

# ---- Contributors keep to their territories (row-level security) -----------------------------
before=$(snapshot)
if out=$(jalon_as "$c1" data import "$work/mixed.csv"); then
  fail "contributor 1 imported a file with another territory's rows: $out"
elif grep -q "row-level security" <<< "$out"; then
  pass "the server refuses contributor 1 a file with another territory's rows"
else
  fail "contributor 1's file with another territory's rows: refused, but not by row-level security: $out"
fi
[ "$(snapshot)" = "$before" ] && pass "the refused import left nothing (snapshot unchanged)" ||
  fail "the refused import of contributor 1 left rows behind"
out=$(as "$c1" "UPDATE observation SET value = 0 WHERE territory_code = 'mdsp-montmorillon'")
[ "$out" = "" ] && [ "$(snapshot)" = "$before" ] &&
  pass "contributor 1's UPDATE of another territory changes no row (row-level security)" ||
  fail "contributor 1 updated another territory's observations: $out"
refused "$c1" "contributor 1 inserts into another territory" \
  "INSERT INTO observation SELECT scheme_id, series, 'mdsp-montmorillon', period, dimensions, 2031, period_end, value, synthetic, import_seq FROM observation WHERE territory_code = 'mds-poitiers' LIMIT 1" \
  "row-level security"
refused "$c1" "contributor 1 moves its row into another territory" \
  "UPDATE observation SET territory_code = 'mdsp-montmorillon' WHERE territory_code = 'mds-poitiers'" \
  "row-level security\|key of a row of observation .* cannot change"
refused "$c1" "a contributor reads the mapping" "SELECT * FROM contributor_territory" "permission denied"
[ "$(snapshot)" = "$before" ] || fail "a refused write by contributor 1 changed the tables"

# ---- No escalation ------------------------------------------------------------------------------
for login in "$c1" "$rd" "$ev"; do
  refused "$login" "$login: SET ROLE to the owner" "SET ROLE jalon" "permission denied"
  refused "$login" "$login: COPY ... PROGRAM" "COPY (SELECT 1) TO PROGRAM 'id'" "permission denied\|must be superuser"
  refused "$login" "$login: pg_read_file" "SELECT pg_read_file('/etc/passwd')" "permission denied"
  refused "$login" "$login: CREATE POLICY" "CREATE POLICY p_$suffix ON observation FOR ALL USING (true)" "must be owner"
  refused "$login" "$login: CREATE ROLE" "CREATE ROLE x_$suffix" "permission denied"
  refused "$login" "$login: CREATE TABLE" "CREATE TABLE x_$suffix (i int)" "permission denied"
  refused "$login" "$login: ALTER TABLE ... DISABLE ROW LEVEL SECURITY" "ALTER TABLE observation DISABLE ROW LEVEL SECURITY" "must be owner"
done
refused "$c1" "a contributor: SET ROLE jalon_evaluator" "SET ROLE jalon_evaluator" "permission denied"
refused "$rd" "the reader: SET ROLE jalon_contributor" "SET ROLE jalon_contributor" "permission denied"
# GRANT of a privilege one does not hold is only a warning: what counts is that it gives nothing.
as "$c1" "GRANT INSERT, UPDATE ON observation TO \"$rd\"" > /dev/null 2>&1
as "$c1" "GRANT jalon_evaluator TO \"$rd\"" > /dev/null 2>&1
[ "$(owner_sql "SELECT has_table_privilege('$rd', 'observation', 'INSERT') OR pg_has_role('$rd', 'jalon_evaluator', 'MEMBER')")" = f ] &&
  pass "a contributor's GRANT gives the reader nothing" || fail "a contributor's GRANT gave the reader a privilege"

# ---- The reader writes nothing --------------------------------------------------------------
before=$(snapshot)
refused "$rd" "the reader inserts an observation" "INSERT INTO observation SELECT * FROM observation LIMIT 1" "permission denied"
refused "$rd" "the reader updates an observation" "UPDATE observation SET value = 0" "permission denied"
refused "$rd" "the reader deletes a scheme" "DELETE FROM scheme" "permission denied"
refused "$rd" "the reader inserts into the import log" "INSERT INTO observation_import SELECT * FROM observation_import LIMIT 1" "permission denied"
refused "$rd" "the reader creates a temporary table" "CREATE TEMPORARY TABLE t (i int)" "permission denied"
if out=$(jalon_as "$rd" data import "$work/c1.csv"); then
  fail "jalon let the reader import: $out"
elif grep -q "permission denied" <<< "$out"; then
  pass "the server refuses the reader an import"
else
  fail "the reader's import: refused, but not by a permission: $out"
fi
out=$(jalon_as "$rd" scheme import "$scheme_yaml") && fail "jalon let the reader import a scheme: $out" ||
  pass "jalon refuses the reader a scheme import"
[ "$(snapshot)" = "$before" ] && pass "the reader's refused writes changed nothing" ||
  fail "the reader's refused writes changed the tables"

# ---- Item 4: the policy functions are no oracle -----------------------------------------------
refused "$c1" "a contributor asks jalon_may_write about another login" \
  "SELECT jalon_may_write('$c2', '$scheme', 'territoire-chauvigny-montmorillon')" "does not exist"
refused "$c1" "a contributor asks jalon_may_write_scheme about another login" \
  "SELECT jalon_may_write_scheme('$c2', '$scheme')" "does not exist"
out=$(as "$c1" "SELECT jalon_may_write('$scheme', 'mdsp-montmorillon'), jalon_may_write('$scheme', 'mds-poitiers')")
[ "$out" = "f|t" ] && pass "jalon_may_write answers only about the login itself" ||
  fail "jalon_may_write as contributor 1: expected f|t, got $out"
out=$(as "$c1" "SET ROLE jalon_contributor; SELECT jalon_may_write('$scheme', 'mds-poitiers')")
[ "$out" = "t" ] && pass "under SET ROLE jalon_contributor the login keeps its own territories" ||
  fail "jalon_may_write under SET ROLE: expected t, got $out"
refused "$rd" "the reader calls jalon_may_write" "SELECT jalon_may_write('$scheme', 'mds-poitiers')" "permission denied"

# ---- Item 5: no login blocks the writers ------------------------------------------------------
# The reader takes the advisory locks Jalon used (session level, outside a transaction) and tries
# the writers' rows; it keeps its session open while the evaluator imports.
PGUSER=$rd PGDATABASE=$db psql -X -q -c "SELECT pg_advisory_lock(7420150001), pg_advisory_lock(x'4A616C6F6E01'::bigint), pg_advisory_lock(x'4A616C6F6E02'::bigint)" \
  -c "SELECT pg_sleep(60)" > /dev/null 2>&1 &
holders+=($!)
for _ in $(seq 50); do
  [ "$(owner_sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND a.usename = '$rd'")" -ge 3 ] && break
  sleep 0.2
done
[ "$(owner_sql "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.usename = '$rd'")" = 3 ] &&
  pass "the reader holds the three advisory keys at session level" ||
  fail "the reader could not take the advisory keys (the checks below would prove nothing)"
refused "$rd" "the reader locks a writers' row" "SELECT * FROM jalon_writer_lock FOR UPDATE" "permission denied"
refused "$rd" "the reader locks the writers' table" "BEGIN; LOCK TABLE jalon_writer_lock IN EXCLUSIVE MODE; COMMIT" "permission denied"
refused "$rd" "the reader locks jalon_meta" "BEGIN; LOCK TABLE jalon_meta IN SHARE ROW EXCLUSIVE MODE; COMMIT" "permission denied"
csv efs-chauvigny 31 32 > "$work/ev2.csv"
start=$(date +%s)
out=$(jalon_as "$ev" --wait 5 data import "$work/ev2.csv") &&
  pass "an import completes while the reader holds the advisory locks ($(($(date +%s) - start)) s)" ||
  fail "the reader's session blocked the evaluator's import: $out"
out=$(jalon_as "$ev" --wait 5 evaluate --scheme "$scheme" --year 2025) &&
  pass "an evaluation stores its run while the reader holds the advisory locks" ||
  fail "the reader's session blocked the evaluator's run: $out"
# Whether the writers' row of yearly data is free (the owner sees it unless someone holds it).
row_free() { owner_sql "SELECT name FROM jalon_writer_lock WHERE name = 'observations' FOR UPDATE SKIP LOCKED"; }
# A contributor may write, so it may hold the lock, but only inside a transaction; a writer that
# waits is bounded by --wait.
PGUSER=$c2 PGDATABASE=$db psql -X -q -c "BEGIN" -c "SELECT name FROM jalon_writer_lock WHERE name = 'observations' FOR UPDATE" \
  -c "SELECT pg_sleep(60)" > /dev/null 2>&1 &
holders+=($!)
for _ in $(seq 50); do
  [ -z "$(row_free)" ] && break
  sleep 0.2
done
[ -z "$(row_free)" ] ||
  fail "contributor 2 is not holding the writers' row in a transaction (the check below would prove nothing)"
start=$(date +%s)
out=$(jalon_as "$ev" --wait 2 data import "$work/ev2.csv")
code=$?
[ $code = 1 ] && grep -q "gave up after 2 s" <<< "$out" &&
  pass "while a contributor holds the lock in a transaction, --wait 2 bounds the wait ($(($(date +%s) - start)) s)" ||
  fail "an import waiting for a contributor's transaction: exit $code, $out"
for pid in "${holders[@]}"; do kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null; done
holders=()
# Their server sessions sleep on, holding their locks, until told: end them (as the superuser).
"$cluster" admin-sql "$cluster_dir" > /dev/null 2>&1 << SQL
SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename IN ('$rd', '$c2');
SQL
refused "$c1" "a contributor changes a writers' row" "UPDATE jalon_writer_lock SET name = 'x'" "row-level security"
refused "$ev" "the evaluator deletes a writers' row" "DELETE FROM jalon_writer_lock" "permission denied"

# Only the owner can remove a writers' row; then writers say so rather than run unserialised.
owner_sql "DELETE FROM jalon_writer_lock WHERE name = 'runs'" > /dev/null
out=$(jalon_as "$ev" evaluate --scheme "$scheme" --year 2026)
code=$?
[ $code = 1 ] && grep -q "the writers' lock row 'runs' is missing from table jalon_writer_lock" <<< "$out" &&
  pass "without its lock row, an evaluation stops with a sentence (exit 1)" ||
  fail "an evaluation without its lock row: exit $code, $out"
owner_sql "INSERT INTO jalon_writer_lock (name) VALUES ('runs')" > /dev/null

# ---- Item 9: grants from the table registry; new tables stay closed ---------------------------
out=$(owner_sql "SELECT string_agg(c.relname, ', ') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'contributor_territory'
    AND c.relname NOT IN (SELECT table_name FROM jalon_table)")
[ -z "$out" ] && pass "every table of the schema is in the registry jalon_table" ||
  fail "tables missing from the registry jalon_table: $out"
out=$(owner_sql "SELECT count(*) FROM pg_default_acl d JOIN pg_namespace n ON n.oid = d.defaclnamespace
  WHERE n.nspname = 'public' AND array_to_string(d.defaclacl, ',') ~ 'jalon_(evaluator|contributor|reader)'")
[ "$out" = 0 ] && pass "no default privileges for the Jalon groups" ||
  fail "default privileges still give future tables to the Jalon groups ($out entries)"
# A later migration adds a table the registry does not classify: it is closed, also after the
# roles file runs again (which names it in a warning).
owner_sql "CREATE TABLE later_table_$suffix (i int)" > /dev/null || fail "the owner cannot create a table"
refused "$ev" "the evaluator writes a table a migration added" "INSERT INTO later_table_$suffix VALUES (1)" "permission denied"
refused "$rd" "the reader reads a table a migration added" "SELECT * FROM later_table_$suffix" "permission denied"
PGUSER=jalon PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$roles_sql" > "$work/roles2.log" 2>&1 ||
  fail "docs/postgresql-roles.sql run again: $(cat "$work/roles2.log")"
grep -q "later_table_$suffix" "$work/roles2.log" && pass "the roles file names the unclassified table" ||
  fail "the roles file did not warn about later_table_$suffix: $(cat "$work/roles2.log")"
refused "$ev" "after the roles file, the evaluator still cannot write the unclassified table" "INSERT INTO later_table_$suffix VALUES (1)" "permission denied"
# A grant by hand is taken back when the file runs again; a registered table gets its class.
owner_sql "GRANT ALL ON later_table_$suffix TO jalon_evaluator; INSERT INTO jalon_table VALUES ('later_table_$suffix', 'log')" > /dev/null
PGUSER=jalon PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$roles_sql" > "$work/roles3.log" 2>&1 ||
  fail "docs/postgresql-roles.sql run a third time: $(cat "$work/roles3.log")"
out=$(owner_sql "SELECT has_table_privilege('$ev', 'later_table_$suffix', 'INSERT'), has_table_privilege('$ev', 'later_table_$suffix', 'UPDATE'), has_table_privilege('$rd', 'later_table_$suffix', 'SELECT'), has_table_privilege('$rd', 'later_table_$suffix', 'INSERT')")
[ "$out" = "t|f|t|f" ] && pass "re-running the roles file gives a registered table its class's grants, and only them" ||
  fail "grants of a table registered as 'log' after the roles file: $out (expected t|f|t|f)"

# ---- The other items, one file each, in name order, in this shell (same logins and helpers) ---
for part in "$src"/tests/roles/parts/*.sh; do
  [ -e "$part" ] || continue
  echo "---- $(basename "$part")"
  # shellcheck disable=SC1090
  . "$part"
done

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
