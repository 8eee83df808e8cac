// The workbook writer's own rules: sheet names, long texts, sheets continued past the row limit
// in constant-memory mode, and no file left behind by a failure.
#include "annual/sections.hpp"
#include "labels.hpp"
#include "test_support.hpp"
#include "xlsx/xlsx_workbook.hpp"

#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/plugin/catalog.hpp>
#include <jalon/reports/annual_workbook.hpp>
#include <jalon/reports/atomic_output.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <grp.h>
#include <iterator>
#include <pwd.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace jalon;
using namespace jalon::reports;
using jalon::test::TempDir;
namespace fs = std::filesystem;

TEST(ReportSheetName, InvalidCharactersAreReplacedAndNamesFitIn31Characters) {
    std::set<std::string> taken;
    EXPECT_EQ(sheet_name("1 Axe: [prioritaire]*?/\\", taken), "1 Axe- -prioritaire-----");
    const std::string long_name =
        sheet_name("2 Apporter des réponses adaptées aux besoins des publics", taken);
    EXPECT_EQ(long_name, "2 Apporter des réponses adaptée");
    EXPECT_EQ(sheet_name("'quoted'", taken), "quoted");
    EXPECT_EQ(sheet_name("", taken), "Feuille");
}

TEST(ReportSheetName, ClashesGetANumberWithinTheLimitIgnoringCase) {
    std::set<std::string> taken;
    EXPECT_EQ(sheet_name("Synthèse", taken), "Synthèse");
    EXPECT_EQ(sheet_name("SYNTHÈSE", taken), "SYNTHÈSE (2)"); // É and é are one letter to Excel
    EXPECT_EQ(sheet_name("synthese", taken), "synthese");     // e and è are not
    EXPECT_EQ(sheet_name("Synthese", taken), "Synthese (2)");
    const std::string a = sheet_name(std::string(40, 'x'), taken);
    const std::string b = sheet_name(std::string(40, 'x'), taken);
    EXPECT_EQ(a, std::string(31, 'x'));
    EXPECT_EQ(b, std::string(27, 'x') + " (2)");
}

TEST(ReportSheetName, LengthIsCountedAsExcelDoesInUtf16Units) {
    std::set<std::string> taken;
    // 𝔸 (U+1D538) takes two UTF-16 units: 15 of them make 30, the 16th would make 32.
    std::string wide;
    for (int i = 0; i < 16; ++i)
        wide += "𝔸";
    EXPECT_EQ(sheet_name(wide, taken), wide.substr(0, 15 * 4));
}

TEST(ReportFooter, LongTitlesAreCutToExcelsLimitWithoutSplittingAnAmpersand) {
    EXPECT_EQ(footer_text("A & B", "Page &P"), "&L&8A && B&R&8Page &P");
    std::string title;
    for (int i = 0; i < 300; ++i)
        title += i % 7 == 0 ? "&" : "é";
    const std::string footer = footer_text(title, "Page &P / &N");
    std::size_t units = 0;
    for (const char c : footer)
        units += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(units, 255u);
    EXPECT_NE(footer.find("…&R&8Page &P / &N"), std::string::npos) << footer;
    const std::string left = footer.substr(4, footer.find("&R&8") - 4);
    // Every '&' of the title is doubled: runs of '&' have even lengths.
    std::size_t run = 0;
    for (const char c : left.substr(0, left.size() - 3) + "x") {
        if (c == '&') {
            ++run;
            continue;
        }
        EXPECT_EQ(run % 2, 0u) << left;
        run = 0;
    }
}

TEST(ReportChartText, ALeadingEqualsSignIsNotAReference) {
    EXPECT_EQ(chart_text("=H1 — label"), " =H1 — label");
    EXPECT_EQ(chart_text("Indicateurs"), "Indicateurs");
}

TEST(ReportCells, ReferencesAndOverlongTexts) {
    EXPECT_EQ(column_letters(0), "A");
    EXPECT_EQ(column_letters(25), "Z");
    EXPECT_EQ(column_letters(26), "AA");
    EXPECT_EQ(column_letters(701), "ZZ");
    EXPECT_EQ(column_letters(702), "AAA");
    EXPECT_EQ(cell_ref(4, 12), "M5");
    EXPECT_EQ(cell_ref(0, 0, true), "$A$1");
    EXPECT_EQ(quoted_sheet("Qualité d'été"), "'Qualité d''été'");
    const std::string shortish(100, 'a');
    EXPECT_EQ(cell_text(shortish), shortish);
    std::string longer;
    for (int i = 0; i < 20000; ++i)
        longer += "é"; // 2 bytes, 1 character
    EXPECT_EQ(cell_text(longer), longer);
    longer += std::string(20000, 'b');
    const std::string cut = cell_text(longer);
    EXPECT_LT(cut.size(), longer.size());
    EXPECT_EQ(cut.substr(cut.size() - 6), " […]");
}

