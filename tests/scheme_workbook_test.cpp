// Reading the authoring workbook (`jalon scheme import FILE.xlsx`): every error names its cell,
// the rules are those of scheme files, and a bad workbook writes nothing (issue 17, item 3).

#include "test_support.hpp"

#include <jalon/error.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/reports/scheme_workbook.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/scheme/scheme_workbook.hpp>
#include <jalon/xlsx/workbook_reader.hpp>

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <sstream>

using namespace jalon;
using jalon::test::RunResult;
using jalon::test::TempDir;
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

Scheme fixture() {
    return read_scheme_file(
        test::source_path("tests/fixtures/schema-solidarites-sept-niveaux.yaml"), method_rules());
}

// The fixture's workbook, changed by Python statements (openpyxl) that may call
// `put(SHEET, CODE, COLUMN, VALUE)`: the cell of COLUMN (a letter) in the row whose column A
// holds CODE (or the first empty row for CODE None). `put` prints where it wrote, and so the
// test knows which cell the error must name. Returns the edited workbook's path and the cells.
struct Edited {
    fs::path file;
    std::vector<std::string> cells; // `Sheet!C5` as the reader names them
};

Edited edited(const TempDir& dir, const std::string& statements, const std::string& name = "e") {
    const fs::path original = dir / "original.xlsx";
    if (!fs::exists(original)) {
        const Scheme s = fixture();
        reports::write_scheme_workbook(&s, methods(), "fr", original);
    }
    const fs::path out = dir / (name + ".xlsx");
    const RunResult r = test::run_python(
        "import openpyxl, sys\n"
        "from openpyxl.utils import column_index_from_string\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "def row(sheet, code):\n"
        "    ws = wb[sheet]\n"
        "    for r in range(2, ws.max_row + 2):\n"
        "        v = ws.cell(r, 1).value\n"
        "        if (code is None and v is None) or (code is not None and v == code):\n"
        "            return r\n"
        "    raise SystemExit('no row ' + str(code) + ' in ' + sheet)\n"
        "def put(sheet, code, column, value):\n"
        "    r = row(sheet, code)\n"
        "    wb[sheet][column + str(r)] = value\n"
        "    print(sheet + '\\t' + str(r) + '\\t' + str(column_index_from_string(column)))\n"
        "    return r\n" +
            statements + "\nwb.save(sys.argv[2])\n",
        {original.string(), out.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Edited e{out, {}};
    std::istringstream lines(r.out);
    std::string sheet, row, column;
    while (std::getline(lines, sheet, '\t') && std::getline(lines, row, '\t') &&
           std::getline(lines, column))
        e.cells.push_back(xlsx::cell_reference(sheet, std::stoi(row), std::stoi(column)));
    return e;
}

// The problems of reading an edited workbook.
std::vector<Diagnostic> problems(const Edited& e) {
    return test::input_problems([&] { read_scheme_workbook(e.file, method_rules()); });
}

// Expects exactly one problem, at the cell `put` wrote (the n-th), with that text.
void expect_single(const Edited& e, const std::string& message, std::size_t n = 0) {
    const auto found = problems(e);
    ASSERT_EQ(found.size(), 1u) << (found.empty() ? "" : found.front().to_string() + " …");
    ASSERT_GT(e.cells.size(), n);
    EXPECT_EQ(found[0].where.file, e.file.string());
    EXPECT_EQ(found[0].where.cell, e.cells[n]) << found[0].to_string();
    EXPECT_CONTAINS(found[0].message, message);
}

} // namespace

TEST(SchemeWorkbook, TheFixtureReadsBackUnchanged) {
    TempDir dir;
    const Edited e = edited(dir, "");
    Scheme read;
    test::expect_no_problem([&] { read = read_scheme_workbook(e.file, method_rules()); });
    EXPECT_TRUE(read == fixture());
}

TEST(SchemeWorkbook, AnUnknownLevelNamesItsCell) {
    TempDir dir;
    const Edited e = edited(dir, "put('Arborescence', 'FA4', 'C', 'sous-fiche')");
    expect_single(e, "level 'sous-fiche' is not one of the scheme's levels");
    EXPECT_EQ(e.cells[0].rfind("Arborescence!C", 0), 0u);
    EXPECT_EQ(problems(e)[0].to_string(),
              e.file.string() + "!" + e.cells[0] +
                  ": Niveau: node 'FA4': level 'sous-fiche' is not one of the "
                  "scheme's levels (partie, section, étape, enjeu, territoire, focus, axe, "
                  "orientation, objectif, fiche action, action phare, pilier, priorité, volet)");
}

TEST(SchemeWorkbook, AMissingParentNamesItsCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Arborescence', 'FA4', 'B', 'A9')"),
                  "no node 'A9' in the sheet: a parent is the code of another row");
}

