// The store: migrations, refusal of newer databases, scheme round trips and in-place re-import.
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/run_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <sstream>

using namespace jalon;
using jalon::test::on_postgresql;
using jalon::test::raw_rows;
using jalon::test::stored_state;
using jalon::test::TempDir;
using jalon::test::TestDatabase;
namespace fs = std::filesystem;

namespace {

DatabaseUrl sqlite_at(const std::filesystem::path& path) {
    return DatabaseUrl::parse("sqlite:" + path.string());
}

Database open_database(const TestDatabase& database) {
    return Database::open(DatabaseUrl::parse(database.url()));
}

int count_rows(Database& db, const std::string& query) {
    int count = -1;
    db.session() << query, soci::into(count);
    return count;
}

Scheme small_scheme() {
    return read_scheme_text(R"(format: jalon-scheme/1
id: petit
title: Petit schéma
owner: Ville
period: {start: 2024, end: 2027}
levels: [axe, action]
territories:
  - {code: ville, name: Ville, children: [{code: qpv, name: Quartier, kind: QPV}]}
nodes:
  - code: A
    level: axe
    title: Axe A
    children:
      - code: A1
        level: action
        title: Action A1
        pilots: [CCAS]
        indicators:
          - {code: A1-I1, label: Personnes, level: realisation, method: sum,
             milestones: [{year: 2025, value: 10}], target: {value: 20, year: 2027}}
      - code: A2
        level: action
        title: Action A2
        indicators:
          - {code: A2-I1, label: Ateliers, level: realisation, method: sum}
)",
                            "petit.yaml");
}

} // namespace

TEST(DatabaseUrl, ReadsSqliteAndPostgresqlForms) {
    EXPECT_EQ(DatabaseUrl::parse("sqlite:/tmp/a.db").target, "/tmp/a.db");
    EXPECT_EQ(DatabaseUrl::parse("sqlite:/tmp/a.db").backend, Backend::sqlite);
    EXPECT_EQ(DatabaseUrl::parse("sqlite://tmp/a.db").target, "tmp/a.db");
    const DatabaseUrl pg = DatabaseUrl::parse("postgresql://eval@127.0.0.1:5433/jalon");
    EXPECT_EQ(pg.backend, Backend::postgresql);
    EXPECT_EQ(pg.user, "eval");
    EXPECT_EQ(pg.host, "127.0.0.1");
    EXPECT_EQ(pg.port, "5433");
    EXPECT_EQ(pg.dbname, "jalon");
    EXPECT_TRUE(pg.target.empty());
}

TEST(DatabaseUrl, TurnsAPostgresqlUriIntoLibpqKeywords) {
    EXPECT_EQ(DatabaseUrl::parse("postgresql://eval@127.0.0.1:5433/jalon").libpq_keywords(),
              "user='eval' host='127.0.0.1' port='5433' dbname='jalon'");
    EXPECT_EQ(
        DatabaseUrl::parse("postgresql://o%27brien@[::1]/my%20db?sslmode=disable").libpq_keywords(),
        "user='o\\'brien' host='::1' dbname='my db' sslmode='disable'");
    EXPECT_EQ(DatabaseUrl::parse("postgres://localhost").libpq_keywords(), "host='localhost'");
    EXPECT_EQ(DatabaseUrl::parse("postgresql:///jalon?host=/run/postgresql&port=5433&user=eval")
                  .libpq_keywords(),
              "user='eval' host='/run/postgresql' port='5433' dbname='jalon'");
    // A key cannot add keywords of its own (it was appended unquoted).
    EXPECT_THROW(DatabaseUrl::parse("postgresql://h/d?sslmode%3Ddisable%20host=x"), UsageError);
    EXPECT_THROW(DatabaseUrl::parse("postgresql://h/d?a%zz=1"), UsageError);
}

TEST(DatabaseUrl, RefusesPasswordsUnknownKindsAndEmptyPaths) {
    EXPECT_THROW(DatabaseUrl::parse("postgresql://eval:secret@127.0.0.1/jalon"), UsageError);
    EXPECT_THROW(DatabaseUrl::parse("mysql://x@y/z"), UsageError);
    EXPECT_THROW(DatabaseUrl::parse("sqlite:"), UsageError);
}

// Every spelling of a password libpq accepts is refused, and the message says where passwords go
// without repeating the secret.
TEST(DatabaseUrl, APasswordIsRefusedInEverySpellingWithoutRepeatingIt) {
    for (const std::string text : {
             "postgresql://eval:s3cr3t@127.0.0.1/jalon",
             "postgres://eval:s3cr3t@127.0.0.1/jalon",
             "postgresql://eval%3As3cr3t@127.0.0.1/jalon",
             "postgresql://eval@127.0.0.1/jalon?password=s3cr3t",
             "postgresql://eval@127.0.0.1/jalon?sslmode=require&password=s3cr3t",
             "postgresql://eval@127.0.0.1/jalon?pass%77ord=s3cr3t",
             "postgresql://127.0.0.1/jalon?user=eval%3As3cr3t",
             "postgresql://eval@127.0.0.1/jalon?sslpassword=s3cr3t",
             "postgresql://eval@127.0.0.1/jalon?PASSWORD=s3cr3t",
             "host=127.0.0.1 user=eval password=s3cr3t dbname=jalon",
             "host=127.0.0.1 password = s3cr3t",
             "dbname=jalon sslpassword='s3cr3t'",
         }) {
        try {
            DatabaseUrl::parse(text);
            ADD_FAILURE() << "accepted: " << text;
        } catch (const UsageError& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find("PGPASSWORD or ~/.pgpass"), std::string::npos) << message;
            EXPECT_EQ(message.find("s3cr3t"), std::string::npos) << message;
        }
    }
}

