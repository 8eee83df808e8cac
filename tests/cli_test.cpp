// End to end: the `jalon` executable on real files and a real database (a SQLite file, or a
// PostgreSQL schema when the suite runs on PostgreSQL).
#include "test_support.hpp"

#include <jalon/store/database.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <regex>

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
