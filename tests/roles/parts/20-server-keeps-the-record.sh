# shellcheck shell=bash
# Sourced by check_roles.sh. Issue 16, items 1, 2, 3, 7 and 8: the server keeps the approval lock,
# the import log, the history, the approval log and the stored runs, whoever writes and however
# (psql as well as jalon). State used: cora (c1) imported mds-poitiers 2025=10 and 2026=11; the
# evaluator imported efs-chauvigny and stored run 1.

# value TERRITORY YEAR: the current value, as the owner sees it.
value() { owner_sql "SELECT value FROM observation WHERE territory_code = '$1' AND year = $2"; }
history_rows() { owner_sql "SELECT count(*) FROM observation_history"; }
log_rows() { owner_sql "SELECT count(*) FROM data_approval_log"; }

# ---- Item 1: the approval lock is the server's -------------------------------------------------
out=$(jalon_as "$ev" data approve --scheme "$scheme" --year 2025 --territory territoire-poitiers) ||
  fail "the evaluator cannot approve 2025 of territoire-poitiers: $out"
before=$(snapshot)
refused "$c1" "a contributor updates approved data of its own territory" \
  "UPDATE observation SET value = 99 WHERE territory_code = 'mds-poitiers' AND year = 2025" \
  "is approved"
refused "$c1" "a contributor logs an import and then updates approved data" \
  "BEGIN; INSERT INTO observation_import (scheme_id, seq, source_file, imported_at, imported_by, synthetic, rows_with_value, added, changed) VALUES ('$scheme', 0, 'x.csv', '2026-01-01T00:00:00Z', 'x', 0, 1, 0, 0); UPDATE observation SET value = 99, import_seq = (SELECT seq FROM observation_import WHERE xact = txid_current()) WHERE territory_code = 'mds-poitiers' AND year = 2025; COMMIT" \
  "is approved"
refused "$c1" "a contributor comments approved data" \
  "INSERT INTO observation_comment SELECT scheme_id, series, territory_code, period, dimensions, year, 'x', 'x.csv', '2026-01-01T00:00:00Z', 'x' FROM observation WHERE territory_code = 'mds-poitiers' AND year = 2025" \
  "is approved"
refused "$ev" "the evaluator deletes approved data" \
  "DELETE FROM observation WHERE territory_code = 'mds-poitiers' AND year = 2025" "is approved"
refused jalon "the owner updates approved data" \
  "UPDATE observation SET value = 99 WHERE territory_code = 'mds-poitiers' AND year = 2025" "is approved"
refused "$ev" "the evaluator edits an approval instead of unapproving" \
  "UPDATE data_approval SET approved_by = 'x'" "is not edited"
[ "$(snapshot)" = "$before" ] && [ "$(value mds-poitiers 2025)" = 10 ] &&
  pass "approved data kept its value and no row changed" || fail "approved data changed: $(value mds-poitiers 2025)"

# ---- Item 3: a value changes only with an import the writer logged, and leaves its history ----
refused "$c1" "a contributor updates its own value without logging an import" \
  "UPDATE observation SET value = 55 WHERE territory_code = 'mds-poitiers' AND year = 2026" \
  "without an import of this transaction"
evaluator_import=$(owner_sql "SELECT seq FROM observation_import WHERE imported_by = '$ev' ORDER BY seq LIMIT 1")
refused "$c1" "a contributor gives its value the evaluator's import (file and author)" \
  "UPDATE observation SET value = 55, import_seq = $evaluator_import WHERE territory_code = 'mds-poitiers' AND year = 2026" \
  "without an import of this transaction"
[ "$(value mds-poitiers 2026)" = 11 ] && [ "$(snapshot)" = "$before" ] &&
  pass "refused rewrites left the value and its provenance" || fail "a refused rewrite changed data"