TEST(DatabaseUrl, AValueThatIsNeitherSqliteNorPostgresqlIsRefused) {
    for (const std::string text : {"host=127.0.0.1 dbname=jalon", "local.db", "/srv/jalon.db",
                                   "mysql://eval@db/jalon", "file:jalon.db"}) {
        try {
            DatabaseUrl::parse(text);
            ADD_FAILURE() << "accepted: " << text;
        } catch (const UsageError& e) {
            EXPECT_NE(std::string(e.what()).find("sqlite:PATH or postgresql://"), std::string::npos)
                << e.what();
        }
    }
    EXPECT_THROW(DatabaseUrl::parse("sqlite:/tmp/a\" timeout=0 \".db"), UsageError);
}

// What every message, log line and report shows: no query parameter, no secret.
TEST(DatabaseUrl, IsShownWithoutItsQueryParameters) {
    EXPECT_EQ(DatabaseUrl::parse("sqlite:/srv/équipe/jalon.db").display(), "jalon.db");
    EXPECT_EQ(DatabaseUrl::parse("sqlite:jalon.db").display(), "jalon.db");
    EXPECT_EQ(DatabaseUrl::parse("postgres://eval@db.example:5433/jalon?sslmode=require&"
                                 "sslkey=/home/eval/k.pem&options=-csearch_path%3Ds1")
                  .display(),
              "postgresql://eval@db.example:5433/jalon");
    EXPECT_EQ(DatabaseUrl::parse("postgresql://o%27brien@[::1]/my%20db").display(),
              "postgresql://o'brien@[::1]/my db");
    EXPECT_EQ(DatabaseUrl::parse("postgresql:///jalon?host=/run/postgresql&passfile=/p").display(),
              "postgresql://%2Frun%2Fpostgresql/jalon");
}

// SOCI's SQLite backend reads `key=value` pairs: no character of the path may add one. The file
// opened is exactly the path given, whatever spaces, '=', `timeout=` or `file:` it holds.
TEST(DatabaseUrl, NoCharacterOfASqlitePathAddsAnOptionToTheConnection) {
    TempDir dir;
    const fs::path here = fs::current_path();
    fs::current_path(dir.path());
    for (const std::string name : {"a b.db", "a=b.db", "x timeout=0 y.db", " lead.db", "trail .db",
                                   "a  two=spaces .db", "file:uri.db?mode=memory", ":memory:",
                                   "d=\\.db", "x readonly=true nocreate=true vfs=unix-none.db"}) {
        for (const std::string& path : {name, (dir / name).string()}) {
            ASSERT_FALSE(fs::exists(dir / name)) << name;
            { Database db = Database::open(DatabaseUrl::parse("sqlite:" + path)); }
            EXPECT_TRUE(fs::is_regular_file(dir / name)) << "opened something else than " << path;
            EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()),
                      1)
                << path;
            fs::remove(dir / name);
        }
    }
    fs::current_path(here);
}

TEST(DatabaseUrl, DefaultsToJalonDbThenLocalFile) {
    unsetenv("JALON_DB");
    EXPECT_EQ(DatabaseUrl::from_environment().target, "./jalon.db");
    setenv("JALON_DB", "sqlite:/srv/jalon/eval.db", 1);
    EXPECT_EQ(DatabaseUrl::from_environment().target, "/srv/jalon/eval.db");
    unsetenv("JALON_DB");
}

TEST(Migrations, CreateTheSchemaInAnEmptyFile) {
    TempDir dir;
    const TestDatabase database(dir, "empty.db"); // on PostgreSQL, an empty schema
    if (!on_postgresql())
        test::write_file(dir / "empty.db", "");
    Database db = open_database(database);
    EXPECT_EQ(db.schema_version(), latest_schema_version());
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM scheme"), 0);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM indicator"), 0);
}

TEST(Migrations, CreateTheFileWhenMissingAndAreNotReappliedOnReopen) {
    TempDir dir;
    const TestDatabase database(dir, "new.db");
    { Database db = open_database(database); }
    if (on_postgresql()) { // the schema's tables were created
        ASSERT_EQ(raw_rows(DatabaseUrl::parse(database.url()),
                           "SELECT value FROM jalon_meta WHERE key = 'schema_version'"),
                  std::vector<std::string>{std::to_string(latest_schema_version())});
    } else {
        ASSERT_TRUE(std::filesystem::exists(dir / "new.db"));
    }
    const std::vector<std::string> before = stored_state(database.url());
    {
        Database db = open_database(database);
        EXPECT_EQ(db.schema_version(), latest_schema_version());
    }
    EXPECT_EQ(stored_state(database.url()), before);
}

// The table registry jalon_table, from which docs/postgresql-roles.sql grants: every table the
// migrations create is listed with an access class that script knows, and the writers' lock has a
// row per WriterLock. A migration that adds a table without its registry row fails here.
TEST(Migrations, EveryTableIsInTheRegistryWithAKnownAccessClass) {
    TempDir dir;
    const TestDatabase database(dir, "registry.db");
    { Database db = open_database(database); }
    const std::string url = database.url();
    const std::string unlisted =
        on_postgresql()
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
              "current_schema() AND table_name NOT IN (SELECT table_name FROM jalon_table) "
              "ORDER BY 1"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
              "AND name NOT IN (SELECT table_name FROM jalon_table) ORDER BY 1";
    EXPECT_EQ(jalon::test::query_rows(url, unlisted), std::vector<std::string>{})
        << "tables a migration created without a row in jalon_table (give each its access class)";
    const std::string stale =
        on_postgresql()
            ? "SELECT table_name FROM jalon_table WHERE table_name NOT IN (SELECT table_name FROM "
              "information_schema.tables WHERE table_schema = current_schema()) ORDER BY 1"
            : "SELECT table_name FROM jalon_table WHERE table_name NOT IN (SELECT name FROM "
              "sqlite_master WHERE type = 'table') ORDER BY 1";
    EXPECT_EQ(jalon::test::query_rows(url, stale), std::vector<std::string>{})
        << "jalon_table lists tables that do not exist";
    EXPECT_EQ(jalon::test::query_rows(
                  url, "SELECT table_name FROM jalon_table WHERE access_class NOT IN ('meta', "
                       "'reference', 'log', 'run', 'history', 'territory_data', 'territory_log', "
                       "'scheme_data', 'scheme_log', 'import_log', 'writer_lock') ORDER BY 1"),
              std::vector<std::string>{})
        << "access classes docs/postgresql-roles.sql does not know";
    EXPECT_EQ(jalon::test::query_rows(url, "SELECT name FROM jalon_writer_lock ORDER BY name"),
              (std::vector<std::string>{"observations", "runs"}));
}