TEST(SchemeWorkbook, ParentsInACycleAreNamed) {
    TempDir dir;
    const auto found = problems(edited(dir, "put('Arborescence', 'P3', 'B', 'P3.V1')"));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_CONTAINS(found[0].message, "node 'P3' is under 'P3.V1', which is under it");
    EXPECT_CONTAINS(found[0].where.cell, "Arborescence!B");
}

TEST(SchemeWorkbook, RowsInAnyOrderAreReadInTreeOrder) {
    TempDir dir;
    // The first row (P1) moved to the end: it still comes first, its children after it.
    // The last top-level node's row moved below its children's: it still comes before them.
    const Edited e = edited(dir, "ws = wb['Arborescence']\n"
                                 "r = row('Arborescence', 'P3')\n"
                                 "ws.append([c.value for c in ws[r]])\n"
                                 "ws.delete_rows(r)\n");
    Scheme read;
    test::expect_no_problem([&] { read = read_scheme_workbook(e.file, method_rules()); });
    EXPECT_TRUE(read == fixture());
}

TEST(SchemeWorkbook, ADuplicateCodeNamesItsCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Arborescence', 'FA5', 'A', 'FA4')"),
                  "code 'FA4' is used by another node");
}

TEST(SchemeWorkbook, ABadNumberNamesItsCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Indicateurs', 'I1', 'P', 'douze')"),
                  "'douze' is not a number (expected a number cell, or digits");
    // A text with a decimal comma is a number.
    const Edited comma = edited(dir, "put('Indicateurs', 'I1', 'P', '12,5')", "comma");
    Scheme read;
    test::expect_no_problem([&] { read = read_scheme_workbook(comma.file); });
    EXPECT_EQ(read.find_indicator("I1")->baseline->value, 12.5);
}

TEST(SchemeWorkbook, ABadYearNamesItsCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Jalons et cibles', 'I1', 'C', 2028.5)"),
                  "'2028.5' is not a year (a whole number such as 2025)");
    expect_single(edited(dir, "put('Arborescence', 'FA1', 'K', 'deux mille')", "text"),
                  "'deux mille' is not a year");
    expect_single(edited(dir, "put('Schéma', 'Première année *', 'B', 99)", "small"),
                  "99 is not a year");
    // A year outside the period: the rule of scheme files, at the workbook's cell.
    expect_single(edited(dir, "put('Jalons et cibles', 'I1', 'C', 2031)", "outside"),
                  "target year 2031 is outside the period 2024-2028");
}

TEST(SchemeWorkbook, AnUnknownMethodNamesItsCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Indicateurs', 'I2', 'I', 'moyenne_mobile')"), "moyenne_mobile");
}

TEST(SchemeWorkbook, BadParametersNameTheirCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Indicateurs', 'I2', 'J', 'factor: [1, [2]]')"),
                  "a parameter list holds numbers or texts only");
    expect_single(edited(dir, "put('Indicateurs', 'I2', 'J', 'sans deux-points')", "plain"),
                  "parameters are written `name: value`, one a line");
    // Parameters checked against the method's declaration, at the parameters' cell.
    expect_single(edited(dir, "put('Indicateurs', 'I2', 'J', 'inconnu: 3')", "undeclared"),
                  "inconnu");
}

TEST(SchemeWorkbook, UnknownWordsOfTheListsNameTheirCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Indicateurs', 'I1', 'O', 'hebdomadaire')"),
                  "unknown frequency 'hebdomadaire' (expected annuelle, semestrielle");
    expect_single(edited(dir, "put('Indicateurs', 'I1', 'K', 'stable')", "direction"),
                  "unknown direction 'stable' (expected hausse or baisse)");
    expect_single(edited(dir, "put('Indicateurs', 'I1', 'E', 'effet')", "level"),
                  "unknown indicator level 'effet'");
    expect_single(edited(dir, "put('Arborescence', 'FA1', 'T', 'fini')", "status"),
                  "unknown status 'fini'");
    expect_single(edited(dir, "put('Arborescence', 'FA1', 'H', 'peut-être')", "flag"),
                  "'peut-être' is not oui or non (yes or no)");
    expect_single(edited(dir, "put('Schéma', 'Ordre des niveaux', 'B', 'souple')", "order"),
                  "unknown level order 'souple' (expected strict or free)");
    expect_single(edited(dir, "put('Jalons et cibles', 'I1', 'B', 'objectif')", "type"),
                  "unknown type 'objectif' (expected jalon or cible");
}