# A line of the import log claiming the largest sequence number (every later MAX(seq) + 1 used to
# overflow): the server numbers it from its sequence.
out=$(as "$c1" "INSERT INTO observation_import (scheme_id, seq, source_file, imported_at, imported_by, synthetic, rows_with_value, added, changed) VALUES ('$scheme', 9223372036854775807, 'claim.csv', '2026-02-01T00:00:00Z', '$c1', 0, 0, 0, 0)")
[ "$(owner_sql "SELECT bool_and(seq < 4503599627370496) FROM observation_import")" = t ] &&
  pass "no line of the import log has the number a login chose" ||
  fail "a login chose the number of an import: $out $(owner_sql "SELECT max(seq) FROM observation_import")"
# Through psql, logging an import first, claiming another author and the largest sequence number:
# the change is accepted, numbered by the server, attributed to the login and kept in the history.
hist=$(history_rows)
out=$(as "$c1" "BEGIN; INSERT INTO observation_import (scheme_id, seq, source_file, imported_at, imported_by, synthetic, rows_with_value, added, changed) VALUES ('$scheme', 9223372036854775807, 'psql.csv', '2026-02-01T00:00:00Z', '$ev', 0, 1, 5, 5); UPDATE observation SET value = 55, import_seq = (SELECT seq FROM observation_import WHERE xact = txid_current()) WHERE territory_code = 'mds-poitiers' AND year = 2026; COMMIT") ||
  fail "a contributor's logged change through psql was refused: $out"
row=$(owner_sql "SELECT imported_by, seq < 4503599627370496, added, changed FROM observation_import WHERE source_file = 'psql.csv'")
[ "$row" = "$c1|t|0|1" ] &&
  pass "the server numbers the import, makes the login its author and counts what it changed" ||
  fail "the contributor's import line: $row (expected $c1|t|0|1)"
[ "$(history_rows)" = $((hist + 1)) ] &&
  [ "$(owner_sql "SELECT value, recorded_by, replaced_by_file, replaced_by FROM observation_history WHERE territory_code = 'mds-poitiers' AND series = '1.1.1-I1' AND period = '2026'")" = "11|$c1|psql.csv|$c1" ] &&
  pass "the replaced value is in the history, with its author and who replaced it" ||
  fail "history after a psql change: $(owner_sql "SELECT * FROM observation_history")"
out=$(jalon_as "$ev" data history --scheme "$scheme" --series 1.1.1-I1 --territory mds-poitiers)
grep -q "psql.csv" <<< "$out" && grep -q "$c1" <<< "$out" && ! grep "psql.csv" <<< "$out" | grep -q "$ev" &&
  pass "data history shows the psql change under the contributor's name, not the evaluator's" ||
  fail "data history after the psql change: $out"
# The import log's largest number cannot be taken: later imports go on.
csv efs-chauvigny 33 34 > "$work/ev3.csv"
out=$(jalon_as "$ev" data import "$work/ev3.csv") && pass "imports go on after a line claimed the largest sequence number" ||
  fail "an import after the claimed sequence number: $out"

# ---- Item 2: the import log is closed to other schemes -----------------------------------------
jalon_as "$ev" scheme import "$src/samples/agglopolys-pst-2022-2027.yaml" > "$work/scheme2.log" ||
  fail "the evaluator cannot import a second scheme: $(cat "$work/scheme2.log")"
other=$(owner_sql "SELECT id FROM scheme WHERE id <> '$scheme' LIMIT 1")
before=$(snapshot)
refused "$c1" "a contributor logs an import for a scheme where it has no territory" \
  "INSERT INTO observation_import (scheme_id, seq, source_file, imported_at, imported_by, synthetic, rows_with_value, added, changed) VALUES ('$other', 1, 'forged.csv', '2026-01-01T00:00:00Z', 'x', 0, 5, 5, 0)" \
  "row-level security"
refused "$c1" "a contributor changes a line of the import log" "UPDATE observation_import SET source_file = 'x'" "permission denied"
refused "$ev" "the evaluator removes a line of the import log" "DELETE FROM observation_import" "permission denied"
refused "$c1" "a contributor writes the history" \
  "INSERT INTO observation_history SELECT * FROM observation_history LIMIT 1" "permission denied"
