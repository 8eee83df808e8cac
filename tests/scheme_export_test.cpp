// Schemes written back: `jalon scheme export ID -o FILE.yaml|FILE.xlsx`, and the empty authoring
// workbook of `jalon scheme template` (issue 17, item 3).

#include "test_support.hpp"

#include <jalon/error.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/scheme/scheme_yaml.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <filesystem>

using namespace jalon;
using jalon::test::RunResult;
using jalon::test::TempDir;
using jalon::test::TestDatabase;
namespace fs = std::filesystem;

namespace {

// The samples and the seven-level fixture.
std::vector<fs::path> scheme_files() {
    std::vector<fs::path> files = test::sample_files();
    files.push_back(test::source_path("tests/fixtures/schema-solidarites-sept-niveaux.yaml"));
    return files;
}

Database open_database(const TestDatabase& database) {
    return Database::open(DatabaseUrl::parse(database.url()));
}

} // namespace

TEST(SchemeExport, TheYamlOfEveryStoredSampleReadsBackAsTheSameSchemeAndIsStable) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = open_database(database);
    for (const fs::path& file : scheme_files()) {
        const Scheme read = read_scheme_file(file);
        SchemeStore(db).save(read, file.string());
        const Scheme stored = *SchemeStore(db).load(read.id);
        const std::string yaml = write_scheme_yaml(stored);
        const Scheme again = read_scheme_text(yaml, "export.yaml");
        EXPECT_TRUE(again == read) << read.id;
        EXPECT_EQ(yaml, write_scheme_yaml(again)) << read.id;
    }
}

TEST(SchemeExport, TextsThatLookLikeSomethingElseStayTexts) {
    Scheme s =
        read_scheme_file(test::source_path("tests/fixtures/schema-solidarites-sept-niveaux.yaml"));
    s.title = "=SOMME(A1:A3)";
    s.owner = "null";
    s.kind = "- tiret: deux-points # dièse";
    s.nodes[0].short_title = "true";
    s.nodes[0].objective = "Deux lignes\nen une \"cellule\"";
    s.nodes[0].pilots = {"=A1", "1.10", "~"};
    s.nodes[0].notes = {"  espaces autour  "};
    s.nodes[1].title = "1.10";
    s.notes = {"'apostrophe", "@arobase", "%pour-cent"};
    s.indicators.front().params["kinds"] =
        ParamValue{{std::string("QPV, centre"), std::string("12")}, true};
    ASSERT_TRUE(validate_scheme(s).empty());
    EXPECT_TRUE(read_scheme_text(write_scheme_yaml(s), "t.yaml") == s);
}