TEST(SchemeWorkbook, TheListsShowFrenchWordsAndReadEitherLanguageOrTheCodes) {
    TempDir dir;
    // The workbook shows words, not the scheme file's codes.
    const RunResult shown = test::run_python(
        "import openpyxl, sys\n"
        "wb = openpyxl.load_workbook(sys.argv[1])\n"
        "ws = wb['Indicateurs']\n"
        "print(sorted({ws.cell(r, 5).value for r in range(2, ws.max_row + 1)} - {None}))\n",
        {edited(dir, "").file.string()});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_CONTAINS(shown.out, "'réalisation'");
    EXPECT_EQ(shown.out.find("'realisation'"), std::string::npos) << shown.out;
    // English words, the codes and other spellings read as the French words do.
    const Scheme expected = [] {
        Scheme s = fixture();
        for (Indicator& i : s.indicators)
            if (i.code == "I1") {
                i.direction = Direction::down;
                i.level = IndicatorLevel::outcome;
                i.frequency = Frequency::quarterly;
            }
        for (Node& n : s.nodes)
            if (n.code == "FA1")
                n.status = ActionStatus::not_started;
        return s;
    }();
    for (const auto& [direction, level, frequency, status] :
         std::vector<std::array<std::string, 4>>{
             {"baisse", "résultat", "trimestrielle", "non engagé"},
             {"down", "outcome", "quarterly", "not started"},
             {"DOWN", "resultat", "Trimestrielle", "non-engage"}}) {
        const Edited e = edited(dir,
                                "put('Indicateurs', 'I1', 'K', '" + direction + "')\n" +
                                    "put('Indicateurs', 'I1', 'E', '" + level + "')\n" +
                                    "put('Indicateurs', 'I1', 'O', '" + frequency + "')\n" +
                                    "put('Arborescence', 'FA1', 'T', '" + status + "')",
                                direction);
        Scheme read;
        test::expect_no_problem([&] { read = read_scheme_workbook(e.file, method_rules()); });
        EXPECT_TRUE(read == expected) << direction << " " << level << " " << status;
    }
}

TEST(SchemeWorkbook, ReferencesToUnknownCodesNameTheirCell) {
    TempDir dir;
    expect_single(edited(dir, "put('Indicateurs', 'I2', 'C', 'FA9')"), "node 'FA9' does not exist");
    expect_single(edited(dir, "put('Jalons et cibles', 'I1', 'A', 'I9')", "target"),
                  "no indicator 'I9' in the indicators' sheet");
    expect_single(edited(dir,
                         "put('Chiffres clés', None, 'A', 'territoire')\n"
                         "put('Chiffres clés', 'territoire', 'B', 'ouest')\n"
                         "put('Chiffres clés', 'territoire', 'C', 'habitants')\n"
                         "put('Chiffres clés', 'territoire', 'D', 1000)\n",
                         "figure"),
                  "no territory 'ouest' in the workbook", 1);
    expect_single(edited(dir, "put('Schéma', 'Niveau de pilotage', 'B', 'thème')", "steering"),
                  "thème");
}

TEST(SchemeWorkbook, ASecondTargetAndAnIncompleteMilestoneNameTheirCell) {
    TempDir dir;
    expect_single(edited(dir, "r = put('Jalons et cibles', None, 'A', 'I1')\n"
                              "wb['Jalons et cibles']['B' + str(r)] = 'cible'\n"
                              "wb['Jalons et cibles']['D' + str(r)] = 300\n"
                              "print('Jalons et cibles\\t' + str(r) + '\\t2')\n"),
                  "indicator 'I1' already has a target (row 2)", 1);
    const auto found = problems(edited(dir,
                                       "r = put('Jalons et cibles', None, 'A', 'I2')\n"
                                       "wb['Jalons et cibles']['B' + str(r)] = 'jalon'\n",
                                       "milestone"));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].where.cell, "'Jalons et cibles'!C3");
    EXPECT_EQ(found[0].message, "a milestone needs a year");
    EXPECT_EQ(found[1].where.cell, "'Jalons et cibles'!D3");
}

