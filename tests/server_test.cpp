// The multi-user server: concurrent imports, an evaluation's snapshot, readers beside a writer,
// writers waiting for each other (--wait), what a run says it used, the server failing under a
// command, and a read-only role. Run on both backends where it means something (SQLite serialises
// writers with its file lock), on PostgreSQL only for the server's faults and roles.
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <future>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

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
        // Neither backend holds the writer back (SQLite: the write-ahead log).
        const RunResult imported = importing.get();
        EXPECT_EQ(imported.exit_code, 0) << "readers do not hold writers back: " << imported.err;
        EXPECT_EQ(total(), 100) << "the snapshot does not see the import";
    }
    EXPECT_EQ(total(), 1000) << "after the snapshot, the import is seen whole";
}

namespace {

// A jalon command running in the background, whose standard error can be watched as it runs.
class Running {
public:
    explicit Running(const std::vector<std::string>& args) {
        pid_ = fork();
        if (pid_ == 0) {
            if (!freopen((capture_ / "out").c_str(), "w", stdout) ||
                !freopen((capture_ / "err").c_str(), "w", stderr))
                _exit(127);
            std::vector<std::string> copies{JALON_EXECUTABLE};
            copies.insert(copies.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (std::string& a : copies)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
    }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;
    ~Running() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }

    // Whether its standard error shows `text` within 30 s.
    bool says(const std::string& text) {
        for (int i = 0; i < 600; ++i) {
            if (fs::exists(capture_ / "err") && contains(read_file(capture_ / "err"), text))
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    RunResult finish() {
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        RunResult result;
        result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        result.out = read_file(capture_ / "out");
        result.err = read_file(capture_ / "err");
        return result;
    }

private:
    TempDir capture_;
    pid_t pid_ = -1;
};

// Another writer at work, until destroyed: a transaction of the test's own that has written a row
// and holds the write lock. SQLite: BEGIN EXCLUSIVE, as a long import holds it once its changes
// outgrow the page cache (in rollback-journal mode, that locked readers out too); PostgreSQL: the
// rows of jalon_writer_lock that Jalon's writers of yearly data and runs lock.
class WriterAtWork {
public:
    explicit WriterAtWork(const std::string& url) {
        const DatabaseUrl parsed = DatabaseUrl::parse(url);
        if (parsed.backend == Backend::sqlite) {
            session_.open(soci::sqlite3, parsed.sqlite_connection());
            session_ << "BEGIN EXCLUSIVE";
        } else {
            session_.open(soci::postgresql, parsed.libpq_keywords());
            session_ << "BEGIN";
            session_ << "SELECT name FROM jalon_writer_lock FOR UPDATE";
        }
        session_ << "INSERT INTO jalon_meta (key, value) VALUES ('held', 'by a test')";
    }
    ~WriterAtWork() {
        try {
            session_ << "ROLLBACK";
        } catch (const std::exception& e) {
            ADD_FAILURE() << "cannot end the test's write transaction: " << e.what();
        }
    }

private:
    soci::session session_;
};

// Every text cell of a workbook, one per line (openpyxl).
std::string workbook_text(const fs::path& workbook) {
    return run_python("import openpyxl, sys\n"
                      "book = openpyxl.load_workbook(sys.argv[1])\n"
                      "print('\\n'.join(str(c.value) for sheet in book for row in "
                      "sheet.iter_rows() for c in row if isinstance(c.value, str)))",
                      {workbook.string()})
        .out;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

} // namespace

TEST(Server, ReportsAndListingsDoNotWaitForAWriter) {
    Server s;
    ASSERT_EQ(run_jalon({s.database.arg(), "data", "import", s.file("a.csv", csv("c1", 10, 1))})
                  .exit_code,
              0);
    ASSERT_EQ(
        run_jalon({s.database.arg(), "evaluate", "--scheme", "srv", "--year", "2025"}).exit_code,
        0);
    WriterAtWork writer(s.database.url());
    const auto start = std::chrono::steady_clock::now();
    const RunResult report =
        run_jalon({s.database.arg(), "report", "annual", "--scheme", "srv", "--year", "2025",
                   "--run", "1", "-o", (s.dir / "bilan.xlsx").string()});
    EXPECT_EQ(report.exit_code, 0) << report.err;
    const RunResult midterm =
        run_jalon({s.database.arg(), "report", "midterm", "--scheme", "srv", "--year", "2025",
                   "--run", "1", "-o", (s.dir / "revue.html").string()});
    EXPECT_EQ(midterm.exit_code, 0) << midterm.err;
    const RunResult runs = run_jalon({s.database.arg(), "runs", "list"});
    EXPECT_EQ(runs.exit_code, 0) << runs.err;
    const RunResult history =
        run_jalon({s.database.arg(), "data", "history", "--series", "P", "--territory", "c1"});
    EXPECT_EQ(history.exit_code, 0) << history.err;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20))
        << "readers did not wait for the writer";
    EXPECT_EQ(occurrences(report.err + midterm.err + runs.err + history.err, "waiting"), 0u);
}

TEST(Server, ASecondWriterSaysOnceThatItWaitsAndGivesUpAfterWaitSeconds) {
    Server s;
    ASSERT_EQ(run_jalon({s.database.arg(), "data", "import", s.file("a.csv", csv("c1", 10, 1))})
                  .exit_code,
              0);
    const std::string b = s.file("b.csv", csv("c2", 10, 2));
    std::optional<Running> patient;
    {
        WriterAtWork writer(s.database.url());
        const auto start = std::chrono::steady_clock::now();
        const RunResult hurried =
            run_jalon({s.database.arg(), "--wait", "1", "data", "import", b, "--by", "hurried"});
        const auto waited = std::chrono::steady_clock::now() - start;
        EXPECT_EQ(hurried.exit_code, 1) << hurried.err;
        EXPECT_EQ(occurrences(hurried.err, "info: waiting for another import into "), 1u)
            << hurried.err;
        EXPECT_CONTAINS(hurried.err, "gave up after 1 s (--wait 1) waiting for another import "
                                     "into ");
        EXPECT_CONTAINS(hurried.err, "nothing was written");
        EXPECT_EQ(hurried.err.find("locked"), std::string::npos) << "no driver message";
        EXPECT_GE(waited, std::chrono::seconds(1));
        EXPECT_LT(waited, std::chrono::seconds(15));

        // Without --wait, a writer waits as long as it takes.
        patient.emplace(
            std::vector<std::string>{s.database.arg(), "data", "import", b, "--by", "patient"});
        ASSERT_TRUE(patient->says("waiting for another import into "));
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }
    const RunResult done = patient->finish();
    EXPECT_EQ(done.exit_code, 0) << done.err;
    EXPECT_EQ(occurrences(done.err, "info: waiting for another import into "), 1u) << done.err;
    EXPECT_EQ(query_rows(s.database.url(), "SELECT seq, imported_by FROM observation_import "
                                           "ORDER BY seq"),
              (std::vector<std::string>{"1|" + query_rows(s.database.url(),
                                                          "SELECT imported_by FROM "
                                                          "observation_import WHERE seq = 1")
                                                   .front(),
                                        "2|patient"}))
        << "the writer that gave up wrote nothing";
}

TEST(Server, ARunIsDatedByItsSnapshotAndListsOnlyTheImportsItContained) {
    Server s;
    ASSERT_EQ(run_jalon({s.database.arg(), "data", "import", s.file("a.csv", csv("c1", 100, 1))})
                  .exit_code,
              0);
    std::optional<Running> evaluating;
    {
        // The evaluation reads its snapshot, then waits to store its run while an import commits.
        Database writer = Database::open(DatabaseUrl::parse(s.database.url()));
        Transaction transaction(writer);
        if (on_postgresql())
            writer.session() << "SELECT name FROM jalon_writer_lock WHERE name = 'runs' FOR UPDATE";
        evaluating.emplace(std::vector<std::string>{s.database.arg(), "evaluate", "--scheme", "srv",
                                                    "--year", "2025"});
        ASSERT_TRUE(evaluating->says("waiting for another import into "))
            << "the evaluation read its data and waits to store its run";
        std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // a later second
        const std::string b = s.file("b.csv", csv("c2", 10, 7));
        ObservationStore(writer).import("srv", read_observation_csv_text(csv("c2", 10, 7), b),
                                        {b, "bob", false, {}});
        transaction.commit();
    }
    const RunResult evaluated = evaluating->finish();
    ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
    EXPECT_EQ(query_rows(s.database.url(), "SELECT run_id, import_seq FROM run_import"),
              std::vector<std::string>{"1|1"});
    EXPECT_EQ(s.one("SELECT CAST(value AS INTEGER) FROM indicator_result WHERE run_id = 1 AND "
                    "territory_code = 'dep' AND year = 2025"),
              "100")
        << "the run computed on its snapshot";
    EXPECT_EQ(s.one("SELECT CASE WHEN r.created_at < i.imported_at THEN 'before' ELSE 'after' "
                    "END FROM evaluation_run r, observation_import i WHERE r.id = 1 AND "
                    "i.seq = 2"),
              "before")
        << "the run is dated by its snapshot, not by when it was stored";

    const fs::path annual = s.dir / "bilan.xlsx", review = s.dir / "revue.html";
    ASSERT_EQ(run_jalon({s.database.arg(), "report", "annual", "--scheme", "srv", "--year", "2025",
                         "--run", "1", "-o", annual.string()})
                  .exit_code,
              0);
    const std::string sources = workbook_text(annual);
    EXPECT_CONTAINS(sources, "a.csv");
    EXPECT_EQ(sources.find("b.csv"), std::string::npos) << sources;
    ASSERT_EQ(run_jalon({s.database.arg(), "report", "midterm", "--scheme", "srv", "--year", "2025",
                         "--run", "1", "-o", review.string()})
                  .exit_code,
              0);
    const std::string html = read_file(review);
    EXPECT_CONTAINS(html, "a.csv");
    EXPECT_EQ(html.find("b.csv"), std::string::npos);
}

TEST(Server, EveryReportOfARunListsTheImportsOfThatRunAndNoLaterOne) {
    Server s;
    ASSERT_EQ(run_jalon({s.database.arg(), "data", "import", s.file("a.csv", csv("c1", 10, 1))})
                  .exit_code,
              0);
    ASSERT_EQ(
        run_jalon({s.database.arg(), "evaluate", "--scheme", "srv", "--year", "2025"}).exit_code,
        0);
    ASSERT_EQ(run_jalon({s.database.arg(), "data", "import", s.file("c.csv", csv("c2", 10, 3))})
                  .exit_code,
              0);
    ASSERT_EQ(
        run_jalon({s.database.arg(), "evaluate", "--scheme", "srv", "--year", "2025"}).exit_code,
        0);
    for (const std::string run : {"1", "2"}) {
        const fs::path annual = s.dir / ("bilan-" + run + ".xlsx");
        const fs::path review = s.dir / ("revue-" + run + ".html");
        const fs::path workbook = s.dir / ("revue-" + run + ".xlsx");
        for (const fs::path& output : {annual, review, workbook}) {
            const RunResult wrote = run_jalon(
                {s.database.arg(), "report", output == annual ? "annual" : "midterm", "--scheme",
                 "srv", "--year", "2025", "--run", run, "-o", output.string()});
            ASSERT_EQ(wrote.exit_code, 0) << wrote.err;
        }
        const RunResult shown = run_jalon({s.database.arg(), "runs", "show", run});
        ASSERT_EQ(shown.exit_code, 0) << shown.err;
        for (const std::string& text :
             {workbook_text(annual), read_file(review), workbook_text(workbook), shown.out}) {
            EXPECT_CONTAINS(text, "a.csv");
            EXPECT_EQ(contains(text, "c.csv"), run == "2") << "run " << run << ": " << text;
        }
    }
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

// Waits until a backend of the server waits for a lock (the command under test reached its write
// and waits for the writers' row of jalon_writer_lock the test holds); false after 20 s.
bool someone_waits(soci::session& admin) {
    for (int i = 0; i < 200; ++i) {
        int waiting = 0;
        admin << "SELECT COUNT(*) FROM pg_locks WHERE NOT granted", soci::into(waiting);
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
    const std::vector<std::pair<std::vector<std::string>, std::string>> commands{
        {{db, "data", "import", (dir / "b.csv").string()}, "observations"},
        {{db, "evaluate", "--scheme", "srv", "--year", "2025"}, "runs"}};
    for (const auto& [command, lock] : commands) {
        std::future<RunResult> running;
        {
            soci::session holder(soci::postgresql, keywords);
            holder << "BEGIN";
            holder << "SELECT name FROM jalon_writer_lock WHERE name = :k FOR UPDATE",
                soci::use(lock);
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
