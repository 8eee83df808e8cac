# shellcheck shell=bash disable=SC2015,SC2154 # sourced by check_roles.sh: its helpers and variables
# ---- Item 10: readers see authors under pseudonyms ------------------------------------------
# Authors are the logins' names here (--by), so a login name that reaches the reader is a leak.
# Year 2027 and node 1.1.1 of the Vienne scheme are this part's own; approval is taken back.
authors="imported_by recorded_by approved_by done_by replaced_by"
author_list="'${authors// /\', \'}'"
os_user=$(id -un)
{ csv mds-poitiers 40 | sed 's/,2025,/,2027,/'; } > "$work/p-c1.csv"
{ csv mds-poitiers 41 | sed 's/,2025,/,2027,/'; } > "$work/p-c1b.csv"
{ csv mdsp-montmorillon 42 | sed 's/,2025,/,2027,/'; } > "$work/p-c2.csv"
out=$({
  jalon_as "$c1" data import "$work/p-c1.csv" --by "$c1" &&
    jalon_as "$c1" data import "$work/p-c1b.csv" --by "$c1" &&
    jalon_as "$c2" data import "$work/p-c2.csv" --by "$c2" &&
    jalon_as "$c1" status set --scheme "$scheme" --node 1.1.1 --year 2027 --status "en cours" --by "$c1" &&
    jalon_as "$c1" status set --scheme "$scheme" --node 1.1.1 --year 2027 --status "réalisé" --by "$c1" &&
    jalon_as "$ev" data approve --scheme "$scheme" --year 2027 --territory mdsp-montmorillon --by "$ev" &&
    jalon_as "$ev" evaluate --scheme "$scheme" --year 2027
}) || fail "item 10 set-up (imports, follow-ups, approval and run of 2027 by named authors): $out"
run_2027=$(owner_sql "SELECT max(id) FROM evaluation_run WHERE scheme_id = '$scheme' AND year = 2027")
owner_sql "ANALYZE" > /dev/null