TEST(SchemeWorkbook, HeadersAndFieldsAreCheckedByName) {
    TempDir dir;
    const auto unknown = problems(edited(dir, "wb['Arborescence']['B1'] = 'Parents'"));
    ASSERT_FALSE(unknown.empty());
    EXPECT_EQ(unknown[0].where.cell, "Arborescence!B1");
    EXPECT_CONTAINS(unknown[0].message,
                    "unknown column 'Parents' in sheet 'Arborescence' (expected: Code, Parent,");
    const auto found = problems(edited(dir, "wb['Arborescence']['C1'] = None", "missing"));
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0].where.cell, "Arborescence!A1");
    EXPECT_CONTAINS(found[0].message, "missing column 'Niveau' ('Level' in English) in row 1");
    const auto field = problems(edited(dir, "wb['Schéma']['A20'] = 'Budget'", "field"));
    ASSERT_EQ(field.size(), 1u);
    EXPECT_EQ(field[0].where.cell, "'Schéma'!A20");
    EXPECT_CONTAINS(field[0].message, "unknown field 'Budget' (expected: Identifiant, Titre,");
    // Columns found by their header: moved, or headed in English, they read the same.
    const Edited moved = edited(dir,
                                "ws = wb['Indicateurs']\n"
                                "ws.move_range('A1:R40', cols=2)\n"
                                "ws['C1'] = 'Code'\n"
                                "ws['F1'] = 'Label'\n",
                                "moved");
    Scheme read;
    test::expect_no_problem([&] { read = read_scheme_workbook(moved.file, method_rules()); });
    EXPECT_TRUE(read == fixture());
}

TEST(SchemeWorkbook, AWorkbookThatIsNotAnAuthoringWorkbookIsRefused) {
    TempDir dir;
    const auto found = problems(edited(dir, "del wb['Schéma']\ndel wb['Arborescence']", "other"));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_CONTAINS(found[0].message, "the workbook has no sheet 'Schéma' ('Scheme' in English)");
    EXPECT_CONTAINS(found[1].message, "no sheet 'Arborescence'");
    const auto format =
        problems(edited(dir, "wb['_jalon']['B1'] = 'jalon-data-template/1'", "format"));
    ASSERT_EQ(format.size(), 1u);
    EXPECT_EQ(format[0].where.cell, "_jalon!B1");
    EXPECT_CONTAINS(format[0].message,
                    "this workbook is 'jalon-data-template/1', not an authoring workbook");
}

TEST(SchemeWorkbook, ABadWorkbookIsRefusedByTheCommandAndNothingIsWritten) {
    TempDir dir;
    const test::TestDatabase database(dir);
    const Edited e = edited(dir, "put('Arborescence', 'FA4', 'C', 'sous-fiche')\n"
                                 "put('Indicateurs', 'I1', 'P', 'douze')\n");
    const RunResult r = test::run_jalon({database.arg(), "-q", "--plugins", JALON_PLUGIN_BUILD_DIR,
                                         "scheme", "import", e.file.string()});
    EXPECT_EQ(r.exit_code, 2);
    // Structure first (the number), as for scheme files; the rules once it is sound.
    EXPECT_CONTAINS(r.err, e.file.string() + "!" + e.cells[1] +
                               ": Valeur de référence: 'douze' is not a number");
    EXPECT_FALSE(jalon::test::contains(r.err, "sous-fiche"));
    EXPECT_FALSE(test::database_exists(database));
    const RunResult dry =
        test::run_jalon({database.arg(), "-q", "--plugins", JALON_PLUGIN_BUILD_DIR, "scheme",
                         "import", "--dry-run", edited(dir, "", "good").file.string()});
    EXPECT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_CONTAINS(dry.out, "would import schema-sept-niveaux (revision 1) from ");
}

