// Schemes written back: `jalon scheme export ID -o FILE.yaml|FILE.xlsx`, `jalon scheme template`,
// and the round trip YAML → store → workbook → store → YAML (issue 17, item 3).

#include "test_support.hpp"

#include <jalon/error.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/reports/scheme_workbook.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/scheme/scheme_workbook.hpp>
#include <jalon/scheme/scheme_yaml.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

using namespace jalon;
using jalon::test::RunResult;
using jalon::test::TempDir;
using jalon::test::TestDatabase;
namespace fs = std::filesystem;

namespace {

const PluginCatalog& plugins() {
    static const PluginCatalog catalog = PluginCatalog::load({fs::path(JALON_PLUGIN_BUILD_DIR)});
    return catalog;
}

std::vector<plugin::MethodSpec> methods() {
    std::vector<plugin::MethodSpec> out;
    for (const AvailableMethod* m : plugins().methods())
        out.push_back(m->spec);
    return out;
}

SchemeRules method_rules() {
    return [](const Scheme& s) { return check_method_bindings(s, plugins()); };
}

// The samples and the seven-level fixture.
std::vector<fs::path> scheme_files() {
    std::vector<fs::path> files = test::sample_files();
    files.push_back(test::source_path("tests/fixtures/schema-solidarites-sept-niveaux.yaml"));
    return files;
}

// Field by field, so that a difference says where it is.
void expect_same_scheme(const Scheme& a, const Scheme& b) {
    const std::string id = a.id;
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.title, b.title) << id;
    EXPECT_EQ(a.kind, b.kind) << id;
    EXPECT_EQ(a.owner, b.owner) << id;
    EXPECT_EQ(a.period, b.period) << id;
    EXPECT_EQ(a.language, b.language) << id;
    EXPECT_EQ(a.source, b.source) << id;
    EXPECT_EQ(a.levels, b.levels) << id;
    EXPECT_EQ(a.level_order, b.level_order) << id;
    EXPECT_EQ(a.action_levels, b.action_levels) << id;
    EXPECT_EQ(a.steering_level, b.steering_level) << id;
    EXPECT_EQ(a.status_year, b.status_year) << id;
    EXPECT_EQ(a.domains, b.domains) << id;
    EXPECT_EQ(a.notes, b.notes) << id;
    EXPECT_EQ(a.evaluation_notes, b.evaluation_notes) << id;
    EXPECT_EQ(a.questions, b.questions) << id;
    EXPECT_EQ(a.governance, b.governance) << id;
    EXPECT_EQ(a.links, b.links) << id;
    EXPECT_EQ(a.stated_totals, b.stated_totals) << id;
    EXPECT_EQ(a.series, b.series) << id;
    ASSERT_EQ(a.territories.size(), b.territories.size()) << id;
    for (std::size_t i = 0; i < a.territories.size(); ++i)
        EXPECT_EQ(a.territories[i], b.territories[i])
            << id << " territory " << a.territories[i].code;
    ASSERT_EQ(a.nodes.size(), b.nodes.size()) << id;
    for (std::size_t i = 0; i < a.nodes.size(); ++i)
        EXPECT_EQ(a.nodes[i], b.nodes[i]) << id << " node " << a.nodes[i].code;
    ASSERT_EQ(a.unplanned.size(), b.unplanned.size()) << id;
    for (std::size_t i = 0; i < a.unplanned.size(); ++i)
        EXPECT_EQ(a.unplanned[i], b.unplanned[i]) << id << " unplanned " << a.unplanned[i].code;
    ASSERT_EQ(a.indicators.size(), b.indicators.size()) << id;
    for (std::size_t i = 0; i < a.indicators.size(); ++i)
        EXPECT_EQ(a.indicators[i], b.indicators[i]) << id << " indicator " << a.indicators[i].code;
    EXPECT_EQ(a.overlays, b.overlays) << id;
    EXPECT_TRUE(a == b) << id;
}

Database open_database(const TestDatabase& database) {
    return Database::open(DatabaseUrl::parse(database.url()));
}

bool soffice_available() {
    return std::system("command -v soffice >/dev/null 2>&1") == 0;
}

bool all_tools_required() {
    const char* value = std::getenv("JALON_REQUIRE_ALL_TOOLS");
    return value && std::string(value) == "1";
}

} // namespace

