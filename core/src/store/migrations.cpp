#include "migrations.hpp"

namespace jalon {

namespace {

// Migration 6 on both backends: the import log, and one line in it per file, time and author of
// the values of a database made before it.
std::vector<std::string> with_import_log(std::vector<std::string> statements) {
    statements.insert(
        statements.begin(),
        {
            // One line per import: which file, when, by whom. Observations point to theirs.
            R"(CREATE TABLE observation_import (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 seq BIGINT NOT NULL,
                 source_file TEXT NOT NULL,
                 imported_at VARCHAR(32) NOT NULL,
                 imported_by VARCHAR(200) NOT NULL,
                 synthetic INTEGER NOT NULL,
                 rows_with_value BIGINT NOT NULL,
                 added BIGINT NOT NULL,
                 changed BIGINT NOT NULL,
                 PRIMARY KEY (scheme_id, seq)))",
            // Databases made before the log: one line per file, time and author of their values.
            R"(INSERT INTO observation_import (scheme_id, seq, source_file, imported_at,
                 imported_by, synthetic, rows_with_value, added, changed)
                 SELECT scheme_id, ROW_NUMBER() OVER (PARTITION BY scheme_id ORDER BY recorded_at,
                 source_file, recorded_by), source_file, recorded_at, recorded_by, MAX(synthetic),
                 COUNT(*), COUNT(*), 0 FROM observation
                 GROUP BY scheme_id, source_file, recorded_at, recorded_by)",
        });
    return statements;
}

