# shellcheck shell=bash disable=SC2015,SC2154 # sourced by check_roles.sh: its helpers and variables
# Issue 16, item 6: no cascade erases history. A scheme or territory that has data, runs, history
# or contributors cannot be deleted (only retired), a scheme import that leaves a territory out
# retires it, and moving a territory may not change which contributors write it.

# The rows a deletion or a move could take or change, with the territories and the mapping.
cascade_snapshot() {
  echo "$(snapshot) $(owner_sql "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM (
    SELECT x::text AS t FROM territory x UNION ALL SELECT c::text FROM contributor_territory c
    UNION ALL SELECT r::text FROM indicator_result r UNION ALL SELECT l::text FROM data_approval_log l) y")"
}
mapped() { owner_sql "SELECT count(*) FROM contributor_territory WHERE role_name = '$1' AND scheme_id = '$scheme'"; }

# Data of its own (a year no other part writes), so that this part does not depend on them.
printf 'series,territory,period,value\n1.1.1-I1,mdsp-montmorillon,2027,62\n1.1.1-I1,mdsp-montmorillon,2028,63\n' > "$work/60-c2.csv"
out=$(jalon_as "$c2" data import "$work/60-c2.csv") ||
  fail "60: contributor 2 cannot import into its territory: $out"
out=$(jalon_as "$ev" evaluate --scheme "$scheme" --year 2027) || fail "60: the evaluator cannot evaluate 2027: $out"

# ---- Deleting is refused, with what it would erase and how to retire instead -------------------
before=$(cascade_snapshot)
refused "$ev" "60: the evaluator deletes the scheme" "DELETE FROM scheme WHERE id = '$scheme'" \
  "cannot delete scheme '$scheme': it has evaluation runs.*retire it instead with: jalon scheme retire $scheme"
refused "$ev" "60: the evaluator deletes every scheme" "DELETE FROM scheme" "retire it instead"
refused "$ev" "60: the evaluator deletes a territory with data" \
  "DELETE FROM territory WHERE scheme_id = '$scheme' AND code = 'mdsp-montmorillon'" \
  "cannot delete territory 'mdsp-montmorillon' of scheme '$scheme': it has evaluation results (indicator_result), yearly data (observation).*retire it instead"
refused "$ev" "60: the evaluator deletes a territory a contributor writes (and its subtree)" \
  "DELETE FROM territory WHERE scheme_id = '$scheme' AND code = 'territoire-chauvigny-montmorillon'" \
  "retire it instead"
refused "$ev" "60: the evaluator changes the code of a territory with data" \
  "UPDATE territory SET code = 'mdsp-montmorillon-2' WHERE scheme_id = '$scheme' AND code = 'mdsp-montmorillon'" \
  "cannot change the code of territory 'mdsp-montmorillon'"
refused jalon "60: the owner deletes a contributor's territory" \
  "DELETE FROM territory WHERE scheme_id = '$scheme' AND code = 'territoire-poitiers'" \
  "retire it instead"
[ "$(cascade_snapshot)" = "$before" ] && pass "60: the refused deletions changed nothing (snapshot, territories, mapping)" ||
  fail "60: a refused deletion changed the tables"
[ "$(owner_sql "SELECT confdeltype FROM pg_constraint WHERE conrelid = 'contributor_territory'::regclass AND contype = 'f'")" = r ] &&
  pass "60: the contributors' mapping does not cascade (ON DELETE RESTRICT)" ||
  fail "60: contributor_territory's foreign key still cascades"
# A database set up by an earlier roles file (the mapping cascaded): running the file again fixes it.
owner_sql "DO \$\$ DECLARE c record; BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'contributor_territory'::regclass AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE contributor_territory DROP CONSTRAINT %I', c.conname);
  END LOOP;
  ALTER TABLE contributor_territory ADD FOREIGN KEY (scheme_id, territory_code) REFERENCES territory (scheme_id, code) ON DELETE CASCADE;
END \$\$" > /dev/null
PGUSER=jalon PGDATABASE=$db psql -X -q -v ON_ERROR_STOP=1 -f "$roles_sql" > "$work/60-roles.log" 2>&1 ||
  fail "60: docs/postgresql-roles.sql on a cascading mapping: $(cat "$work/60-roles.log")"
[ "$(owner_sql "SELECT string_agg(CAST(confdeltype AS text), ',') FROM pg_constraint WHERE conrelid = 'contributor_territory'::regclass AND contype = 'f'")" = r ] &&
  pass "60: re-running the roles file turns a cascading mapping key into ON DELETE RESTRICT" ||
  fail "60: the roles file left the mapping's foreign key: $(owner_sql "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'contributor_territory'::regclass AND contype = 'f'")"