// Every sample → import → export xlsx → import → export YAML gives the same scheme, and the YAML
// exported twice is byte-identical.
TEST(SchemeExport, EverySampleRoundTripsThroughTheWorkbookAndBackToTheSameYaml) {
    TempDir dir;
    const TestDatabase first(dir, "first.db"), second(dir, "second.db");
    Database db1 = open_database(first);
    Database db2 = open_database(second);
    for (const fs::path& file : scheme_files()) {
        const Scheme read = read_scheme_file(file, method_rules());
        SchemeStore(db1).save(read, file.string());
        const Scheme stored = *SchemeStore(db1).load(read.id);
        expect_same_scheme(read, stored);

        const fs::path workbook = dir / (read.id + ".xlsx");
        reports::write_scheme_workbook(&stored, methods(), "fr", workbook);
        const Scheme from_workbook = read_scheme_workbook(workbook, method_rules());
        expect_same_scheme(stored, from_workbook);

        SchemeStore(db2).save(from_workbook, workbook.string());
        const Scheme stored_again = *SchemeStore(db2).load(read.id);
        expect_same_scheme(stored, stored_again);

        const std::string yaml = write_scheme_yaml(stored);
        EXPECT_EQ(yaml, write_scheme_yaml(stored_again)) << read.id;
        EXPECT_EQ(yaml, write_scheme_yaml(read_scheme_text(yaml, "export.yaml", method_rules())))
            << read.id;
        expect_same_scheme(read, read_scheme_text(yaml, "export.yaml", method_rules()));

        // The English workbook reads back the same.
        const fs::path english = dir / (read.id + ".en.xlsx");
        reports::write_scheme_workbook(&stored, methods(), "en", english);
        expect_same_scheme(stored, read_scheme_workbook(english, method_rules()));
    }
}

// Texts YAML or a spreadsheet would read otherwise stay texts: a leading '=' (a formula to
// Excel), numbers as codes, `null`, `true`, quotes, colons, a leading dash, line breaks in a
// text, parameters that look like numbers.
TEST(SchemeExport, TextsThatLookLikeSomethingElseStayTexts) {
    TempDir dir;
    Scheme s = read_scheme_file(
        test::source_path("tests/fixtures/schema-solidarites-sept-niveaux.yaml"), method_rules());
    s.title = "=SOMME(A1:A3)";
    s.owner = "null";
    s.kind = "- tiret: deux-points # dièse";
    s.nodes[0].title = "=1+1";
    s.nodes[0].short_title = "true";
    s.nodes[0].objective = "Deux lignes\nen une \"cellule\"";
    s.nodes[0].pilots = {"=A1", "1.10", "~"};
    s.nodes[0].notes = {"  espaces autour  "};
    s.nodes[1].title = "1.10";
    s.notes = {"'apostrophe", "@arobase", "%pour-cent"};
    Indicator& ind = s.indicators.front();
    ind.params["kinds"] = ParamValue{{std::string("QPV, centre"), std::string("12")}, true};
    ind.label = "=B2*2";
    ASSERT_TRUE(validate_scheme(s).empty());

    const std::string yaml = write_scheme_yaml(s);
    const Scheme from_yaml = read_scheme_text(yaml, "t.yaml");
    expect_same_scheme(s, from_yaml);

    const fs::path workbook = dir / "t.xlsx";
    reports::write_scheme_workbook(&s, methods(), "fr", workbook);
    expect_same_scheme(s, read_scheme_workbook(workbook));

    // Excel's own reading: the '=' texts are strings, not formulas.
    const RunResult cells = test::run_python("import openpyxl, sys\n"
                                             "wb = openpyxl.load_workbook(sys.argv[1])\n"
                                             "c = wb['Arborescence']['D2']\n"
                                             "print(c.data_type, c.value)\n",
                                             {workbook.string()});
    ASSERT_EQ(cells.exit_code, 0) << cells.err;
    EXPECT_EQ(cells.out, "s =1+1\n");
}

