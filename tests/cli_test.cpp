// End to end: the `jalon` executable on real files and a real database (a SQLite file, or a
// PostgreSQL schema when the suite runs on PostgreSQL).
#include "test_support.hpp"

#include <jalon/store/database.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <chrono>
#include <fcntl.h>
#include <functional>
#include <grp.h>
#include <map>
#include <pwd.h>
#include <regex>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <tuple>
#include <unistd.h>

using namespace jalon::test;
using jalon::Backend;
using jalon::DatabaseUrl;
namespace fs = std::filesystem;

namespace {

// The count printed for a name in `scheme show` ("  action    37").
int shown_count(const std::string& out, const std::string& section, const std::string& name) {
    const auto start = out.find(section);
    if (start == std::string::npos)
        return -1;
    std::smatch match;
    const std::string rest = out.substr(start);
    if (!std::regex_search(rest, match, std::regex("\n  " + name + " +([0-9]+)\n")))
        return -1;
    return std::stoi(match[1]);
}

struct Expected {
    std::string id;
    std::vector<std::pair<std::string, int>> nodes;
    std::vector<std::pair<std::string, int>> indicators;
    int territories;
};

} // namespace

TEST(Cli, ImportsEverySampleAndShowsTheirCountsPerLevel) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    std::vector<std::string> args{db.arg(), "scheme", "import"};
    for (const auto& f : sample_files())
        args.push_back(f.string());
    const RunResult imported = run_jalon(args);
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_NE(imported.out.find("imported vienne-schema-unique-solidarites-2025-2029"),
              std::string::npos);

    const std::vector<Expected> expected{
        {"vienne-schema-unique-solidarites-2025-2029",
         {{"partie", 2}, {"orientation", 10}, {"action", 37}, {"total", 49}},
         {{"realisation", 94}, {"resultat", 18}, {"impact", 5}, {"total", 117}},
         15},
        {"agglopolys-pst-2022-2027",
         {{"orientation", 5}, {"sous-orientation", 10}, {"objectif", 22}, {"action", 46}},
         {{"total", 0}},
         2},
        {"blois-contrat-de-ville-perr-2020-2022",
         {{"enjeu", 5}, {"section", 25}, {"engagement", 46}, {"objectif", 17}},
         {{"realisation", 4}, {"resultat", 5}, {"total", 9}},
         5},
        {"blois-bilan-mi-parcours-2020-2026-ville-solidaire",
         {{"sous-partie", 4}, {"engagement", 20}, {"unplanned", 2}},
         {{"total", 0}},
         1},
    };
    for (const Expected& e : expected) {
        const RunResult shown = run_jalon({db.arg(), "scheme", "show", e.id});
        ASSERT_EQ(shown.exit_code, 0) << shown.err;
        for (const auto& [level, count] : e.nodes)
            EXPECT_EQ(shown_count(shown.out, "nodes per level:", level), count)
                << e.id << " " << level;
        for (const auto& [level, count] : e.indicators)
            EXPECT_EQ(shown_count(shown.out, "indicators per level:", level), count)
                << e.id << " " << level;
        EXPECT_NE(shown.out.find("territories: " + std::to_string(e.territories)),
                  std::string::npos)
            << e.id;
    }
    const RunResult listed = run_jalon({db.arg(), "scheme", "list"});
    ASSERT_EQ(listed.exit_code, 0);
    for (const Expected& e : expected)
        EXPECT_NE(listed.out.find(e.id), std::string::npos) << e.id;
}

TEST(Cli, ShowPrintsTheTreeInDocumentOrder) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import",
                         source_path("samples/vienne-schema-unique-solidarites-2025-2029.yaml")})
                  .exit_code,
              0);
    const RunResult shown =
        run_jalon({db.arg(), "scheme", "show", "vienne-schema-unique-solidarites-2025-2029"});
    ASSERT_EQ(shown.exit_code, 0);
    const auto first = shown.out.find("\n1  [partie]");
    const auto child = shown.out.find("\n  1.1  [orientation]");
    const auto leaf = shown.out.find("\n    1.1.1  [action]");
    ASSERT_NE(first, std::string::npos) << shown.out;
    ASSERT_NE(child, std::string::npos);
    ASSERT_NE(leaf, std::string::npos);
    EXPECT_LT(first, child);
    EXPECT_LT(child, leaf);
    const RunResult shallow = run_jalon(
        {db.arg(), "scheme", "show", "vienne-schema-unique-solidarites-2025-2029", "--depth=1"});
    EXPECT_EQ(shallow.out.find("1.1  [orientation]"), std::string::npos);
    EXPECT_NE(shallow.out.find("nodes per level:"), std::string::npos);
}

TEST(Cli, BrokenFileExitsTwoNamesTheLineAndLeavesTheDatabaseByteIdentical) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", sample_files()[0].string()}).exit_code, 0);
    const std::vector<std::string> before = stored_state(db.url());
    write_file(dir / "broken.yaml", "format: jalon-scheme/1\n"
                                    "id: casse\n"
                                    "title: Cassé\n"
                                    "owner: Ville\n"
                                    "period: {start: 2024, end: 2026}\n"
                                    "levels: [axe, action]\n"
                                    "nodes:\n"
                                    "  - code: A\n"
                                    "    level: axe\n"
                                    "    title: Axe\n"
                                    "    children:\n"
                                    "      - code: A1\n"
                                    "        level: fiche\n"
                                    "        title: Action\n");
    const RunResult result = run_jalon(
        {db.arg(), "scheme", "import", sample_files()[1].string(), (dir / "broken.yaml").string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find((dir / "broken.yaml").string() + ":13:"), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("level"), std::string::npos);
    EXPECT_EQ(stored_state(db.url()), before);
    const RunResult listed = run_jalon({db.arg(), "scheme", "list"});
    EXPECT_EQ(listed.out.find("blois-bilan"), std::string::npos) << "nothing of the batch stored";
}