TEST(XlsxHelpers, CellTextKeepsALiteralEscapeAndCountsAsExcelDoes) {
    // `_xHHHH_` would be read as U+HHHH: its `_` is written `_x005F_`; anything else is left.
    EXPECT_EQ(cell_text("I_x0041_"), "I_x005F_x0041_");
    EXPECT_EQ(cell_text("_x0041__x00e9_"), "_x005F_x0041__x005F_x00e9_");
    EXPECT_EQ(cell_text("_x00G1_ _x041_ x0041_"), "_x00G1_ _x041_ x0041_");
    // Excel counts UTF-16 units: a character beyond U+FFFF counts twice.
    std::string emoji;
    for (int i = 0; i < 16384; ++i)
        emoji += "🎉"; // 4 bytes, 2 UTF-16 units: 32 768 units in all
    const std::string cut = cell_text(emoji);
    EXPECT_EQ(cut.substr(cut.size() - 6), " […]");
    EXPECT_EQ(cut.size(), (32767 - 4) / 2 * 4 + 6); // whole emoji only, then the mark
    // Escapes lengthen what libxlsxwriter is given: still at most 32 767 characters.
    std::string escapes;
    for (int i = 0; i < 5000; ++i)
        escapes += "_x0041_"; // 35 000 characters shown, 65 000 once escaped
    const std::string written = cell_text(escapes);
    std::size_t characters = 0;
    for (const char c : written)
        characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(characters, 32767u);
    EXPECT_EQ(written.substr(written.size() - 6), " […]");
    EXPECT_EQ(written.rfind("_x005F_x0041_", 0), 0u);
}

namespace {

// A small evaluated scheme with many missing values: its data-quality table is long.
struct Evaluated {
    TempDir dir;
    jalon::test::TestDatabase database{dir};
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    Scheme scheme;
    EvaluationRun run;

    Evaluated() {
        std::string yaml = "format: jalon-scheme/1\nid: big\ntitle: Big & 'quoted'\nowner: "
                           "Test\nperiod: {start: 2024, end: 2026}\nlevels: [axe, action]\n"
                           "territories:\n  - {code: dep, name: Dep, children: [";
        for (int t = 0; t < 12; ++t)
            yaml += std::string(t ? ", " : "") + "{code: c" + std::to_string(t) + ", name: C" +
                    std::to_string(t) + "}";
        yaml += "]}\nnodes:\n  - code: A\n    level: axe\n    title: Axe\n    children:\n"
                "      - code: A1\n        level: action\n        title: Action\n"
                "        indicators:\n";
        for (int i = 0; i < 6; ++i)
            yaml += "          - {code: I" + std::to_string(i) +
                    ", label: Indicator, level: realisation, method: sum}\n";
        scheme = read_scheme_text(yaml, "big.yaml");
        SchemeStore(db).save(scheme, "big.yaml");
        const PluginCatalog catalog = PluginCatalog::load({fs::path(JALON_PLUGIN_BUILD_DIR)});
        ObservationStore observations(db);
        run = Evaluator(scheme, catalog, observations).evaluate({2025, {}});
        run.id = 1;
        run.created_at = "2026-01-02T03:04:05Z";
    }
};

std::string sheet_names_of(const fs::path& workbook) {
    return jalon::test::run_python(
               "import openpyxl,sys; "
               "print('|'.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))",
               {workbook.string()})
        .out;
}

} // namespace