TEST(Migrations, RefuseADatabaseWrittenByANewerJalon) {
    TempDir dir;
    const TestDatabase database(dir, "future.db");
    {
        Database db = open_database(database);
        const std::string next = std::to_string(latest_schema_version() + 1);
        db.session() << "UPDATE jalon_meta SET value = :v WHERE key = 'schema_version'",
            soci::use(next);
    }
    try {
        open_database(database);
        FAIL() << "a newer database was opened";
    } catch (const RuntimeError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("newer Jalon"), std::string::npos) << message;
        EXPECT_NE(message.find("schema version " + std::to_string(latest_schema_version() + 1)),
                  std::string::npos)
            << message;
        // The database as shown: `sqlite:…/future.db`, or the PostgreSQL URL without its query.
        EXPECT_NE(message.find(DatabaseUrl::parse(database.url()).display()), std::string::npos)
            << message;
    }
}

TEST(Migrations, RefuseAForeignDatabaseAndAFileThatIsNotSqlite) {
    TempDir dir;
    const TestDatabase database(dir, "other.db");
    {
        const DatabaseUrl url = DatabaseUrl::parse(database.url());
        soci::session other;
        if (url.backend == Backend::postgresql)
            other.open(soci::postgresql, url.libpq_keywords());
        else
            other.open(soci::sqlite3, url.sqlite_connection());
        other << "CREATE TABLE payroll (id INTEGER)";
    }
    EXPECT_THROW(open_database(database), RuntimeError);
    if (on_postgresql())
        return; // a file that is not a database: SQLite only
    test::write_file(dir / "text.db", "this is not a database, just some text of some length\n");
    try {
        Database::open(sqlite_at(dir / "text.db"));
        FAIL() << "a text file was opened as a database";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("text.db"), std::string::npos) << e.what();
    }
}

// Writes tests/fixtures/schema-v5.sql into a fresh database, then the statements `after`.
void load_version_5(const TestDatabase& database, const std::vector<std::string>& after = {}) {
    const DatabaseUrl url = DatabaseUrl::parse(database.url());
    soci::session old;
    if (url.backend == Backend::postgresql)
        old.open(soci::postgresql, url.libpq_keywords());
    else
        old.open(soci::sqlite3, url.sqlite_connection());
    // sqlite3 .dump output: one statement per `;` at a line's end, run one by one (PostgreSQL
    // would not index tables with pending deferred checks); PRAGMAs are SQLite's.
    std::istringstream dump(
        test::read_file(std::filesystem::path(JALON_SOURCE_DIR) / "tests/fixtures/schema-v5.sql"));
    std::string line, statement;
    while (std::getline(dump, line)) {
        if (line.rfind("--", 0) == 0 || line.rfind("PRAGMA", 0) == 0 ||
            line == "BEGIN TRANSACTION;" || line == "COMMIT;")
            continue;
        statement += line + "\n";
        if (!line.empty() && line.back() == ';') {
            old << statement;
            statement.clear();
        }
    }
    for (const std::string& statement : after)
        old << statement;
}

TEST(Migrations, AVersion5DatabaseMovesItsObservationsUnderTheImportLog) {
    TempDir dir;
    const TestDatabase database(dir, "v5.db");
    load_version_5(database);
    Database db = open_database(database);
    EXPECT_EQ(db.schema_version(), latest_schema_version());
    ObservationStore store(db);
    // Each file, time and author became an import; the rows still held point to theirs.
    const auto sources = store.sources("un");
    ASSERT_EQ(sources.size(), 2u);
    EXPECT_EQ(sources[0].file, "a.csv");
    EXPECT_EQ(sources[0].rows, 4);
    EXPECT_EQ(sources[0].recorded_by, "ana");
    EXPECT_EQ(sources[1].file, "b.csv");
    EXPECT_EQ(sources[1].rows, 2);
    EXPECT_EQ(sources[1].recorded_by, "bob");
    const auto versions = store.history("un", "flux", "c2");
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(versions[0].value, 5);
    EXPECT_EQ(versions[0].source_file, "a.csv");
    EXPECT_EQ(versions[1].value, 6);
    EXPECT_EQ(versions[1].source_file, "b.csv");
    EXPECT_EQ(versions[1].recorded_by, "bob");
    EXPECT_EQ(versions[1].replaced_at, "");
    EXPECT_EQ(versions[2].period, "2026");
    const auto cells = store.yearly_cells("un", "stock");
    ASSERT_EQ(cells.size(), 1u);
    EXPECT_DOUBLE_EQ(cells[0].last, 44);
    EXPECT_DOUBLE_EQ(cells[0].sum, 84);
    // Imports go on after the migration: the next one replaces a migrated value, into the history.
    const ObservationImportResult r = store.import(
        "un",
        read_observation_csv_text("series,territory,period,value,sexe\nflux,c2,2026,9,\n", "c.csv"),
        {"c.csv", "cy", false, {}});
    EXPECT_EQ(r.changed, 1u);
    const auto after = store.history("un", "flux", "c2");
    ASSERT_EQ(after.size(), 4u);
    EXPECT_EQ(after[2].source_file, "b.csv");
    EXPECT_FALSE(after[2].replaced_at.empty());
    EXPECT_EQ(after[3].source_file, "c.csv");
    EXPECT_EQ(store.sources("un").size(), 3u);
}