// Migration 9 on PostgreSQL, where logins other than the owner write through psql as well as
// through Jalon: triggers make the server keep what Jalon's own path keeps. SQLite is one user's
// file; its migration only adds the column and the class.
std::vector<std::string> server_keeps_the_record() {
    return {
        "ALTER TABLE observation_history ADD COLUMN replaced_by VARCHAR(200) NOT NULL DEFAULT ''",
        // Nobody but these triggers writes the history (class `history`: read by all).
        "UPDATE jalon_table SET access_class = 'history' WHERE table_name = "
        "'observation_history'",
        // The transaction that logged an import, stored a run or logged an approval: what is
        // written with them must come from that same transaction.
        "ALTER TABLE observation_import ADD COLUMN xact BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE evaluation_run ADD COLUMN xact BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE data_approval_log ADD COLUMN xact BIGINT NOT NULL DEFAULT 0",
        // Numbers from the database, not MAX + 1: nobody can choose one (a row numbered
        // 9223372036854775807 made every later import overflow).
        "CREATE SEQUENCE observation_import_seq",
        "SELECT setval('observation_import_seq', COALESCE((SELECT MAX(seq) FROM "
        "observation_import WHERE seq < 4503599627370496), 0) + 1, false)",
        "CREATE SEQUENCE evaluation_run_id",
        "SELECT setval('evaluation_run_id', COALESCE((SELECT MAX(id) FROM evaluation_run WHERE "
        "id < 4503599627370496), 0) + 1, false)",
        // Whether the login writing is one whose name the server records as the author: every
        // login but the owner of the tables (who runs `jalon init` and may state an author).
        R"(CREATE FUNCTION jalon_records_login() RETURNS boolean LANGUAGE sql STABLE
           SECURITY DEFINER AS $$
             SELECT session_user <> (SELECT pg_get_userbyid(relowner) FROM pg_class
                                      WHERE oid = 'jalon_meta'::regclass)
           $$)",
        R"(CREATE FUNCTION jalon_utc_now() RETURNS VARCHAR LANGUAGE sql STABLE AS $$
             SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
           $$)",
        // An import's number, transaction and counts come from the server; its author is the
        // login. The counts grow as the triggers below see its rows written.
        R"(CREATE FUNCTION jalon_import_logged() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           BEGIN
             NEW.seq := nextval('observation_import_seq');
             NEW.xact := txid_current();
             NEW.added := 0;
             NEW.changed := 0;
             IF jalon_records_login() THEN
               NEW.imported_by := session_user;
             END IF;
             RETURN NEW;
           END $$)",
        R"(CREATE TRIGGER import_logged BEFORE INSERT ON observation_import
           FOR EACH ROW EXECUTE FUNCTION jalon_import_logged())",
        R"(CREATE FUNCTION jalon_run_stored() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           BEGIN
             NEW.id := nextval('evaluation_run_id');
             NEW.xact := txid_current();
             RETURN NEW;
           END $$)",
        R"(CREATE TRIGGER run_stored BEFORE INSERT ON evaluation_run
           FOR EACH ROW EXECUTE FUNCTION jalon_run_stored())",
        // A run's plugins, imports and results are written with the run, in its transaction;
        // afterwards nothing is added to it (nobody may update or delete them: no grant).
        R"(CREATE FUNCTION jalon_run_part_added() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           DECLARE
             run BIGINT;
           BEGIN
             SELECT n.run_id INTO run FROM new_rows n LEFT JOIN evaluation_run r
                 ON r.id = n.run_id AND r.xact = txid_current()
              WHERE r.id IS NULL LIMIT 1;
             IF FOUND THEN
               RAISE EXCEPTION 'evaluation run % is stored and cannot change: rows are added to % only with their run, in the transaction that stores it',
                 run, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
             END IF;
             RETURN NULL;
           END $$)",
        R"(CREATE TRIGGER run_plugin_added AFTER INSERT ON run_plugin REFERENCING NEW TABLE AS
           new_rows FOR EACH STATEMENT EXECUTE FUNCTION jalon_run_part_added())",
        R"(CREATE TRIGGER run_import_added AFTER INSERT ON run_import REFERENCING NEW TABLE AS
           new_rows FOR EACH STATEMENT EXECUTE FUNCTION jalon_run_part_added())",
        R"(CREATE TRIGGER indicator_result_added AFTER INSERT ON indicator_result REFERENCING NEW
           TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jalon_run_part_added())",
        // The approval lock: no value or comment of an approved territory and year is written or
        // removed, by anyone, until an evaluator unapproves it (`jalon data unapprove`).
        R"(CREATE FUNCTION jalon_refuse_approved(rows_kind TEXT, scheme VARCHAR,
             territory VARCHAR, year INTEGER) RETURNS void LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           DECLARE
             a record;
           BEGIN
             SELECT approved_by, approved_at INTO a FROM data_approval
              WHERE scheme_id = scheme AND territory_code = territory AND data_approval.year = $4;
             RAISE EXCEPTION 'the % data of territory ''%'' of scheme ''%'' is approved (by % on %): its % cannot change until an evaluator unapproves it (jalon data unapprove)',
               year, territory, scheme, a.approved_by, a.approved_at, rows_kind
               USING ERRCODE = 'check_violation';
           END $$)",
        // Observations: the approval lock; each row written carries an import logged in the same
        // transaction (so its file, time and author are the writer's); every value replaced or
        // removed goes to the history, with who replaced it; the import's counts. An update
        // changes a row when its value, provenance or period end differ (Jalon's upsert updates
        // only those). No apostrophe or colon outside quotes in these texts: SOCI reads `:name`
        // as a placeholder.
        R"(CREATE FUNCTION jalon_observation_written() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           DECLARE
             k record;
           BEGIN
             IF TG_OP = 'INSERT' THEN
               SELECT n.scheme_id, n.territory_code, n.year INTO k FROM new_rows n
                 JOIN data_approval a ON a.scheme_id = n.scheme_id
                  AND a.territory_code = n.territory_code AND a.year = n.year LIMIT 1;
               IF FOUND THEN
                 PERFORM jalon_refuse_approved('values', k.scheme_id, k.territory_code, k.year);
               END IF;
               SELECT n.scheme_id, n.import_seq INTO k FROM new_rows n
                 LEFT JOIN observation_import i ON i.scheme_id = n.scheme_id
                  AND i.seq = n.import_seq AND i.xact = txid_current()
                WHERE i.seq IS NULL LIMIT 1;
               IF FOUND THEN
                 RAISE EXCEPTION 'observations of scheme ''%'' name import %, which this transaction did not log: values are written with a row of observation_import inserted first, in the same transaction',
                   k.scheme_id, k.import_seq USING ERRCODE = 'integrity_constraint_violation';
               END IF;
               UPDATE observation_import i SET added = i.added + c.n
                 FROM (SELECT scheme_id, import_seq, COUNT(*) AS n FROM new_rows
                        GROUP BY scheme_id, import_seq) c
                WHERE i.scheme_id = c.scheme_id AND i.seq = c.import_seq;
             ELSIF TG_OP = 'UPDATE' THEN
               SELECT n.scheme_id, n.territory_code, n.year INTO k FROM new_rows n
                 JOIN data_approval a ON a.scheme_id = n.scheme_id
                  AND a.territory_code = n.territory_code AND a.year = n.year LIMIT 1;
               IF FOUND THEN
                 PERFORM jalon_refuse_approved('values', k.scheme_id, k.territory_code, k.year);
               END IF;
               SELECT n.scheme_id, n.import_seq INTO k FROM old_rows o JOIN new_rows n
                   ON n.scheme_id = o.scheme_id AND n.series = o.series
                  AND n.territory_code = o.territory_code AND n.year = o.year
                  AND n.period = o.period AND n.dimensions = o.dimensions
                 LEFT JOIN observation_import i ON i.scheme_id = n.scheme_id
                  AND i.seq = n.import_seq AND i.xact = txid_current()
                WHERE (n.value, n.synthetic, n.import_seq, n.period_end)
                      IS DISTINCT FROM (o.value, o.synthetic, o.import_seq, o.period_end)
                  AND i.seq IS NULL LIMIT 1;
               IF FOUND THEN
                 RAISE EXCEPTION 'a value of scheme ''%'' changes without an import of this transaction (it names import %): values change with a row of observation_import inserted first, in the same transaction, which records who changed them',
                   k.scheme_id, k.import_seq USING ERRCODE = 'integrity_constraint_violation';
               END IF;
               INSERT INTO observation_history (scheme_id, series, territory_code, period,
                   dimensions, value, synthetic, source_file, recorded_at, recorded_by,
                   replaced_at, replaced_by_file, replaced_by)
               SELECT o.scheme_id, o.series, o.territory_code, o.period, o.dimensions, o.value,
                      o.synthetic, COALESCE(oi.source_file, ''), COALESCE(oi.imported_at, ''),
                      COALESCE(oi.imported_by, ''), ni.imported_at, ni.source_file,
                      ni.imported_by
                 FROM old_rows o JOIN new_rows n
                   ON n.scheme_id = o.scheme_id AND n.series = o.series
                  AND n.territory_code = o.territory_code AND n.year = o.year
                  AND n.period = o.period AND n.dimensions = o.dimensions
                 JOIN observation_import ni ON ni.scheme_id = n.scheme_id AND ni.seq = n.import_seq
                 LEFT JOIN observation_import oi ON oi.scheme_id = o.scheme_id
                  AND oi.seq = o.import_seq
                WHERE (n.value, n.synthetic, n.import_seq, n.period_end)
                      IS DISTINCT FROM (o.value, o.synthetic, o.import_seq, o.period_end);
               UPDATE observation_import i SET changed = i.changed + c.n
                 FROM (SELECT n.scheme_id, n.import_seq, COUNT(*) AS n FROM old_rows o
                         JOIN new_rows n ON n.scheme_id = o.scheme_id AND n.series = o.series
                          AND n.territory_code = o.territory_code AND n.year = o.year
                          AND n.period = o.period AND n.dimensions = o.dimensions
                        WHERE (n.value, n.synthetic, n.import_seq, n.period_end)
                              IS DISTINCT FROM (o.value, o.synthetic, o.import_seq, o.period_end)
                        GROUP BY n.scheme_id, n.import_seq) c
                WHERE i.scheme_id = c.scheme_id AND i.seq = c.import_seq;
             ELSE
               SELECT o.scheme_id, o.territory_code, o.year INTO k FROM old_rows o
                 JOIN data_approval a ON a.scheme_id = o.scheme_id
                  AND a.territory_code = o.territory_code AND a.year = o.year LIMIT 1;
               IF FOUND THEN
                 PERFORM jalon_refuse_approved('values', k.scheme_id, k.territory_code, k.year);
               END IF;
               INSERT INTO observation_history (scheme_id, series, territory_code, period,
                   dimensions, value, synthetic, source_file, recorded_at, recorded_by,
                   replaced_at, replaced_by_file, replaced_by)
               SELECT o.scheme_id, o.series, o.territory_code, o.period, o.dimensions, o.value,
                      o.synthetic, COALESCE(oi.source_file, ''), COALESCE(oi.imported_at, ''),
                      COALESCE(oi.imported_by, ''), jalon_utc_now(), '', session_user
                 FROM old_rows o LEFT JOIN observation_import oi ON oi.scheme_id = o.scheme_id
                  AND oi.seq = o.import_seq;
             END IF;
             RETURN NULL;
           END $$)",
        R"(CREATE TRIGGER observation_inserted AFTER INSERT ON observation REFERENCING NEW
           TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jalon_observation_written())",
        R"(CREATE TRIGGER observation_updated AFTER UPDATE ON observation REFERENCING OLD TABLE
           AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
           EXECUTE FUNCTION jalon_observation_written())",
        R"(CREATE TRIGGER observation_deleted AFTER DELETE ON observation REFERENCING OLD TABLE
           AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jalon_observation_written())",
        // The key of a row does not change (the history follows keys): a value moves to another
        // territory or year by removing it and writing it there.
        R"(CREATE FUNCTION jalon_key_kept() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             RAISE EXCEPTION 'the key of a row of % (scheme, series, territory, year, period, dimensions) cannot change: remove the row and write the new one',
               TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
           END $$)",
        R"(CREATE TRIGGER observation_key_kept BEFORE UPDATE OF scheme_id, series,
           territory_code, year, period, dimensions ON observation FOR EACH ROW
           WHEN ((OLD.scheme_id, OLD.series, OLD.territory_code, OLD.year, OLD.period,
                  OLD.dimensions) IS DISTINCT FROM (NEW.scheme_id, NEW.series,
                  NEW.territory_code, NEW.year, NEW.period, NEW.dimensions))
           EXECUTE FUNCTION jalon_key_kept())",
        R"(CREATE TRIGGER observation_comment_key_kept BEFORE UPDATE OF scheme_id, series,
           territory_code, year, period, dimensions ON observation_comment FOR EACH ROW
           WHEN ((OLD.scheme_id, OLD.series, OLD.territory_code, OLD.year, OLD.period,
                  OLD.dimensions) IS DISTINCT FROM (NEW.scheme_id, NEW.series,
                  NEW.territory_code, NEW.year, NEW.period, NEW.dimensions))
           EXECUTE FUNCTION jalon_key_kept())",
        // Comments: the approval lock, and the login as their author.
        R"(CREATE FUNCTION jalon_comment_written() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           DECLARE
             k record;
           BEGIN
             IF TG_OP = 'DELETE' THEN
               SELECT o.scheme_id, o.territory_code, o.year INTO k FROM old_rows o
                 JOIN data_approval a ON a.scheme_id = o.scheme_id
                  AND a.territory_code = o.territory_code AND a.year = o.year LIMIT 1;
             ELSE
               SELECT n.scheme_id, n.territory_code, n.year INTO k FROM new_rows n
                 JOIN data_approval a ON a.scheme_id = n.scheme_id
                  AND a.territory_code = n.territory_code AND a.year = n.year LIMIT 1;
             END IF;
             IF FOUND THEN
               PERFORM jalon_refuse_approved('comments', k.scheme_id, k.territory_code, k.year);
             END IF;
             RETURN NULL;
           END $$)",
        R"(CREATE TRIGGER observation_comment_inserted AFTER INSERT ON observation_comment
           REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
           EXECUTE FUNCTION jalon_comment_written())",
        R"(CREATE TRIGGER observation_comment_updated AFTER UPDATE ON observation_comment
           REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
           EXECUTE FUNCTION jalon_comment_written())",
        R"(CREATE TRIGGER observation_comment_deleted AFTER DELETE ON observation_comment
           REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
           EXECUTE FUNCTION jalon_comment_written())",
        // The login is the author of what it writes (the owner may state another).
        R"(CREATE FUNCTION jalon_author_recorded() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           BEGIN
             IF jalon_records_login() THEN
               CASE TG_TABLE_NAME
               WHEN 'observation_comment', 'action_follow_up' THEN
                 NEW.recorded_by := session_user;
               WHEN 'data_approval' THEN
                 NEW.approved_by := session_user;
               WHEN 'data_approval_log' THEN
                 NEW.done_by := session_user;
               END CASE;
             END IF;
             IF TG_TABLE_NAME = 'data_approval_log' THEN
               NEW.xact := txid_current();
             END IF;
             RETURN NEW;
           END $$)",
        R"(CREATE TRIGGER observation_comment_author BEFORE INSERT OR UPDATE ON
           observation_comment FOR EACH ROW EXECUTE FUNCTION jalon_author_recorded())",
        R"(CREATE TRIGGER action_follow_up_author BEFORE INSERT OR UPDATE ON action_follow_up
           FOR EACH ROW EXECUTE FUNCTION jalon_author_recorded())",
        R"(CREATE TRIGGER data_approval_author BEFORE INSERT ON data_approval FOR EACH ROW
           EXECUTE FUNCTION jalon_author_recorded())",
        R"(CREATE TRIGGER data_approval_log_author BEFORE INSERT ON data_approval_log FOR EACH
           ROW EXECUTE FUNCTION jalon_author_recorded())",
        // Every approval change has its line in the log: Jalon writes one per command first,
        // in the same transaction; a change made otherwise gets a line of its own.
        R"(CREATE FUNCTION jalon_approval_changed() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           DECLARE
             a record;
             act VARCHAR := CASE TG_OP WHEN 'INSERT' THEN 'approve' ELSE 'unapprove' END;
           BEGIN
             IF TG_OP = 'UPDATE' THEN
               RAISE EXCEPTION 'an approval is not edited: unapprove it (jalon data unapprove) and approve again'
                 USING ERRCODE = 'integrity_constraint_violation';
             END IF;
             IF TG_OP = 'INSERT' THEN
               a := NEW;
             ELSE
               a := OLD;
             END IF;
             IF NOT EXISTS (SELECT 1 FROM data_approval_log l WHERE l.scheme_id = a.scheme_id
                             AND l.year = a.year AND l.action = act
                             AND l.xact = txid_current()) THEN
               INSERT INTO data_approval_log (scheme_id, territory_code, year, action, done_by,
                   done_at, reason)
               VALUES (a.scheme_id, a.territory_code, a.year, act, session_user, jalon_utc_now(),
                       'changed in the database, not through jalon');
             END IF;
             RETURN NULL;
           END $$)",
        R"(CREATE TRIGGER data_approval_changed AFTER INSERT OR UPDATE OR DELETE ON data_approval
           FOR EACH ROW EXECUTE FUNCTION jalon_approval_changed())",
        // An action follow-up changed in place or removed leaves its previous content in the
        // history, written by this trigger alone (class `history`).
        "UPDATE jalon_table SET access_class = 'history' WHERE table_name = "
        "'action_follow_up_history'",
        R"(CREATE FUNCTION jalon_follow_up_replaced() RETURNS trigger LANGUAGE plpgsql
           SECURITY DEFINER AS $$
           DECLARE
             replaced_at VARCHAR := jalon_utc_now();
             replaced_by_source TEXT := '';
           BEGIN
             IF TG_OP = 'UPDATE' THEN
               IF (NEW.scheme_id, NEW.node_code, NEW.year)
                  IS DISTINCT FROM (OLD.scheme_id, OLD.node_code, OLD.year) THEN
                 RAISE EXCEPTION 'the key of an action follow-up (scheme, node, year) cannot change, remove it and record the new one'
                   USING ERRCODE = 'integrity_constraint_violation';
               END IF;
               replaced_at := NEW.recorded_at;
               replaced_by_source := NEW.source;
             END IF;
             INSERT INTO action_follow_up_history (scheme_id, node_code, year, status, comment,
                 narrative, figures, unplanned, title, attached_to, source, recorded_at,
                 recorded_by, replaced_at, replaced_by_source)
             VALUES (OLD.scheme_id, OLD.node_code, OLD.year, OLD.status, OLD.comment,
                 OLD.narrative, OLD.figures, OLD.unplanned, OLD.title, OLD.attached_to,
                 OLD.source, OLD.recorded_at, OLD.recorded_by, replaced_at, replaced_by_source);
             RETURN NULL;
           END $$)",
        R"(CREATE TRIGGER action_follow_up_replaced AFTER UPDATE OR DELETE ON action_follow_up
           FOR EACH ROW EXECUTE FUNCTION jalon_follow_up_replaced())",
        // The functions find Jalon's tables in the schema they were made in, never in the
        // caller's temporary schema (searched last: a login's temporary table named like one of
        // Jalon's would otherwise stand in for it in these SECURITY DEFINER functions).
        R"(DO $$
           DECLARE
             f regprocedure;
           BEGIN
             FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
                       WHERE p.pronamespace = current_schema()::regnamespace
                         AND p.proname IN ('jalon_records_login', 'jalon_utc_now',
                             'jalon_import_logged', 'jalon_run_stored', 'jalon_run_part_added',
                             'jalon_refuse_approved', 'jalon_observation_written',
                             'jalon_key_kept', 'jalon_comment_written', 'jalon_author_recorded',
                             'jalon_approval_changed', 'jalon_follow_up_replaced')
             LOOP
               EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f,
                              current_schema());
             END LOOP;
           END $$)",
    };
}