TEST(ReportWorkbook, LongTablesContinueOnNumberedSheetsInConstantMemoryMode) {
    Evaluated e;
    AnnualWorkbookInput input;
    input.scheme = &e.scheme;
    input.run = &e.run;
    input.database = "sqlite:j.db";
    AnnualWorkbookOptions options;
    options.max_rows_per_sheet = 40;   // 6 indicators × 13 territories missing: 78+ rows
    options.constant_memory_above = 0; // stream every sheet
    const fs::path output = e.dir / "big.xlsx";
    write_annual_workbook(input, options, output);
    ASSERT_TRUE(fs::exists(output));
    const std::string names = sheet_names_of(output);
    EXPECT_NE(names.find("|Qualité des données|Qualité des données (2)|"), std::string::npos)
        << names;
    EXPECT_NE(names.find("Qualité des données (3)"), std::string::npos) << names;
    for (const auto& entry : fs::directory_iterator(e.dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << entry.path();
}

TEST(ReportWorkbook, AFailureLeavesNoFileBehind) {
    Evaluated e;
    AnnualWorkbookInput input;
    input.scheme = &e.scheme;
    input.run = &e.run;
    const fs::path output = e.dir / "missing-directory" / "out.xlsx";
    EXPECT_THROW(write_annual_workbook(input, {}, output), RuntimeError);
    EXPECT_FALSE(fs::exists(output));
    EXPECT_FALSE(fs::exists(output.parent_path()));
    // A directory where the file should go: the rename fails, the temporary file is removed.
    fs::create_directory(e.dir / "taken.xlsx");
    EXPECT_THROW(write_annual_workbook(input, {}, e.dir / "taken.xlsx"), RuntimeError);
    for (const auto& entry : fs::directory_iterator(e.dir.path()))
        EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
            << entry.path();
}

TEST(ReportWorkbook, ATemporaryFileLeftByAKilledWriterIsRemovedByTheNext) {
    Evaluated e;
    AnnualWorkbookInput input;
    input.scheme = &e.scheme;
    input.run = &e.run;
    // A writer that was killed (its process is gone: a child that has exited) and one that still
    // runs (this process, another output name would be its own business: same name here).
    const pid_t gone = ::fork();
    if (gone == 0)
        ::_exit(0);
    ASSERT_GT(gone, 0);
    ::waitpid(gone, nullptr, 0);
    const std::string dead = std::to_string(gone);
    const fs::path abandoned = e.dir / (".out.xlsx.tmp-" + dead + "-Ab12Cd34Ef56");
    const fs::path abandoned_file = e.dir / (".out.xlsx.tmp-" + dead); // earlier form: a file
    const fs::path running = e.dir / (".out.xlsx.tmp-" + std::to_string(::getppid()) + "-x");
    const fs::path other = e.dir / (".other.xlsx.tmp-" + dead + "-Ab12Cd34Ef56");
    for (const fs::path& p : {abandoned, running, other}) {
        fs::create_directory(p);
        fs::permissions(p, fs::perms::owner_all);
        jalon::test::write_file(p / "out.xlsx", "partial");
    }
    jalon::test::write_file(abandoned_file, "partial");
    write_annual_workbook(input, {}, e.dir / "out.xlsx");
    EXPECT_TRUE(fs::exists(e.dir / "out.xlsx"));
    EXPECT_FALSE(fs::exists(abandoned));
    EXPECT_FALSE(fs::exists(abandoned_file));
    EXPECT_TRUE(fs::exists(running / "out.xlsx")) << "a live writer's file is left alone";
    EXPECT_TRUE(fs::exists(other / "out.xlsx")) << "another output's file is left alone";
}

namespace {

uid_t uid_of(const char* user) {
    const passwd* entry = ::getpwnam(user);
    return entry ? entry->pw_uid : static_cast<uid_t>(-1);
}

// A forked child that becomes `user` (none: stays as it is), waits for a byte on `wait_on` if
// given, then runs `body` and exits 0 (1 when `body` threw).
pid_t spawn(const char* user, const std::function<void()>& body, int wait_on = -1) {
    const pid_t child = ::fork();
    if (child != 0)
        return child;
    if (user) {
        const passwd* entry = ::getpwnam(user);
        if (!entry || ::setgroups(0, nullptr) != 0 || ::setgid(entry->pw_gid) != 0 ||
            ::setuid(entry->pw_uid) != 0)
            ::_exit(90);
        ::prctl(PR_SET_DUMPABLE, 1); // as after an exec: its /proc/self is its own
    }
    char go = 0;
    if (wait_on >= 0 && ::read(wait_on, &go, 1) != 1)
        ::_exit(91);
    try {
        body();
    } catch (...) {
        ::_exit(1);
    }
    ::_exit(0);
}

int exit_status(pid_t child) {
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int in_child(const char* user, const std::function<void()>& body) {
    return exit_status(spawn(user, body));
}

// The writer runs as `writer` in a child that waits until `attacker` has planted links in the
// shared folder, where they are given the writer's PID (which named the temporary file).
int write_after_planting(const char* writer, const char* attacker,
                         const std::function<void()>& write,
                         const std::function<void(pid_t writer)>& plant) {
    int go[2];
    if (::pipe(go) != 0)
        return -1;
    const pid_t child = spawn(writer, write, go[0]);
    ::close(go[0]);
    const int planted = in_child(attacker, [&] { plant(child); });
    if (::write(go[1], "x", 1) != 1)
        return -1;
    ::close(go[1]);
    const int written = exit_status(child);
    return planted != 0 ? 100 + planted : written;
}

// A folder where `attacker` may write (a team folder), and a file of `owner` elsewhere that a
// link from there points to.
struct SharedFolder {
    TempDir dir;
    fs::path shared = dir / "shared";
    fs::path victim = dir / "victim.conf";
    const std::string precious = "what the victim's file holds\n";

    SharedFolder(const char* owner) {
        fs::permissions(dir.path(),
                        fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
        fs::create_directory(shared);
        fs::permissions(shared, fs::perms::all); // rwx for everyone, no sticky bit
        jalon::test::write_file(victim, precious);
        fs::permissions(victim, fs::perms::owner_read | fs::perms::owner_write |
                                    fs::perms::group_read | fs::perms::others_read);
        if (::chown(victim.c_str(), uid_of(owner), static_cast<gid_t>(-1)) != 0)
            ADD_FAILURE() << "chown " << owner;
    }
};

// Links to the victim at the report's path and at every temporary name the writer could use:
// the earlier `.NAME.tmp-PID`, and the private directory's prefix.
void plant_links(const fs::path& victim, const fs::path& output, pid_t writer) {
    const std::string temporary =
        "." + output.filename().string() + ".tmp-" + std::to_string(writer);
    for (const fs::path& link :
         {output, output.parent_path() / temporary, output.parent_path() / (temporary + "-")})
        if (::symlink(victim.c_str(), link.c_str()) != 0)
            throw std::runtime_error("symlink");
}

void expect_untouched_and_replaced(const SharedFolder& f, const fs::path& output) {
    EXPECT_TRUE(jalon::test::read_file(f.victim) == f.precious) << "the link was followed";
    EXPECT_FALSE(fs::is_symlink(output)) << "the report's path is still the planted link";
    EXPECT_TRUE(fs::is_regular_file(output));
    EXPECT_EQ(jalon::test::read_file(output).substr(0, 2), "PK") << "a complete workbook";
}

} // namespace

// Whoever can write to the output's folder plants links at the report's path and at the
// temporary name (the writer's PID named it): the root-run writer follows none of them, the
// victim's file is intact, the report's path is a new file (the link replaced, not followed).
TEST(ReportOutput, LinksPlantedByAnotherUserInASharedFolderAreNeverFollowedByRoot) {
    if (::geteuid() != 0 || uid_of("nobody") == static_cast<uid_t>(-1))
        GTEST_SKIP() << "needs root and the user nobody";
    Evaluated e;
    AnnualWorkbookInput input;
    input.scheme = &e.scheme;
    input.run = &e.run;
    const SharedFolder f("root");
    const fs::path output = f.shared / "bilan.xlsx";
    const int status = write_after_planting(
        nullptr, "nobody", [&] { write_annual_workbook(input, {}, output); },
        [&](pid_t writer) { plant_links(f.victim, output, writer); });
    EXPECT_EQ(status, 0);
    expect_untouched_and_replaced(f, output);
}

// The reverse: Jalon run as an ordinary user (nobody), links planted by another one (daemon)
// towards a file of nobody's.
TEST(ReportOutput, LinksPlantedByAnotherUserAreNeverFollowedByAnOrdinaryUser) {
    if (::geteuid() != 0 || uid_of("nobody") == static_cast<uid_t>(-1) ||
        uid_of("daemon") == static_cast<uid_t>(-1))
        GTEST_SKIP() << "needs root and the users nobody and daemon";
    Evaluated e;
    AnnualWorkbookInput input;
    input.scheme = &e.scheme;
    input.run = &e.run;
    const SharedFolder f("nobody");
    const fs::path output = f.shared / "bilan.xlsx";
    const int status = write_after_planting(
        "nobody", "daemon", [&] { write_annual_workbook(input, {}, output); },
        [&](pid_t writer) { plant_links(f.victim, output, writer); });
    EXPECT_EQ(status, 0);
    expect_untouched_and_replaced(f, output);
}

// The temporary file is made exclusively in a private directory (0700) with mode 0600 while it is
// written; the finished file gets 0666 & ~umask, as any file the user creates.
TEST(ReportOutput, TheTemporaryFileIsPrivateUntilCompleteThenGetsTheUmaskMode) {
    TempDir dir;
    for (const mode_t mask : {mode_t{022}, mode_t{027}, mode_t{0}, mode_t{077}}) {
        const fs::path output = dir / ("out-" + std::to_string(mask) + ".html");
        const int status = in_child(nullptr, [&] {
            ::umask(mask);
            write_atomically(output, [&](const fs::path& temporary) {
                struct stat file {};
                struct stat folder {};
                if (::lstat(temporary.c_str(), &file) != 0 || !S_ISREG(file.st_mode) ||
                    (file.st_mode & 07777) != 0600 || file.st_size != 0)
                    throw std::runtime_error("the temporary file is not a new 0600 file");
                if (::stat(temporary.parent_path().c_str(), &folder) != 0 ||
                    (folder.st_mode & 07777) != 0700)
                    throw std::runtime_error("the temporary directory is not private");
                std::ofstream(temporary) << "<p>done</p>";
            });
        });
        EXPECT_EQ(status, 0) << "umask " << mask;
        struct stat st {};
        ASSERT_EQ(::lstat(output.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 07777, 0666 & ~mask) << "umask " << mask;
        EXPECT_EQ(jalon::test::read_file(output), "<p>done</p>");
    }
    EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 4)
        << "nothing left beside the outputs";
}

// What a killed writer's cleanup removes is only its own: a link, another user's directory or a
// directory with a name of the form but ours, held by someone else, are left (and not followed).
TEST(ReportOutput, TheCleanupOfAbandonedTemporariesRemovesNothingThatIsNotOurs) {
    if (::geteuid() != 0 || uid_of("nobody") == static_cast<uid_t>(-1))
        GTEST_SKIP() << "needs root and the user nobody";
    const SharedFolder f("root");
    const pid_t gone = ::fork();
    if (gone == 0)
        ::_exit(0);
    ::waitpid(gone, nullptr, 0);
    const std::string prefix = ".out.html.tmp-" + std::to_string(gone);
    const fs::path elsewhere = f.dir / "elsewhere";
    fs::create_directory(elsewhere);
    jalon::test::write_file(elsewhere / "keep", "kept");
    ASSERT_EQ(in_child("nobody",
                       [&] {
                           fs::create_directory(f.shared / (prefix + "-theirs"));
                           jalon::test::write_file(f.shared / (prefix + "-theirs") / "x", "x");
                           jalon::test::write_file(f.shared / prefix, "their file");
                           fs::create_directory_symlink(elsewhere, f.shared / (prefix + "-link"));
                       }),
              0);
    fs::create_directory_symlink(elsewhere, f.shared / (prefix + "-ours"));
    write_atomically(f.shared / "out.html",
                     [](const fs::path& temporary) { std::ofstream(temporary) << "x"; });
    EXPECT_TRUE(fs::exists(f.shared / (prefix + "-theirs") / "x"));
    EXPECT_TRUE(fs::exists(f.shared / prefix));
    EXPECT_TRUE(fs::is_symlink(f.shared / (prefix + "-link")));
    EXPECT_TRUE(fs::is_symlink(f.shared / (prefix + "-ours")));
    EXPECT_EQ(jalon::test::read_file(elsewhere / "keep"), "kept");
}

TEST(ReportWorkbook, SameRunAndOptionsGiveTheSameBytes) {
    Evaluated e;
    AnnualWorkbookInput input;
    input.scheme = &e.scheme;
    input.run = &e.run;
    write_annual_workbook(input, {}, e.dir / "a.xlsx");
    write_annual_workbook(input, {}, e.dir / "b.xlsx");
    EXPECT_EQ(jalon::test::read_file(e.dir / "a.xlsx"), jalon::test::read_file(e.dir / "b.xlsx"));
    AnnualWorkbookOptions english;
    english.language = "en";
    write_annual_workbook(input, english, e.dir / "en.xlsx");
    EXPECT_NE(sheet_names_of(e.dir / "en.xlsx").find("Summary|Indicators|Territories|Actions"),
              std::string::npos);
}

TEST(XlsxHelpers, AWorkbookWithoutADateOfItsOwnIsNeverDatedByTheClock) {
    // libxlsxwriter dates a workbook by the clock unless told otherwise: two writes a second apart
    // would differ.
    TempDir dir;
    for (const char* name : {"a.xlsx", "b.xlsx"}) {
        XlsxWorkbook workbook((dir / name).string(), false, "");
        workbook.add_sheet("Feuille");
        workbook.close();
        if (std::string(name) == "a.xlsx")
            ::usleep(1100 * 1000);
    }
    EXPECT_EQ(jalon::test::read_file(dir / "a.xlsx"), jalon::test::read_file(dir / "b.xlsx"));
    const std::string core =
        jalon::test::run_python("import sys, zipfile\n"
                                "print(zipfile.ZipFile(sys.argv[1]).read('docProps/core.xml')"
                                ".decode())",
                                {(dir / "a.xlsx").string()})
            .out;
    EXPECT_NE(core.find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z"),
              std::string::npos)
        << core;
    EXPECT_EQ(utc_time("2026-11-21T20:07:08Z"), 1795291628);
    EXPECT_EQ(utc_time(""), 0);
    EXPECT_EQ(utc_time("hier"), 0);
}

// The Synthèse's sentence agrees with its numbers: in French 0 and 1 take the singular, and a
// count that is zero is not announced as "0 sont non renseignés".
TEST(ReportHeadline, WordsAgreeWithTheirNumbers) {
    using S = jalon::ProgressStatus;
    const auto& fr = jalon::reports::labels_for("fr");
    const auto& en = jalon::reports::labels_for("en");
    using jalon::reports::headline_text;
    EXPECT_EQ(headline_text({{S::reached, 30},
                             {S::on_track, 29},
                             {S::late, 27},
                             {S::pending, 2},
                             {S::missing, 6},
                             {S::no_target, 23}},
                            2027, fr),
              "En 2027, 59 des 86 indicateurs dotés d'une cible et d'une valeur sont atteints ou "
              "en bonne voie (69 %), 27 sont en retard, 2 à échéance ; 6 sont non renseignés et "
              "23 sans cible.");
    EXPECT_EQ(headline_text({{S::reached, 1}, {S::late, 1}, {S::missing, 1}}, 2026, fr),
              "En 2026, 1 des 2 indicateurs dotés d'une cible et d'une valeur est atteint ou en "
              "bonne voie (50 %), 1 est en retard ; 1 est non renseigné.");
    EXPECT_EQ(headline_text({{S::late, 2}, {S::no_target, 1}}, 2026, fr),
              "En 2026, aucun des 2 indicateurs dotés d'une cible et d'une valeur n'est atteint "
              "ni en bonne voie (0 %), 2 sont en retard ; 1 sans cible.");
    EXPECT_EQ(headline_text({{S::on_track, 1}}, 2026, fr),
              "En 2026, l'indicateur doté d'une cible et d'une valeur est atteint ou en bonne "
              "voie (100 %).");
    EXPECT_EQ(headline_text({{S::missing, 3}}, 2024, fr),
              "En 2024, aucun indicateur n'a encore à la fois une cible et une valeur ; 3 sont "
              "non renseignés.");
    EXPECT_EQ(headline_text({{S::reached, 1}, {S::late, 1}, {S::missing, 1}}, 2026, en),
              "In 2026, 1 of the 2 indicators with a target and a value is reached or on track "
              "(50 %), 1 is late; 1 has no value.");
}

// Dates as a reader writes them, never ISO timestamps.
TEST(ReportDates, AreWrittenAsTheirReaderWritesThem) {
    const auto& fr = jalon::reports::labels_for("fr");
    const auto& en = jalon::reports::labels_for("en");
    using jalon::reports::date_text;
    EXPECT_EQ(date_text("2026-12-07T18:06:42Z", fr), "7 décembre 2026 à 18 h 06 (UTC)");
    EXPECT_EQ(date_text("2026-02-16", fr), "16 février 2026");
    EXPECT_EQ(date_text("2026-08-01", fr), "1er août 2026");
    EXPECT_EQ(date_text("2026-12-07T18:06:42Z", en), "7 December 2026, 18:06 UTC");
    EXPECT_EQ(date_text("2026-13-01", fr), "2026-13-01");
    EXPECT_EQ(date_text("", fr), "");
}
