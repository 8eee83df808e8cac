-- Jalon on PostgreSQL 15: three group roles, their privileges, and row-level security that keeps
-- each contributor to the territories listed for them. See docs/deployment.md ("Roles").
--
-- Run it as the OWNER of the Jalon tables (the role that ran `jalon init`), in the Jalon
-- database, after `jalon init`:
--
--     psql -v ON_ERROR_STOP=1 -d jalon -f docs/postgresql-roles.sql
--
-- It is one transaction (all or nothing) and can be run again: after every `jalon init` that
-- migrated the schema (new tables get SELECT through the default privileges, but row-level
-- security and the write grants are set here), and whenever you change this file.
--
-- The three group roles are created here only if they are missing AND the owner may create roles
-- (CREATEROLE). Otherwise create them first, as a superuser or a CREATEROLE administrator:
--
--     CREATE ROLE jalon_evaluator NOLOGIN;
--     CREATE ROLE jalon_contributor NOLOGIN;
--     CREATE ROLE jalon_reader NOLOGIN;
--
-- Logins and their memberships are not made here (see the end of this file and
-- docs/deployment.md): they need CREATEROLE and passwords.

\set ON_ERROR_STOP 1
SET client_min_messages = warning; -- no "policy ... does not exist, skipping" notices

BEGIN;
SET LOCAL search_path = public, pg_temp;

-- ---- 0. Preconditions: a Jalon database, and we own its tables --------------------------------

DO $$
DECLARE
    owner_name name;
BEGIN
    IF to_regclass('public.jalon_meta') IS NULL OR to_regclass('public.observation') IS NULL THEN
        RAISE EXCEPTION 'no Jalon tables in schema public of database %: run `jalon init` first',
            current_database();
    END IF;
    SELECT pg_get_userbyid(relowner) INTO owner_name
      FROM pg_class WHERE oid = 'public.observation'::regclass;
    IF owner_name <> current_user THEN
        RAISE EXCEPTION 'run this file as the owner of the Jalon tables (%), not as %',
            owner_name, current_user;
    END IF;
END
$$;

-- ---- 1. The three group roles (NOLOGIN: people log in as themselves and are members) ----------

DO $$
DECLARE
    r text;
    may_create boolean;
BEGIN
    SELECT rolcreaterole OR rolsuper INTO may_create FROM pg_roles WHERE rolname = current_user;
    FOREACH r IN ARRAY ARRAY['jalon_evaluator', 'jalon_contributor', 'jalon_reader'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
            IF NOT may_create THEN
                RAISE EXCEPTION 'role % does not exist and % may not create roles: as a superuser, run CREATE ROLE % NOLOGIN; then run this file again',
                    r, current_user, r;
            END IF;
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        ELSIF (SELECT rolcanlogin FROM pg_roles WHERE rolname = r) THEN
            RAISE WARNING 'role % can log in; a group role should not (ALTER ROLE % NOLOGIN)', r, r;
        END IF;
    END LOOP;
END
$$;

-- ---- 2. The contributors' territories ---------------------------------------------------------

-- Which login may write which territory of which scheme. A row covers the territory AND every
-- territory below it in the scheme's tree (jalon_may_write walks up the tree), as
-- `jalon data approve --territory` does. Rows go when the territory leaves the scheme.
CREATE TABLE IF NOT EXISTS contributor_territory (
    role_name name NOT NULL,
    scheme_id VARCHAR(200) NOT NULL,
    territory_code VARCHAR(200) NOT NULL,
    PRIMARY KEY (role_name, scheme_id, territory_code),
    FOREIGN KEY (scheme_id, territory_code) REFERENCES territory (scheme_id, code)
        ON DELETE CASCADE
);

-- Whether `who` may write data of `territory` in `scheme`: the territory or one above it is
-- listed for them. SECURITY DEFINER so that contributors need no access to the mapping table; a
-- function, not a subquery, in the policies (Citus refuses subqueries in policies).
CREATE OR REPLACE FUNCTION jalon_may_write(who name, scheme VARCHAR, territory_code VARCHAR)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    WITH RECURSIVE up (code, parent_code, depth) AS (
        SELECT t.code, t.parent_code, 0 FROM territory t
         WHERE t.scheme_id = $2 AND t.code = $3
        UNION ALL
        SELECT t.code, t.parent_code, up.depth + 1 FROM territory t JOIN up
            ON t.scheme_id = $2 AND t.code = up.parent_code
         WHERE up.depth < 100
    )
    SELECT EXISTS (SELECT 1 FROM contributor_territory c JOIN up ON c.territory_code = up.code
                    WHERE c.role_name = $1 AND c.scheme_id = $2)
$$;

-- Action follow-ups (statuses) are per action, not per territory: a contributor may record them
-- for the schemes in which at least one territory is listed for them.
CREATE OR REPLACE FUNCTION jalon_may_write_scheme(who name, scheme VARCHAR)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM contributor_territory c WHERE c.role_name = $1 AND c.scheme_id = $2)
$$;