# Every author column of every table of the registry, from the catalog.
author_columns=$(owner_sql "SELECT c.table_name || '.' || c.column_name FROM information_schema.columns c
  JOIN jalon_table r ON r.table_name = c.table_name WHERE c.table_schema = 'public'
   AND c.column_name IN ($author_list) ORDER BY 1")
[ "$(wc -l <<< "$author_columns")" -ge 7 ] && pass "author columns found in the catalog: $(tr '\n' ' ' <<< "$author_columns")" ||
  fail "fewer author columns than expected in the catalog: $author_columns"
refused "$rd" "the reader reads who imported each file" "SELECT imported_by FROM observation_import" "permission denied"
for tc in $author_columns; do
  refused "$rd" "the reader reads public.$tc" "SELECT ${tc#*.} FROM public.${tc%.*}" "permission denied"
done
out=$(as "$rd" "SELECT count(*) FROM pg_stats WHERE schemaname = 'public' AND attname IN ($author_list)")
[ "$out" = 0 ] && pass "the reader finds no author among the statistics (pg_stats)" ||
  fail "pg_stats shows the reader author columns: $out"

# The reader's views: a pseudonym for each author, the same in every table, no name.
p1=$(as "$rd" "SELECT imported_by FROM jalon_reader.observation_import WHERE source_file LIKE '%p-c1b.csv'")
p2=$(as "$rd" "SELECT imported_by FROM jalon_reader.observation_import WHERE source_file LIKE '%p-c2.csv'")
pe=$(as "$rd" "SELECT approved_by FROM jalon_reader.data_approval WHERE scheme_id = '$scheme' AND year = 2027")
[[ $p1 =~ ^A-[0-9a-f]{8}$ && $p2 =~ ^A-[0-9a-f]{8}$ && $pe =~ ^A-[0-9a-f]{8}$ ]] &&
  pass "the reader sees the importers and the approver as pseudonyms ($p1, $p2, $pe)" ||
  fail "the reader's view of the import log and the approvals: '$p1', '$p2', '$pe' (expected A- and 8 hex digits)"
[ "$p1" != "$p2" ] && [ "$p1" != "$pe" ] && [ "$p2" != "$pe" ] &&
  pass "different authors have different pseudonyms" || fail "two authors share a pseudonym: $p1 $p2 $pe"
out=$(as "$rd" "SELECT (SELECT string_agg(DISTINCT recorded_by, ',') FROM jalon_reader.action_follow_up WHERE scheme_id = '$scheme' AND node_code = '1.1.1' AND year = 2027)
  || '|' || (SELECT string_agg(DISTINCT recorded_by, ',') FROM jalon_reader.action_follow_up_history WHERE scheme_id = '$scheme' AND node_code = '1.1.1' AND year = 2027)
  || '|' || (SELECT string_agg(DISTINCT recorded_by, ',') FROM jalon_reader.observation_history WHERE scheme_id = '$scheme' AND territory_code = 'mds-poitiers' AND period = '2027')
  || '|' || (SELECT string_agg(DISTINCT done_by, ',') FROM jalon_reader.data_approval_log WHERE scheme_id = '$scheme' AND year = 2027)")
[ "$out" = "$p1|$p1|$p1|$pe" ] && pass "one author has one pseudonym in every table (follow-ups, their history, the data history, the approval log)" ||
  fail "pseudonyms across tables: $out (expected $p1|$p1|$p1|$pe)"
leaks=""
for tc in $author_columns; do
  n=$(as "$rd" "SELECT count(*) FROM jalon_reader.${tc%.*} WHERE ${tc#*.} IN ('$ev', '$c1', '$c2', '$rd', '$os_user')
     OR (${tc#*.} !~ '^A-[0-9a-f]{8}\$' AND ${tc#*.} NOT IN ('', 'scheme file', 'unknown'))")
  [ "$n" = 0 ] || leaks="$leaks $tc($n)"
done
[ -z "$leaks" ] && pass "no author column of the reader's views holds a name (every one: a pseudonym or a fixed non-personal author)" ||
  fail "names in the reader's views:$leaks"
out=$(owner_sql "SELECT jalon_private.pseudonym('scheme file') || '|' || jalon_private.pseudonym('') || '|' || jalon_private.pseudonym('$p1')")
[ "$out" = "scheme file||$p1" ] && pass "authors that name nobody ('scheme file', '') and pseudonyms stay as they are" ||
  fail "pseudonyms of 'scheme file', '' and $p1: $out"
refused "$rd" "the reader reads the pseudonyms' salt" "SELECT * FROM jalon_private.pseudonym_salt" "permission denied"
refused "$rd" "the reader computes a pseudonym" "SELECT jalon_private.pseudonym('$c1')" "permission denied"
[ "$(owner_sql "SELECT jalon_private.pseudonym('$c1')")" = "$p1" ] &&
  pass "the owner's jalon_private.pseudonym gives the readers' pseudonym" ||
  fail "the owner's pseudonym of $c1 is not the reader's $p1"

# Through jalon: the reader's history, run, follow-ups and reports show pseudonyms, not names.
out=$(jalon_as "$rd" data history --scheme "$scheme" --series 1.1.1-I1 --territory mds-poitiers)
grep -q 41 <<< "$out" && grep -q -- "$p1" <<< "$out" && ! grep -q -e "$c1" -e "$ev" -e "$c2" <<< "$out" &&
  pass "the reader's data history shows the pseudonym, no login name" || fail "the reader's data history: $out"
out=$(jalon_as "$rd" status history --scheme "$scheme" --node 1.1.1)
grep -q -- "$p1" <<< "$out" && ! grep -q -e "$c1" -e "$ev" -e "$c2" <<< "$out" &&
  pass "the reader's status history shows the pseudonym, no login name" || fail "the reader's status history: $out"
out=$(jalon_as "$rd" runs show "$run_2027")
[ -n "$run_2027" ] && grep -q -- "$p2" <<< "$out" && ! grep -q -e "$c1" -e "$ev" -e "$c2" <<< "$out" &&
  pass "the reader's runs show lists the data sources under pseudonyms" || fail "the reader's runs show $run_2027: $out"
# Every text of a workbook: its XML parts, inflated.
xlsx_text() { /usr/bin/python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print("\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()))' "$1"; }
if out=$(jalon_as "$rd" report annual --scheme "$scheme" --year 2027 -o "$work/p-annual.xlsx"); then
  text=$(xlsx_text "$work/p-annual.xlsx")
  grep -q -- "$p2" <<< "$text" && ! grep -q -e "$c1" -e "$ev" -e "$c2" <<< "$text" &&
    pass "the reader's annual workbook names the data sources' authors by pseudonym, no login name" ||
    fail "the reader's annual workbook: pseudonym $p2 $(grep -c -- "$p2" <<< "$text") times, login names $(grep -c -e "$c1" -e "$ev" -e "$c2" <<< "$text") times"
else
  fail "the reader cannot write the annual workbook: $out"
fi
if out=$(jalon_as "$rd" report midterm --scheme "$scheme" --year 2027 -o "$work/p-midterm.html"); then
  ! grep -q -e "$c1" -e "$ev" -e "$c2" "$work/p-midterm.html" &&
    pass "the reader's mid-term review names no login" || fail "the reader's mid-term review names a login"
else
  fail "the reader cannot write the mid-term review: $out"
fi
out=$(jalon_as "$rd" scheme list) && pass "the reader lists the schemes" || fail "the reader's scheme list: $out"
if out=$(jalon_as "$rd" scheme export "$scheme" -o "$work/p-scheme.yaml" 2>&1) &&
  out=$(jalon_as "$ev" scheme export "$scheme" -o "$work/e-scheme.yaml" 2>&1) &&
  out=$(jalon_as "$rd" scheme export "$scheme" -o "$work/p-scheme.xlsx" 2>&1); then
  cmp -s "$work/p-scheme.yaml" "$work/e-scheme.yaml" &&
    pass "the reader exports the scheme (YAML, workbook), the same YAML as the evaluator's" ||
    fail "the reader's scheme export differs from the evaluator's"
else
  fail "the reader cannot export the scheme: $out"
fi

# Writers keep the real authors.
out=$(as "$ev" "SELECT count(*) > 0 FROM observation_import WHERE imported_by = '$c1'")$(as "$c2" "SELECT count(*) > 0 FROM action_follow_up WHERE recorded_by = '$c1'")
[ "$out" = tt ] && pass "the evaluator and the contributors still read the real authors" ||
  fail "writers' view of the authors: $out (expected tt)"
out=$(jalon_as "$ev" data history --scheme "$scheme" --series 1.1.1-I1 --territory mds-poitiers)
grep -q -- "$c1" <<< "$out" && pass "the evaluator's data history names the author" ||
  fail "the evaluator's data history: $out"

# The roles file run again keeps the pseudonyms (the salt is made once).
PGUSER=jalon PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$roles_sql" > "$work/roles-p.log" 2>&1 ||
  fail "docs/postgresql-roles.sql run again: $(cat "$work/roles-p.log")"
out=$(as "$rd" "SELECT imported_by FROM jalon_reader.observation_import WHERE source_file LIKE '%p-c1b.csv'")
[[ $out =~ ^A-[0-9a-f]{8}$ ]] && [ "$out" = "$p1" ] && pass "pseudonyms stay the same when the roles file runs again" ||
  fail "after the roles file ran again, $c1 is '$out', was '$p1'"

# docs/deployment.md's block pseudonymising old authors, as written there, for every date (then
# rolled back): no name is left, every author is the pseudonym the reader saw.
imports_c1=$(owner_sql "SELECT count(*) FROM observation_import WHERE imported_by = '$c1'")
awk '/^## Personal data/ { on = 1 } on && /^```sql$/ { inside = 1; next } inside && /^```$/ { exit }
  inside' "$src/docs/deployment.md" | sed "s/'2024-01-01'/'9999-01-01'/; s/^COMMIT;\$//" > "$work/purge.sql"
{
  echo "SELECT (SELECT count(*) FROM observation_import WHERE imported_by = '$c1') || '|' ||"
  echo "  (SELECT count(*) FROM observation_import WHERE imported_by = '$p1') || '|' ||"
  echo "  (SELECT count(*) FROM jalon_reader.observation_import WHERE imported_by = '$p1') || '|' ||"
  echo "  (SELECT count(*) FROM data_approval_log WHERE done_by IN ('$ev', '$os_user')) || '|' ||"
  echo "  (SELECT count(*) FROM action_follow_up_history WHERE recorded_by = '$c1');"
  echo "ROLLBACK;"
} >> "$work/purge.sql"
if ! grep -q "jalon_private.pseudonym" "$work/purge.sql"; then
  fail "no SQL block pseudonymising authors in docs/deployment.md, section Personal data"
elif out=$(PGUSER=jalon PGDATABASE=$db psql -X -q -tA -v ON_ERROR_STOP=1 -f "$work/purge.sql" 2>&1) &&
  [ "$out" = "0|$imports_c1|$imports_c1|0|0" ]; then
  pass "docs/deployment.md's SQL pseudonymises the authors in place, with the readers' pseudonyms"
else
  fail "docs/deployment.md's SQL pseudonymising authors: $out (expected 0|$imports_c1|$imports_c1|0|0)"
fi
[ "$(owner_sql "SELECT count(*) FROM observation_import WHERE imported_by = '$c1'")" = "$imports_c1" ] ||
  fail "the rolled-back pseudonymisation changed the import log"

out=$(jalon_as "$ev" data unapprove --scheme "$scheme" --year 2027 --territory mdsp-montmorillon --reason "item 10 checks done" --by "$ev") ||
  fail "the evaluator cannot take back the approval of 2027: $out"