refused "$ev" "the evaluator removes history" "DELETE FROM observation_history" "permission denied"
[ "$(snapshot)" = "$before" ] && pass "the refused log writes changed nothing" || fail "a refused log write changed the tables"

# ---- Item 8: every approval change and every removal leaves a line -----------------------------
logs=$(log_rows)
out=$(as "$ev" "DELETE FROM data_approval WHERE territory_code = 'mds-poitiers' AND year = 2025") ||
  fail "the evaluator's DELETE of an approval: $out"
[ "$(owner_sql "SELECT action, territory_code, done_by FROM data_approval_log ORDER BY done_at DESC, action LIMIT 1")" = "unapprove|mds-poitiers|$ev" ] &&
  [ "$(log_rows)" = $((logs + 1)) ] &&
  pass "an approval removed through psql has its line in the approval log, by its login" ||
  fail "approval log after a psql DELETE: $(owner_sql "SELECT * FROM data_approval_log")"
out=$(as "$ev" "INSERT INTO data_approval VALUES ('$scheme', 'mds-poitiers', 2025, 'someone else', '2020-01-01T00:00:00Z')") ||
  fail "the evaluator's INSERT of an approval: $out"
[ "$(owner_sql "SELECT approved_by FROM data_approval WHERE territory_code = 'mds-poitiers' AND year = 2025")" = "$ev" ] &&
  [ "$(log_rows)" = $((logs + 2)) ] &&
  pass "an approval inserted through psql is logged and carries the login as its author" ||
  fail "approval inserted through psql: $(owner_sql "SELECT * FROM data_approval; SELECT * FROM data_approval_log")"
logs=$(log_rows)
out=$(jalon_as "$ev" data unapprove --scheme "$scheme" --year 2025 --reason "correction" --territory territoire-poitiers) ||
  fail "jalon data unapprove: $out"
[ "$(log_rows)" = $((logs + 1)) ] && pass "jalon's unapprove writes one line, not two" ||
  fail "jalon's unapprove wrote $(($(log_rows) - logs)) lines"
hist=$(history_rows)
out=$(as "$ev" "DELETE FROM observation WHERE territory_code = 'mds-poitiers' AND year = 2025") ||
  fail "the evaluator's DELETE of an unapproved value: $out"
[ "$(history_rows)" = $((hist + 1)) ] &&
  [ "$(owner_sql "SELECT value, replaced_by_file, replaced_by FROM observation_history WHERE territory_code = 'mds-poitiers' AND period = '2025'")" = "10||$ev" ] &&
  pass "a value removed through psql is in the history, with who removed it" ||
  fail "history after a psql DELETE: $(owner_sql "SELECT * FROM observation_history")"

# ---- Item 7: a stored run does not change ------------------------------------------------------
run=$(owner_sql "SELECT min(id) FROM evaluation_run")
shown=$(jalon_as "$rd" runs show "$run")
before=$(snapshot)
refused "$ev" "the evaluator adds a plugin to a stored run" \
  "INSERT INTO run_plugin VALUES ($run, 99, 'forged', '1.0', '/tmp/forged.so')" "is stored and cannot change"
refused "$ev" "the evaluator adds a result to a stored run" \
  "INSERT INTO indicator_result (run_id, indicator_code, territory_code, year, status, method, note, date, synthetic) VALUES ($run, 'x', 'x', 2025, 'x', 'x', '', '2025-12-31', 0)" \
  "is stored and cannot change"
refused "$ev" "the evaluator adds an import to a stored run" \
  "INSERT INTO run_import VALUES ($run, 99)" "is stored and cannot change"
refused "$ev" "the evaluator changes a stored result" "UPDATE indicator_result SET value = 0" "permission denied"
refused "$ev" "the evaluator removes a stored run" "DELETE FROM evaluation_run" "permission denied"
[ "$(jalon_as "$rd" runs show "$run")" = "$shown" ] && [ "$(snapshot)" = "$before" ] &&
  pass "runs show prints the stored run as it was" || fail "the stored run changed"
