-- Jalon on PostgreSQL 15: three group roles, their privileges, and row-level security that keeps
-- each contributor to the territories listed for them. See docs/deployment.md ("Roles").
--
-- Run it as the OWNER of the Jalon tables (the role that ran `jalon init`), in the Jalon
-- database, after `jalon init`:
--
--     psql -v ON_ERROR_STOP=1 -d jalon -f docs/postgresql-roles.sql
--
-- It is one transaction (all or nothing) and can be run again: after every `jalon init` that
-- migrated the schema, and whenever you change this file. Grants and policies come from the
-- table registry `jalon_table` that Jalon's migrations keep (each table and its access class):
-- a table the registry does not list gets NO privilege for the three groups (there are no default
-- privileges), so a table a later migration adds stays closed until this file is run again.
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
-- `jalon data approve --territory` does. A territory that has rows here is never deleted: a
-- scheme import without it retires it (section 6).
CREATE TABLE IF NOT EXISTS contributor_territory (
    role_name name NOT NULL,
    scheme_id VARCHAR(200) NOT NULL,
    territory_code VARCHAR(200) NOT NULL,
    PRIMARY KEY (role_name, scheme_id, territory_code),
    FOREIGN KEY (scheme_id, territory_code) REFERENCES territory (scheme_id, code)
        ON DELETE RESTRICT
);

-- Whether the login may write data of `territory` in `scheme`: the territory or one above it is
-- listed for them. SECURITY DEFINER so that contributors need no access to the mapping table; a
-- function, not a subquery, in the policies (Citus refuses subqueries in policies).
-- It takes no login as a parameter: it asks about session_user, the login of the connection, so
-- that no login can learn another's territories (an earlier jalon_may_write(who, ...) answered
-- about anyone). session_user, not current_user: inside a SECURITY DEFINER function current_user
-- is the function's owner, and SET ROLE (to a group, or to another login one is a member of)
-- changes current_user but not session_user, so it cannot borrow another login's territories.
DROP FUNCTION IF EXISTS jalon_may_write(name, VARCHAR, VARCHAR) CASCADE;
DROP FUNCTION IF EXISTS jalon_may_write_scheme(name, VARCHAR) CASCADE;
CREATE OR REPLACE FUNCTION jalon_may_write(scheme VARCHAR, territory_code VARCHAR)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    WITH RECURSIVE up (code, parent_code, depth) AS (
        SELECT t.code, t.parent_code, 0 FROM territory t
         WHERE t.scheme_id = $1 AND t.code = $2
        UNION ALL
        SELECT t.code, t.parent_code, up.depth + 1 FROM territory t JOIN up
            ON t.scheme_id = $1 AND t.code = up.parent_code
         WHERE up.depth < 100
    )
    SELECT EXISTS (SELECT 1 FROM contributor_territory c JOIN up ON c.territory_code = up.code
                    WHERE c.role_name = session_user AND c.scheme_id = $1)
$$;

-- Action follow-ups (statuses) are per action, not per territory: a contributor may record them
-- for the schemes in which at least one territory is listed for them.
CREATE OR REPLACE FUNCTION jalon_may_write_scheme(scheme VARCHAR)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    SELECT EXISTS (SELECT 1 FROM contributor_territory c
                    WHERE c.role_name = session_user AND c.scheme_id = $1)
$$;

REVOKE ALL ON FUNCTION jalon_may_write(VARCHAR, VARCHAR) FROM PUBLIC;
REVOKE ALL ON FUNCTION jalon_may_write_scheme(VARCHAR) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION jalon_may_write(VARCHAR, VARCHAR) TO jalon_contributor;
GRANT EXECUTE ON FUNCTION jalon_may_write_scheme(VARCHAR) TO jalon_contributor;

-- ---- 3. Database and schema -------------------------------------------------------------------