// docs/postgresql-roles.sql gives readers views of the tables with author columns (schema
// jalon_reader); a migration changing such a column drops them rather than fail on them.
TEST(Migrations, ReadersViewsDoNotBlockAMigrationOfTheirColumns) {
    if (!on_postgresql())
        GTEST_SKIP() << "readers' views are PostgreSQL's";
    TempDir dir;
    const TestDatabase database(dir, "v5.db");
    load_version_5(database, {"CREATE SCHEMA IF NOT EXISTS jalon_reader",
                              "DROP VIEW IF EXISTS jalon_reader.observation",
                              "CREATE VIEW jalon_reader.observation AS SELECT scheme_id, "
                              "md5(recorded_by) AS recorded_by FROM observation"});
    Database db = open_database(database);
    EXPECT_EQ(db.schema_version(), latest_schema_version());
    long long views = -1;
    db.session() << "SELECT COUNT(*) FROM pg_views WHERE schemaname = 'jalon_reader' AND "
                    "viewname = 'observation'",
        soci::into(views);
    EXPECT_EQ(views, 0);
    EXPECT_EQ(ObservationStore(db).sources("un").size(), 2u);
}

TEST(Migrations, RunsMadeBeforeVersion7ListTheImportsLoggedUpToTheirTime) {
    TempDir dir;
    const TestDatabase database(dir, "v5.db");
    // a.csv was imported at 23:20:45 (import 1), b.csv at 23:20:46 (import 2).
    const std::string run = "INSERT INTO evaluation_run (id, scheme_id, year, territory_code, "
                            "created_at, scheme_hash, scheme_revision, jalon_version, options, "
                            "synthetic) VALUES ";
    load_version_5(database, {run + "(1, 'un', 2025, NULL, '2026-11-21T23:20:45Z', 'h', 1, "
                                    "'0.1.0', 'year=2025', 0)",
                              run + "(2, 'un', 2025, NULL, '2026-11-22T08:00:00Z', 'h', 1, "
                                    "'0.1.0', 'year=2025', 0)"});
    Database db = open_database(database);
    EXPECT_EQ(db.schema_version(), latest_schema_version());
    RunStore runs(db);
    EXPECT_EQ(runs.load(1)->imports, (std::vector<long long>{1}));
    EXPECT_EQ(runs.load(2)->imports, (std::vector<long long>{1, 2}));
    ObservationStore observations(db);
    const auto first = observations.sources("un", 1);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].file, "a.csv");
    EXPECT_EQ(observations.sources("un", 2).size(), 2u);
}

// Notes stored before plugins wrote them in two languages were the plugins' English: they stay
// the English note, and the standard plugins' fixed notes get their French (the others keep their
// English text in both languages).
TEST(Migrations, NotesStoredBeforeTwoLanguagesAreKeptAsEnglishAndTheStandardOnesTranslated) {
    TempDir dir;
    const TestDatabase database(dir, "v5.db");
    const std::string result = "INSERT INTO indicator_result (run_id, indicator_code, "
                               "territory_code, year, status, method, note, date, synthetic) "
                               "VALUES ";
    load_version_5(database,
                   {"INSERT INTO evaluation_run (id, scheme_id, year, territory_code, created_at, "
                    "scheme_hash, scheme_revision, jalon_version, options, synthetic) VALUES (1, "
                    "'un', 2025, NULL, '2026-11-21T23:20:45Z', 'h', 1, '0.1.0', 'year=2025', 0)",
                    result + "(1, 'i1', 'c1', 2025, 'non-renseigne', 'sum', 'no data', '', 0)",
                    result + "(1, 'i2', 'c1', 2025, 'non-renseigne', 'ratio', 'the denominator "
                             "is zero', '', 0)",
                    result + "(1, 'i3', 'c1', 2025, 'non-renseigne', 'evolution', 'no data for "
                             "2024', '', 0)",
                    result + "(1, 'i4', 'c1', 2025, 'sans-cible', 'sum', '', '', 0)"});
    Database db = open_database(database);
    EXPECT_EQ(db.schema_version(), latest_schema_version());
    const auto run = RunStore(db).load(1);
    ASSERT_TRUE(run);
    std::map<std::string, std::pair<std::string, std::string>> notes;
    for (const IndicatorResult& r : run->results)
        notes[r.indicator] = {r.note_in("fr"), r.note_in("en")};
    EXPECT_EQ(notes, (std::map<std::string, std::pair<std::string, std::string>>{
                         {"i1", {"aucune donnée", "no data"}},
                         {"i2", {"dénominateur nul", "the denominator is zero"}},
                         {"i3", {"no data for 2024", "no data for 2024"}},
                         {"i4", {"", ""}}}));
}

TEST(RunStore, ARunKeepsItsSnapshotsTimeAndImports) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    const Scheme scheme = small_scheme();
    SchemeStore(db).save(scheme, "petit.yaml");
    ObservationStore observations(db);
    const auto import = [&](const std::string& file) {
        observations.import(
            "petit",
            read_observation_csv_text("series,territory,period,value\nfamilles,qpv,2025,3\n", file),
            {file, "ana", false, {}});
    };
    import("a.csv");
    import("b.csv");
    EvaluationRun run;
    run.scheme_id = "petit";
    run.year = 2025;
    run.created_at = "2026-01-02T03:04:05Z";
    run.imports = observations.imports("petit");
    ASSERT_EQ(run.imports, (std::vector<long long>{1, 2}));
    import("c.csv");
    RunStore runs(db);
    const long long id = runs.save(run);
    const auto stored = runs.load(id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->created_at, "2026-01-02T03:04:05Z");
    EXPECT_EQ(stored->imports, (std::vector<long long>{1, 2}));
    const auto sources = observations.sources("petit", id);
    ASSERT_EQ(sources.size(), 2u);
    EXPECT_EQ(sources[0].file, "a.csv");
    EXPECT_EQ(sources[1].file, "b.csv");
    EXPECT_EQ(observations.sources("petit").size(), 3u);
}