out=$(as "$ev" "INSERT INTO evaluation_run (id, scheme_id, year, created_at, scheme_hash, scheme_revision, jalon_version, options, synthetic) VALUES (9223372036854775807, '$scheme', 2025, '2026-01-01T00:00:00Z', 'h', 1, 'x', '', 0) RETURNING id < 4503599627370496")
[ "$out" = t ] && pass "the server numbers a run; no login chooses its number" ||
  fail "a run inserted with the largest number: $out"
out=$(jalon_as "$ev" evaluate --scheme "$scheme" --year 2026) && pass "evaluations go on after a run claimed the largest number" ||
  fail "an evaluation after a run claimed the largest number: $out"

# ---- Action follow-ups: changed in place or removed, their previous content stays ---------------
node=$(owner_sql "SELECT code FROM node WHERE scheme_id = '$scheme' ORDER BY position, code LIMIT 1")
followups() { owner_sql "SELECT count(*) FROM action_follow_up_history WHERE node_code = '$node' AND year = 2027"; }
out=$(as "$c1" "INSERT INTO action_follow_up (scheme_id, node_code, year, status, comment, narrative, figures, unplanned, title, attached_to, source, recorded_at, recorded_by) VALUES ('$scheme', '$node', 2027, 'in_progress', '', '', '', 0, '', NULL, 's.csv', '2027-01-01T00:00:00Z', '$ev')") ||
  fail "a contributor cannot record a follow-up through psql: $out"
[ "$(owner_sql "SELECT recorded_by FROM action_follow_up WHERE node_code = '$node' AND year = 2027")" = "$c1" ] &&
  pass "a follow-up recorded through psql carries the login as its author" ||
  fail "a follow-up recorded through psql claims another author"
as "$c1" "UPDATE action_follow_up SET status = 'done', source = 't.csv' WHERE node_code = '$node' AND year = 2027" > /dev/null ||
  fail "a contributor cannot update its follow-up"
as "$c1" "DELETE FROM action_follow_up WHERE node_code = '$node' AND year = 2027" > /dev/null ||
  fail "a contributor cannot remove its follow-up"
[ "$(followups)" = 2 ] &&
  [ "$(owner_sql "SELECT status || '>' || replaced_by_source FROM action_follow_up_history WHERE node_code = '$node' AND year = 2027 ORDER BY replaced_by_source DESC")" = "in_progress>t.csv
done>" ] && pass "a follow-up changed then removed through psql left both previous contents in the history" ||
  fail "follow-up history after psql changes: $(owner_sql "SELECT * FROM action_follow_up_history WHERE node_code = '$node'")"
refused "$c1" "a contributor writes the follow-ups' history" \
  "INSERT INTO action_follow_up_history SELECT * FROM action_follow_up_history LIMIT 1" "permission denied"

# ---- A retired scheme takes nothing new, through psql either ----------------------------------
out=$(jalon_as "$ev" scheme retire "$other") || fail "the evaluator cannot retire $other: $out"
refused "$ev" "the evaluator logs an import for a retired scheme" \
  "INSERT INTO observation_import (scheme_id, seq, source_file, imported_at, imported_by, synthetic, rows_with_value, added, changed) VALUES ('$other', 0, 'late.csv', '2026-01-01T00:00:00Z', 'x', 0, 1, 0, 0)" \
  "is retired"
refused "$ev" "the evaluator stores a run of a retired scheme" \
  "INSERT INTO evaluation_run (id, scheme_id, year, created_at, scheme_hash, scheme_revision, jalon_version, options, synthetic) VALUES (0, '$other', 2025, '2026-01-01T00:00:00Z', 'h', 1, 'x', '', 0)" \
  "is retired"
out=$(jalon_as "$ev" scheme retire "$other" --undo) || fail "the evaluator cannot bring $other back: $out"