TEST(Cli, MalformedYamlExitsTwoWithFileAndLineAndCreatesNoDatabase) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    write_file(dir / "bad.yaml", "format: jalon-scheme/1\nid: x\ntitle: [unclosed\n");
    const RunResult result = run_jalon({db.arg(), "scheme", "import", (dir / "bad.yaml").string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find((dir / "bad.yaml").string() + ":"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("malformed YAML"), std::string::npos) << result.err;
    EXPECT_FALSE(database_exists(db));
}

TEST(Cli, ANodeItsOwnChildThroughAnAliasExitsTwoAtTheAliasInsteadOfCrashing) {
    // It recursed until the stack overflowed (SIGSEGV, exit 139).
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path file = dir / "loop.yaml";
    write_file(file, "format: jalon-scheme/1\nid: loop\ntitle: Loop\nowner: O\n"
                     "period: {start: 2025, end: 2029}\nlevels: [axe]\nnodes:\n"
                     "  - &n {code: \"1\", level: axe, title: Axe, children: [*n]}\n");
    const RunResult result = run_jalon({db.arg(), "scheme", "import", file.string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_NE(result.err.find(file.string() + ":8:"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("recursive alias *n"), std::string::npos) << result.err;
    EXPECT_FALSE(database_exists(db));
}

TEST(Cli, ReimportOfAnEditedFileUpdatesTheScheme) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path file = dir / "scheme.yaml";
    std::string text = read_file(sample_files()[1]); // the Blois review
    write_file(file, text);
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", file.string()}).exit_code, 0);

    const std::string old_title = "title: 'Bilan de mi-parcours";
    ASSERT_NE(text.find(old_title), std::string::npos);
    text.replace(text.find(old_title), old_title.size(), "title: 'Bilan révisé de mi-parcours");
    // Remove engagement 4.2: from its code line to the next engagement's.
    const auto start = text.find("  - code: '4.2'");
    ASSERT_NE(start, std::string::npos) << "sample layout changed";
    const auto end = text.find("  - code: '4.3'", start);
    ASSERT_NE(end, std::string::npos);
    text.erase(start, end - start);
    write_file(file, text);

    const RunResult again = run_jalon({db.arg(), "scheme", "import", file.string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(
        again.out.find("updated blois-bilan-mi-parcours-2020-2026-ville-solidaire (revision 2)"),
        std::string::npos)
        << again.out;
    EXPECT_NE(again.out.find("-1 removed"), std::string::npos) << again.out;
    const RunResult shown = run_jalon(
        {db.arg(), "scheme", "show", "blois-bilan-mi-parcours-2020-2026-ville-solidaire"});
    EXPECT_NE(shown.out.find("Bilan révisé de mi-parcours"), std::string::npos);
    EXPECT_EQ(shown.out.find("4.2  [engagement]"), std::string::npos);
    EXPECT_NE(shown.out.find("4.3  [engagement]"), std::string::npos);
    EXPECT_EQ(shown_count(shown.out, "nodes per level:", "engagement"), 19);
}

TEST(Cli, AReimportRetiresATerritoryWithDataAndSaysSo) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path file = dir / "scheme.yaml";
    std::string text = read_file(sample_files()[2]); // the Blois contract
    write_file(file, text);
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", file.string()}).exit_code, 0);
    write_file(dir / "data.csv", "series,territory,period,value\ncontrats-aides,quiniere,2021,4\n");
    const RunResult data = run_jalon({db.arg(), "data", "import", (dir / "data.csv").string(),
                                      "--scheme", "blois-contrat-de-ville-perr-2020-2022"});
    ASSERT_EQ(data.exit_code, 0) << data.err;
    const auto start = text.find("    - code: quiniere\n");
    const auto end = text.find("series:\n", start);
    ASSERT_NE(end, std::string::npos) << "sample layout changed";
    text.erase(start, end - start);
    write_file(file, text);
    const RunResult again = run_jalon({db.arg(), "scheme", "import", file.string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("(+0 new, -0 removed, 1 retired with their data)"), std::string::npos)
        << again.out;
    const RunResult history = run_jalon(
        {db.arg(), "data", "history", "--series", "contrats-aides", "--territory", "quiniere"});
    EXPECT_NE(history.out.find("2021  4  "), std::string::npos) << history.out << history.err;
}

TEST(Cli, ARetiredSchemeIsListedAsSuchAndTakesNoDataNorEvaluation) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const std::string id = "blois-contrat-de-ville-perr-2020-2022";
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", sample_files()[2].string()}).exit_code, 0);
    const RunResult retired = run_jalon({db.arg(), "scheme", "retire", id});
    ASSERT_EQ(retired.exit_code, 0) << retired.err;
    EXPECT_NE(retired.out.find("retired scheme " + id), std::string::npos) << retired.out;
    EXPECT_NE(run_jalon({db.arg(), "scheme", "list"}).out.find("(retired 20"), std::string::npos);
    write_file(dir / "data.csv", "series,territory,period,value\ncontrats-aides,blois,2021,4\n");
    const RunResult data = run_jalon({db.arg(), "data", "import", (dir / "data.csv").string()});
    EXPECT_EQ(data.exit_code, 2);
    EXPECT_NE(data.err.find("cannot import data into scheme '" + id + "': it was retired on"),
              std::string::npos)
        << data.err;
    const RunResult evaluated = run_jalon({db.arg(), "evaluate", "--scheme", id, "--year", "2021"});
    EXPECT_EQ(evaluated.exit_code, 2);
    EXPECT_NE(evaluated.err.find("cannot evaluate scheme '" + id + "'"), std::string::npos)
        << evaluated.err;
    EXPECT_EQ(run_jalon({db.arg(), "scheme", "retire", "nope"}).exit_code, 2);
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "retire", id, "--undo"}).exit_code, 0);
    EXPECT_EQ(run_jalon({db.arg(), "data", "import", (dir / "data.csv").string()}).exit_code, 0);
}

TEST(Cli, UsesJalonDbWhenNoDbOptionIsGiven) {
    TempDir dir;
    const TestDatabase db(dir, "env.db");
    ASSERT_FALSE(database_exists(db));
    const RunResult result = run_jalon({"init"}, {{"JALON_DB", db.url()}});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(database_exists(db));
}

TEST(Cli, InitReportsTheSchemaVersion) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const RunResult result = run_jalon({db.arg(), "init"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("schema version " + std::to_string(jalon::latest_schema_version())),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.err.find("migrating"), std::string::npos) << "info log by default";
    TempDir quiet;
    const TestDatabase quiet_db(quiet, "jalon.db");
    const RunResult q = run_jalon({quiet_db.arg(), "-q", "init"});
    EXPECT_EQ(q.err.find("migrating"), std::string::npos) << "-q keeps only errors";
}

TEST(Cli, EveryCommandHasHelp) {
    for (const std::vector<std::string>& command : {std::vector<std::string>{"init"},
                                                    {"scheme", "import"},
                                                    {"scheme", "list"},
                                                    {"scheme", "show"}}) {
        std::vector<std::string> args = command;
        args.push_back("--help");
        const RunResult result = run_jalon(args);
        EXPECT_EQ(result.exit_code, 0) << args[0];
        EXPECT_NE(result.out.find("Usage: jalon " + command.front()), std::string::npos)
            << result.out;
        EXPECT_NE(result.out.find("--db"), std::string::npos);
    }
    const RunResult top = run_jalon({"--help"});
    EXPECT_EQ(top.exit_code, 0);
    EXPECT_NE(top.out.find("scheme import"), std::string::npos);
    const RunResult group = run_jalon({"scheme", "--help"});
    EXPECT_EQ(group.exit_code, 0);
    EXPECT_NE(group.out.find("scheme show"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(run_jalon({}).exit_code, 2);
    const RunResult unknown = run_jalon({"frobnicate"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown command 'frobnicate'"), std::string::npos);
    EXPECT_EQ(run_jalon({"scheme"}).exit_code, 2);
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const RunResult missing = run_jalon({db.arg(), "scheme", "show"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("id"), std::string::npos) << missing.err;
    EXPECT_EQ(run_jalon({db.arg(), "scheme", "list", "--bogus"}).exit_code, 2);
    EXPECT_EQ(run_jalon({"--db=mysql://x", "scheme", "list"}).exit_code, 2);
    const RunResult unknown_scheme = run_jalon({db.arg(), "scheme", "show", "nope"});
    EXPECT_EQ(unknown_scheme.exit_code, 2);
    EXPECT_NE(unknown_scheme.err.find("no scheme 'nope'"), std::string::npos);
}

TEST(Cli, MissingFileExitsTwoAndNamesIt) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const RunResult directory = run_jalon({db.arg(), "scheme", "import", dir.path().string()});
    EXPECT_EQ(directory.exit_code, 2);
    EXPECT_NE(directory.err.find("is a directory"), std::string::npos) << directory.err;
    const RunResult result =
        run_jalon({db.arg(), "scheme", "import", (dir / "absent.yaml").string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("absent.yaml"), std::string::npos);
}

TEST(Cli, NewerDatabaseExitsOneWithAClearMessage) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_EQ(run_jalon({db.arg(), "init"}).exit_code, 0);
    {
        // Pretend a future Jalon wrote it.
        jalon::Database database = jalon::Database::open(DatabaseUrl::parse(db.url()));
        database.session() << "UPDATE jalon_meta SET value = '999' WHERE key = 'schema_version'";
    }
    const RunResult result = run_jalon({db.arg(), "scheme", "list"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("newer Jalon"), std::string::npos) << result.err;
}

TEST(Cli, ReportsRefuseAnOutputOfTheWrongKindWithoutWritingIt) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", sample_files()[1].string()}).exit_code, 0);
    const std::string id = "blois-bilan-mi-parcours-2020-2026-ville-solidaire";
    const RunResult annual = run_jalon({db.arg(), "report", "annual", "--scheme", id, "--year",
                                        "2023", "-o", (dir / "bilan.pdf").string()});
    EXPECT_EQ(annual.exit_code, 2);
    EXPECT_NE(annual.err.find("an .xlsx file"), std::string::npos) << annual.err;
    const RunResult midterm = run_jalon({db.arg(), "report", "midterm", "--scheme", id, "--year",
                                         "2023", "-o", (dir / "bilan.docx").string()});
    EXPECT_EQ(midterm.exit_code, 2);
    EXPECT_NE(midterm.err.find("an .xlsx or .html file"), std::string::npos) << midterm.err;
    const RunResult outside = run_jalon({db.arg(), "report", "midterm", "--scheme", id, "--year",
                                         "2031", "-o", (dir / "bilan.html").string()});
    EXPECT_EQ(outside.exit_code, 2);
    EXPECT_NE(outside.err.find("outside the period"), std::string::npos) << outside.err;
    const RunResult language =
        run_jalon({db.arg(), "report", "midterm", "--scheme", id, "--year", "2023", "--lang", "de",
                   "-o", (dir / "bilan.html").string()});
    EXPECT_EQ(language.exit_code, 2);
    for (const char* name : {"bilan.pdf", "bilan.docx", "bilan.html"})
        EXPECT_FALSE(fs::exists(dir / name)) << name;
}

TEST(Cli, ControlCharactersInAnErrorAreShownNotSentToTheTerminal) {
    const auto result = jalon::test::run_jalon({"scheme\x1b]0;pwned\x07", "list"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err.find('\x1b'), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find('\x07'), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("scheme\\x1B]0;pwned\\x07"), std::string::npos) << result.err;
}

TEST(Cli, AnArgumentThatIsNotUtf8IsRefusedWithItsByteOffset) {
    TempDir dir;
    const TestDatabase database(dir);
    const auto result =
        jalon::test::run_jalon({database.arg(), "status", "set", "--comment", "bad \xc3 byte"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("argument 5 is not valid UTF-8 (byte offset 4)"), std::string::npos)
        << result.err;
    EXPECT_FALSE(jalon::test::database_exists(database)) << "nothing was written";
}

// A password in --db or JALON_DB is refused in every spelling libpq accepts, with where to put
// it instead; the secret is not repeated, and nothing is created (a keyword/value string was
// taken for a SQLite file name and created in the current directory).
TEST(Cli, APasswordInDbOrJalonDbIsRefusedAndNothingIsCreated) {
    TempDir dir;
    const fs::path here = fs::current_path();
    fs::current_path(dir.path());
    const std::string secret = "s3cr3t";
    for (const std::string& url : {"postgresql://eval:" + secret + "@127.0.0.1:1/jalon",
                                   "postgresql://eval%3A" + secret + "@127.0.0.1:1/jalon",
                                   "postgresql://eval@127.0.0.1:1/jalon?password=" + secret,
                                   "postgres://eval@127.0.0.1:1/jalon?sslpassword=" + secret,
                                   "host=127.0.0.1 port=1 user=eval password=" + secret}) {
        for (const bool from_environment : {false, true}) {
            const RunResult result = from_environment ? run_jalon({"init"}, {{"JALON_DB", url}})
                                                      : run_jalon({"--db", url, "init"});
            EXPECT_EQ(result.exit_code, 2) << url << "\n" << result.err;
            EXPECT_NE(result.err.find("use PGPASSWORD or ~/.pgpass"), std::string::npos)
                << result.err;
            EXPECT_NE(result.err.find(from_environment ? "JALON_DB" : "--db"), std::string::npos)
                << result.err;
            EXPECT_EQ(result.err.find(secret), std::string::npos) << result.err;
            EXPECT_EQ(result.out.find(secret), std::string::npos) << result.out;
        }
    }
    for (const std::string url : {"host=127.0.0.1 dbname=jalon", "jalon.db"}) {
        const RunResult result = run_jalon({"--db", url, "init"});
        EXPECT_EQ(result.exit_code, 2) << url;
        EXPECT_NE(result.err.find("expected sqlite:PATH or postgresql://USER@HOST:PORT/DBNAME"),
                  std::string::npos)
            << result.err;
    }
    fs::current_path(here);
    EXPECT_TRUE(fs::is_empty(dir.path())) << "no file was created";
}

// Reports, log lines and errors show the database as postgresql://USER@HOST:PORT/DBNAME or
// sqlite:PATH: never the URL's query (the test cluster's URL sets search_path through it).
TEST(Cli, TheDatabaseIsShownWithoutItsQueryInReportsLogsAndErrors) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const std::string shown = DatabaseUrl::parse(db.url()).display();
    EXPECT_EQ(shown.find('?'), std::string::npos) << shown;
    const auto hidden = [](const std::string& text) {
        return text.find("search_path") == std::string::npos &&
               text.find("options=") == std::string::npos;
    };
    const RunResult init = run_jalon({db.arg(), "init"});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    EXPECT_NE(init.err.find("migrating " + shown + " "), std::string::npos) << init.err;
    EXPECT_NE(init.out.find("database " + shown + " "), std::string::npos) << init.out;
    EXPECT_TRUE(hidden(init.out + init.err)) << init.out << init.err;
    const std::string id = "blois-bilan-mi-parcours-2020-2026-ville-solidaire";
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", sample_files()[1].string()}).exit_code, 0);
    const RunResult evaluated = run_jalon({db.arg(), "evaluate", "--scheme", id, "--year", "2023"});
    ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
    EXPECT_TRUE(hidden(evaluated.out + evaluated.err));
    const RunResult absent = run_jalon({db.arg(), "scheme", "show", "nope"});
    EXPECT_EQ(absent.exit_code, 2);
    EXPECT_NE(absent.err.find(shown), std::string::npos) << absent.err;
    EXPECT_TRUE(hidden(absent.err)) << absent.err;

    const RunResult html = run_jalon({db.arg(), "report", "midterm", "--scheme", id, "--year",
                                      "2023", "-o", (dir / "bilan.html").string()});
    ASSERT_EQ(html.exit_code, 0) << html.err;
    const std::string page = read_file(dir / "bilan.html");
    EXPECT_TRUE(hidden(page));
    EXPECT_NE(page.find(shown), std::string::npos);
    const std::string cells = "import openpyxl,sys\n"
                              "for ws in openpyxl.load_workbook(sys.argv[1]).worksheets:\n"
                              "    for row in ws.iter_rows(values_only=True):\n"
                              "        print('|'.join(str(v) for v in row if v is not None))\n";
    for (const std::vector<std::string>& report :
         {std::vector<std::string>{"midterm", "--scheme", id, "--year", "2023", "-o",
                                   (dir / "bilan.xlsx").string()},
          {"annual", "--scheme", id, "--year", "2023", "-o", (dir / "annuel.xlsx").string()}}) {
        std::vector<std::string> args{db.arg(), "report"};
        args.insert(args.end(), report.begin(), report.end());
        const RunResult written = run_jalon(args);
        ASSERT_EQ(written.exit_code, 0) << written.err;
        const RunResult read = run_python(cells, {report.back()});
        ASSERT_EQ(read.exit_code, 0) << read.err;
        EXPECT_TRUE(hidden(read.out)) << report[0];
        EXPECT_NE(read.out.find(shown), std::string::npos) << report[0];
    }
}

namespace {

// Runs `jalon ARGS` (output discarded) in a child that execs only once `plant(its PID)` has run:
// the PID named the temporary file of a report, so links can be planted where it would go.
int run_jalon_after(const std::vector<std::string>& args,
                    const std::function<void(pid_t jalon)>& plant) {
    int go[2];
    if (::pipe(go) != 0)
        return -1;
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(go[1]);
        char byte = 0;
        if (::read(go[0], &byte, 1) != 1)
            ::_exit(126);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        std::vector<char*> argv{const_cast<char*>(JALON_EXECUTABLE)};
        for (const std::string& arg : args)
            argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        ::execv(JALON_EXECUTABLE, argv.data());
        ::_exit(127);
    }
    ::close(go[0]);
    plant(child);
    const bool released = ::write(go[1], "x", 1) == 1;
    ::close(go[1]);
    int status = 0;
    ::waitpid(child, &status, 0);
    return released && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// As `user`, in a forked child: links to `target` at each of `links`.
bool plant_links_as(const char* user, const fs::path& target, const std::vector<fs::path>& links) {
    const pid_t child = ::fork();
    if (child == 0) {
        const passwd* entry = ::getpwnam(user);
        if (!entry || ::setgroups(0, nullptr) != 0 || ::setgid(entry->pw_gid) != 0 ||
            ::setuid(entry->pw_uid) != 0)
            ::_exit(1);
        for (const fs::path& link : links)
            if (::symlink(target.c_str(), link.c_str()) != 0)
                ::_exit(2);
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace

// ---- issue 15, item 8: what no test held --------------------------------------------------------

namespace {

// A command of `jalon --help`'s list: its words ("data", "import") and its one-line summary.
struct ListedCommand {
    std::vector<std::string> words;
    std::string summary;
    std::string name() const {
        std::string n;
        for (const std::string& w : words)
            n += (n.empty() ? "" : " ") + w;
        return n;
    }
};

// The commands the CLI lists itself, so that a new one is covered without editing this file.
std::vector<ListedCommand> listed_commands() {
    const std::string out = run_jalon({"--help"}).out;
    const auto start = out.find("Commands:\n");
    if (start == std::string::npos)
        return {};
    const auto end = out.find("\n\n", start);
    std::istringstream lines(out.substr(start + 10, end - start - 10));
    std::vector<ListedCommand> commands;
    for (std::string line; std::getline(lines, line);) {
        // "  data import FILE            summary": usage, then at least two spaces, then summary.
        const auto gap = line.find("  ", 2);
        std::istringstream usage(line.substr(2, gap - 2));
        ListedCommand command;
        for (std::string word; usage >> word;)
            if (std::regex_match(word, std::regex("[a-z][a-z-]*")))
                command.words.push_back(word);
        const auto summary = line.find_first_not_of(' ', gap);
        command.summary = summary == std::string::npos ? "" : line.substr(summary);
        commands.push_back(command);
    }
    return commands;
}

// README.md and docs/*.md, one after the other.
std::string documentation() {
    std::string text = read_file(source_path("README.md"));
    for (const auto& entry : fs::directory_iterator(source_path("docs")))
        if (entry.path().extension() == ".md")
            text += read_file(entry.path());
    return text;
}

// The options the documentation gives a command in its inline synopses (`jalon data import FILE
// [--scheme ID] [--synthetic]`).
std::set<std::string> documented_options(const std::string& docs, const std::string& command) {
    std::set<std::string> options;
    const std::regex synopsis("`jalon (?:--db[= ][^ `]+ )?" + command + "\\b([^`\\n]*)`");
    const std::regex option("--[a-z][a-z-]*");
    for (auto it = std::sregex_iterator(docs.begin(), docs.end(), synopsis);
         it != std::sregex_iterator(); ++it) {
        const std::string rest = (*it)[1];
        for (auto o = std::sregex_iterator(rest.begin(), rest.end(), option);
             o != std::sregex_iterator(); ++o)
            options.insert(o->str());
    }
    return options;
}

const std::string vienne = "vienne-schema-unique-solidarites-2025-2029";

// The Vienne sample with its synthetic targets (overlay) and synthetic data, as the demo has it.
void import_synthetic_vienne(const TestDatabase& db) {
    const RunResult scheme = run_jalon(
        {db.arg(), "-q", "scheme", "import", source_path("samples/" + vienne + ".yaml").string(),
         "--overlay", source_path("samples/synthetic/" + vienne + ".targets.yaml").string()});
    ASSERT_EQ(scheme.exit_code, 0) << scheme.err;
    const RunResult data =
        run_jalon({db.arg(), "-q", "data", "import",
                   source_path("samples/synthetic/" + vienne + ".csv").string(), "--synthetic"});
    ASSERT_EQ(data.exit_code, 0) << data.err;
    EXPECT_NE(data.out.find("labelled synthetic"), std::string::npos) << data.out;
}

// Every non-empty cell of a workbook as text, per sheet (openpyxl), and the document properties
// under the name "(properties)".
std::map<std::string, std::string> workbook_texts(const fs::path& file) {
    const RunResult read =
        run_python("import openpyxl, sys\n"
                   "wb = openpyxl.load_workbook(sys.argv[1])\n"
                   "p = wb.properties\n"
                   "print('(properties)\\t%s %s %s' % (p.title, p.description, p.created))\n"
                   "for ws in wb.worksheets:\n"
                   "    print(ws.title + '\\t')\n"
                   "    for row in ws.iter_rows(values_only=True):\n"
                   "        for v in row:\n"
                   "            if v is not None:\n"
                   "                print(ws.title + '\\t' + str(v).replace('\\n', ' '))\n",
                   {file.string()});
    EXPECT_EQ(read.exit_code, 0) << read.err;
    std::map<std::string, std::string> texts;
    std::istringstream lines(read.out);
    for (std::string line; std::getline(lines, line);) {
        const auto tab = line.find('\t');
        if (tab != std::string::npos)
            texts[line.substr(0, tab)] += line.substr(tab + 1) + "\n";
    }
    return texts;
}

} // namespace

// A team folder anyone may write to: `nobody` plants links to a file of root's at the output and
// at the temporary name of `jalon report annual`, `report midterm` and `data template` run by
// root. None is followed: the file is intact and each output is a new file of mode 0666 & ~umask.
TEST(Cli, ReportsAndTemplatesFollowNoLinkPlantedInASharedFolder) {
    if (::geteuid() != 0 || !::getpwnam("nobody"))
        GTEST_SKIP() << "needs root and the user nobody";
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const std::string id = "blois-bilan-mi-parcours-2020-2026-ville-solidaire";
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", sample_files()[1].string()}).exit_code, 0);
    ASSERT_EQ(run_jalon({db.arg(), "evaluate", "--scheme", id, "--year", "2023"}).exit_code, 0);
    fs::permissions(dir.path(),
                    fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    const fs::path shared = dir / "shared";
    fs::create_directory(shared);
    fs::permissions(shared, fs::perms::all);
    const fs::path victim = dir / "victim.conf";
    write_file(victim, "root's own settings\n");
    const mode_t mask = ::umask(022);
    ::umask(mask);
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"report", "annual", "--scheme", id, "--year", "2023", "-o",
                                   "annuel.xlsx"},
          {"report", "midterm", "--scheme", id, "--year", "2023", "-o", "bilan.html"},
          {"data", "template", "--scheme", id, "--year", "2023", "-o", "saisie.xlsx"}}) {
        const fs::path output = shared / command.back();
        std::vector<std::string> args{db.arg()};
        args.insert(args.end(), command.begin(), command.end() - 1);
        args.push_back(output.string());
        const int status = run_jalon_after(args, [&](pid_t jalon) {
            const std::string temporary = "." + command.back() + ".tmp-" + std::to_string(jalon);
            EXPECT_TRUE(plant_links_as("nobody", victim,
                                       {output, shared / temporary, shared / (temporary + "-")}));
        });
        EXPECT_EQ(status, 0) << command[1];
        EXPECT_EQ(read_file(victim), "root's own settings\n") << command[1] << " followed a link";
        EXPECT_FALSE(fs::is_symlink(output)) << command[1];
        struct stat st {};
        ASSERT_EQ(::lstat(output.c_str(), &st), 0) << command[1];
        EXPECT_TRUE(S_ISREG(st.st_mode));
        EXPECT_EQ(st.st_mode & 07777, 0666 & ~mask) << command[1];
        EXPECT_EQ(st.st_uid, 0u);
    }
}

TEST(CliHelp, EveryListedCommandHasHelpNamingItsDocumentedOptions) {
    const std::vector<ListedCommand> commands = listed_commands();
    ASSERT_GE(commands.size(), 18u) << "the command list of jalon --help was not found";
    const std::string docs = documentation();
    for (const ListedCommand& command : commands) {
        const std::string name = command.name();
        ASSERT_FALSE(command.words.empty());
        std::vector<std::string> args = command.words;
        args.push_back("--help");
        const RunResult help = run_jalon(args);
        EXPECT_EQ(help.exit_code, 0) << name << ": " << help.err;
        EXPECT_EQ(help.out.rfind("Usage: jalon " + name, 0), 0u) << help.out;
        EXPECT_NE(help.out.find(command.summary), std::string::npos) << name << ":\n" << help.out;
        EXPECT_NE(help.out.find("--db"), std::string::npos) << name << ": global options";
        EXPECT_TRUE(help.err.empty()) << name << ": " << help.err;
        EXPECT_NE(docs.find("jalon " + name), std::string::npos)
            << name << " is in no page of the documentation (README.md, docs/)";
        for (const std::string& option : documented_options(docs, name))
            EXPECT_NE(help.out.find(option + " "), std::string::npos)
                << "jalon " << name << " --help does not name " << option
                << ", which the documentation gives it:\n"
                << help.out;
        // -h is --help too.
        args.back() = "-h";
        EXPECT_EQ(run_jalon(args).out, help.out) << name;
    }
    // Each group of commands lists its own.
    for (const ListedCommand& command : commands) {
        if (command.words.size() < 2)
            continue;
        const RunResult group = run_jalon({command.words.front(), "--help"});
        EXPECT_EQ(group.exit_code, 0) << command.words.front();
        EXPECT_NE(group.out.find("  " + command.name()), std::string::npos) << group.out;
    }
}

TEST(CliHelp, TheListedCommandsAreFoundByTheirHelp) {
    // The parser of the list above against what it must find, so that it cannot pass on nothing.
    std::set<std::string> names;
    for (const ListedCommand& c : listed_commands())
        names.insert(c.name());
    for (const char* expected : {"init", "scheme import", "data template", "evaluate", "runs show",
                                 "report midterm", "plugins list"})
        EXPECT_TRUE(names.count(expected)) << expected;
    EXPECT_EQ(
        documented_options("`jalon evaluate --scheme ID --year Y [--territory T]`", "evaluate"),
        (std::set<std::string>{"--scheme", "--territory", "--year"}));
}

TEST(CliTerritory, EvaluateForATerritoryGivesItsSubtreeWithTheWholeRunsValues) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_NO_FATAL_FAILURE(import_synthetic_vienne(db));
    const RunResult whole =
        run_jalon({db.arg(), "-q", "evaluate", "--scheme", vienne, "--year", "2027"});
    ASSERT_EQ(whole.exit_code, 0) << whole.err;
    const RunResult part = run_jalon({db.arg(), "-q", "evaluate", "--scheme", vienne, "--year",
                                      "2027", "--territory", "territoire-poitiers"});
    ASSERT_EQ(part.exit_code, 0) << part.err;
    // 117 indicators × 2 territories (the territoire and its MDS) × 3 years.
    EXPECT_NE(part.out.find("run 2: " + vienne + " 2027, 702 results"), std::string::npos)
        << part.out;
    EXPECT_NE(part.out.find("at territoire-poitiers:"), std::string::npos) << part.out;

    EXPECT_EQ(query_rows(db.url(), "SELECT territory_code FROM evaluation_run WHERE id = 2"),
              std::vector<std::string>{"territoire-poitiers"});
    EXPECT_EQ(query_rows(db.url(), "SELECT DISTINCT territory_code FROM indicator_result WHERE "
                                   "run_id = 2 ORDER BY territory_code"),
              (std::vector<std::string>{"mds-poitiers", "territoire-poitiers"}));
    // Below the scheme's territory there is no verdict against the scheme-wide target: the
    // subtree's values and statuses are those of the whole run.
    const std::string columns = "SELECT indicator_code, territory_code, year, value, status, "
                                "synthetic, note FROM indicator_result WHERE run_id = ";
    const std::string order = " ORDER BY indicator_code, territory_code, year";
    const auto in_part = query_rows(db.url(), columns + "2" + order);
    EXPECT_EQ(in_part, query_rows(db.url(), columns +
                                                "1 AND territory_code IN "
                                                "('territoire-poitiers', 'mds-poitiers')" +
                                                order));
    EXPECT_EQ(query_rows(db.url(), "SELECT DISTINCT status FROM indicator_result WHERE run_id = 2 "
                                   "ORDER BY status"),
              (std::vector<std::string>{"non-renseigne", "sans-cible"}));

    const RunResult listed = run_jalon({db.arg(), "runs", "list"});
    EXPECT_NE(listed.out.find(vienne + " 2027 territory territoire-poitiers"), std::string::npos)
        << listed.out;
    const RunResult shown = run_jalon({db.arg(), "runs", "show", "2"});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("shown: territory territoire-poitiers, year 2027"), std::string::npos)
        << shown.out;
    EXPECT_NE(shown.out.find("options: year=2027 territory=territoire-poitiers"), std::string::npos)
        << shown.out;

    // A territory the scheme does not have: refused, naming it, and no run stored.
    const RunResult unknown = run_jalon({db.arg(), "-q", "evaluate", "--scheme", vienne, "--year",
                                         "2027", "--territory", "poitou"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("no territory 'poitou'"), std::string::npos) << unknown.err;
    EXPECT_EQ(query_rows(db.url(), "SELECT COUNT(*) FROM evaluation_run"),
              std::vector<std::string>{"2"});
}

TEST(CliTerritory, ReportsOfATerritoryRunAreAboutThatTerritory) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_NO_FATAL_FAILURE(import_synthetic_vienne(db));
    ASSERT_EQ(run_jalon({db.arg(), "-q", "evaluate", "--scheme", vienne, "--year", "2027",
                         "--territory", "territoire-poitiers"})
                  .exit_code,
              0);
    const fs::path annual = dir / "poitiers.xlsx", html = dir / "poitiers.html";
    const RunResult a = run_jalon({db.arg(), "-q", "report", "annual", "--scheme", vienne, "--year",
                                   "2027", "--run", "1", "-o", annual.string()});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    const RunResult m = run_jalon({db.arg(), "-q", "report", "midterm", "--scheme", vienne,
                                   "--year", "2027", "--run", "1", "-o", html.string()});
    ASSERT_EQ(m.exit_code, 0) << m.err;

    const auto sheets = workbook_texts(annual);
    ASSERT_TRUE(sheets.count("Synthèse") && sheets.count("Territoires"));
    EXPECT_NE(sheets.at("Synthèse").find("Territoire\nTerritoire de Poitiers\n"), std::string::npos)
        << sheets.at("Synthèse");
    // The territories' sheet has the subtree's columns, not the département's.
    const std::string& territories = sheets.at("Territoires");
    EXPECT_NE(territories.find("Territoire de Poitiers\n"), std::string::npos) << territories;
    EXPECT_NE(territories.find("› MDS de Poitiers\n"), std::string::npos) << territories;
    EXPECT_EQ(territories.find("Département de la Vienne"), std::string::npos) << territories;
    EXPECT_EQ(territories.find("Territoire de Châtelleraut"), std::string::npos);
    // The summary counts the verdicts at that territory: none against a target there.
    EXPECT_NE(sheets.at("Synthèse").find("26 sont non renseignés et 91 sans cible"),
              std::string::npos)
        << sheets.at("Synthèse");

    const std::string page = read_file(html);
    EXPECT_NE(page.find("<dt>Territoire</dt><dd>Territoire de Poitiers</dd>"), std::string::npos);
}

TEST(CliSynthetic, SyntheticDataAndTargetsAreLabelledInEveryListing) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_NO_FATAL_FAILURE(import_synthetic_vienne(db)); // "labelled synthetic" on import
    const RunResult evaluated =
        run_jalon({db.arg(), "-q", "evaluate", "--scheme", vienne, "--year", "2027"});
    EXPECT_NE(evaluated.out.find("[synthetic data or targets]"), std::string::npos)
        << evaluated.out;
    EXPECT_NE(run_jalon({db.arg(), "runs", "list"}).out.find("  [synthetic]"), std::string::npos);
    const RunResult shown = run_jalon({db.arg(), "runs", "show", "1"});
    EXPECT_NE(shown.out.find("* marks results resting on synthetic (illustrative) data or targets"),
              std::string::npos)
        << shown.out;
    EXPECT_TRUE(std::regex_search(shown.out, std::regex("\n  1\\.1\\.1-I1 [^\n]* \\*(\n|  —)")))
        << shown.out;
    const RunResult history = run_jalon(
        {db.arg(), "data", "history", "--series", "1.1.1-I1", "--territory", "efs-chauvigny"});
    ASSERT_EQ(history.exit_code, 0) << history.err;
    EXPECT_NE(history.out.find("12 (synthetic)"), std::string::npos) << history.out;

    // The same scheme with neither: no label anywhere.
    TempDir plain_dir;
    const TestDatabase plain(plain_dir, "plain.db");
    ASSERT_EQ(run_jalon({plain.arg(), "-q", "scheme", "import",
                         source_path("samples/" + vienne + ".yaml").string()})
                  .exit_code,
              0);
    // Under a name of its own: the sample's path holds the word.
    write_file(plain_dir / "donnees.csv",
               read_file(source_path("samples/synthetic/" + vienne + ".csv")));
    const RunResult imported =
        run_jalon({plain.arg(), "data", "import", (plain_dir / "donnees.csv").string()});
    EXPECT_EQ(imported.out.find("synthetic"), std::string::npos) << imported.out;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"-q", "evaluate", "--scheme", vienne, "--year", "2027"},
          {"runs", "list"},
          {"runs", "show", "1"},
          {"data", "history", "--series", "1.1.1-I1", "--territory", "efs-chauvigny"}}) {
        std::vector<std::string> all{plain.arg()};
        all.insert(all.end(), args.begin(), args.end());
        const RunResult r = run_jalon(all);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.out.find("synthetic"), std::string::npos) << args[0] << ":\n" << r.out;
        EXPECT_EQ(r.out.find(" *\n"), std::string::npos) << args[0] << ":\n" << r.out;
    }
}