TEST(SchemeExport, TheCommandWritesYamlAndWorkbooksAndRefusesOtherFiles) {
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
    exported("c.xlsx");
    expect_same_scheme(read_scheme_text(yaml, "a.yaml"), read_scheme_workbook(dir / "c.xlsx"));

    // An exported workbook imports as any scheme file (into another database).
    const TestDatabase other(dir, "other.db");
    const RunResult imported =
        test::run_jalon({other.arg(), "-q", "scheme", "import", (dir / "c.xlsx").string()});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_CONTAINS(imported.out, "imported schema-sept-niveaux (revision 1) from ");

    const RunResult csv = test::run_jalon({database.arg(), "-q", "scheme", "export",
                                           "schema-sept-niveaux", "-o", (dir / "x.csv").string()});
    EXPECT_EQ(csv.exit_code, 2);
    EXPECT_CONTAINS(csv.err, "a scheme is exported as .yaml (scheme file) or .xlsx");
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
            "print([l.cell(r, 1).value for r in range(1, l.max_row + 1) if l.cell(r, "
            "1).value])\n"
            "print([[c for c in r if c is not None] for r in l.iter_rows(values_only=True)"
            " if r[0] == 'ratio'])\n",
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
            // Fixed lists offer their French words; methods come from the plugins.
            EXPECT_CONTAINS(read.out, "Arborescence T2:T1001 "
                                      "\"réalisé,en cours,non engagé,reporté,abandonné\"");
            EXPECT_CONTAINS(read.out, "Indicateurs I2:I1001 '_listes'!$A$2:$A$");
            EXPECT_CONTAINS(read.out, "Indicateurs O2:O1001 \"annuelle,semestrielle,"
                                      "trimestrielle,mensuelle,pluriannuelle,ponctuelle\"");
            EXPECT_CONTAINS(read.out, "Indicateurs E2:E1001 \"réalisation,résultat,impact\"");
            EXPECT_CONTAINS(read.out, "Indicateurs K2:K1001 \"hausse,baisse\"");
            // Parameters: the entries of the row's method.
            EXPECT_CONTAINS(read.out, "Indicateurs J2:J1001 OFFSET('_listes'!$C$1,");
            EXPECT_CONTAINS(read.out, "[['ratio', 3, 'numerator: ', 'denominator: ', "
                                      "'factor: 1']]");
        } else {
            EXPECT_CONTAINS(read.out, "Instructions|Scheme|Levels|Tree|Indicators|");
            EXPECT_CONTAINS(read.out, "Code *|Parent|Level *|Title *|Short title|");
        }
        // The methods the plugins offer, and their parameters.
        EXPECT_CONTAINS(read.out, "'qpv_share'");
        EXPECT_CONTAINS(read.out, "'ratio'");
        EXPECT_CONTAINS(read.out, "'sum'");

        // Imported empty, it says what is missing, cell by cell, and writes nothing.
        const RunResult empty =
            test::run_jalon({database.arg(), "-q", "scheme", "import", out.string()});
        EXPECT_EQ(empty.exit_code, 2);
        EXPECT_CONTAINS(empty.err, out.string() + (language == "fr" ? "!'Schéma'!B2: Identifiant: "
                                                                    : "!Scheme!B2: Id: "));
        EXPECT_FALSE(test::database_exists(database));
    }
    const RunResult bad =
        test::run_jalon({database.arg(), "scheme", "template", "-o", (dir / "t.ods").string()});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_CONTAINS(bad.err, "the authoring workbook is an .xlsx file");
}

// The workbook opens cleanly in LibreOffice: resaved there, it imports as the same scheme.
TEST(SchemeExport, AWorkbookResavedByLibreOfficeImportsAsTheSameScheme) {
    if (!soffice_available()) {
        if (all_tools_required())
            FAIL() << "soffice is missing (JALON_REQUIRE_ALL_TOOLS=1)";
        GTEST_SKIP() << "soffice (LibreOffice) is not installed: the resave is not checked";
    }
    TempDir dir;
    const Scheme read = read_scheme_file(
        test::source_path("samples/vienne-schema-unique-solidarites-2025-2029.yaml"),
        method_rules());
    const fs::path workbook = dir / "schema.xlsx";
    reports::write_scheme_workbook(&read, methods(), "fr", workbook);
    fs::create_directories(dir / "lo");
    const RunResult convert = test::run_program(
        "/bin/sh",
        {"-c",
         "HOME=\"$1\" soffice --headless --norestore --convert-to xlsx --outdir \"$2\" \"$3\"",
         "sh", (dir / "home").string(), (dir / "lo").string(), workbook.string()});
    ASSERT_EQ(convert.exit_code, 0) << convert.err;
    ASSERT_TRUE(fs::exists(dir / "lo" / "schema.xlsx")) << convert.out << convert.err;
    EXPECT_NE(test::read_file(dir / "lo" / "schema.xlsx"), test::read_file(workbook));
    expect_same_scheme(read, read_scheme_workbook(dir / "lo" / "schema.xlsx", method_rules()));
}

