// End to end: the `jalon` executable on real files and a real database (a SQLite file, or a
// PostgreSQL schema when the suite runs on PostgreSQL).
#include "test_support.hpp"

#include <jalon/store/database.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <fcntl.h>
#include <functional>
#include <grp.h>
#include <pwd.h>
#include <regex>
#include <sys/stat.h>
#include <sys/wait.h>
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