TEST(SchemeStore, RoundTripsEverySampleWithoutLoss) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    for (const auto& file : test::sample_files()) {
        const Scheme scheme = read_scheme_file(file);
        const SchemeImportResult result = store.save(scheme, file.string());
        EXPECT_TRUE(result.created);
        EXPECT_EQ(result.revision, 1);
        const auto loaded = store.load(scheme.id);
        ASSERT_TRUE(loaded.has_value()) << scheme.id;
        EXPECT_TRUE(*loaded == scheme) << "stored and loaded differ for " << scheme.id;
        EXPECT_EQ(loaded->nodes.size(), scheme.nodes.size());
        EXPECT_EQ(loaded->indicators, scheme.indicators);
        EXPECT_EQ(loaded->unplanned, scheme.unplanned);
    }
    const auto list = store.list();
    ASSERT_EQ(list.size(), 4u);
    EXPECT_EQ(list[3].id, "vienne-schema-unique-solidarites-2025-2029");
    EXPECT_EQ(list[3].nodes, 49u);
    EXPECT_EQ(list[3].indicators, 117u);
    EXPECT_EQ(list[3].territories, 15u);
    EXPECT_FALSE(store.load("no-such-scheme").has_value());
}

TEST(SchemeStore, RoundTripsParametersBaselinesMilestonesAndTargets) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    Scheme scheme = small_scheme();
    Indicator& ind = scheme.indicators[0];
    ind.params["factor"] = ParamValue{{100.0}, false};
    ind.params["series"] = ParamValue{{std::string("a;b'c")}, false};
    ind.params["flags"] = ParamValue{{true, std::string("x"), 0.25}, true};
    ind.params["none"] = ParamValue{{}, true};
    ind.baseline = Baseline{0.1, 2023};
    ind.direction = Direction::down;
    ind.key = true;
    SchemeStore store(db);
    store.save(scheme, "petit.yaml");
    EXPECT_EQ(store.load("petit")->indicators[0], ind);
}

TEST(SchemeStore, ReimportUpdatesInPlaceAndKeepsWhatHangsFromRemainingCodes) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(small_scheme(), "petit.yaml");

    // Something recorded against codes, as later data tables will be.
    db.session() << "CREATE TABLE recorded (scheme_id VARCHAR(200), node_code VARCHAR(200), "
                    "FOREIGN KEY (scheme_id, node_code) REFERENCES node (scheme_id, code) "
                    "ON DELETE CASCADE)";
    db.session() << "INSERT INTO recorded VALUES ('petit', 'A1')";
    db.session() << "INSERT INTO recorded VALUES ('petit', 'A2')";

    Scheme edited = small_scheme();
    edited.title = "Petit schéma (révisé)";
    edited.nodes[1].title = "Action A1 renommée";
    edited.nodes.erase(edited.nodes.begin() + 2); // A2 and its indicator go
    edited.indicators.pop_back();
    Node added;
    added.code = "A3";
    added.parent = "A";
    added.level = "action";
    added.title = "Action A3";
    edited.nodes.push_back(added);

    const SchemeImportResult result = store.save(edited, "petit.yaml");
    EXPECT_FALSE(result.created);
    EXPECT_EQ(result.revision, 2);
    EXPECT_EQ(result.nodes.added, 1u);
    EXPECT_EQ(result.nodes.kept, 2u);
    EXPECT_EQ(result.nodes.removed, 1u);
    EXPECT_EQ(result.indicators.kept, 1u);
    EXPECT_EQ(result.indicators.removed, 1u);
    EXPECT_EQ(result.territories.kept, 2u);

    const auto loaded = store.load("petit");
    ASSERT_TRUE(loaded);
    EXPECT_TRUE(*loaded == edited);
    EXPECT_EQ(loaded->title, "Petit schéma (révisé)");
    EXPECT_EQ(loaded->find_node("A1")->title, "Action A1 renommée");
    EXPECT_EQ(loaded->find_node("A2"), nullptr);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM recorded WHERE node_code = 'A1'"), 1);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM recorded WHERE node_code = 'A2'"), 0);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM indicator WHERE code = 'A2-I1'"), 0);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM text_item WHERE owner_code = 'A2'"), 0);
    EXPECT_EQ(store.list().front().revision, 2);
}

namespace {

// A value of series A1-I1 for a territory of scheme petit, as an import stores it: its line in
// the import log first, in the same transaction (on PostgreSQL the server requires it).
void record_value(Database& db, const std::string& territory) {
    Transaction transaction(db);
    db.session() << "INSERT INTO observation_import (scheme_id, seq, source_file, imported_at, "
                    "imported_by, synthetic, rows_with_value, added, changed) SELECT 'petit', "
                    "COUNT(*) + 1, 'donnees.csv', '2025-01-01T00:00:00Z', 'eva', 0, 1, 1, 0 FROM "
                    "observation_import";
    db.session() << "INSERT INTO observation (scheme_id, series, territory_code, period, "
                    "dimensions, year, period_end, value, synthetic, import_seq) SELECT 'petit', "
                    "'A1-I1', :t, '2025', '', 2025, '2025-12-31', 7, 0, MAX(seq) FROM "
                    "observation_import",
        soci::use(territory);
    transaction.commit();
}

// What the database says when a statement is refused; empty when it was not.
std::string refusal(Database& db, const std::string& statement) {
    try {
        db.session() << statement;
    } catch (const soci::soci_error& e) {
        return e.get_error_message();
    }
    return {};
}

} // namespace

