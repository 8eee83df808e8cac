// The multi-user server: concurrent imports, an evaluation's snapshot, the server failing under a
// command, and a read-only role. Run on both backends where it means something (SQLite serialises
// writers with its file lock), on PostgreSQL only for the server's faults and roles.
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>

using namespace jalon;
using namespace jalon::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* scheme_yaml = R"(format: jalon-scheme/1
id: srv
title: Serveur
owner: Test
period: {start: 2024, end: 2026}
levels: [action]
territories:
  - {code: dep, name: Dep, children: [{code: c1, name: Commune 1}, {code: c2, name: Commune 2}]}
nodes:
  - code: A1
    level: action
    title: Accueil
    indicators:
      - {code: P, label: Personnes, level: realisation, unit: personnes, method: sum}
)";

// `rows` observations of P for one territory in 2025, one per value of dimension k.
std::string csv(const std::string& territory, int rows, int value) {
    std::string text = "series,territory,period,value,k\n";
    for (int k = 0; k < rows; ++k)
        text +=
            "P," + territory + ",2025," + std::to_string(value) + "," + std::to_string(k) + "\n";
    return text;
}

struct Server {
    TempDir dir;
    TestDatabase database{dir};

    Server() {
        write_file(dir / "s.yaml", scheme_yaml);
        const RunResult r =
            run_jalon({database.arg(), "scheme", "import", (dir / "s.yaml").string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
    }

    std::string file(const std::string& name, const std::string& content) {
        write_file(dir / name, content);
        return (dir / name).string();
    }

    std::string one(const std::string& sql) {
        const auto rows = query_rows(database.url(), sql);
        return rows.empty() ? std::string("(none)") : rows.front();
    }
};

// Runs two jalon commands at once.
std::pair<RunResult, RunResult> together(const std::vector<std::string>& a,
                                         const std::vector<std::string>& b) {
    auto first = std::async(std::launch::async, [&] { return run_jalon(a); });
    auto second = std::async(std::launch::async, [&] { return run_jalon(b); });
    return {first.get(), second.get()};
}

} // namespace

TEST(Server, TwoImportsOfDifferentFilesAtOnceBothLand) {
    Server s;
    const std::string a = s.file("a.csv", csv("c1", 20000, 1));
    const std::string b = s.file("b.csv", csv("c2", 20000, 2));
    const auto [ra, rb] = together({s.database.arg(), "data", "import", a, "--by", "A"},
                                   {s.database.arg(), "data", "import", b, "--by", "B"});
    EXPECT_EQ(ra.exit_code, 0) << ra.err;
    EXPECT_EQ(rb.exit_code, 0) << rb.err;
    EXPECT_EQ(
        s.one("SELECT territory_code, COUNT(*), CAST(SUM(value) AS INTEGER) FROM observation WHERE "
              "territory_code = 'c1' GROUP BY territory_code"),
        "c1|20000|20000");
    EXPECT_EQ(
        s.one("SELECT territory_code, COUNT(*), CAST(SUM(value) AS INTEGER) FROM observation WHERE "
              "territory_code = 'c2' GROUP BY territory_code"),
        "c2|20000|40000");
    EXPECT_EQ(s.one("SELECT COUNT(*) FROM observation_history"), "0");
}

TEST(Server, TwoImportsOfTheSameKeysEndWithOneValueAndAHistoryOfBoth) {
    Server s;
    const std::string a = s.file("a.csv", csv("c1", 20000, 1));
    const std::string b = s.file("b.csv", csv("c1", 20000, 2));
    const auto [ra, rb] = together({s.database.arg(), "data", "import", a, "--by", "A"},
                                   {s.database.arg(), "data", "import", b, "--by", "B"});
    ASSERT_EQ(ra.exit_code, 0) << ra.err;
    ASSERT_EQ(rb.exit_code, 0) << rb.err;
    // Whichever committed last holds every key; the other's values are all in the history.
    const std::string final_value =
        s.one("SELECT CAST(MIN(value) AS INTEGER), CAST(MAX(value) AS INTEGER), COUNT(*), "
              "MIN(i.imported_by), MAX(i.imported_by) FROM observation o JOIN observation_import "
              "i ON i.scheme_id = o.scheme_id AND i.seq = o.import_seq");
    ASSERT_TRUE(final_value == "1|1|20000|A|A" || final_value == "2|2|20000|B|B") << final_value;
    const std::string replaced = final_value[0] == '1' ? "2|2|20000|B|B" : "1|1|20000|A|A";
    EXPECT_EQ(s.one("SELECT CAST(MIN(value) AS INTEGER), CAST(MAX(value) AS INTEGER), COUNT(*), "
                    "MIN(recorded_by), MAX(recorded_by) FROM observation_history"),
              replaced);
    EXPECT_NE((final_value[0] == '1' ? ra : rb).out.find("(0 new, 20000 changed"),
              std::string::npos)
        << "the last import replaced every value of the first: " << ra.out << rb.out;
}

TEST(Server, AnEvaluationReadsOneSnapshotWhileAnImportCommits) {
    Server s;
    ASSERT_EQ(run_jalon({s.database.arg(), "data", "import", s.file("a.csv", csv("c1", 100, 1))})
                  .exit_code,
              0);
    Database reader = Database::open(DatabaseUrl::parse(s.database.url()));
    ObservationStore observations(reader);
    const auto total = [&] {
        double sum = 0;
        for (const YearCell& cell : observations.yearly_cells("srv", "P"))
            sum += cell.sum;
        return sum;
    };
    std::future<RunResult> importing;
    {
        ReadSnapshot snapshot(reader);
        EXPECT_EQ(total(), 100);
        // Another process replaces every value and adds a territory's worth while we read.
        importing = std::async(std::launch::async, [&] {
            return run_jalon({s.database.arg(), "data", "import",
                              s.file("b.csv", csv("c1", 100, 5) + csv("c2", 100, 5).substr(32))});
        });
        if (on_postgresql()) {
            EXPECT_EQ(importing.get().exit_code, 0)
                << "a server's readers do not hold writers back";
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
        EXPECT_EQ(total(), 100) << "the snapshot does not see the import";
    }
    if (!on_postgresql()) {
        EXPECT_EQ(importing.get().exit_code, 0) << "SQLite's writer commits once the reads end";
    }
    EXPECT_EQ(total(), 1000) << "after the snapshot, the import is seen whole";
}

namespace {

// A private cluster for one test, which it may kill and restart without disturbing the others.
struct OwnCluster {
    TempDir dir;
    std::string script = source_path("scripts/pg-test-cluster").string();
    std::string url;
    std::string password;

    OwnCluster() {
        const RunResult started = run_program(script, {"start", dir.path().string()}, durable);
        EXPECT_EQ(started.exit_code, 0) << started.err;
        url = started.out.substr(0, started.out.find('\n'));
        const std::string env = read_file(dir / "env");
        const auto at = env.find("PGPASSWORD=") + 11;
        password = env.substr(at, env.find('\n', at) - at);
        setenv("PGPASSWORD", password.c_str(), 1);
    }
    ~OwnCluster() { run_program(script, {"stop", dir.path().string()}); }

    RunResult kill() { return run_program(script, {"kill", dir.path().string()}); }
    RunResult restart() { return run_program(script, {"restart", dir.path().string()}, durable); }

    // Commits reach the log before they return: a crash loses none of them.
    const std::vector<std::pair<std::string, std::string>> durable{{"JALON_TEST_PG_DURABLE", "1"}};
};

// Waits until a backend of the server waits for an advisory lock (the command under test reached
// its write); false after 20 s.
bool someone_waits(soci::session& admin) {
    for (int i = 0; i < 200; ++i) {
        int waiting = 0;
        admin << "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
            soci::into(waiting);
        if (waiting > 0)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

} // namespace

TEST(Server, ServerStoppedUnderACommandFailsCleanlyAndTheNextCommandWorks) {
    if (!on_postgresql())
        GTEST_SKIP() << "a server failure has no SQLite counterpart";
    OwnCluster cluster;
    const std::string db = "--db=" + cluster.url;
    TempDir dir;
    write_file(dir / "s.yaml", scheme_yaml);
    write_file(dir / "a.csv", csv("c1", 1000, 1));
    ASSERT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string()}).exit_code, 0);
    ASSERT_EQ(run_jalon({db, "data", "import", (dir / "a.csv").string()}).exit_code, 0);
    const std::string keywords = DatabaseUrl::parse(cluster.url).libpq_keywords();

    // The import and the evaluation each stand at their write (held back by a lock the test
    // holds) when the server goes down.
    write_file(dir / "b.csv", csv("c1", 1000, 7) + csv("c2", 1000, 7).substr(32));
    const std::vector<std::pair<std::vector<std::string>, long long>> commands{
        {{db, "data", "import", (dir / "b.csv").string()}, 0x4A616C6F6E01},
        {{db, "evaluate", "--scheme", "srv", "--year", "2025"}, 0x4A616C6F6E02}};
    for (const auto& [command, lock] : commands) {
        std::future<RunResult> running;
        {
            soci::session holder(soci::postgresql, keywords);
            holder << "BEGIN";
            holder << "SELECT pg_advisory_xact_lock(:k)", soci::use(lock);
            running = std::async(std::launch::async, [&] { return run_jalon(command); });
            ASSERT_TRUE(someone_waits(holder)) << command[1];
            ASSERT_EQ(cluster.kill().exit_code, 0);
        }
        const RunResult failed = running.get();
        EXPECT_EQ(failed.exit_code, 1) << command[1] << ": " << failed.out << failed.err;
        EXPECT_NE(failed.err.find("jalon: error: "), std::string::npos) << failed.err;
        EXPECT_NE(failed.err.find(cluster.url), std::string::npos)
            << "the message names the database: " << failed.err;
        const RunResult restarted = cluster.restart();
        ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
        EXPECT_EQ(query_rows(cluster.url,
                             "SELECT COUNT(*), CAST(SUM(value) AS INTEGER) FROM observation"),
                  std::vector<std::string>{"1000|1000"})
            << "no half import";
        EXPECT_EQ(query_rows(cluster.url, "SELECT COUNT(*) FROM evaluation_run"),
                  std::vector<std::string>{"0"})
            << "no partial run";
    }
    const RunResult imported = run_jalon({db, "data", "import", (dir / "b.csv").string()});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    const RunResult evaluated = run_jalon({db, "evaluate", "--scheme", "srv", "--year", "2025"});
    EXPECT_EQ(evaluated.exit_code, 0) << evaluated.err;
    EXPECT_EQ(query_rows(cluster.url, "SELECT CAST(value AS INTEGER) FROM indicator_result WHERE "
                                      "indicator_code = 'P' AND territory_code = 'dep' AND "
                                      "year = 2025"),
              std::vector<std::string>{"14000"});
}

TEST(Server, AReadOnlyRoleWritesReportsButCannotImport) {
    if (!on_postgresql())
        GTEST_SKIP() << "database roles are PostgreSQL's";
    Server s;
    ASSERT_EQ(run_jalon({s.database.arg(), "data", "import", s.file("a.csv", csv("c1", 10, 1))})
                  .exit_code,
              0);
    ASSERT_EQ(
        run_jalon({s.database.arg(), "evaluate", "--scheme", "srv", "--year", "2025"}).exit_code,
        0);
    const std::string url = s.database.url();
    const std::string schema = url.substr(url.rfind("%3D") + 3);
    {
        soci::session owner(soci::postgresql, DatabaseUrl::parse(url).libpq_keywords());
        owner << "GRANT USAGE ON SCHEMA " + schema + " TO jalon_test_reader";
        owner << "GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO jalon_test_reader";
    }
    const std::string env = read_file(std::getenv("JALON_TEST_PG_ENV"));
    const auto value_of = [&](const std::string& key) {
        const auto at = env.find(key + "=") + key.size() + 1;
        return env.substr(at, env.find('\n', at) - at);
    };
    const std::string reader =
        "--db=" + value_of("JALON_TEST_PG_READER_URL") + "?options=-csearch_path%3D" + schema;
    const std::vector<std::pair<std::string, std::string>> as_reader{
        {"PGPASSWORD", value_of("JALON_TEST_PG_READER_PASSWORD")}};

    const std::string report = (s.dir / "bilan.xlsx").string();
    const RunResult wrote = run_jalon(
        {reader, "report", "annual", "--scheme", "srv", "--year", "2025", "-o", report}, as_reader);
    EXPECT_EQ(wrote.exit_code, 0) << wrote.err;
    EXPECT_TRUE(fs::exists(report));
    EXPECT_EQ(run_jalon({reader, "runs", "list"}, as_reader).exit_code, 0);

    const RunResult refused =
        run_jalon({reader, "data", "import", s.file("b.csv", csv("c1", 10, 3))}, as_reader);
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("permission denied"), std::string::npos) << refused.err;
    EXPECT_EQ(s.one("SELECT CAST(SUM(value) AS INTEGER) FROM observation"), "10")
        << "nothing was written";
}