REVOKE ALL ON FUNCTION jalon_may_write(name, VARCHAR, VARCHAR) FROM PUBLIC;
REVOKE ALL ON FUNCTION jalon_may_write_scheme(name, VARCHAR) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jalon_may_write(name, VARCHAR, VARCHAR) TO jalon_contributor;
GRANT EXECUTE ON FUNCTION jalon_may_write_scheme(name, VARCHAR) TO jalon_contributor;

-- ---- 3. Database and schema -------------------------------------------------------------------

-- Only the three groups (and the owner) connect. TEMPORARY: `jalon data import` stages each file
-- in a temporary table; readers never import, so they get none.
REVOKE CONNECT, TEMPORARY ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO jalon_evaluator, jalon_contributor, jalon_reader;
GRANT TEMPORARY ON DATABASE :"DBNAME" TO jalon_evaluator, jalon_contributor;
REVOKE CREATE ON SCHEMA public FROM PUBLIC; -- already so on a new PostgreSQL 15 database
GRANT USAGE ON SCHEMA public TO jalon_evaluator, jalon_contributor, jalon_reader;

-- ---- 4. Table privileges ----------------------------------------------------------------------

-- Everyone reads every Jalon table (jalon_meta too: every command checks the schema version).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO jalon_evaluator, jalon_contributor, jalon_reader;
REVOKE ALL ON contributor_territory FROM jalon_contributor, jalon_reader;