TEST(SchemeExport, TheCommandWritesTheSameBytesTwiceAndRefusesOtherFiles) {
    TempDir dir;
    const TestDatabase database(dir);
    const fs::path fixture =
        test::source_path("tests/fixtures/schema-solidarites-sept-niveaux.yaml");
    ASSERT_EQ(
        test::run_jalon({database.arg(), "-q", "scheme", "import", fixture.string()}).exit_code, 0);
    const auto exported = [&](const std::string& name) {
        const RunResult r = test::run_jalon({database.arg(), "-q", "scheme", "export",
                                             "schema-sept-niveaux", "-o", (dir / name).string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_CONTAINS(r.out, "exported schema-sept-niveaux to ");
        return test::read_file(dir / name);
    };
    const std::string yaml = exported("a.yaml");
    EXPECT_EQ(yaml, exported("b.yaml"));
    EXPECT_EQ(yaml.rfind("format: jalon-scheme/1\nid: schema-sept-niveaux\n", 0), 0u);
    EXPECT_CONTAINS(yaml, "steering_level: axe\n");
    const RunResult csv = test::run_jalon({database.arg(), "-q", "scheme", "export",
                                           "schema-sept-niveaux", "-o", (dir / "x.csv").string()});
    EXPECT_EQ(csv.exit_code, 2);
    EXPECT_CONTAINS(csv.err, "a scheme is exported as .yaml");
    EXPECT_FALSE(fs::exists(dir / "x.csv"));
    const RunResult unknown = test::run_jalon(
        {database.arg(), "-q", "scheme", "export", "inconnu", "-o", (dir / "y.yaml").string()});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_CONTAINS(unknown.err, "no scheme 'inconnu'");
    EXPECT_FALSE(fs::exists(dir / "y.yaml"));
}

TEST(SchemeExport, ASchemeImportedWithAnOverlayIsExportedWithItsValuesAndAWarning) {
    TempDir dir;
    const TestDatabase database(dir);
    const RunResult import = test::run_jalon(
        {database.arg(), "-q", "scheme", "import",
         test::source_path("samples/blois-contrat-de-ville-perr-2020-2022.yaml").string(),
         "--overlay",
         test::source_path("samples/synthetic/blois-contrat-de-ville-perr-2020-2022.targets.yaml")
             .string()});
    ASSERT_EQ(import.exit_code, 0) << import.err;
    const RunResult r =
        test::run_jalon({database.arg(), "-q", "scheme", "export",
                         "blois-contrat-de-ville-perr-2020-2022", "-o", (dir / "e.yaml").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.err, "was imported with overlay(s) blois-contrat-de-ville-perr-2020-2022."
                           "targets");
    EXPECT_CONTAINS(r.err, "written as the scheme's own");
    Database db = open_database(database);
    Scheme stored = *SchemeStore(db).load("blois-contrat-de-ville-perr-2020-2022");
    const Scheme exported = read_scheme_file(dir / "e.yaml");
    for (std::size_t i = 0; i < stored.indicators.size(); ++i) {
        EXPECT_EQ(stored.indicators[i].baseline.has_value(),
                  exported.indicators[i].baseline.has_value());
        EXPECT_EQ(stored.indicators[i].milestones.size(), exported.indicators[i].milestones.size());
    }
}

TEST(SchemeTemplate, WritesAnEmptyWorkbookWithListsFrozenHeadersAndPrintSetup) {
    TempDir dir;
    const TestDatabase database(dir);
    for (const std::string language : {"fr", "en"}) {
        const fs::path out = dir / ("schema-" + language + ".xlsx");
        const RunResult r =
            test::run_jalon({database.arg(), "-q", "--plugins", JALON_PLUGIN_BUILD_DIR, "scheme",
                             "template", "--lang", language, "-o", out.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_FALSE(test::database_exists(database)) << "a template needs no database";
        const RunResult read = test::run_python(
            "import openpyxl, sys\n"
            "wb = openpyxl.load_workbook(sys.argv[1])\n"
            "print('|'.join(ws.title + ('(hidden)' if ws.sheet_state != 'visible' else '') "
            "for ws in wb.worksheets))\n"
            "t = wb.worksheets[3]\n"
            "print(t.title, t.freeze_panes, t.print_title_rows, t.page_setup.orientation,"
            " t.sheet_properties.pageSetUpPr.fitToPage)\n"
            "print('|'.join(str(c.value) for c in t[1]))\n"
            "for ws in wb.worksheets[1:5]:\n"
            "  for dv in ws.data_validations.dataValidation:\n"
            "    if dv.type == 'list': print(ws.title, dv.sqref, dv.formula1)\n"
            "m = wb[sys.argv[2]]\n"
            "print(sorted({m.cell(r, 1).value for r in range(2, m.max_row + 1)}))\n"
            "l = wb['_listes']\n"
            "print([l.cell(r, 11).value for r in range(1, l.max_row + 1) if l.cell(r, "
            "11).value])\n",
            {out.string(), language == "en" ? "Methods" : "Méthodes"});
        ASSERT_EQ(read.exit_code, 0) << read.err;
        if (language == "fr") {
            EXPECT_CONTAINS(read.out, "Instructions|Schéma|Niveaux|Arborescence|Indicateurs|"
                                      "Jalons et cibles|Territoires|Chiffres clés|Séries|"
                                      "Réalisés non prévus|Questions évaluatives|Gouvernance|"
                                      "Liens|Totaux déclarés|Méthodes|_listes(hidden)|"
                                      "_jalon(hidden)\n");
            EXPECT_CONTAINS(read.out, "Arborescence B2 $1:$1 landscape True\n");
            EXPECT_CONTAINS(read.out, "Code *|Parent|Niveau *|Titre *|Titre court|");
            EXPECT_CONTAINS(read.out, "Arborescence C2:C1001 'Niveaux'!$A$2:$A$1001");
            EXPECT_CONTAINS(read.out, "Arborescence T2:T1001 '_listes'!$D$2:$D$6");
            EXPECT_CONTAINS(read.out, "Indicateurs I2:I1001 '_listes'!$K$2:$K$");
            EXPECT_CONTAINS(read.out, "Indicateurs O2:O1001 '_listes'!$C$2:$C$7");
            EXPECT_CONTAINS(read.out, "Indicateurs E2:E1001 '_listes'!$A$2:$A$4");
            EXPECT_CONTAINS(read.out, "Indicateurs K2:K1001 '_listes'!$B$2:$B$3");
        } else {
            EXPECT_CONTAINS(read.out, "Instructions|Scheme|Levels|Tree|Indicators|");
            EXPECT_CONTAINS(read.out, "Code *|Parent|Level *|Title *|Short title|");
        }
        // The methods the plugins offer, and their parameters.
        EXPECT_CONTAINS(read.out, "'qpv_share'");
        EXPECT_CONTAINS(read.out, "'ratio'");
        EXPECT_CONTAINS(read.out, "'sum'");
    }
    const RunResult bad =
        test::run_jalon({database.arg(), "scheme", "template", "-o", (dir / "t.ods").string()});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_CONTAINS(bad.err, "the authoring workbook is an .xlsx file");
}