out=$(as "$ev" "BEGIN; INSERT INTO territory (scheme_id, code, parent_code, position, name, kind) VALUES ('$scheme', 't60', 'vienne', 99, 'T60', 'x'); DELETE FROM territory WHERE scheme_id = '$scheme' AND code = 't60'; ROLLBACK") &&
  [ -z "$out" ] && pass "60: a territory with nothing can still be deleted (rolled back)" ||
  fail "60: deleting a territory with nothing was refused: $out"

# ---- A scheme import without a territory retires it, with its data and mapping -----------------
awk '/^  - code: territoire-chauvigny-montmorillon$/ { skip = 1 }
     /^  - code: territoire-fontaine-le-comte-civray$/ { skip = 0 }
     /^  - code: t5$/ { skip = 1 } /^series:$/ { skip = 0 } !skip' "$scheme_yaml" > "$work/60-without.yaml"
out=$(jalon_as "$ev" scheme import "$work/60-without.yaml")
# Every territory an evaluation covered has results: t5 too is retired, not deleted.
if [ $? = 0 ] && grep -q "(+0 new, -0 removed, 4 retired with their data)" <<< "$out"; then
  pass "60: a scheme import without a subtree and t5 retires them ($(grep -o '[0-9]* territories.*' <<< "$out"))"
else
  fail "60: the scheme import without territoire-chauvigny-montmorillon: $out"
fi
out=$(owner_sql "SELECT string_agg(code, ',' ORDER BY code) FROM territory WHERE scheme_id = '$scheme' AND retired_at IS NOT NULL")
[ "$out" = "efs-chauvigny,mdsp-montmorillon,t5,territoire-chauvigny-montmorillon" ] &&
  pass "60: the retired territories are kept, marked retired" || fail "60: retired territories: $out"
[ "$(mapped "$c2")" = 1 ] && pass "60: contributor 2's mapping is still there" ||
  fail "60: contributor 2's mapping is gone ($(mapped "$c2") rows)"
out=$(jalon_as "$rd" data history --scheme "$scheme" --series 1.1.1-I1 --territory mdsp-montmorillon)
grep -q "^2028  63 " <<< "$out" && pass "60: the reader still reads the retired territory's values" ||
  fail "60: the history of the retired territory: $out"
out=$(jalon_as "$rd" scheme show "$scheme" --depth 0)
grep -q "^territories: 11 " <<< "$out" && pass "60: the scheme as loaded leaves the retired territories out" ||
  fail "60: scheme show after retiring: $out"
out=$(jalon_as "$c2" data import "$work/60-c2.csv")
code=$?
[ $code = 2 ] && pass "60: data for a retired territory is refused (exit 2)" ||
  fail "60: data for a retired territory: exit $code, $out"
out=$(jalon_as "$ev" scheme import "$scheme_yaml")
[ $? = 0 ] && grep -q "4 restored" <<< "$out" && pass "60: listing them again restores them" ||
  fail "60: re-import with the territories: $out"
[ "$(owner_sql "SELECT count(*) FROM territory WHERE scheme_id = '$scheme' AND retired_at IS NOT NULL")" = 0 ] ||
  fail "60: territories still retired after the re-import"
printf 'series,territory,period,value\n1.1.1-I1,mdsp-montmorillon,2029,65\n' > "$work/60-c2b.csv"
out=$(jalon_as "$c2" data import "$work/60-c2b.csv") && pass "60: contributor 2 writes its restored territory" ||
  fail "60: contributor 2 cannot write its restored territory: $out"

# ---- Moving a territory may not change which contributors write it -----------------------------
before=$(cascade_snapshot)
refused "$ev" "60: the evaluator moves contributor 2's territory under contributor 1's" \
  "UPDATE territory SET parent_code = 'territoire-poitiers' WHERE scheme_id = '$scheme' AND code = 'mdsp-montmorillon'" \
  "cannot move territory 'mdsp-montmorillon' of scheme '$scheme' from 'territoire-chauvigny-montmorillon' to 'territoire-poitiers'.*no longer written by $c2; newly written by $c1.*contributor_territory"
refused "$ev" "60: the evaluator moves contributor 1's territory under contributor 2's" \
  "UPDATE territory SET parent_code = 'territoire-chauvigny-montmorillon' WHERE scheme_id = '$scheme' AND code = 'territoire-poitiers'" \
  "(newly written by $c2)"
refused jalon "60: the owner moves it too (the triggers bind the owner)" \
  "UPDATE territory SET parent_code = 'territoire-poitiers' WHERE scheme_id = '$scheme' AND code = 'efs-chauvigny'" \
  "cannot move territory 'efs-chauvigny'"