-- Only the three groups (and the owner) connect. TEMPORARY: `jalon data import` stages each file
-- in a temporary table; readers never import, so they get none.
REVOKE CONNECT, TEMPORARY ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO jalon_evaluator, jalon_contributor, jalon_reader;
GRANT TEMPORARY ON DATABASE :"DBNAME" TO jalon_evaluator, jalon_contributor;
REVOKE CREATE ON SCHEMA public FROM PUBLIC; -- already so on a new PostgreSQL 15 database
GRANT USAGE ON SCHEMA public TO jalon_evaluator, jalon_contributor, jalon_reader;

-- ---- 4. Table privileges, from the table registry -------------------------------------------

DO $$
BEGIN
    IF to_regclass('public.jalon_table') IS NULL OR to_regclass('public.jalon_writer_lock') IS NULL
    THEN
        RAISE EXCEPTION 'database % has no table registry (jalon_table): it is older than schema version 8; run `jalon init` of this Jalon first',
            current_database();
    END IF;
    IF EXISTS (SELECT FROM jalon_table WHERE access_class NOT IN ('meta', 'reference', 'log',
               'run', 'history', 'territory_data', 'territory_log', 'scheme_data', 'scheme_log',
               'import_log', 'writer_lock')) THEN
        RAISE EXCEPTION 'jalon_table lists access classes this file does not know (%): use the docs/postgresql-roles.sql of the Jalon that migrated the database',
            (SELECT string_agg(DISTINCT access_class, ', ') FROM jalon_table
              WHERE access_class NOT IN ('meta', 'reference', 'log', 'run', 'history',
                    'territory_data', 'territory_log', 'scheme_data', 'scheme_log', 'import_log',
                    'writer_lock'));
    END IF;
END
$$;

-- No default privileges: a table a later migration adds gets nothing until the registry lists it
-- and this file runs again (earlier versions of this file gave every future table SELECT to all
-- and INSERT, UPDATE, DELETE to evaluators, without row-level security).
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    REVOKE ALL ON TABLES FROM jalon_evaluator, jalon_contributor, jalon_reader;

-- Every table of the schema first loses every privilege of the three groups, then gets those of
-- its class. A table the registry does not list keeps none (and is named in a warning).
-- Evaluators write everything Jalon writes except the schema version and the registry (the
-- owner's, through `jalon init`) and the mapping (the owner's). Runs, their results and the
-- logs are insert-only. Runs' results are loaded with `COPY indicator_result FROM STDIN`, which
-- needs INSERT on that table, and is refused on a table with row-level security: class `log`
-- has none. The history of values (class `history`) is written by the server's triggers
-- alone (migration 9): every group reads it, none writes it. The triggers also keep the approval
-- lock, number imports and runs, record the login as the author of what it writes, log every
-- change of an approval and refuse rows added to a stored run, whoever writes (the owner too).
-- Contributors write yearly data, comments and statuses (rows limited by the policies
-- below): the import copies the file into a temporary table (COPY ... FROM STDIN) and upserts
-- from it (INSERT ... ON CONFLICT DO UPDATE); a changed status is updated in place (the server
-- moves its previous content to the history). Writers serialise on the rows of jalon_writer_lock (SELECT ... FOR UPDATE,
-- which needs SELECT and UPDATE): readers cannot take that lock, and nobody holds it outside a
-- transaction.
DO $$
DECLARE
    t record;
    unlisted text;