TEST(SchemeStore, ATerritoryWithDataThatLeavesTheFileIsRetiredAndComesBackWhenListedAgain) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    Scheme with_station = small_scheme();
    with_station.territories.push_back({"gare", std::string("ville"), "Gare", "quartier", {}, {}});
    store.save(with_station, "petit.yaml");
    record_value(db, "qpv");

    Scheme only_town = small_scheme();
    only_town.territories.pop_back(); // qpv (with a value) and gare (with nothing) go
    const SchemeImportResult left = store.save(only_town, "petit.yaml");
    EXPECT_EQ(left.territories.kept, 1u);
    EXPECT_EQ(left.territories.removed, 1u);
    EXPECT_EQ(left.territories.retired, 1u);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM territory WHERE code = 'gare'"), 0);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM territory WHERE code = 'qpv' AND retired_at "
                             "IS NOT NULL AND retired_in_revision = 2"),
              1);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM observation WHERE territory_code = 'qpv'"), 1);
    EXPECT_EQ(store.load("petit")->territories, only_town.territories);
    EXPECT_EQ(store.summary("petit")->territories, 1u);
    EXPECT_EQ(ObservationStore(db).history("petit", "A1-I1", "qpv").size(), 1u);

    // A re-import that still leaves it out keeps it retired, as it was.
    const SchemeImportResult again = store.save(only_town, "petit.yaml");
    EXPECT_EQ(again.territories.retired + again.territories.removed, 0u);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM territory WHERE retired_in_revision = 2"), 1);

    const SchemeImportResult back = store.save(small_scheme(), "petit.yaml");
    EXPECT_EQ(back.territories.restored, 1u);
    EXPECT_EQ(back.territories.added, 0u);
    EXPECT_EQ(store.load("petit")->territories, small_scheme().territories);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM territory WHERE retired_at IS NOT NULL"), 0);
}

TEST(SchemeStore, ATerritoryAboveARetiredOneIsRetiredToo) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(small_scheme(), "petit.yaml");
    record_value(db, "qpv");
    Scheme elsewhere = small_scheme();
    elsewhere.territories = {{"agglo", std::nullopt, "Agglomération", "epci", {}, {}}};
    const SchemeImportResult result = store.save(elsewhere, "petit.yaml");
    EXPECT_EQ(result.territories.added, 1u);
    EXPECT_EQ(result.territories.retired, 2u); // ville has nothing, but deleting it takes qpv
    EXPECT_EQ(result.territories.removed, 0u);
    EXPECT_EQ(store.load("petit")->territories, elsewhere.territories);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM territory WHERE retired_at IS NOT NULL"), 2);
}

TEST(SchemeStore, TheDatabaseRefusesToDeleteOrRecodeWhatHasHistory) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(small_scheme(), "petit.yaml");
    // Without history, a scheme may go: its territories with it.
    EXPECT_EQ(refusal(db, "DELETE FROM scheme WHERE id = 'petit'"), "");
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM territory"), 0);

    store.save(small_scheme(), "petit.yaml");
    record_value(db, "qpv");
    const std::string scheme = refusal(db, "DELETE FROM scheme WHERE id = 'petit'");
    EXPECT_NE(scheme.find("retire it instead with: jalon scheme retire"), std::string::npos)
        << scheme;
    const std::string territory = refusal(db, "DELETE FROM territory WHERE code = 'qpv'");
    EXPECT_NE(territory.find("retire it instead"), std::string::npos) << territory;
    EXPECT_NE(refusal(db, "DELETE FROM territory WHERE code = 'ville'").find("retire it instead"),
              std::string::npos); // it would take qpv with it
    EXPECT_NE(refusal(db, "UPDATE territory SET code = 'qpv2' WHERE code = 'qpv'")
                  .find("cannot change the code of"),
              std::string::npos);
    if (on_postgresql()) {
        EXPECT_NE(scheme.find("scheme 'petit': it has yearly data (observation), an import log"),
                  std::string::npos)
            << scheme;
        EXPECT_NE(territory.find("territory 'qpv' of scheme 'petit': it has yearly data"),
                  std::string::npos)
            << territory;
    }
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM scheme"), 1);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM territory"), 2);
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM observation_import"), 1);
    // A territory without anything keeps its code free to change. On PostgreSQL removing its
    // values is history too (the server moves them to observation_history).
    EXPECT_EQ(refusal(db, "DELETE FROM observation"), "");
    if (on_postgresql())
        EXPECT_NE(refusal(db, "UPDATE territory SET code = 'qpv2' WHERE code = 'qpv'")
                      .find("it has replaced values (observation_history)"),
                  std::string::npos);
    else
        EXPECT_EQ(refusal(db, "UPDATE territory SET code = 'qpv2' WHERE code = 'qpv'"), "");
}

TEST(SchemeStore, ARetiredSchemeIsMarkedUntilUndone) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(small_scheme(), "petit.yaml");
    EXPECT_EQ(store.summary("petit")->retired_at, "");
    EXPECT_TRUE(store.retire("petit"));
    const std::string retired_at = store.summary("petit")->retired_at;
    EXPECT_EQ(retired_at.size(), 20u) << retired_at; // 2026-01-01T00:00:00Z
    EXPECT_TRUE(store.retire("petit"));              // again: the first date stays
    EXPECT_EQ(store.list().front().retired_at, retired_at);
    EXPECT_TRUE(store.load("petit")); // still readable
    EXPECT_TRUE(store.retire("petit", false));
    EXPECT_EQ(store.summary("petit")->retired_at, "");
    EXPECT_FALSE(store.retire("autre"));
}

TEST(SchemeStore, SaveAllIsAllOrNothing) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    const Scheme good = small_scheme();
    Scheme broken = small_scheme();
    broken.id = "casse";
    broken.nodes.push_back(broken.nodes.back()); // same code twice: refused by the database
    EXPECT_THROW(store.save_all({{&good, "petit.yaml", ""}, {&broken, "casse.yaml", ""}}),
                 RuntimeError);
    EXPECT_TRUE(store.list().empty());
}