// Migration 10 on both backends: when a scheme and a territory left (their rows stay, retired, when
// they have history; see the triggers).
std::vector<std::string> with_retirement(std::vector<std::string> statements) {
    statements.insert(statements.begin(),
                      {
                          "ALTER TABLE scheme ADD COLUMN retired_at VARCHAR(32)",
                          "ALTER TABLE territory ADD COLUMN retired_at VARCHAR(32)",
                          "ALTER TABLE territory ADD COLUMN retired_in_revision INTEGER",
                      });
    return statements;
}

// Whether the territory OLD has history a deletion would erase (SQLite triggers).
const std::string territory_has_history =
    "(EXISTS (SELECT 1 FROM evaluation_run WHERE scheme_id = OLD.scheme_id AND territory_code = "
    "OLD.code) OR EXISTS (SELECT 1 FROM indicator_result r JOIN evaluation_run e ON e.id = "
    "r.run_id WHERE e.scheme_id = OLD.scheme_id AND r.territory_code = OLD.code) OR EXISTS "
    "(SELECT 1 FROM observation WHERE scheme_id = OLD.scheme_id AND territory_code = OLD.code) "
    "OR EXISTS (SELECT 1 FROM observation_history WHERE scheme_id = OLD.scheme_id AND "
    "territory_code = OLD.code) OR EXISTS (SELECT 1 FROM observation_comment WHERE scheme_id = "
    "OLD.scheme_id AND territory_code = OLD.code) OR EXISTS (SELECT 1 FROM data_approval WHERE "
    "scheme_id = OLD.scheme_id AND territory_code = OLD.code) OR EXISTS (SELECT 1 FROM "
    "data_approval_log WHERE scheme_id = OLD.scheme_id AND territory_code = OLD.code))";

} // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all{
        {1,
         "schemes, their tree, indicators and territories",
         {
             R"(CREATE TABLE scheme (
                 id VARCHAR(200) PRIMARY KEY,
                 title TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 owner TEXT NOT NULL,
                 period_start INTEGER NOT NULL,
                 period_end INTEGER NOT NULL,
                 language TEXT NOT NULL,
                 source TEXT NOT NULL,
                 status_year INTEGER,
                 source_file TEXT NOT NULL,
                 imported_at VARCHAR(32) NOT NULL,
                 revision INTEGER NOT NULL))",
             R"(CREATE TABLE scheme_level (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 depth INTEGER NOT NULL,
                 name TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, depth)))",
             R"(CREATE TABLE territory (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 parent_code VARCHAR(200),
                 position INTEGER NOT NULL,
                 name TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, code),
                 FOREIGN KEY (scheme_id, parent_code) REFERENCES territory (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE node (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 parent_code VARCHAR(200),
                 position INTEGER NOT NULL,
                 depth INTEGER,
                 unplanned INTEGER NOT NULL,
                 title TEXT NOT NULL,
                 short_title TEXT NOT NULL,
                 code_inferred INTEGER NOT NULL,
                 objective TEXT NOT NULL,
                 participation TEXT NOT NULL,
                 has_calendar INTEGER NOT NULL,
                 calendar_start INTEGER,
                 calendar_end INTEGER,
                 calendar_text TEXT NOT NULL,
                 flagship INTEGER NOT NULL,
                 status VARCHAR(32),
                 year INTEGER,
                 PRIMARY KEY (scheme_id, code),
                 FOREIGN KEY (scheme_id, parent_code) REFERENCES node (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE indicator (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 node_code VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 label TEXT NOT NULL,
                 level VARCHAR(16) NOT NULL,
                 level_inferred INTEGER NOT NULL,
                 kind TEXT NOT NULL,
                 unit TEXT NOT NULL,
                 method VARCHAR(200) NOT NULL,
                 direction VARCHAR(8) NOT NULL,
                 key_indicator INTEGER NOT NULL,
                 has_baseline INTEGER NOT NULL,
                 baseline_value DOUBLE PRECISION,
                 baseline_year INTEGER,
                 has_target INTEGER NOT NULL,
                 target_value DOUBLE PRECISION,
                 target_year INTEGER,
                 target_unit TEXT NOT NULL,
                 target_text TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, code),
                 FOREIGN KEY (scheme_id, node_code) REFERENCES node (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE INDEX indicator_by_node ON indicator (scheme_id, node_code))",
             R"(CREATE TABLE indicator_param (
                 scheme_id VARCHAR(200) NOT NULL,
                 indicator_code VARCHAR(200) NOT NULL,
                 name VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 is_list INTEGER NOT NULL,
                 value_type VARCHAR(8) NOT NULL,
                 value TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, indicator_code, name, position),
                 FOREIGN KEY (scheme_id, indicator_code) REFERENCES indicator (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE milestone (
                 scheme_id VARCHAR(200) NOT NULL,
                 indicator_code VARCHAR(200) NOT NULL,
                 year INTEGER NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 text TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, indicator_code, year),
                 FOREIGN KEY (scheme_id, indicator_code) REFERENCES indicator (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE TABLE figure (
                 scheme_id VARCHAR(200) NOT NULL,
                 node_code VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 label TEXT NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 unit TEXT NOT NULL,
                 year INTEGER,
                 PRIMARY KEY (scheme_id, node_code, position),
                 FOREIGN KEY (scheme_id, node_code) REFERENCES node (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             // Lists of texts of any element: pilots, partners, notes, narrative…
             R"(CREATE TABLE text_item (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 owner_kind VARCHAR(16) NOT NULL,
                 owner_code VARCHAR(200) NOT NULL,
                 field VARCHAR(32) NOT NULL,
                 position INTEGER NOT NULL,
                 value TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, owner_kind, owner_code, field, position)))",
             R"(CREATE INDEX text_item_by_field ON text_item (scheme_id, field, value))",
             R"(CREATE TABLE governance_body (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 position INTEGER NOT NULL,
                 body TEXT NOT NULL,
                 scope TEXT NOT NULL,
                 frequency TEXT NOT NULL,
                 role TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, position)))",
             R"(CREATE TABLE scheme_link (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 position INTEGER NOT NULL,
                 from_code VARCHAR(200),
                 to_ref TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, position)))",
             R"(CREATE TABLE stated_total (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 name VARCHAR(200) NOT NULL,
                 value BIGINT NOT NULL,
                 PRIMARY KEY (scheme_id, name)))",
         }},
        {2,
         "series, yearly observations with their history, evaluation runs and results",
         {
             R"(ALTER TABLE scheme ADD COLUMN content_hash VARCHAR(64) NOT NULL DEFAULT '')",
             R"(ALTER TABLE indicator ADD COLUMN synthetic_targets INTEGER NOT NULL DEFAULT 0)",
             R"(CREATE TABLE series (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 label TEXT NOT NULL,
                 unit TEXT NOT NULL,
                 within_year VARCHAR(8) NOT NULL,
                 across_territories VARCHAR(8) NOT NULL,
                 PRIMARY KEY (scheme_id, code)))",
             // One value per series, territory, period and combination of dimensions.
             R"(CREATE TABLE observation (
                 scheme_id VARCHAR(200) NOT NULL,
                 series VARCHAR(200) NOT NULL,
                 territory_code VARCHAR(200) NOT NULL,
                 period VARCHAR(10) NOT NULL,
                 dimensions TEXT NOT NULL,
                 year INTEGER NOT NULL,
                 period_end VARCHAR(10) NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 synthetic INTEGER NOT NULL,
                 source_file TEXT NOT NULL,
                 recorded_at VARCHAR(32) NOT NULL,
                 recorded_by VARCHAR(200) NOT NULL,
                 PRIMARY KEY (scheme_id, series, territory_code, period, dimensions),
                 FOREIGN KEY (scheme_id, territory_code) REFERENCES territory (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             R"(CREATE INDEX observation_by_year ON observation (scheme_id, series, year))",
             // Every value a key had before it was replaced, with when and from which file.
             R"(CREATE TABLE observation_history (
                 scheme_id VARCHAR(200) NOT NULL,
                 series VARCHAR(200) NOT NULL,
                 territory_code VARCHAR(200) NOT NULL,
                 period VARCHAR(10) NOT NULL,
                 dimensions TEXT NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 synthetic INTEGER NOT NULL,
                 source_file TEXT NOT NULL,
                 recorded_at VARCHAR(32) NOT NULL,
                 recorded_by VARCHAR(200) NOT NULL,
                 replaced_at VARCHAR(32) NOT NULL,
                 replaced_by_file TEXT NOT NULL))",
             R"(CREATE INDEX observation_history_by_key
                 ON observation_history (scheme_id, series, territory_code, period))",
             R"(CREATE TABLE evaluation_run (
                 id BIGINT PRIMARY KEY,
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 year INTEGER NOT NULL,
                 territory_code VARCHAR(200),
                 created_at VARCHAR(32) NOT NULL,
                 scheme_hash VARCHAR(64) NOT NULL,
                 scheme_revision INTEGER NOT NULL,
                 jalon_version VARCHAR(32) NOT NULL,
                 options TEXT NOT NULL,
                 synthetic INTEGER NOT NULL))",
             R"(CREATE TABLE run_plugin (
                 run_id BIGINT NOT NULL REFERENCES evaluation_run (id) ON DELETE CASCADE,
                 position INTEGER NOT NULL,
                 name VARCHAR(200) NOT NULL,
                 version VARCHAR(64) NOT NULL,
                 file TEXT NOT NULL,
                 PRIMARY KEY (run_id, position)))",
             R"(CREATE TABLE indicator_result (
                 run_id BIGINT NOT NULL REFERENCES evaluation_run (id) ON DELETE CASCADE,
                 indicator_code VARCHAR(200) NOT NULL,
                 territory_code VARCHAR(200) NOT NULL,
                 year INTEGER NOT NULL,
                 value DOUBLE PRECISION,
                 baseline DOUBLE PRECISION,
                 baseline_year INTEGER,
                 reference DOUBLE PRECISION,
                 reference_year INTEGER,
                 reference_kind VARCHAR(16),
                 expected DOUBLE PRECISION,
                 attainment DOUBLE PRECISION,
                 status VARCHAR(16) NOT NULL,
                 method VARCHAR(200) NOT NULL,
                 note TEXT NOT NULL,
                 date VARCHAR(10) NOT NULL,
                 synthetic INTEGER NOT NULL,
                 PRIMARY KEY (run_id, indicator_code, territory_code, year)))",
         }},
        {3,
         "evaluative questions and action follow-ups with their history",
         {
             R"(CREATE TABLE evaluative_question (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 code VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 criterion VARCHAR(16) NOT NULL,
                 question TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, code)))",
             // The indicators and nodes answering a question, and its judgement criteria.
             R"(CREATE TABLE question_item (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 question_code VARCHAR(200) NOT NULL,
                 kind VARCHAR(16) NOT NULL,
                 position INTEGER NOT NULL,
                 value TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, question_code, kind, position)))",
             R"(CREATE TABLE action_follow_up (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 node_code VARCHAR(200) NOT NULL,
                 year INTEGER NOT NULL,
                 status VARCHAR(32) NOT NULL,
                 comment TEXT NOT NULL,
                 narrative TEXT NOT NULL,
                 figures TEXT NOT NULL,
                 unplanned INTEGER NOT NULL,
                 title TEXT NOT NULL,
                 attached_to VARCHAR(200),
                 source TEXT NOT NULL,
                 recorded_at VARCHAR(32) NOT NULL,
                 recorded_by VARCHAR(200) NOT NULL,
                 PRIMARY KEY (scheme_id, node_code, year)))",
             R"(CREATE TABLE action_follow_up_history (
                 scheme_id VARCHAR(200) NOT NULL,
                 node_code VARCHAR(200) NOT NULL,
                 year INTEGER NOT NULL,
                 status VARCHAR(32) NOT NULL,
                 comment TEXT NOT NULL,
                 narrative TEXT NOT NULL,
                 figures TEXT NOT NULL,
                 unplanned INTEGER NOT NULL,
                 title TEXT NOT NULL,
                 attached_to VARCHAR(200),
                 source TEXT NOT NULL,
                 recorded_at VARCHAR(32) NOT NULL,
                 recorded_by VARCHAR(200) NOT NULL,
                 replaced_at VARCHAR(32) NOT NULL,
                 replaced_by_source TEXT NOT NULL))",
             R"(CREATE INDEX action_follow_up_history_by_node
                 ON action_follow_up_history (scheme_id, node_code, year))",
         }},
        {4,
         "approval of a year's data per territory, with its log",
         {
             R"(CREATE TABLE data_approval (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 territory_code VARCHAR(200) NOT NULL,
                 year INTEGER NOT NULL,
                 approved_by VARCHAR(200) NOT NULL,
                 approved_at VARCHAR(32) NOT NULL,
                 PRIMARY KEY (scheme_id, territory_code, year)))",
             R"(CREATE TABLE data_approval_log (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 territory_code VARCHAR(200) NOT NULL,
                 year INTEGER NOT NULL,
                 action VARCHAR(16) NOT NULL,
                 done_by VARCHAR(200) NOT NULL,
                 done_at VARCHAR(32) NOT NULL,
                 reason TEXT NOT NULL))",
         }},
        {5,
         "contributors' comments on yearly data",
         {
             R"(CREATE TABLE observation_comment (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 series VARCHAR(200) NOT NULL,
                 territory_code VARCHAR(200) NOT NULL,
                 period VARCHAR(10) NOT NULL,
                 dimensions TEXT NOT NULL,
                 year INTEGER NOT NULL,
                 comment TEXT NOT NULL,
                 source_file TEXT NOT NULL,
                 recorded_at VARCHAR(32) NOT NULL,
                 recorded_by VARCHAR(200) NOT NULL,
                 PRIMARY KEY (scheme_id, series, territory_code, period, dimensions)))",
         }},
        {6,
         "observations keyed by year too (evaluation reads them in key order) and pointing to an "
         "import log",
         with_import_log({
             "ALTER TABLE observation ADD COLUMN import_seq BIGINT",
             "UPDATE observation o SET import_seq = i.seq FROM observation_import i WHERE "
             "i.scheme_id = o.scheme_id AND i.source_file = o.source_file AND "
             "i.imported_at = o.recorded_at AND i.imported_by = o.recorded_by",
             "ALTER TABLE observation ALTER COLUMN import_seq SET NOT NULL",
             "ALTER TABLE observation DROP COLUMN source_file, DROP COLUMN recorded_at, "
             "DROP COLUMN recorded_by",
             // No foreign key to the territory: imports check territories, and a per-row check
             // cost more than the load itself; SchemeStore removes a territory's observations.
             "ALTER TABLE observation DROP CONSTRAINT observation_scheme_id_territory_code_fkey",
             "ALTER TABLE observation DROP CONSTRAINT observation_pkey",
             "ALTER TABLE observation ADD PRIMARY KEY (scheme_id, series, territory_code, year, "
             "period, dimensions)",
             "DROP INDEX observation_by_year",
         }),
         with_import_log({
             // SQLite stores the table in key order (WITHOUT ROWID): a series' observations are
             // contiguous and come grouped by territory and year, with no second index to keep;
             // no foreign key, as on PostgreSQL.
             R"(CREATE TABLE observation_by_key (
                 scheme_id VARCHAR(200) NOT NULL,
                 series VARCHAR(200) NOT NULL,
                 territory_code VARCHAR(200) NOT NULL,
                 period VARCHAR(10) NOT NULL,
                 dimensions TEXT NOT NULL,
                 year INTEGER NOT NULL,
                 period_end VARCHAR(10) NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 synthetic INTEGER NOT NULL,
                 import_seq BIGINT NOT NULL,
                 PRIMARY KEY (scheme_id, series, territory_code, year, period, dimensions))
                 WITHOUT ROWID)",
             "INSERT INTO observation_by_key SELECT o.scheme_id, o.series, o.territory_code, "
             "o.period, o.dimensions, o.year, o.period_end, o.value, o.synthetic, i.seq FROM "
             "observation o JOIN observation_import i ON i.scheme_id = o.scheme_id AND "
             "i.source_file = o.source_file AND i.imported_at = o.recorded_at AND "
             "i.imported_by = o.recorded_by",
             "DROP TABLE observation",
             "ALTER TABLE observation_by_key RENAME TO observation",
         })},
        {7,
         "each run lists the imports its data contained",
         {
             R"(CREATE TABLE run_import (
                 run_id BIGINT NOT NULL REFERENCES evaluation_run (id) ON DELETE CASCADE,
                 import_seq BIGINT NOT NULL,
                 PRIMARY KEY (run_id, import_seq)))",
             // Runs made before: the imports logged up to their time (to the second; an import
             // committed in that second while the run read its data may be listed too).
             R"(INSERT INTO run_import (run_id, import_seq)
                 SELECT r.id, i.seq FROM evaluation_run r JOIN observation_import i
                 ON i.scheme_id = r.scheme_id AND i.imported_at <= r.created_at)",
         }},
        {8,
         "the table registry (each table's access class) and the writers' lock rows",
         {
             // Which group may do what with each table: docs/postgresql-roles.sql grants from it,
             // and a table missing here gets nothing. A migration that adds a table adds its row
             // (TableRegistry tests fail otherwise). Classes, as that script reads them:
             //   meta            all read; only the owner writes (jalon init)
             //   reference       all read; evaluators write
             //   log             all read; evaluators insert, nobody updates or deletes
             //   run             as log, with row-level security (read and insert policies)
             //   territory_data  all read; evaluators write; contributors insert and update the
             //                   rows of their territories (row-level security)
             //   territory_log   all read; evaluators and contributors (their territories) insert
             //   scheme_data     all read; evaluators write; contributors insert, update and
             //                   delete in the schemes where a territory is theirs
             //   scheme_log      all read; evaluators and contributors (their schemes) insert
             //   import_log      all read; evaluators and contributors insert
             //   history         (from version 9) all read; only the server's triggers write
             //   writer_lock     evaluators and contributors lock its rows (SELECT ... FOR
             //                   UPDATE); nobody else touches it
             R"(CREATE TABLE jalon_table (
                 table_name VARCHAR(63) PRIMARY KEY,
                 access_class VARCHAR(32) NOT NULL))",
             R"(INSERT INTO jalon_table (table_name, access_class) VALUES
                 ('jalon_meta', 'meta'), ('jalon_table', 'meta'),
                 ('scheme', 'reference'), ('scheme_level', 'reference'),
                 ('territory', 'reference'), ('node', 'reference'), ('indicator', 'reference'),
                 ('indicator_param', 'reference'), ('milestone', 'reference'),
                 ('figure', 'reference'), ('text_item', 'reference'),
                 ('governance_body', 'reference'), ('scheme_link', 'reference'),
                 ('stated_total', 'reference'), ('series', 'reference'),
                 ('evaluative_question', 'reference'), ('question_item', 'reference'),
                 ('data_approval', 'reference'),
                 ('evaluation_run', 'run'), ('run_plugin', 'log'), ('run_import', 'log'),
                 ('indicator_result', 'log'), ('data_approval_log', 'log'),
                 ('observation', 'territory_data'), ('observation_comment', 'territory_data'),
                 ('observation_history', 'territory_log'),
                 ('action_follow_up', 'scheme_data'), ('action_follow_up_history', 'scheme_log'),
                 ('observation_import', 'import_log'),
                 ('jalon_writer_lock', 'writer_lock'))",
             // One row per WriterLock: on PostgreSQL a writer locks its row (SELECT ... FOR
             // UPDATE), a lock that ends with the transaction and that only a role allowed to
             // UPDATE the table can take.
             R"(CREATE TABLE jalon_writer_lock (
                 name VARCHAR(32) PRIMARY KEY))",
             "INSERT INTO jalon_writer_lock (name) VALUES ('observations'), ('runs')",
         }},
        {9,
         "the server keeps the approval lock, the history, the logs and the runs (PostgreSQL "
         "triggers), whoever writes",
         server_keeps_the_record(),
         {
             "ALTER TABLE observation_history ADD COLUMN replaced_by VARCHAR(200) NOT NULL "
             "DEFAULT ''",
             "UPDATE jalon_table SET access_class = 'history' WHERE table_name IN "
             "('observation_history', 'action_follow_up_history')",
         }},
        {10, "schemes and territories with history are retired, not deleted",
         with_retirement({
             R"(CREATE FUNCTION jalon_keep_scheme_history() RETURNS trigger
                 LANGUAGE plpgsql AS $$
                 DECLARE
                     kept text[] = '{}';
                 BEGIN
                     IF EXISTS (SELECT 1 FROM evaluation_run WHERE scheme_id = OLD.id) THEN
                         kept = array_append(kept, 'evaluation runs');
                     END IF;
                     IF EXISTS (SELECT 1 FROM observation WHERE scheme_id = OLD.id) THEN
                         kept = array_append(kept, 'yearly data (observation)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM observation_history WHERE scheme_id = OLD.id) THEN
                         kept = array_append(kept, 'replaced values (observation_history)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM observation_import WHERE scheme_id = OLD.id) THEN
                         kept = array_append(kept, 'an import log (observation_import)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM observation_comment WHERE scheme_id = OLD.id) THEN
                         kept = array_append(kept, 'comments (observation_comment)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM data_approval WHERE scheme_id = OLD.id)
                        OR EXISTS (SELECT 1 FROM data_approval_log WHERE scheme_id = OLD.id) THEN
                         kept = array_append(kept, 'approvals (data_approval, data_approval_log)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM action_follow_up WHERE scheme_id = OLD.id)
                        OR EXISTS (SELECT 1 FROM action_follow_up_history WHERE scheme_id = OLD.id)
                     THEN
                         kept = array_append(kept,
                             'action follow-ups (action_follow_up, action_follow_up_history)');
                     END IF;
                     IF cardinality(kept) > 0 THEN
                         RAISE EXCEPTION 'cannot delete scheme ''%'': it has %, which deleting it would erase; retire it instead with: jalon scheme retire %',
                             OLD.id, array_to_string(kept, ', '), OLD.id
                             USING ERRCODE = 'restrict_violation';
                     END IF;
                     RETURN OLD;
                 END
                 $$)",
             R"(CREATE TRIGGER jalon_keep_scheme_history BEFORE DELETE ON scheme
                 FOR EACH ROW EXECUTE FUNCTION jalon_keep_scheme_history())",
             // SECURITY DEFINER to name the contributors who write the territory: the mapping
             // (docs/postgresql-roles.sql) is the owner's. A trigger function cannot be called
             // directly, so it answers nobody else.
             R"(CREATE FUNCTION jalon_keep_territory_history() RETURNS trigger
                 LANGUAGE plpgsql SECURITY DEFINER AS $$
                 DECLARE
                     kept text[] = '{}';
                     writers text;
                 BEGIN
                     IF TG_OP = 'UPDATE' AND NEW.scheme_id = OLD.scheme_id
                        AND NEW.code = OLD.code THEN
                         RETURN NEW;
                     END IF;
                     IF EXISTS (SELECT 1 FROM evaluation_run
                                 WHERE scheme_id = OLD.scheme_id AND territory_code = OLD.code)
                        OR EXISTS (SELECT 1 FROM indicator_result r
                                   JOIN evaluation_run e ON e.id = r.run_id
                                  WHERE e.scheme_id = OLD.scheme_id
                                    AND r.territory_code = OLD.code) THEN
                         kept = array_append(kept, 'evaluation results (indicator_result)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM observation
                                 WHERE scheme_id = OLD.scheme_id AND territory_code = OLD.code) THEN
                         kept = array_append(kept, 'yearly data (observation)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM observation_history
                                 WHERE scheme_id = OLD.scheme_id AND territory_code = OLD.code) THEN
                         kept = array_append(kept, 'replaced values (observation_history)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM observation_comment
                                 WHERE scheme_id = OLD.scheme_id AND territory_code = OLD.code) THEN
                         kept = array_append(kept, 'comments (observation_comment)');
                     END IF;
                     IF EXISTS (SELECT 1 FROM data_approval
                                 WHERE scheme_id = OLD.scheme_id AND territory_code = OLD.code)
                        OR EXISTS (SELECT 1 FROM data_approval_log
                                    WHERE scheme_id = OLD.scheme_id
                                      AND territory_code = OLD.code) THEN
                         kept = array_append(kept, 'approvals (data_approval, data_approval_log)');
                     END IF;
                     IF to_regclass('contributor_territory') IS NOT NULL THEN
                         EXECUTE 'SELECT string_agg(DISTINCT CAST(role_name AS text), '', '')
                                    FROM contributor_territory
                                   WHERE scheme_id = $1 AND territory_code = $2'
                            INTO writers USING OLD.scheme_id, OLD.code;
                         IF writers IS NOT NULL THEN
                             kept = array_append(kept, format(
                                 'contributors who write it (contributor_territory: %s)', writers));
                         END IF;
                     END IF;
                     IF cardinality(kept) = 0 THEN
                         RETURN CASE WHEN TG_OP = 'UPDATE' THEN NEW ELSE OLD END;
                     END IF;
                     IF TG_OP = 'UPDATE' THEN
                         RAISE EXCEPTION 'cannot change the code of territory ''%'' of scheme ''%'': it has %, which refer to it by its code; retire it instead: import the scheme file with the new code and without the old one (jalon scheme import), which keeps the old territory and its data',
                             OLD.code, OLD.scheme_id, array_to_string(kept, ', ')
                             USING ERRCODE = 'restrict_violation';
                     END IF;
                     RAISE EXCEPTION 'cannot delete territory ''%'' of scheme ''%'': it has %, which deleting it would erase; retire it instead: import the scheme file without it (jalon scheme import), which keeps it and its data out of evaluations and reports',
                         OLD.code, OLD.scheme_id, array_to_string(kept, ', ')
                         USING ERRCODE = 'restrict_violation';
                 END
                 $$)",
             R"(CREATE TRIGGER jalon_keep_territory_history BEFORE DELETE OR UPDATE OF scheme_id, code
                 ON territory FOR EACH ROW EXECUTE FUNCTION jalon_keep_territory_history())",
             // A retired scheme takes no new import nor run, through psql either.
             R"(CREATE FUNCTION jalon_refuse_retired_scheme() RETURNS trigger
                 LANGUAGE plpgsql AS $$
                 DECLARE
                     retired VARCHAR;
                 BEGIN
                     SELECT retired_at INTO retired FROM scheme WHERE id = NEW.scheme_id;
                     IF retired IS NOT NULL THEN
                         RAISE EXCEPTION 'scheme ''%'' is retired (since %) and takes no new data nor evaluation; jalon scheme retire % --undo brings it back',
                             NEW.scheme_id, retired, NEW.scheme_id
                             USING ERRCODE = 'check_violation';
                     END IF;
                     RETURN NEW;
                 END
                 $$)",
             R"(CREATE TRIGGER jalon_refuse_retired_scheme BEFORE INSERT ON observation_import
                 FOR EACH ROW EXECUTE FUNCTION jalon_refuse_retired_scheme())",
             R"(CREATE TRIGGER jalon_refuse_retired_scheme BEFORE INSERT ON evaluation_run
                 FOR EACH ROW EXECUTE FUNCTION jalon_refuse_retired_scheme())",
             // They read the tables of the schema they were made in, whoever calls them (no
             // temporary table of the caller's can stand in for one).
             R"(DO $$
                 BEGIN
                     EXECUTE format('ALTER FUNCTION jalon_refuse_retired_scheme() SET search_path = %I, pg_temp',
                                    current_schema());
                     EXECUTE format('ALTER FUNCTION jalon_keep_scheme_history() SET search_path = %I, pg_temp',
                                    current_schema());
                     EXECUTE format('ALTER FUNCTION jalon_keep_territory_history() SET search_path = %I, pg_temp',
                                    current_schema());
                     REVOKE ALL ON FUNCTION jalon_keep_territory_history() FROM PUBLIC;
                 END
                 $$)",
         }),
         with_retirement({
             // SQLite: RAISE takes a literal message, so it cannot name the scheme or territory.
             R"(CREATE TRIGGER jalon_keep_scheme_history BEFORE DELETE ON scheme
                 WHEN EXISTS (SELECT 1 FROM evaluation_run WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM observation WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM observation_history WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM observation_import WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM observation_comment WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM data_approval WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM data_approval_log WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM action_follow_up WHERE scheme_id = OLD.id)
                   OR EXISTS (SELECT 1 FROM action_follow_up_history WHERE scheme_id = OLD.id)
                 BEGIN
                     SELECT RAISE(ABORT, 'cannot delete a scheme that has evaluation runs, yearly data, their history, an import log, comments, approvals or action follow-ups, which deleting it would erase; retire it instead with: jalon scheme retire ID');
                 END)",
             R"(CREATE TRIGGER jalon_keep_territory_history BEFORE DELETE ON territory
                 WHEN )" +
                 territory_has_history + R"(
                 BEGIN
                     SELECT RAISE(ABORT, 'cannot delete a territory that has evaluation results, yearly data, their history, comments or approvals, which deleting it would erase; retire it instead: import the scheme file without it (jalon scheme import), which keeps it and its data out of evaluations and reports');
                 END)",
             R"(CREATE TRIGGER jalon_keep_territory_code BEFORE UPDATE OF scheme_id, code
                 ON territory
                 WHEN (NEW.scheme_id <> OLD.scheme_id OR NEW.code <> OLD.code) AND )" +
                 territory_has_history + R"(
                 BEGIN
                     SELECT RAISE(ABORT, 'cannot change the code of a territory that has evaluation results, yearly data, their history, comments or approvals, which refer to it by its code; retire it instead: import the scheme file with the new code and without the old one (jalon scheme import)');
                 END)",
         })},
        {11,
         "what documents say of their indicators (inferred code, producer, source, frequency) "
         "and territories' key figures",
         {
             "ALTER TABLE indicator ADD COLUMN code_inferred INTEGER NOT NULL DEFAULT 0",
             "ALTER TABLE indicator ADD COLUMN producer TEXT NOT NULL DEFAULT ''",
             "ALTER TABLE indicator ADD COLUMN source TEXT NOT NULL DEFAULT ''",
             "ALTER TABLE indicator ADD COLUMN frequency VARCHAR(16)",
             R"(CREATE TABLE territory_figure (
                 scheme_id VARCHAR(200) NOT NULL,
                 territory_code VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 label TEXT NOT NULL,
                 value DOUBLE PRECISION NOT NULL,
                 unit TEXT NOT NULL,
                 year INTEGER,
                 PRIMARY KEY (scheme_id, territory_code, position),
                 FOREIGN KEY (scheme_id, territory_code) REFERENCES territory (scheme_id, code)
                     ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED))",
             "INSERT INTO jalon_table (table_name, access_class) VALUES "
             "('territory_figure', 'reference')",
         }},
        {12,
         "levels as the scheme's vocabulary: their order (strict for the schemes stored before), "
         "the action levels, the steering level, a node's own action flag",
         {
             "ALTER TABLE scheme ADD COLUMN level_order VARCHAR(16) NOT NULL DEFAULT 'strict'",
             "ALTER TABLE scheme ADD COLUMN steering_level TEXT NOT NULL DEFAULT ''",
             "ALTER TABLE scheme_level ADD COLUMN action_level INTEGER NOT NULL DEFAULT 0",
             // NULL: the node is an action as its level says.
             "ALTER TABLE node ADD COLUMN action_flag INTEGER",
         }},
        {13,
         "baselines, milestones and targets keep the overlay they came from; each scheme lists "
         "the overlays it was imported with",
         {
             // The id of the overlay (scheme_overlay.overlay_id) that set the value; '' for the
             // scheme file itself (and for every value stored before this version).
             "ALTER TABLE indicator ADD COLUMN baseline_origin VARCHAR(200) NOT NULL DEFAULT ''",
             "ALTER TABLE indicator ADD COLUMN target_origin VARCHAR(200) NOT NULL DEFAULT ''",
             "ALTER TABLE milestone ADD COLUMN origin VARCHAR(200) NOT NULL DEFAULT ''",
             R"(CREATE TABLE scheme_overlay (
                 scheme_id VARCHAR(200) NOT NULL REFERENCES scheme (id) ON DELETE CASCADE,
                 overlay_id VARCHAR(200) NOT NULL,
                 position INTEGER NOT NULL,
                 source_file TEXT NOT NULL,
                 synthetic INTEGER NOT NULL,
                 note TEXT NOT NULL,
                 PRIMARY KEY (scheme_id, overlay_id)))",
             "INSERT INTO jalon_table (table_name, access_class) VALUES ('scheme_overlay', "
             "'reference')",
         }},
        {14,
         "results' notes in French and in English (plugin ABI 2): a report shows the one of its "
         "language",
         {
             // Notes stored before were the plugins' English: they stay the English note; the
             // standard plugins' fixed notes get their French, the others keep their English
             // text in both columns.
             "ALTER TABLE indicator_result ADD COLUMN note_en TEXT NOT NULL DEFAULT ''",
             "UPDATE indicator_result SET note_en = note",
             R"(UPDATE indicator_result SET note = CASE note
                 WHEN 'no data' THEN 'aucune donnée'
                 WHEN 'no data for the numerator' THEN 'aucune donnée pour le numérateur'
                 WHEN 'no data for the denominator' THEN 'aucune donnée pour le dénominateur'
                 WHEN 'the denominator is zero' THEN 'dénominateur nul'
                 WHEN 'the indicator has no baseline to compare with'
                     THEN 'l''indicateur n''a pas de valeur de référence à laquelle se comparer'
                 WHEN 'the reference value is zero' THEN 'valeur de comparaison nulle'
                 ELSE note END
               WHERE note <> '')",
         }},
    };
    return all;
}

} // namespace jalon