-- Evaluators write everything Jalon writes, except the schema version (the owner's, through
-- `jalon init`) and the mapping (the owner's). Runs, their results and the three logs are
-- insert-only. Jalon serialises its writers with transaction-level advisory locks
-- (pg_advisory_xact_lock), which need no table privilege; runs' results are loaded with
-- `COPY indicator_result FROM STDIN`, which needs INSERT on that table, and is refused on a table
-- with row-level security: indicator_result must stay without it.
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO jalon_evaluator;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER
    ON jalon_meta, contributor_territory FROM jalon_evaluator;
REVOKE UPDATE, DELETE
    ON evaluation_run, run_plugin, run_import, indicator_result,
       observation_history, observation_import, action_follow_up_history, data_approval_log
  FROM jalon_evaluator;

-- Contributors write yearly data, comments and statuses (rows limited by the policies below).
-- INSERT and UPDATE: the import copies the file into a temporary table (COPY ... FROM STDIN) and
-- upserts from it (INSERT ... ON CONFLICT DO UPDATE); a changed status is moved to the history,
-- deleted and inserted again.
GRANT INSERT, UPDATE ON observation, observation_comment TO jalon_contributor;
GRANT INSERT ON observation_history, observation_import, action_follow_up_history
    TO jalon_contributor;
GRANT INSERT, DELETE ON action_follow_up TO jalon_contributor;

-- Tables a later `jalon init` creates: readable by all three groups, writable by evaluators.
-- (Re-run this file after an upgrade: new tables get no row-level security by themselves.)
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT ON TABLES TO jalon_evaluator, jalon_contributor, jalon_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT INSERT, UPDATE, DELETE ON TABLES TO jalon_evaluator;

-- ---- 5. Row-level security --------------------------------------------------------------------

-- Once a table has row-level security, a role without a policy sees NO rows (silently): each of
-- these tables gives all three groups a read policy and evaluators a write policy. The owner
-- (`jalon init`, backups) is not subject to them.

ALTER TABLE observation ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jalon_read ON observation;
CREATE POLICY jalon_read ON observation FOR SELECT
    TO jalon_evaluator, jalon_contributor, jalon_reader USING (true);
DROP POLICY IF EXISTS jalon_evaluator_write ON observation;
CREATE POLICY jalon_evaluator_write ON observation FOR ALL
    TO jalon_evaluator USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS jalon_contributor_insert ON observation;
CREATE POLICY jalon_contributor_insert ON observation FOR INSERT
    TO jalon_contributor WITH CHECK (jalon_may_write(current_user, scheme_id, territory_code));
DROP POLICY IF EXISTS jalon_contributor_update ON observation;
CREATE POLICY jalon_contributor_update ON observation FOR UPDATE
    TO jalon_contributor USING (jalon_may_write(current_user, scheme_id, territory_code))
    WITH CHECK (jalon_may_write(current_user, scheme_id, territory_code));

ALTER TABLE observation_history ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jalon_read ON observation_history;
CREATE POLICY jalon_read ON observation_history FOR SELECT
    TO jalon_evaluator, jalon_contributor, jalon_reader USING (true);
DROP POLICY IF EXISTS jalon_evaluator_write ON observation_history;
CREATE POLICY jalon_evaluator_write ON observation_history FOR ALL
    TO jalon_evaluator USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS jalon_contributor_insert ON observation_history;
CREATE POLICY jalon_contributor_insert ON observation_history FOR INSERT
    TO jalon_contributor WITH CHECK (jalon_may_write(current_user, scheme_id, territory_code));

ALTER TABLE observation_comment ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jalon_read ON observation_comment;
CREATE POLICY jalon_read ON observation_comment FOR SELECT
    TO jalon_evaluator, jalon_contributor, jalon_reader USING (true);
DROP POLICY IF EXISTS jalon_evaluator_write ON observation_comment;
CREATE POLICY jalon_evaluator_write ON observation_comment FOR ALL
    TO jalon_evaluator USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS jalon_contributor_insert ON observation_comment;
CREATE POLICY jalon_contributor_insert ON observation_comment FOR INSERT
    TO jalon_contributor WITH CHECK (jalon_may_write(current_user, scheme_id, territory_code));
DROP POLICY IF EXISTS jalon_contributor_update ON observation_comment;
CREATE POLICY jalon_contributor_update ON observation_comment FOR UPDATE
    TO jalon_contributor USING (jalon_may_write(current_user, scheme_id, territory_code))
    WITH CHECK (jalon_may_write(current_user, scheme_id, territory_code));

ALTER TABLE action_follow_up ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jalon_read ON action_follow_up;
CREATE POLICY jalon_read ON action_follow_up FOR SELECT
    TO jalon_evaluator, jalon_contributor, jalon_reader USING (true);
DROP POLICY IF EXISTS jalon_evaluator_write ON action_follow_up;
CREATE POLICY jalon_evaluator_write ON action_follow_up FOR ALL
    TO jalon_evaluator USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS jalon_contributor_insert ON action_follow_up;
CREATE POLICY jalon_contributor_insert ON action_follow_up FOR INSERT
    TO jalon_contributor WITH CHECK (jalon_may_write_scheme(current_user, scheme_id));
DROP POLICY IF EXISTS jalon_contributor_delete ON action_follow_up;
CREATE POLICY jalon_contributor_delete ON action_follow_up FOR DELETE
    TO jalon_contributor USING (jalon_may_write_scheme(current_user, scheme_id));

ALTER TABLE action_follow_up_history ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jalon_read ON action_follow_up_history;
CREATE POLICY jalon_read ON action_follow_up_history FOR SELECT
    TO jalon_evaluator, jalon_contributor, jalon_reader USING (true);
DROP POLICY IF EXISTS jalon_evaluator_write ON action_follow_up_history;
CREATE POLICY jalon_evaluator_write ON action_follow_up_history FOR ALL
    TO jalon_evaluator USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS jalon_contributor_insert ON action_follow_up_history;
CREATE POLICY jalon_contributor_insert ON action_follow_up_history FOR INSERT
    TO jalon_contributor WITH CHECK (jalon_may_write_scheme(current_user, scheme_id));

-- Runs: everyone reads them, evaluators add them, nobody but the owner changes or removes one
-- (no UPDATE or DELETE grant, nor policy).
ALTER TABLE evaluation_run ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS jalon_read ON evaluation_run;
CREATE POLICY jalon_read ON evaluation_run FOR SELECT
    TO jalon_evaluator, jalon_contributor, jalon_reader USING (true);
DROP POLICY IF EXISTS jalon_evaluator_insert ON evaluation_run;
CREATE POLICY jalon_evaluator_insert ON evaluation_run FOR INSERT
    TO jalon_evaluator WITH CHECK (true);

COMMIT;

-- ---- Logins (not run by this file) ------------------------------------------------------------
--
-- As a superuser or a CREATEROLE administrator (psql prompts for each password; it never appears
-- in a command line or in the server log):
--
--     CREATE ROLE alice LOGIN;
--     \password alice
--     GRANT jalon_evaluator TO alice;
--     CREATE ROLE carl LOGIN;
--     \password carl
--     GRANT jalon_contributor TO carl;
--     CREATE ROLE rita LOGIN;
--     \password rita
--     GRANT jalon_reader TO rita;
--
-- Then, as the owner, the territories each contributor writes (the territory and all below it):
--
--     INSERT INTO contributor_territory (role_name, scheme_id, territory_code)
--     VALUES ('carl', 'blois-contrat-de-ville-perr-2020-2022', 'qpv-quartiers-nord')
--     ON CONFLICT DO NOTHING;