TEST(Store, NestedTransactionsCommitOnceAndFailTogether) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    const auto count = [&](const std::string& key) {
        int n = 0;
        db.session() << "SELECT COUNT(*) FROM jalon_meta WHERE key = :k", soci::use(key),
            soci::into(n);
        return n;
    };
    {
        Transaction outer(db);
        {
            Transaction inner(db);
            db.session() << "INSERT INTO jalon_meta (key, value) VALUES ('a', '1')";
            inner.commit();
        }
        db.session() << "INSERT INTO jalon_meta (key, value) VALUES ('b', '1')";
        outer.commit();
    }
    EXPECT_EQ(count("a") + count("b"), 2);

    {
        Transaction outer(db);
        db.session() << "INSERT INTO jalon_meta (key, value) VALUES ('c', '1')";
        {
            Transaction inner(db);
            db.session() << "INSERT INTO jalon_meta (key, value) VALUES ('d', '1')";
        } // left without commit, as when a store throws
        EXPECT_THROW(outer.commit(), RuntimeError);
    }
    EXPECT_EQ(count("c") + count("d"), 0) << "the outer transaction rolled back";

    {
        Transaction again(db); // a failed transaction leaves nothing behind
        db.session() << "INSERT INTO jalon_meta (key, value) VALUES ('e', '1')";
        again.commit();
    }
    EXPECT_EQ(count("e"), 1);
}

// ---- re-imports that never lose data silently (issue 17, item 4) --------------------------------

namespace {

// The small scheme with an overlay `cibles` setting A1-I1's baseline and milestones and A2-I1's
// target.
Scheme with_overlay() {
    return apply_overlay_text(small_scheme(), R"(format: jalon-overlay/1
scheme: petit
synthetic: true
note: Valeurs illustratives.
indicators:
  A1-I1:
    baseline: {value: 5, year: 2023}
    milestones: [{year: 2025, value: 12}, {year: 2026, value: 16}]
  A2-I1:
    target: {value: 8, year: 2027}
)",
                              "overlays/cibles.yaml");
}

std::string refusal_of(SchemeStore& store, const SchemeImport& import, bool dry_run = false) {
    try {
        store.save_all({import}, dry_run);
    } catch (const InputError& e) {
        std::string text;
        for (const Diagnostic& d : e.diagnostics())
            text += d.to_string() + "\n";
        return text;
    }
    return {};
}

} // namespace

TEST(SchemeStore, OverlayValuesAreStoredWithTheirOrigin) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    const Scheme scheme = with_overlay();
    store.save(scheme, "petit.yaml + overlays/cibles.yaml");
    const auto loaded = store.load("petit");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(*loaded, scheme);
    ASSERT_EQ(loaded->overlays.size(), 1u);
    EXPECT_EQ(loaded->overlays[0],
              (AppliedOverlay{"cibles", "overlays/cibles.yaml", true, "Valeurs illustratives."}));
    const Indicator* a1 = loaded->find_indicator("A1-I1");
    EXPECT_EQ(a1->baseline->origin, "cibles");
    ASSERT_EQ(a1->milestones.size(), 2u);
    EXPECT_EQ(a1->milestones[1].origin, "cibles");
    EXPECT_EQ(a1->target->origin, "") << "the scheme file's own target";
    EXPECT_EQ(loaded->find_indicator("A2-I1")->target->origin, "cibles");
}

TEST(SchemeStore, AReimportWithoutAnOverlayIsRefusedUnlessItIsDropped) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(with_overlay(), "petit.yaml + overlays/cibles.yaml");
    const std::vector<std::string> before = stored_state(database.url());

    const Scheme bare = small_scheme();
    EXPECT_EQ(refusal_of(store, {&bare, "petit.yaml + autre.yaml", ""}),
              "petit.yaml: overlay: scheme 'petit' was imported with overlay 'cibles' "
              "(overlays/cibles.yaml), which holds 1 baseline, 2 milestones and 1 target; "
              "importing without it would lose them: pass --overlay overlays/cibles.yaml to keep "
              "them, or --drop-overlay cibles to drop them\n");
    EXPECT_EQ(refusal_of(store, {&bare, "petit.yaml", "", {"cible"}}, true),
              "petit.yaml: overlay: scheme 'petit' was imported with overlay 'cibles' "
              "(overlays/cibles.yaml), which holds 1 baseline, 2 milestones and 1 target; "
              "importing without it would lose them: pass --overlay overlays/cibles.yaml to keep "
              "them, or --drop-overlay cibles to drop them\n"
              "petit.yaml: --drop-overlay: scheme 'petit' has no overlay 'cible' to drop (its "
              "overlays: cibles)\n");
    EXPECT_EQ(stored_state(database.url()), before) << "nothing written";

    // The overlay applied again: its values stay, nothing changes.
    const Scheme again = with_overlay();
    const auto kept = store.save_all({{&again, "petit.yaml + overlays/cibles.yaml", ""}});
    EXPECT_TRUE(kept[0].changes.empty());
    EXPECT_EQ(store.load("petit")->find_indicator("A1-I1")->baseline->value, 5);

    // Dropped by its file name as recorded: the values go, and the import says so.
    const auto dropped = store.save_all({{&bare, "petit.yaml", "", {"overlays/cibles.yaml"}}});
    EXPECT_EQ(dropped[0].dropped_overlays, std::vector<std::string>{"cibles"});
    EXPECT_EQ(dropped[0].changes.baselines.removed, std::vector<std::string>{"A1-I1"});
    // The scheme file's own 2025 milestone (10) comes back in place of the overlay's (12).
    EXPECT_EQ(dropped[0].changes.milestones.changed, std::vector<std::string>{"A1-I1/2025"});
    EXPECT_EQ(dropped[0].changes.milestones.removed, std::vector<std::string>{"A1-I1/2026"});
    EXPECT_EQ(dropped[0].changes.targets.removed, std::vector<std::string>{"A2-I1"});
    EXPECT_EQ(*store.load("petit"), bare);
    EXPECT_EQ(refusal_of(store, {&bare, "petit.yaml", ""}), "") << "no overlay left to lose";

    // Dropping from a scheme not stored yet is refused.
    Scheme other = small_scheme();
    other.id = "autre";
    EXPECT_EQ(refusal_of(store, {&other, "autre.yaml", "", {"cibles"}}),
              "autre.yaml: --drop-overlay: scheme 'autre' is not in the database yet: it has no "
              "overlay to drop\n");
}