BEGIN
    FOR t IN SELECT c.relname AS table_name, r.access_class
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               LEFT JOIN jalon_table r ON r.table_name = c.relname
              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    LOOP
        EXECUTE format('REVOKE ALL ON TABLE %I FROM jalon_evaluator, jalon_contributor, jalon_reader',
                       t.table_name);
        CASE t.access_class
        WHEN 'meta', 'history' THEN
            EXECUTE format('GRANT SELECT ON %I TO jalon_evaluator, jalon_contributor, jalon_reader',
                           t.table_name);
        WHEN 'reference' THEN
            EXECUTE format('GRANT SELECT ON %I TO jalon_evaluator, jalon_contributor, jalon_reader',
                           t.table_name);
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO jalon_evaluator', t.table_name);
        WHEN 'log', 'run' THEN
            EXECUTE format('GRANT SELECT ON %I TO jalon_evaluator, jalon_contributor, jalon_reader',
                           t.table_name);
            EXECUTE format('GRANT INSERT ON %I TO jalon_evaluator', t.table_name);
        WHEN 'territory_data' THEN
            EXECUTE format('GRANT SELECT ON %I TO jalon_evaluator, jalon_contributor, jalon_reader',
                           t.table_name);
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO jalon_evaluator', t.table_name);
            EXECUTE format('GRANT INSERT, UPDATE ON %I TO jalon_contributor', t.table_name);
        WHEN 'territory_log', 'scheme_log', 'import_log' THEN
            EXECUTE format('GRANT SELECT ON %I TO jalon_evaluator, jalon_contributor, jalon_reader',
                           t.table_name);
            EXECUTE format('GRANT INSERT ON %I TO jalon_evaluator, jalon_contributor', t.table_name);
        WHEN 'scheme_data' THEN
            EXECUTE format('GRANT SELECT ON %I TO jalon_evaluator, jalon_contributor, jalon_reader',
                           t.table_name);
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO jalon_evaluator', t.table_name);
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO jalon_contributor', t.table_name);
        WHEN 'writer_lock' THEN
            EXECUTE format('GRANT SELECT, UPDATE ON %I TO jalon_evaluator, jalon_contributor',
                           t.table_name);
        ELSE
            IF t.table_name <> 'contributor_territory' THEN -- the owner's, this file's
                unlisted := concat_ws(', ', unlisted, t.table_name);
            END IF;
        END CASE;
    END LOOP;
    IF unlisted IS NOT NULL THEN
        RAISE WARNING 'tables not in the registry jalon_table, left without any privilege for the Jalon groups: %',
            unlisted;
    END IF;
END
$$;

-- ---- 5. Row-level security, from the table registry -------------------------------------------