// The parameters' drop-down list follows the row's method, as LibreOffice computes it: the
// list's formula, put in a cell, gives the entries of `ratio` in a row whose method is ratio,
// and the single entry of `sum` in a row without a method.
TEST(SchemeTemplate, TheParametersListFollowsTheRowsMethodInLibreOffice) {
    if (!soffice_available()) {
        if (all_tools_required())
            FAIL() << "soffice is missing (JALON_REQUIRE_ALL_TOOLS=1)";
        GTEST_SKIP() << "soffice (LibreOffice) is not installed: the list is not computed";
    }
    TempDir dir;
    const fs::path workbook = dir / "schema.xlsx", edited = dir / "edited.xlsx";
    reports::write_scheme_workbook(nullptr, methods(), "fr", workbook);
    const RunResult edit = test::run_python(
        "import openpyxl, sys\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "ws = wb['Indicateurs']\n"
        "f = [dv for dv in ws.data_validations.dataValidation\n"
        "     if str(dv.sqref) == 'J2:J1001'][0].formula1\n"
        "print(f)\n"
        "ws['I2'] = 'ratio'\n"
        "ws['Z2'] = '=INDEX(' + f + ',1,2)'\n"
        "ws['Z3'] = '=COLUMNS(' + f.replace('$I2', '$I3') + ')'\n"
        "ws['Z4'] = '=INDEX(' + f.replace('$I2', '$I4') + ',1,1)'\n"
        "wb.active = wb.sheetnames.index('Indicateurs')\n"
        "wb.save(sys.argv[2])\n",
        {workbook.string(), edited.string()});
    ASSERT_EQ(edit.exit_code, 0) << edit.err;
    EXPECT_CONTAINS(edit.out, "OFFSET('_listes'!$C$1,MATCH(IF($I2=\"\",\"sum\",$I2)");
    fs::create_directories(dir / "lo");
    const RunResult convert = test::run_program(
        "/bin/sh",
        {"-c",
         // The CSV filter's 12th option: the sheet to write (5: Indicateurs), to EDITED-SHEET.csv.
         "HOME=\"$1\" soffice --headless --norestore --convert-to "
         "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,5' "
         "--outdir \"$2\" \"$3\"",
         "sh", (dir / "home").string(), (dir / "lo").string(), edited.string()});
    ASSERT_EQ(convert.exit_code, 0) << convert.err;
    const std::string csv = test::read_file(dir / "lo" / "edited-Indicateurs.csv");
    std::vector<std::string> z; // column Z of rows 2 to 4
    std::istringstream lines(csv);
    std::string line;
    for (int row = 1; std::getline(lines, line); ++row)
        if (row >= 2 && row <= 4)
            z.push_back(line.substr(line.rfind(',') + 1));
    ASSERT_EQ(z.size(), 3u) << csv;
    EXPECT_EQ(z[0], "denominator: ");
    EXPECT_EQ(z[1], "1");
    EXPECT_EQ(z[2], "series: ");
}

// docs/scheme-format.md shows the complete example as a workbook: those tables are what the
// export of the complete example holds, cell for cell, and the workbook reads back the same.
TEST(SchemeExport, TheDocumentedWorkbookIsWhatTheExportWrites) {
    TempDir dir;
    const std::string docs = test::read_file(test::source_path("docs/scheme-format.md"));
    const auto start = docs.find("```yaml\n", docs.find("## Complete example"));
    ASSERT_NE(start, std::string::npos);
    const auto end = docs.find("```", start + 8);
    const Scheme example =
        read_scheme_text(docs.substr(start + 8, end - start - 8), "example.yaml", method_rules());
    const fs::path workbook = dir / "schema.xlsx";
    reports::write_scheme_workbook(&example, methods(), "fr", workbook);
    expect_same_scheme(example, read_scheme_workbook(workbook, method_rules()));
    const RunResult check = test::run_python(
        "import openpyxl, re, sys\n"
        "docs = open(sys.argv[1], encoding='utf-8').read()\n"
        "section = docs[docs.index('### Example'):docs.index('How cells are read:')]\n"
        "wb = openpyxl.load_workbook(sys.argv[2])\n"
        "tables = re.findall(r'\\*\\*(.+?)\\*\\*\\n\\n((?:\\|.*\\n)+)', section)\n"
        "assert len(tables) == 11, len(tables)\n"
        "for name, table in tables:\n"
        "    lines = [l.strip().strip('|').split(' | ') for l in table.strip().split('\\n')]\n"
        "    header, rows = [h.strip() for h in lines[0]], [[c.strip() for c in r] for r in "
        "lines[2:]]\n"
        "    ws = wb[name]\n"
        "    cols = {str(c.value): c.column for c in ws[1]}\n"
        "    got = [[('' if ws.cell(r, cols[h]).value is None else\n"
        "             str(ws.cell(r, cols[h]).value).replace('\\n', '<br>')) for h in header]\n"
        "           for r in range(2, ws.max_row + 1)\n"
        "           if any(c.value is not None for c in ws[r])]\n"
        "    if got != rows: print(name, got, rows)\n"
        "    # the columns left out are empty\n"
        "    for h, c in cols.items():\n"
        "        if h not in header and name != 'Schéma':\n"
        "            assert all(ws.cell(r, c).value is None for r in range(2, ws.max_row + 1)), "
        "(name, h)\n",
        {test::source_path("docs/scheme-format.md").string(), workbook.string()});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_EQ(check.out, "");
}