TEST(SchemeStore, ADryRunWritesNothingAndReportsWhatTheImportDoes) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(small_scheme(), "petit.yaml");
    record_value(db, "qpv");
    db.session() << "INSERT INTO action_follow_up (scheme_id, node_code, year, status, comment, "
                    "narrative, figures, unplanned, title, source, recorded_at, recorded_by) "
                    "VALUES ('petit', 'A2', 2025, 'en-cours', '', '', '', 0, '', 'suivi.csv', "
                    "'2025-06-01T00:00:00Z', 'eva')";

    Scheme edited = small_scheme();
    edited.territories.pop_back();                // qpv, with a value: retired
    edited.nodes.erase(edited.nodes.begin() + 2); // A2 (with a follow-up) and A2-I1 go
    edited.indicators.pop_back();
    edited.nodes[1].title = "Action A1 renommée";
    edited.indicators[0].target->value = 25;
    edited.indicators[0].milestones.push_back({2026, 15, ""});
    edited.series.push_back({"A1-I1", "Personnes", "personnes", Rollup::sum, Rollup::sum});
    const std::vector<std::string> before = stored_state(database.url());
    const auto dry = store.save_all({{&edited, "petit.yaml", ""}}, true);
    EXPECT_EQ(stored_state(database.url()), before) << "a dry run writes nothing";

    const SchemeChanges& c = dry[0].changes;
    EXPECT_EQ(c.nodes.changed, std::vector<std::string>{"A1"});
    EXPECT_EQ(c.nodes.removed, std::vector<std::string>{"A2"});
    EXPECT_TRUE(c.nodes.added.empty());
    EXPECT_EQ(c.indicators.removed, std::vector<std::string>{"A2-I1"});
    EXPECT_TRUE(c.indicators.changed.empty()) << "its target and milestones are counted apart";
    EXPECT_EQ(c.targets.changed, std::vector<std::string>{"A1-I1"});
    EXPECT_EQ(c.milestones.added, std::vector<std::string>{"A1-I1/2026"});
    EXPECT_TRUE(c.baselines.empty());
    EXPECT_EQ(c.territories.retired, std::vector<std::string>{"qpv"});
    EXPECT_TRUE(c.territories.removed.empty());
    EXPECT_EQ(c.series.added, std::vector<std::string>{"A1-I1"});
    ASSERT_EQ(dry[0].kept.size(), 2u);
    EXPECT_EQ(dry[0].kept[0].kind, "node");
    EXPECT_EQ(dry[0].kept[0].code, "A2");
    EXPECT_EQ(dry[0].kept[0].count, 1u);
    EXPECT_EQ(dry[0].kept[0].first_year, 2025);
    EXPECT_EQ(dry[0].kept[1].kind, "territory");
    EXPECT_EQ(dry[0].kept[1].code, "qpv");
    EXPECT_EQ(dry[0].kept[1].count, 1u);
    EXPECT_EQ(dry[0].territories.retired, 1u);
    EXPECT_EQ(dry[0].revision, 2);

    // The import itself reports the same, and writes it.
    const auto real = store.save_all({{&edited, "petit.yaml", ""}});
    EXPECT_EQ(real[0].changes.nodes.removed, c.nodes.removed);
    EXPECT_EQ(real[0].changes.targets.changed, c.targets.changed);
    EXPECT_EQ(real[0].changes.territories.retired, c.territories.retired);
    EXPECT_EQ(real[0].kept.size(), dry[0].kept.size());
    EXPECT_EQ(real[0].revision, 2);
    EXPECT_EQ(store.summary("petit")->revision, 2);
    EXPECT_EQ(*store.load("petit"), edited);
    // The follow-up of the removed node is still there.
    EXPECT_EQ(count_rows(db, "SELECT COUNT(*) FROM action_follow_up WHERE node_code = 'A2'"), 1);
}

TEST(SchemeStore, ASeriesNoLongerNamedListsTheYearlyValuesKeptForIt) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(small_scheme(), "petit.yaml");
    record_value(db, "ville");
    Scheme edited = small_scheme();
    edited.indicators[0].code = "A1-I9"; // series A1-I1 is named by no indicator any more
    const auto result = store.save_all({{&edited, "petit.yaml", ""}}, true);
    ASSERT_EQ(result[0].kept.size(), 1u);
    EXPECT_EQ(result[0].kept[0].kind, "series");
    EXPECT_EQ(result[0].kept[0].code, "A1-I1");
    EXPECT_EQ(result[0].kept[0].count, 1u);
    EXPECT_EQ(result[0].kept[0].first_year, 2025);
    EXPECT_EQ(result[0].kept[0].last_year, 2025);
    EXPECT_EQ(result[0].changes.indicators.added, std::vector<std::string>{"A1-I9"});
    EXPECT_EQ(result[0].changes.indicators.removed, std::vector<std::string>{"A1-I1"});
}

TEST(SchemeStore, ASchemeStoredBeforeOriginsWereRecordedRefusesToLoseTheOverlaysItsSourceNames) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    SchemeStore store(db);
    store.save(with_overlay(), "petit.yaml + overlays/cibles.yaml");
    // As a database of schema version 10 left it: no overlay recorded, no origin.
    db.session() << "DELETE FROM scheme_overlay";
    db.session() << "UPDATE indicator SET baseline_origin = '', target_origin = ''";
    db.session() << "UPDATE milestone SET origin = ''";
    const Scheme bare = small_scheme();
    EXPECT_EQ(refusal_of(store, {&bare, "petit.yaml", ""}),
              "petit.yaml: overlay: scheme 'petit' was imported with overlay overlays/cibles.yaml "
              "before Jalon recorded which values an overlay set; importing without it may lose "
              "its baselines, milestones and targets: pass --overlay overlays/cibles.yaml to keep "
              "them, or --drop-overlay cibles to drop them\n");
    const Scheme again = with_overlay();
    EXPECT_EQ(refusal_of(store, {&again, "petit.yaml + overlays/cibles.yaml", ""}), "");
    EXPECT_EQ(store.load("petit")->find_indicator("A1-I1")->baseline->origin, "cibles");
}