-- Once a table has row-level security, a role without a policy sees NO rows (silently): each of
-- these tables gives all three groups a read policy and evaluators a write policy. The owner
-- (`jalon init`, backups) is not subject to them. The policies call jalon_may_write and
-- jalon_may_write_scheme, which ask about the login (session_user) themselves.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT table_name, access_class FROM jalon_table
              WHERE access_class IN ('run', 'territory_data', 'territory_log', 'scheme_data',
                                     'scheme_log', 'import_log', 'writer_lock')
                AND to_regclass(format('public.%I', table_name)) IS NOT NULL
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.table_name);
        EXECUTE format('DROP POLICY IF EXISTS jalon_read ON %I', t.table_name);
        EXECUTE format('DROP POLICY IF EXISTS jalon_evaluator_write ON %I', t.table_name);
        EXECUTE format('DROP POLICY IF EXISTS jalon_evaluator_insert ON %I', t.table_name);
        EXECUTE format('DROP POLICY IF EXISTS jalon_contributor_insert ON %I', t.table_name);
        EXECUTE format('DROP POLICY IF EXISTS jalon_contributor_update ON %I', t.table_name);
        EXECUTE format('DROP POLICY IF EXISTS jalon_contributor_delete ON %I', t.table_name);
        EXECUTE format('DROP POLICY IF EXISTS jalon_writer_lock ON %I', t.table_name);
        IF t.access_class = 'writer_lock' THEN
            -- Writers may lock the rows (SELECT ... FOR UPDATE checks the USING clause) but not
            -- change them (an UPDATE fails WITH CHECK); there is no DELETE grant.
            EXECUTE format('CREATE POLICY jalon_read ON %I FOR SELECT TO jalon_evaluator, jalon_contributor USING (true)',
                           t.table_name);
            EXECUTE format('CREATE POLICY jalon_writer_lock ON %I FOR UPDATE TO jalon_evaluator, jalon_contributor USING (true) WITH CHECK (false)',
                           t.table_name);
            CONTINUE;
        END IF;
        EXECUTE format('CREATE POLICY jalon_read ON %I FOR SELECT TO jalon_evaluator, jalon_contributor, jalon_reader USING (true)',
                       t.table_name);
        IF t.access_class = 'run' THEN
            -- Runs: everyone reads them, evaluators add them, nobody but the owner changes or
            -- removes one (no UPDATE or DELETE grant, nor policy).
            EXECUTE format('CREATE POLICY jalon_evaluator_insert ON %I FOR INSERT TO jalon_evaluator WITH CHECK (true)',
                           t.table_name);
            CONTINUE;
        END IF;
        IF t.access_class = 'import_log' THEN
            -- The import log: evaluators log imports of any scheme, contributors only of the
            -- schemes where a territory is theirs; nobody changes or removes a line.
            EXECUTE format('CREATE POLICY jalon_evaluator_insert ON %I FOR INSERT TO jalon_evaluator WITH CHECK (true)',
                           t.table_name);
            EXECUTE format('CREATE POLICY jalon_contributor_insert ON %I FOR INSERT TO jalon_contributor WITH CHECK (jalon_may_write_scheme(scheme_id))',
                           t.table_name);
            CONTINUE;
        END IF;
        EXECUTE format('CREATE POLICY jalon_evaluator_write ON %I FOR ALL TO jalon_evaluator USING (true) WITH CHECK (true)',
                       t.table_name);
        IF t.access_class IN ('territory_data', 'territory_log') THEN
            EXECUTE format('CREATE POLICY jalon_contributor_insert ON %I FOR INSERT TO jalon_contributor WITH CHECK (jalon_may_write(scheme_id, territory_code))',
                           t.table_name);
        END IF;
        IF t.access_class = 'territory_data' THEN
            EXECUTE format('CREATE POLICY jalon_contributor_update ON %I FOR UPDATE TO jalon_contributor USING (jalon_may_write(scheme_id, territory_code)) WITH CHECK (jalon_may_write(scheme_id, territory_code))',
                           t.table_name);
        END IF;
        IF t.access_class IN ('scheme_data', 'scheme_log') THEN
            EXECUTE format('CREATE POLICY jalon_contributor_insert ON %I FOR INSERT TO jalon_contributor WITH CHECK (jalon_may_write_scheme(scheme_id))',
                           t.table_name);
        END IF;
        IF t.access_class = 'scheme_data' THEN
            EXECUTE format('CREATE POLICY jalon_contributor_update ON %I FOR UPDATE TO jalon_contributor USING (jalon_may_write_scheme(scheme_id)) WITH CHECK (jalon_may_write_scheme(scheme_id))',
                           t.table_name);
            EXECUTE format('CREATE POLICY jalon_contributor_delete ON %I FOR DELETE TO jalon_contributor USING (jalon_may_write_scheme(scheme_id))',
                           t.table_name);
        END IF;
    END LOOP;
END
$$;

-- ---- 6. Readers see authors under pseudonyms ---------------------------------------------------

-- Who imported, recorded, approved or followed up a value (the author columns imported_by,
-- recorded_by, approved_by, done_by, replaced_by: an operating-system user name or a login by
-- default) is personal data that readers do not need. Readers lose SELECT on every table of the
-- registry that has such a column and read instead a view of the same name and columns in schema
-- jalon_reader, where each author is a pseudonym: 'A-' and 8 hex digits of a SHA-256 of a secret
-- salt and the name. One author has the same pseudonym in every table; without the salt, which
-- only the owner reads (schema jalon_private), it cannot be undone. Authors that name nobody ('',
-- 'scheme file', 'unknown') and pseudonyms the owner already wrote in place of a name (see
-- docs/deployment.md, "Personal data") stay as they are. The views run with the owner's rights
-- (readers read every row anyway) and are made from the catalog each time this file runs, so a
-- column or table a later migration adds is covered then. `jalon init` drops them before it
-- migrates (a view would block a migration changing its columns): run this file again after it.
-- Jalon, connected as a login that may not read observation_import but may use jalon_reader, puts
-- jalon_reader first in its search_path: readers' reports and histories show pseudonyms.
-- Readers get no function computing a pseudonym: pg_roles lists every login, and such a function
-- would let them compute everyone's pseudonym and undo them.
DO $$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['jalon_private', 'jalon_reader'] LOOP
        IF EXISTS (SELECT FROM pg_namespace
                    WHERE nspname = s AND pg_get_userbyid(nspowner) <> current_user) THEN
            RAISE EXCEPTION 'schema % belongs to %, not to the owner of the Jalon tables (%): drop it or give it to %',
                s, (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = s),
                current_user, current_user;
        END IF;
    END LOOP;