// The other cell-level errors, each at its cell: Excel errors and formulas without a value,
// columns and fields given twice, incomplete rows, stated totals, parameters, list words.
TEST(SchemeWorkbook, EveryOtherCellErrorNamesItsCell) {
    TempDir dir;
    struct Case {
        std::string statements, message;
        std::string column = {}; // of the cell named, in the row written last; empty: that cell
    };
    const std::vector<Case> cases{
        {"put('Arborescence', 'FA1', 'D', '#N/A')", "the cell holds the error #N/A"},
        {"put('Arborescence', 'FA1', 'E', '=1/0')", "a formula saved without its value"},
        {"wb['Arborescence']['W1'] = 'Titre'\nprint('Arborescence\\t1\\t23')",
         "column 'Titre' is given twice (also in column D)"},
        {"put('Schéma', None, 'A', 'Titre')", "field 'Titre' is given twice (also in row 3)"},
        {"put('Indicateurs', 'I2', 'Q', 2024)", "a baseline year without a baseline value", "P"},
        {"put('Jalons et cibles', 'I1', 'E', 'personnes')\n"
         "wb['Jalons et cibles']['B2'] = 'jalon'",
         "a milestone has no unit of its own"},
        {"put('Jalons et cibles', 'I1', 'A', None)", "the indicator's code is empty"},
        {"put('Chiffres clés', None, 'A', 'nœud')\n"
         "put('Chiffres clés', 'nœud', 'B', 'FA1')\n"
         "put('Chiffres clés', 'nœud', 'C', 'aidants')",
         "a figure needs a value", "D"},
        {"put('Chiffres clés', None, 'A', 'commune')", "unknown element 'commune'"},
        {"r = put('Totaux déclarés', None, 'A', 'actions')\n"
         "wb['Totaux déclarés']['B' + str(r)] = 1\n"
         "r = put('Totaux déclarés', None, 'A', 'actions')\n"
         "wb['Totaux déclarés']['B' + str(r)] = 2",
         "total 'actions' is given twice (also in row"},
        {"put('Totaux déclarés', None, 'B', 3)", "a total needs a name", "A"},
        {"put('Totaux déclarés', None, 'A', 'fiches')", "a total needs a value", "B"},
        {"r = put('Totaux déclarés', None, 'A', 'fiches')\n"
         "put('Totaux déclarés', 'fiches', 'B', 2.5)",
         "'2.5' is not a whole number"},
        {"put('Indicateurs', 'I2', 'J', 'factor: {a: 1}')",
         "factor: a parameter is a number, a text or a list of them"},
        {"put('Indicateurs', 'I2', 'J', '[a]: 1')", "a parameter name must be a word"},
        {"put('Indicateurs', 'I2', 'J', 'factor: 1e999')", "factor: '1e999' is out of range"},
        {"put('Questions évaluatives', None, 'A', 'Q1')\n"
         "put('Questions évaluatives', 'Q1', 'B', 'utilité')\n"
         "put('Questions évaluatives', 'Q1', 'C', 'Les aidants sont-ils soutenus ?')\n"
         "put('Questions évaluatives', 'Q1', 'E', 'FA1')",
         "unknown criterion 'utilité'", "B"},
        {"put('Séries', None, 'A', 'aidants')\nput('Séries', 'aidants', 'D', 'médiane')",
         "unknown roll-up 'médiane' (expected somme, dernière, moyenne, minimum, maximum or "
         "nombre)"},
        {"put('Niveaux', 'volet', 'B', 'bof')", "'bof' is not oui or non (yes or no)"},
        {"put('Questions évaluatives', None, 'A', 'Q1')\n"
         "put('Questions évaluatives', 'Q1', 'B', 'efficacite')\n"
         "put('Questions évaluatives', 'Q1', 'C', 'Les aidants sont-ils soutenus ?')\n"
         "put('Questions évaluatives', 'Q1', 'D', 'I1\\nI9')",
         "I9"},
    };
    int n = 0;
    for (const Case& c : cases) {
        const Edited e = edited(dir, c.statements, "case" + std::to_string(n++));
        const auto found = problems(e);
        EXPECT_EQ(found.size(), 1u) << c.statements << "\n"
                                    << (found.empty() ? "" : found[0].to_string());
        if (found.size() != 1 || e.cells.empty())
            continue;
        EXPECT_CONTAINS(found[0].message, c.message);
        // The cell written last, or the cell of `column` in its row.
        std::string expected = e.cells.back();
        if (!c.column.empty()) {
            const auto bang = expected.rfind('!');
            const auto digits = expected.find_first_of("0123456789", bang);
            expected = expected.substr(0, bang + 1) + c.column + expected.substr(digits);
        }
        EXPECT_EQ(found[0].where.cell, expected) << found[0].to_string();
    }
}