TEST(CliSynthetic, EverySheetShowingSyntheticFiguresSaysSo) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_NO_FATAL_FAILURE(import_synthetic_vienne(db));
    const fs::path annual = dir / "annual.xlsx", review = dir / "review.xlsx",
                   page = dir / "review.html", entry = dir / "template.xlsx";
    for (const auto& [kind, output] :
         {std::pair{"annual", annual}, {"midterm", review}, {"midterm", page}}) {
        const RunResult r = run_jalon({db.arg(), "-q", "report", kind, "--scheme", vienne, "--year",
                                       "2027", "-o", output.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    const RunResult t = run_jalon({db.arg(), "-q", "data", "template", "--scheme", vienne, "--year",
                                   "2027", "-o", entry.string()});
    ASSERT_EQ(t.exit_code, 0) << t.err;

    // Every sheet that shows figures, targets or statuses of indicators carries the word; only
    // the sheets of actions (statuses recorded by people, never synthetic) may go without.
    const auto check = [](const fs::path& file, const std::set<std::string>& without) {
        const auto sheets = workbook_texts(file);
        EXPECT_GT(sheets.size(), without.size() + 1) << file;
        for (const auto& [sheet, text] : sheets) {
            if (sheet == "(properties)" || without.count(sheet))
                continue;
            EXPECT_NE(text.find("ynthéti"), std::string::npos)
                << file.filename() << ": sheet '" << sheet << "' shows synthetic values unlabelled";
        }
        return sheets;
    };
    const auto annual_sheets = check(annual, {"Actions"});
    EXPECT_NE(annual_sheets.at("(properties)").find("synthétiques"), std::string::npos);
    // The territories' key figures are the document's, never synthetic.
    const auto review_sheets = check(review, {"Réalisés mais non prévus", "Territoires"});
    EXPECT_EQ(review_sheets.count("Territoires"), 1u);
    const auto entry_sheets = check(entry, {"Actions", "_jalon"});
    EXPECT_NE(entry_sheets.at("Saisie").find("Année précédente (synthétique)"), std::string::npos)
        << entry_sheets.at("Saisie").substr(0, 400);
    // (Targets are shown at the scheme's territory only, never a leaf of Vienne's tree: the target
    // column's label is tested in template_test.)
    EXPECT_NE(read_file(page).find("<p class=\"banner\" role=\"note\">Données et cibles "
                                   "synthétiques"),
              std::string::npos);

    // Without synthetic data or targets, no banner and no marked column.
    TempDir plain_dir;
    const TestDatabase plain(plain_dir, "plain.db");
    ASSERT_EQ(run_jalon({plain.arg(), "-q", "scheme", "import",
                         source_path("samples/" + vienne + ".yaml").string()})
                  .exit_code,
              0);
    ASSERT_EQ(run_jalon({plain.arg(), "-q", "data", "import",
                         source_path("samples/synthetic/" + vienne + ".csv").string()})
                  .exit_code,
              0);
    ASSERT_EQ(run_jalon({plain.arg(), "-q", "report", "annual", "--scheme", vienne, "--year",
                         "2027", "-o", (plain_dir / "a.xlsx").string()})
                  .exit_code,
              0);
    ASSERT_EQ(run_jalon({plain.arg(), "-q", "data", "template", "--scheme", vienne, "--year",
                         "2027", "-o", (plain_dir / "t.xlsx").string()})
                  .exit_code,
              0);
    for (const char* name : {"a.xlsx", "t.xlsx"})
        for (const auto& [sheet, text] : workbook_texts(plain_dir / name)) {
            EXPECT_EQ(text.find("synthétiques"), std::string::npos) << name << " " << sheet;
            EXPECT_EQ(text.find("(synthétique)"), std::string::npos) << name << " " << sheet;
        }
}

TEST(CliDeterminism, ReportsWrittenAtAnotherSecondHaveTheSameBytes) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_NO_FATAL_FAILURE(import_synthetic_vienne(db));
    ASSERT_EQ(
        run_jalon({db.arg(), "-q", "evaluate", "--scheme", vienne, "--year", "2027"}).exit_code, 0);
    const std::vector<std::pair<std::string, std::vector<std::string>>> outputs{
        {"annual.xlsx", {"report", "annual", "--scheme", vienne, "--year", "2027"}},
        {"review.xlsx", {"report", "midterm", "--scheme", vienne, "--year", "2027"}},
        {"review.html", {"report", "midterm", "--scheme", vienne, "--year", "2027"}},
        {"template.xlsx", {"data", "template", "--scheme", vienne, "--year", "2027"}}};
    const auto write_all = [&](const std::string& prefix) {
        for (const auto& [name, command] : outputs) {
            std::vector<std::string> args{db.arg(), "-q"};
            args.insert(args.end(), command.begin(), command.end());
            args.push_back("-o");
            args.push_back((dir / (prefix + name)).string());
            const RunResult r = run_jalon(args);
            ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
        }
    };
    ASSERT_NO_FATAL_FAILURE(write_all("first-"));
    // Past the next second of the clock: anything dated by it would differ.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    ASSERT_NO_FATAL_FAILURE(write_all("second-"));
    for (const auto& [name, command] : outputs)
        EXPECT_TRUE(read_file(dir / ("first-" + name)) == read_file(dir / ("second-" + name)))
            << name << " differs when written a second later";
}

TEST(CliOverlay, ARefusedOverlayExitsTwoNamingItsLineAndStoresNothing) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const std::string targets =
        read_file(source_path("samples/synthetic/" + vienne + ".targets.yaml"));
    const auto line_of = [](const std::string& text, const std::string& part) {
        return 1 + std::count(text.begin(),
                              text.begin() + static_cast<std::ptrdiff_t>(text.find(part)), '\n');
    };
    const auto replaced = [](std::string text, const std::string& from, const std::string& to) {
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    const std::string first_indicator = "\n  \"1.1.1-I1\":";
    ASSERT_NE(targets.find("scheme: " + vienne), std::string::npos);
    ASSERT_NE(targets.find(first_indicator), std::string::npos) << targets.substr(0, 400);
    const std::vector<std::tuple<std::string, std::string, std::string>> cases{
        {replaced(targets, "scheme: " + vienne, "scheme: agglopolys-pst-2022-2027"),
         "scheme: ", "the overlay is for scheme 'agglopolys-pst-2022-2027'"},
        {replaced(targets, "format: jalon-overlay/1", "format: jalon-scheme/1"),
         "format: ", "unsupported format 'jalon-scheme/1'"},
        {replaced(targets, first_indicator, "\n  \"9.9.9-I9\":"),
         "\"9.9.9-I9\":", "no indicator '9.9.9-I9'"}};
    for (const auto& [text, marker, message] : cases) {
        const fs::path overlay = dir / "overlay.yaml";
        write_file(overlay, text);
        const RunResult r = run_jalon({db.arg(), "scheme", "import",
                                       source_path("samples/" + vienne + ".yaml").string(),
                                       "--overlay", overlay.string()});
        EXPECT_EQ(r.exit_code, 2) << message;
        EXPECT_NE(r.err.find(overlay.string() + ":" + std::to_string(line_of(text, marker)) + ":"),
                  std::string::npos)
            << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_FALSE(database_exists(db)) << message << ": nothing stored";
    }
}

TEST(CliTerritory, ReportsWithoutARunTakeAndCompareRunsOfTheWholeScheme) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    ASSERT_NO_FATAL_FAILURE(import_synthetic_vienne(db));
    const auto evaluate = [&](const std::vector<std::string>& more) {
        std::vector<std::string> args{db.arg(), "-q",     "evaluate", "--scheme",
                                      vienne,   "--year", "2027"};
        args.insert(args.end(), more.begin(), more.end());
        const RunResult r = run_jalon(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
    };
    const auto report = [&](const std::string& kind, const fs::path& output) {
        const RunResult r = run_jalon({db.arg(), "-q", "report", kind, "--scheme", vienne, "--year",
                                       "2027", "-o", output.string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.out;
    };
    evaluate({}); // run 1: the whole scheme
    write_file(dir / "correction.csv", "series,territory,period,value\n"
                                       "1.1.1-I1,efs-chauvigny,2027,99\n");
    ASSERT_EQ(run_jalon({db.arg(), "-q", "data", "import", (dir / "correction.csv").string(),
                         "--scheme", vienne, "--synthetic"})
                  .exit_code,
              0);
    evaluate({"--territory", "territoire-chatellerault-loudun"}); // run 2: one territory
    // The latest run of the whole scheme, not the latest run.
    EXPECT_NE(report("annual", dir / "a.xlsx").find(", run 1, "), std::string::npos);
    EXPECT_NE(report("midterm", dir / "m.html").find(", run 1, "), std::string::npos);

    evaluate({}); // run 3: the whole scheme again, with the corrected value
    EXPECT_NE(report("annual", dir / "b.xlsx").find(", run 3, "), std::string::npos);
    // Compared with run 1, not with run 2, which has no value at Chauvigny.
    const std::string quality = workbook_texts(dir / "b.xlsx")["Qualité des données"];
    EXPECT_NE(quality.find("Valeur modifiée depuis l'évaluation précédente\n1.1.1-I1\n"),
              std::string::npos)
        << quality.substr(0, 2000);
}

// ---- re-imports that never lose data silently (issue 17, item 4) --------------------------------

namespace {

// A small scheme of two axes; `extra_nodes` go under axis B, `territories` under the town.
std::string reimport_scheme(const std::string& a1_title = "Accueil",
                            const std::string& extra_nodes = "",
                            const std::string& territories = "{code: qpv, name: Quartier}") {
    return "format: jalon-scheme/1\n"
           "id: reimport\n"
           "title: Schéma de test\n"
           "owner: Ville\n"
           "period: {start: 2024, end: 2028}\n"
           "levels: [axe, action]\n"
           "territories:\n"
           "  - {code: ville, name: Ville, children: [" +
           territories +
           "]}\n"
           "nodes:\n"
           "  - code: A\n"
           "    level: axe\n"
           "    title: Axe A\n"
           "    children:\n"
           "      - code: A1\n"
           "        level: action\n"
           "        title: " +
           a1_title +
           "\n"
           "        indicators:\n"
           "          - {code: A1-I1, label: Personnes, level: realisation, method: sum}\n"
           "          - {code: A1-I2, label: Ateliers, level: realisation, method: sum,\n"
           "             target: {value: 12, year: 2028}}\n"
           "  - code: B\n"
           "    level: axe\n"
           "    title: Axe B\n"
           "    children:\n"
           "      - {code: B1, level: action, title: Logement}\n" +
           extra_nodes;
}

const std::string reimport_overlay = "format: jalon-overlay/1\n"
                                     "scheme: reimport\n"
                                     "indicators:\n"
                                     "  A1-I1:\n"
                                     "    baseline: {value: 100, year: 2023}\n"
                                     "    milestones: [{year: 2026, value: 150}]\n"
                                     "    target: {value: 200, year: 2028}\n"
                                     "  A1-I2:\n"
                                     "    baseline: {value: 4, year: 2023}\n";

// The lines of `text` but the first and the dry run's last.
std::string detail_lines(const std::string& text) {
    std::string rest = text.substr(text.find('\n') + 1);
    if (const auto dry = rest.find("dry run: "); dry != std::string::npos)
        rest.erase(dry);
    return rest;
}

} // namespace

TEST(CliReimport, WithoutItsOverlayIsRefusedNamingItItsFileAndItsValues) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path scheme = dir / "schema.yaml", overlay = dir / "cibles-2025.yaml";
    write_file(scheme, reimport_scheme());
    write_file(overlay, reimport_overlay);
    const RunResult first =
        run_jalon({db.arg(), "scheme", "import", scheme.string(), "--overlay", overlay.string()});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_CONTAINS(first.out, "  overlay cibles-2025 (" + overlay.string() +
                                   "): 2 baselines, 1 milestone, 1 target\n");

    const std::vector<std::string> before = stored_state(db.url());
    const RunResult refused = run_jalon({db.arg(), "scheme", "import", scheme.string()});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_CONTAINS(
        refused.err,
        scheme.string() + ": overlay: scheme 'reimport' was imported with overlay 'cibles-2025' (" +
            overlay.string() +
            "), which holds 2 baselines, 1 milestone and 1 target; importing without "
            "it would lose them: pass --overlay " +
            overlay.string() + " to keep them, or --drop-overlay cibles-2025 to drop them");
    EXPECT_EQ(refused.out, "");
    EXPECT_EQ(stored_state(db.url()), before) << "nothing written";
    // A dry run is refused the same way: it says what the import would do.
    const RunResult dry = run_jalon({db.arg(), "scheme", "import", scheme.string(), "--dry-run"});
    EXPECT_EQ(dry.exit_code, 2);
    EXPECT_CONTAINS(dry.err, "--drop-overlay cibles-2025 to drop them");
    // Dropping an overlay it does not have is refused too.
    const RunResult unknown =
        run_jalon({db.arg(), "scheme", "import", scheme.string(), "--drop-overlay", "cibles-2024"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_CONTAINS(unknown.err, scheme.string() +
                                     ": --drop-overlay: scheme 'reimport' has no overlay "
                                     "'cibles-2024' to drop (its overlays: cibles-2025)");
    EXPECT_EQ(stored_state(db.url()), before);
    // Both applying and dropping one overlay makes no sense.
    const RunResult both = run_jalon({db.arg(), "scheme", "import", scheme.string(), "--overlay",
                                      overlay.string(), "--drop-overlay", "cibles-2025"});
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_CONTAINS(both.err, "is both applied (--overlay) and dropped (--drop-overlay)");
    EXPECT_EQ(stored_state(db.url()), before);
}

TEST(CliReimport, ItsOverlayPassedAgainKeepsTheValuesAndDroppingItOnPurposeRemovesThem) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path scheme = dir / "schema.yaml", overlay = dir / "cibles-2025.yaml";
    write_file(scheme, reimport_scheme());
    write_file(overlay, reimport_overlay);
    ASSERT_EQ(
        run_jalon({db.arg(), "scheme", "import", scheme.string(), "--overlay", overlay.string()})
            .exit_code,
        0);
    const auto from_overlay = [&] {
        return query_rows(db.url(), "SELECT code, baseline_origin, target_origin FROM indicator "
                                    "ORDER BY code");
    };
    const std::vector<std::string> origins = from_overlay();
    ASSERT_EQ(origins.size(), 2u);
    EXPECT_CONTAINS(origins[0], "cibles-2025");

    // The overlay moved to another folder: its id is what counts.
    fs::create_directories(dir / "autre");
    write_file(dir / "autre" / "cibles-2025.yaml", reimport_overlay);
    const RunResult again = run_jalon({db.arg(), "scheme", "import", scheme.string(), "--overlay",
                                       (dir / "autre" / "cibles-2025.yaml").string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_CONTAINS(again.out, "\n  no change in nodes, indicators, baselines, milestones, "
                               "targets, territories or series\n");
    EXPECT_EQ(from_overlay(), origins);

    const RunResult dropped =
        run_jalon({db.arg(), "scheme", "import", scheme.string(), "--drop-overlay", "cibles-2025"});
    ASSERT_EQ(dropped.exit_code, 0) << dropped.err;
    EXPECT_EQ(dropped.out,
              "updated reimport (revision 3) from " + scheme.string() +
                  ": 4 nodes, 2 indicators, 2 territories\n"
                  "  overlay cibles-2025 dropped (--drop-overlay): its values are gone\n"
                  "  baselines: 2 removed (A1-I1, A1-I2)\n"
                  "  milestones: 1 removed (A1-I1/2026)\n"
                  "  targets: 1 removed (A1-I1)\n");
    EXPECT_EQ(query_rows(db.url(), "SELECT COUNT(*) FROM indicator WHERE has_baseline = 1")[0],
              "0");
    // The scheme file's own target stays; nothing is recorded from an overlay any more, so the
    // file alone imports again.
    EXPECT_EQ(query_rows(db.url(), "SELECT code FROM indicator WHERE has_target = 1"),
              std::vector<std::string>{"A1-I2"});
    EXPECT_EQ(run_jalon({db.arg(), "scheme", "import", scheme.string()}).exit_code, 0);
}

TEST(CliReimport, PrintsWhatChangedCodeByCodeAndListsAtMostTenCodesPerChange) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path scheme = dir / "schema.yaml";
    write_file(scheme, reimport_scheme());
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", scheme.string()}).exit_code, 0);

    std::string many;
    for (int i = 1; i <= 12; ++i)
        many += "      - {code: B1." + std::to_string(i) + ", level: action, title: Étape " +
                std::to_string(i) + "}\n";
    std::string text = reimport_scheme("Accueil et orientation", many,
                                       "{code: qpv, name: Quartier}, {code: gare, name: Gare}");
    text.replace(text.find("target: {value: 12, year: 2028}"), 31,
                 "target: {value: 15, year: 2028}");
    text.replace(text.find("      - {code: B1, level: action, title: Logement}\n"), 51, "");
    write_file(scheme, text);
    const RunResult r = run_jalon({db.arg(), "scheme", "import", scheme.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "updated reimport (revision 2) from " + scheme.string() +
                         ": 15 nodes (+12 new, -1 removed), 2 indicators, 3 territories (+1 new, "
                         "-0 removed)\n"
                         "  nodes: 12 added (B1.1, B1.2, B1.3, B1.4, B1.5, B1.6, B1.7, B1.8, "
                         "B1.9, B1.10, and 2 more), 1 changed (A1), 1 removed (B1)\n"
                         "  targets: 1 changed (A1-I2)\n"
                         "  territories: 1 added (gare)\n");
}

TEST(CliReimport, DryRunPrintsWhatTheImportPrintsAndWritesNothing) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path scheme = dir / "schema.yaml";
    write_file(scheme, reimport_scheme());
    ASSERT_EQ(run_jalon({db.arg(), "scheme", "import", scheme.string()}).exit_code, 0);
    // Data against a territory, a node and a series the next file removes.
    write_file(dir / "data.csv", "series,territory,period,value\nA1-I1,qpv,2024,7\nA1-I1,qpv,"
                                 "2025,9\nA1-I2,ville,2025,3\n");
    const RunResult data = run_jalon(
        {db.arg(), "data", "import", (dir / "data.csv").string(), "--scheme", "reimport"});
    ASSERT_EQ(data.exit_code, 0) << data.err;
    const RunResult status = run_jalon({db.arg(), "status", "set", "--scheme", "reimport", "--node",
                                        "B1", "--year", "2025", "--status", "en cours"});
    ASSERT_EQ(status.exit_code, 0) << status.err;

    std::string text = reimport_scheme("Accueil", "", "{code: gare, name: Gare}");
    const auto cut = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        text.replace(at, from.size(), to);
    };
    cut("      - {code: B1, level: action, title: Logement}\n",
        "      - {code: B2, level: action, title: Logement}\n");
    cut("          - {code: A1-I2, label: Ateliers, level: realisation, method: sum,\n"
        "             target: {value: 12, year: 2028}}\n",
        "");
    write_file(scheme, text);

    const std::vector<std::string> before = stored_state(db.url());
    const RunResult dry = run_jalon({db.arg(), "scheme", "import", scheme.string(), "--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_EQ(stored_state(db.url()), before) << "a dry run writes nothing";
    const std::string details =
        "  nodes: 1 added (B2), 1 removed (B1)\n"
        "  indicators: 1 removed (A1-I2)\n"
        "  targets: 1 removed (A1-I2)\n"
        "  territories: 1 added (gare), 1 retired with their data (qpv)\n"
        "  kept in the database against codes no longer in the scheme (out of evaluations and "
        "reports; back if a file lists the code again):\n"
        "    series A1-I2: 1 yearly value (2025)\n"
        "    node B1: 1 follow-up (2025)\n"
        "    territory qpv, retired: 2 yearly values (2024-2025)\n";
    const std::string counts = " reimport (revision 2) from " + scheme.string() +
                               ": 4 nodes (+1 new, -1 removed), 1 indicator (+0 new, -1 removed), "
                               "2 territories (+1 new, -0 removed, 1 retired with their data)\n";
    EXPECT_EQ(dry.out, "would update" + counts + details + "dry run: nothing was written to " +
                           (on_postgresql() ? dry.out.substr(dry.out.rfind(" to ") + 4)
                                            : std::string("jalon.db\n")));

    const RunResult real = run_jalon({db.arg(), "scheme", "import", scheme.string()});
    ASSERT_EQ(real.exit_code, 0) << real.err;
    EXPECT_EQ(real.out, "updated" + counts + details);
    EXPECT_EQ(detail_lines(real.out), detail_lines(dry.out));
    EXPECT_NE(stored_state(db.url()), before);
}

TEST(CliReimport, DryRunWithoutADatabaseCreatesNone) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const fs::path scheme = dir / "schema.yaml";
    write_file(scheme, reimport_scheme());
    const RunResult dry = run_jalon({db.arg(), "scheme", "import", scheme.string(), "--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_CONTAINS(dry.out, "would import reimport (revision 1) from " + scheme.string() +
                                 ": 4 nodes, 2 indicators, 2 territories\n");
    if (!on_postgresql()) {
        EXPECT_FALSE(database_exists(db));
    }
    EXPECT_EQ(run_jalon({db.arg(), "scheme", "list"}).out.find("reimport"), std::string::npos);
}

namespace {

// The Method and Data quality sheets of an annual workbook, read back (openpyxl): each
// indicator's method as the Method sheet shows it (column "Méthode"/"Method"), its method code
// (column "Code méthode"/"Method code"), and every other text of both sheets except the
// parameters as the scheme file writes them (parameter names are codes, for technicians).
struct MethodTexts {
    std::vector<std::string> methods;
    std::vector<std::string> codes;
    std::string texts;
};

MethodTexts method_texts(const fs::path& workbook, bool english) {
    const RunResult read =
        run_python("import openpyxl, sys\n"
                   "wb = openpyxl.load_workbook(sys.argv[1])\n"
                   "en = sys.argv[2] == 'en'\n"
                   "method, code, params = (('Method', 'Method code', 'Parameters') if en else\n"
                   "                        ('Méthode', 'Code méthode', 'Paramètres'))\n"
                   "ws = wb[method]\n"
                   "header = None\n"
                   "for row in ws.iter_rows(values_only=True):\n"
                   "    cells = ['' if v is None else str(v) for v in row]\n"
                   "    if header is None and method in cells and code in cells:\n"
                   "        header = cells\n"
                   "        continue\n"
                   "    if header is not None:\n"
                   "        if len(cells) > header.index(code) and cells[header.index(code)]:\n"
                   "            print('M\\t' + cells[header.index(method)])\n"
                   "            print('C\\t' + cells[header.index(code)])\n"
                   "            cells[header.index(code)] = cells[header.index(params)] = ''\n"
                   "        else:\n"
                   "            header = None\n"
                   "    for c in cells:\n"
                   "        if c: print('T\\t' + c.replace('\\n', ' '))\n"
                   "for row in wb['Data quality' if en else 'Qualité des "
                   "données'].iter_rows(values_only=True):\n"
                   "    for v in row:\n"
                   "        if v is not None: print('T\\t' + str(v).replace('\\n', ' '))\n",
                   {workbook.string(), english ? "en" : "fr"});
    EXPECT_EQ(read.exit_code, 0) << read.err;
    MethodTexts out;
    std::istringstream lines(read.out);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("M\t", 0) == 0)
            out.methods.push_back(line.substr(2));
        else if (line.rfind("C\t", 0) == 0)
            out.codes.push_back(line.substr(2));
        else if (line.rfind("T\t", 0) == 0)
            out.texts += line.substr(2) + "\n";
    }
    return out;
}

bool has_word(const std::string& text, const std::string& word) {
    return std::regex_search(text, std::regex("(^|[^A-Za-z_])" + word + "($|[^A-Za-z_])"));
}

} // namespace

// The plugins' method labels and result notes reach the annual workbook in its language: the
// French workbook's Méthode and Qualité des données sheets hold the French ones and none of the
// English words or method codes they used to (the codes stay in the small "Code méthode" column,
// for technicians); the English workbook holds the English ones and none of the French.
TEST(CliLanguage, MethodLabelsAndNotesFollowTheWorkbooksLanguage) {
    TempDir dir;
    const TestDatabase db(dir, "jalon.db");
    const std::vector<std::pair<std::string, std::string>> schemes{
        {"blois-contrat-de-ville-perr-2020-2022", "2022"}, {vienne, "2027"}};
    // The method codes of the samples and the English notes the plugins write there.
    const std::vector<std::string> codes{"sum",        "last",      "milestone", "ratio",
                                         "cumulative", "qpv_share", "qpv_rate"};
    const std::vector<std::string> english{"no data",           "zero the rate",
                                           "zero denominator",  "denominator",
                                           "numerator",         "the whole",
                                           "rate outside",      "not computed",
                                           "Sum over the year", "Share going to QPV residents",
                                           "Year-end value"};
    const std::vector<std::string> french{"aucune donnée",
                                          "dénominateur nul",
                                          "Somme sur l'année",
                                          "Part des habitants en QPV",
                                          "Valeur en fin d'année",
                                          "Jalon atteint ou non",
                                          "non calculé"};
    std::string all_fr, all_en;
    std::set<std::string> methods_fr, methods_en;
    for (const auto& [id, year] : schemes) {
        SCOPED_TRACE(id);
        ASSERT_EQ(run_jalon({db.arg(), "-q", "scheme", "import",
                             source_path("samples/" + id + ".yaml").string(), "--overlay",
                             source_path("samples/synthetic/" + id + ".targets.yaml").string()})
                      .exit_code,
                  0);
        ASSERT_EQ(
            run_jalon({db.arg(), "-q", "data", "import",
                       source_path("samples/synthetic/" + id + ".csv").string(), "--synthetic"})
                .exit_code,
            0);
        for (const std::string language : {"fr", "en"}) {
            const fs::path out = dir / (id + "-" + language + ".xlsx");
            const RunResult r = run_jalon({db.arg(), "-q", "report", "annual", "--scheme", id,
                                           "--year", year, "--lang", language, "-o", out.string()});
            ASSERT_EQ(r.exit_code, 0) << r.err;
            const MethodTexts t = method_texts(out, language == "en");
            ASSERT_FALSE(t.methods.empty());
            EXPECT_EQ(t.methods.size(), t.codes.size());
            for (const std::string& code : t.codes)
                EXPECT_NE(std::find(codes.begin(), codes.end(), code), codes.end()) << code;
            for (const std::string& method : t.methods)
                EXPECT_EQ(std::find(codes.begin(), codes.end(), method), codes.end())
                    << language << ": the method column shows the code " << method;
            (language == "en" ? methods_en : methods_fr).insert(t.methods.begin(), t.methods.end());
            (language == "en" ? all_en : all_fr) += t.texts;
        }
    }
    EXPECT_EQ(methods_fr, (std::set<std::string>{
                              "Somme sur l'année", "Valeur en fin d'année (stock)",
                              "Jalon atteint ou non", "Rapport", "Cumul depuis le début du schéma",
                              "Part des habitants en QPV", "Taux en QPV ou hors QPV"}));
    EXPECT_EQ(methods_en, (std::set<std::string>{
                              "Sum over the year", "Year-end value (stock)",
                              "Milestone reached or not", "Ratio", "Running total since the start",
                              "Share going to QPV residents", "Rate inside or outside QPV"}));
    // The notes the samples' data give rise to, in each language. (The zero denominator of a rate
    // outside QPV arose on a QPV itself, where that rate is now not applicable.)
    for (const char* note : {"aucune donnée", "aucune donnée pour le taux hors QPV",
                             "aucune donnée pour la part en QPV ou pour l'ensemble"})
        EXPECT_NE(all_fr.find(note), std::string::npos) << note;
    for (const char* note : {"no data", "no data for the rate outside QPV",
                             "no data for the QPV part or the whole"})
        EXPECT_NE(all_en.find(note), std::string::npos) << note;
    for (const std::string& word : codes)
        EXPECT_FALSE(has_word(all_fr, word)) << "French workbook shows the code " << word;
    // (milestone, ratio… are also English words.)
    for (const std::string word : {"qpv_share", "qpv_rate"})
        EXPECT_FALSE(has_word(all_en, word)) << "English workbook shows the code " << word;
    for (const std::string& word : english)
        EXPECT_FALSE(has_word(all_fr, word)) << "French workbook shows '" << word << "'";
    for (const std::string& word : french)
        EXPECT_FALSE(has_word(all_en, word)) << "English workbook shows '" << word << "'";
}