END
$$;
CREATE SCHEMA IF NOT EXISTS jalon_private;
REVOKE ALL ON SCHEMA jalon_private FROM PUBLIC, jalon_evaluator, jalon_contributor, jalon_reader;
CREATE TABLE IF NOT EXISTS jalon_private.pseudonym_salt (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    salt text NOT NULL
);
REVOKE ALL ON jalon_private.pseudonym_salt FROM PUBLIC, jalon_evaluator, jalon_contributor, jalon_reader;
-- 244 random bits, made once: pseudonyms stay the same when this file runs again.
INSERT INTO jalon_private.pseudonym_salt (salt)
    VALUES (replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
    ON CONFLICT DO NOTHING;
CREATE SCHEMA IF NOT EXISTS jalon_reader;
REVOKE ALL ON SCHEMA jalon_reader FROM PUBLIC, jalon_evaluator, jalon_contributor, jalon_reader;
GRANT USAGE ON SCHEMA jalon_reader TO jalon_reader;

DO $$
DECLARE
    author_columns CONSTANT text[] := ARRAY['imported_by', 'recorded_by', 'approved_by', 'done_by',
                                            'replaced_by'];
    -- %1$s: the author; the owner's function below and the views compute it alike.
    pseudonym CONSTANT text := $p$CASE WHEN %1$s IS NULL OR %1$s IN ('', 'scheme file', 'unknown') OR %1$s ~ '^A-[0-9a-f]{8}$' THEN %1$s ELSE 'A-' || left(encode(sha256(convert_to((SELECT salt FROM jalon_private.pseudonym_salt) || %1$s, 'UTF8')), 'hex'), 8) END$p$;
    v record;
    t record;
BEGIN
    -- The owner's, for pseudonymising authors in place (docs/deployment.md); readers cannot call it.
    EXECUTE format('CREATE OR REPLACE FUNCTION jalon_private.pseudonym(author text) RETURNS text LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS %L',
                   'SELECT ' || format(pseudonym, 'author'));
    EXECUTE 'REVOKE ALL ON FUNCTION jalon_private.pseudonym(text) FROM PUBLIC';
    FOR v IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'jalon_reader' AND c.relkind = 'v'
    LOOP
        EXECUTE format('DROP VIEW jalon_reader.%I', v.relname);
    END LOOP;
    FOR t IN SELECT r.table_name,
                    string_agg(CASE WHEN a.attname = ANY (author_columns)
                                    THEN format('CAST(%s AS %s) AS %I',
                                                format(pseudonym, format('t.%I', a.attname)),
                                                format_type(a.atttypid, a.atttypmod), a.attname)
                                    ELSE format('t.%I', a.attname) END,
                               ', ' ORDER BY a.attnum) AS columns
               FROM jalon_table r
               JOIN pg_attribute a ON a.attrelid = to_regclass(format('public.%I', r.table_name))
              WHERE a.attnum > 0 AND NOT a.attisdropped
              GROUP BY r.table_name
             HAVING bool_or(a.attname = ANY (author_columns))
    LOOP
        EXECUTE format('REVOKE SELECT ON public.%I FROM jalon_reader', t.table_name);
        EXECUTE format('CREATE VIEW jalon_reader.%I AS SELECT %s FROM public.%I t',
                       t.table_name, t.columns, t.table_name);
        EXECUTE format('GRANT SELECT ON jalon_reader.%I TO jalon_reader', t.table_name);
    END LOOP;
END
$$;

-- ---- 7. No cascade erases a contributor's mapping; re-parenting keeps contributors' scopes -----

-- Databases set up by earlier versions of this file: the mapping's foreign key cascaded, so
-- deleting a territory took the contributors' rows with it. It now restricts.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'public.contributor_territory'::regclass AND contype = 'f'
                AND confrelid = 'public.territory'::regclass AND confdeltype <> 'r'
    LOOP
        EXECUTE format('ALTER TABLE contributor_territory DROP CONSTRAINT %I', c.conname);
    END LOOP;
    IF NOT EXISTS (SELECT FROM pg_constraint
                    WHERE conrelid = 'public.contributor_territory'::regclass AND contype = 'f'
                      AND confrelid = 'public.territory'::regclass) THEN
        ALTER TABLE contributor_territory ADD CONSTRAINT contributor_territory_territory_fkey
            FOREIGN KEY (scheme_id, territory_code) REFERENCES territory (scheme_id, code)
            ON DELETE RESTRICT;
    END IF;
END
$$;

-- A row of contributor_territory covers the territory and everything below it: moving a
-- territory to another parent (UPDATE territory SET parent_code, or a scheme import that moves
-- it) would silently give its subtree to the contributors above the new parent and take it from
-- those above the old one. Such a move is refused, for every role; a move that changes no
-- contributor's scope passes. Logins mapped to the moved territory itself keep their scope either
-- way. SECURITY DEFINER: it reads the owner's mapping; a trigger function cannot be called
-- directly, so it answers nobody else.
-- The logins mapped to `territory` or to a territory above it (empty for no territory).
CREATE OR REPLACE FUNCTION jalon_contributors_from(scheme VARCHAR, territory VARCHAR)
RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
    WITH RECURSIVE up (code, parent_code, depth) AS (
        SELECT t.code, t.parent_code, 0 FROM territory t
         WHERE t.scheme_id = $1 AND t.code = $2
        UNION ALL
        SELECT t.code, t.parent_code, up.depth + 1 FROM territory t JOIN up
            ON t.scheme_id = $1 AND t.code = up.parent_code
         WHERE up.depth < 100
    )
    SELECT coalesce(array_agg(DISTINCT c.role_name::text), '{}')
      FROM contributor_territory c JOIN up ON c.territory_code = up.code
     WHERE c.scheme_id = $1
$$;
REVOKE ALL ON FUNCTION jalon_contributors_from(VARCHAR, VARCHAR) FROM PUBLIC;

CREATE OR REPLACE FUNCTION jalon_keep_contributor_scope()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
DECLARE
    above_before text[];
    above_after text[];
    own text[];
    losing text;
    gaining text;
BEGIN
    above_before := jalon_contributors_from(OLD.scheme_id, OLD.parent_code);
    above_after := jalon_contributors_from(NEW.scheme_id, NEW.parent_code);
    SELECT coalesce(array_agg(c.role_name::text), '{}') INTO own
      FROM contributor_territory c
     WHERE c.scheme_id = OLD.scheme_id AND c.territory_code = OLD.code;
    SELECT string_agg(l, ', ' ORDER BY l) INTO losing
      FROM unnest(above_before) AS l WHERE l <> ALL (above_after) AND l <> ALL (own);
    SELECT string_agg(l, ', ' ORDER BY l) INTO gaining
      FROM unnest(above_after) AS l WHERE l <> ALL (above_before) AND l <> ALL (own);
    IF losing IS NOT NULL OR gaining IS NOT NULL THEN
        RAISE EXCEPTION 'cannot move territory ''%'' of scheme ''%'' from ''%'' to ''%'': it would change which contributors write it and the territories below it (%); the owner of the Jalon tables first changes contributor_territory so that the move changes no contributor''s scope, or makes the move on purpose (docs/deployment.md, "Retiring, not deleting")',
            OLD.code, OLD.scheme_id, coalesce(OLD.parent_code, '(the top)'),
            coalesce(NEW.parent_code, '(the top)'),
            concat_ws('; ', 'no longer written by ' || losing, 'newly written by ' || gaining)
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION jalon_keep_contributor_scope() FROM PUBLIC;

DROP TRIGGER IF EXISTS jalon_keep_contributor_scope ON territory;
CREATE TRIGGER jalon_keep_contributor_scope BEFORE UPDATE OF parent_code ON territory
    FOR EACH ROW WHEN (OLD.parent_code IS DISTINCT FROM NEW.parent_code)
    EXECUTE FUNCTION jalon_keep_contributor_scope();

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