[ "$(cascade_snapshot)" = "$before" ] && pass "60: the refused moves changed nothing" || fail "60: a refused move changed the tables"
out=$(as "$ev" "UPDATE territory SET parent_code = 'territoire-chatellerault-loudun' WHERE scheme_id = '$scheme' AND code = 'mds-jaunay-marigny'; UPDATE territory SET parent_code = 'territoire-jaunay-marigny-loudun' WHERE scheme_id = '$scheme' AND code = 'mds-jaunay-marigny'") &&
  pass "60: a move that changes no contributor's scope passes (and back)" || fail "60: a harmless move was refused: $out"
# A row for the moved territory itself keeps its contributor: only the gain is left to refuse.
owner_sql "INSERT INTO contributor_territory VALUES ('$c2', '$scheme', 'mdsp-montmorillon')" > /dev/null
refused "$ev" "60: with contributor 2 mapped to the territory itself, the move still gives it to contributor 1" \
  "UPDATE territory SET parent_code = 'territoire-poitiers' WHERE scheme_id = '$scheme' AND code = 'mdsp-montmorillon'" \
  "(newly written by $c1)"
owner_sql "DELETE FROM contributor_territory WHERE role_name = '$c2' AND territory_code = 'mdsp-montmorillon'" > /dev/null

# ---- Retiring a scheme ---------------------------------------------------------------------
out=$(jalon_as "$c1" scheme retire "$scheme")
code=$?
[ $code = 1 ] && grep -q "permission denied for table scheme" <<< "$out" &&
  pass "60: the server refuses a contributor to retire a scheme" || fail "60: a contributor retires a scheme: exit $code, $out"
out=$(jalon_as "$ev" scheme retire "$scheme") && pass "60: the evaluator retires the scheme" ||
  fail "60: the evaluator cannot retire the scheme: $out"
out=$(jalon_as "$rd" scheme list)
grep -q "^$scheme .*(retired 20" <<< "$out" && pass "60: scheme list shows it retired" || fail "60: scheme list: $out"
out=$(jalon_as "$c2" data import --scheme "$scheme" "$work/60-c2b.csv")
code=$?
[ $code = 2 ] && grep -q "cannot import data into scheme '$scheme': it was retired on" <<< "$out" &&
  pass "60: an import into the retired scheme is refused (exit 2)" || fail "60: import into a retired scheme: exit $code, $out"
out=$(jalon_as "$ev" evaluate --scheme "$scheme" --year 2027)
code=$?
[ $code = 2 ] && grep -q "cannot evaluate scheme '$scheme': it was retired on" <<< "$out" &&
  pass "60: evaluating the retired scheme is refused (exit 2)" || fail "60: evaluating a retired scheme: exit $code, $out"
out=$(jalon_as "$rd" data history --scheme "$scheme" --series 1.1.1-I1 --territory mdsp-montmorillon)
grep -q "^2028  63 " <<< "$out" && pass "60: the retired scheme's history stays readable" || fail "60: history of a retired scheme: $out"
out=$(jalon_as "$ev" scheme retire "$scheme" --undo) && ! jalon_as "$rd" scheme list | grep -q retired &&
  pass "60: --undo makes it active again" || fail "60: scheme retire --undo: $out"

# ---- The owner purges on purpose, as docs/deployment.md says ---------------------------------
blois=blois-contrat-de-ville-perr-2020-2022
out=$(jalon_as "$ev" scheme import "$src/samples/$blois.yaml") && out=$(jalon_as "$ev" evaluate --scheme $blois --year 2021) ||
  fail "60: cannot set up the scheme to purge: $out"
owner_sql "INSERT INTO contributor_territory VALUES ('$c1', '$blois', 'qpv-quartiers-nord')" > /dev/null
refused "$ev" "60: the evaluator deletes an evaluated scheme" "DELETE FROM scheme WHERE id = '$blois'" "retire it instead"
purge=$(awk '/^ALTER TABLE scheme DISABLE TRIGGER jalon_keep_scheme_history;$/ { on = 1 } on { print } on && /^COMMIT;$/ { exit }' "$src/docs/deployment.md")
[ -n "$purge" ] || fail "60: no purge commands in docs/deployment.md"
out=$(as jalon "BEGIN; $purge") && pass "60: the owner purges a scheme with the commands of docs/deployment.md" ||
  fail "60: the documented purge failed: $out"
[ "$(owner_sql "SELECT (SELECT count(*) FROM scheme WHERE id = '$blois') + (SELECT count(*) FROM evaluation_run WHERE scheme_id = '$blois') + (SELECT count(*) FROM contributor_territory WHERE scheme_id = '$blois')")" = 0 ] &&
  pass "60: the purged scheme is gone with its runs and mapping" || fail "60: the purge left rows behind"
refused "$ev" "60: after the purge, the triggers are enabled again" "DELETE FROM scheme WHERE id = '$scheme'" "retire it instead"
