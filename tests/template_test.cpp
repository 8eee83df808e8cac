// The data-entry template: protected structure, checked inputs, hidden keys and fingerprint.
#include "test_support.hpp"

#include <jalon/data/data_workbook.hpp>
#include <jalon/reports/data_template.hpp>

#include <gtest/gtest.h>

using namespace jalon::test;

namespace {

std::string python(const std::string& program, const std::string& workbook) {
    return run_python(program, {workbook}).out;
}

} // namespace

TEST(DataTemplate, InputsAreCheckedAndUnlockedKeysHiddenAndFingerprinted) {
    TempDir dir;
    const TestDatabase database(dir);
    const std::string db = database.arg();
    write_file(dir / "s.yaml", R"(format: jalon-scheme/1
id: tpl
title: Modèle
owner: Test
period: {start: 2024, end: 2026}
levels: [axe, action]
territories:
  - {code: dep, name: Dep, children: [{code: c1, name: Commune 1}, {code: c2, name: Commune 2}]}
nodes:
  - code: A
    level: axe
    title: Axe
    children:
      - code: A1
        level: action
        title: "=Action piégée"
        pilots: [CCAS]
        indicators:
          - {code: P, label: Personnes, level: realisation, unit: personnes, method: sum}
          - {code: T, label: Taux, level: resultat, unit: "%", method: last}
      - code: A2
        level: action
        title: Autre action
        pilots: [Mairie]
)");
    write_file(dir / "d.csv", "series,territory,period,value\nP,c1,2025,40\n");
    ASSERT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string()}).exit_code, 0);
    ASSERT_EQ(run_jalon({db, "data", "import", (dir / "d.csv").string()}).exit_code, 0);
    const std::string out = (dir / "t.xlsx").string();
    const RunResult made = run_jalon({db, "data", "template", "--scheme", "tpl", "--year", "2026",
                                      "--pilot", "ccas", "-o", out});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find("4 values to enter, 1 actions"), std::string::npos) << made.out;

    const std::string report =
        python("import openpyxl,sys\n"
               "wb=openpyxl.load_workbook(sys.argv[1])\n"
               "print('sheets', wb.sheetnames, wb['_jalon'].sheet_state)\n"
               "ws=wb['Saisie']\n"
               "print('protected', ws.protection.sheet)\n"
               "print('hidden', sorted(k for k,d in ws.column_dimensions.items() if d.hidden))\n"
               "for r in ws.iter_rows(min_row=2, values_only=True): print('row', r[0], r[4], r[6], "
               "r[10], r[11], r[12])\n"
               "print('locked', ws['A2'].protection.locked, ws['I2'].protection.locked, "
               "ws['J2'].protection.locked)\n"
               "for v in ws.data_validations.dataValidation: print('check', v.sqref, v.type, "
               "v.operator, v.formula1, v.formula2)\n"
               "a=wb['Actions']\n"
               "print('action', a['A2'].value, a['B2'].data_type, a['B2'].value, "
               "a['E2'].protection.locked)\n"
               "print('list', a.data_validations.dataValidation[0].formula1)\n"
               "print('meta', dict((r[0].value, r[1].value) for r in wb['_jalon'].iter_rows()))\n",
               out);
    EXPECT_NE(report.find("sheets ['Instructions', 'Saisie', 'Actions', '_jalon'] hidden"),
              std::string::npos)
        << report;
    EXPECT_NE(report.find("protected True"), std::string::npos);
    EXPECT_NE(report.find("hidden ['K', 'L', 'M']"), std::string::npos) << report;
    EXPECT_NE(report.find("row P Commune 1 40 P c1 2026"), std::string::npos) << report;
    EXPECT_NE(report.find("row P Commune 2 None P c2 2026"), std::string::npos)
        << "a missing previous value stays empty";
    EXPECT_NE(report.find("row T Commune 1 None T c1 2026"), std::string::npos);
    EXPECT_NE(report.find("locked True False False"), std::string::npos) << report;
    EXPECT_NE(report.find("check I2 decimal greaterThanOrEqual 0"), std::string::npos) << report;
    // "between" is the default operator, left out of the file (openpyxl reads None).
    EXPECT_NE(report.find("check I4 decimal None 0 100"), std::string::npos) << report;
    EXPECT_NE(report.find("action A1 s =Action piégée False"), std::string::npos)
        << "a title beginning with '=' stays text; the status input is unlocked: " << report;
    EXPECT_NE(report.find("list \"réalisé,en cours,non engagé,reporté,abandonné\""),
              std::string::npos)
        << report;
    const jalon::DataTemplateKeys keys{
        "tpl",
        2026,
        {{"P", "c1", "2026"}, {"P", "c2", "2026"}, {"T", "c1", "2026"}, {"T", "c2", "2026"}},
        {"A1"}};
    const std::string checksum = jalon::data_template_checksum(keys);
    EXPECT_NE(report.find("'keys': '" + checksum + "'"), std::string::npos) << report;
    EXPECT_NE(report.find("'scheme': 'tpl', 'year': '2026'"), std::string::npos) << report;

    EXPECT_EQ(run_jalon({db, "data", "template", "--scheme", "tpl", "--year", "2030", "-o", out})
                  .exit_code,
              2);
    EXPECT_EQ(run_jalon({db, "data", "template", "--scheme", "tpl", "--year", "2026", "--node", "Z",
                         "-o", out})
                  .exit_code,
              2);
}

// Previous values and targets that are synthetic are labelled so where the template shows them;
// real ones are not. A scheme of one territory, whose rows show the target.
TEST(DataTemplate, SyntheticPreviousValuesAndTargetsAreLabelled) {
    TempDir dir;
    const TestDatabase database(dir);
    const std::string db = database.arg();
    write_file(dir / "s.yaml", R"(format: jalon-scheme/1
id: seul
title: Un territoire
owner: Test
period: {start: 2024, end: 2026}
levels: [action]
territories:
  - {code: ville, name: Ville}
nodes:
  - code: A1
    level: action
    title: Action
    indicators:
      - {code: P, label: Personnes, level: realisation, unit: personnes, method: sum}
)");
    write_file(dir / "o.yaml", R"(format: jalon-overlay/1
scheme: seul
synthetic: true
indicators:
  P: {target: {value: 90, year: 2026}}
)");
    write_file(dir / "d.csv", "series,territory,period,value\nP,ville,2025,40\n");
    const auto headers = [&](const std::string& out) {
        return run_python("import openpyxl,sys\n"
                          "wb=openpyxl.load_workbook(sys.argv[1])\n"
                          "print([c.value for c in wb['Saisie'][1]][6:8])\n"
                          "print(wb['Saisie']['G2'].value, wb['Saisie']['H2'].value)\n"
                          "print(any('synthétiques' in str(c.value) for r in "
                          "wb['Instructions'].iter_rows() for c in r))\n",
                          {out})
            .out;
    };
    ASSERT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string(), "--overlay",
                         (dir / "o.yaml").string()})
                  .exit_code,
              0);
    ASSERT_EQ(run_jalon({db, "data", "import", (dir / "d.csv").string(), "--synthetic"}).exit_code,
              0);
    const std::string synthetic = (dir / "synthetic.xlsx").string();
    ASSERT_EQ(
        run_jalon({db, "data", "template", "--scheme", "seul", "--year", "2026", "-o", synthetic})
            .exit_code,
        0);
    EXPECT_EQ(headers(synthetic),
              "['Année précédente (synthétique)', 'Cible (synthétique)']\n40 90\nTrue\n");

    // The same figures, adopted and recorded for real: no label.
    ASSERT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string(), "--overlay",
                         (dir / "o.yaml").string()})
                  .exit_code,
              0);
    write_file(dir / "o.yaml", "format: jalon-overlay/1\nscheme: seul\nindicators:\n"
                               "  P: {target: {value: 90, year: 2026}}\n");
    ASSERT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string(), "--overlay",
                         (dir / "o.yaml").string()})
                  .exit_code,
              0);
    ASSERT_EQ(run_jalon({db, "data", "import", (dir / "d.csv").string()}).exit_code, 0);
    const std::string real = (dir / "real.xlsx").string();
    ASSERT_EQ(run_jalon({db, "data", "template", "--scheme", "seul", "--year", "2026", "-o", real})
                  .exit_code,
              0);
    EXPECT_EQ(headers(real), "['Année précédente', 'Cible']\n40 90\nFalse\n");
}

// The instructions say which part of the scheme the template covers in the template's language
// ("all territories" was printed in English in the French template), and their long lines span
// both columns, wrapped, so the sheet prints on one page's width.
TEST(DataTemplate, TheInstructionsWordTheScopeInTheTemplatesLanguageAndPrintOnOnePageWidth) {
    TempDir dir;
    const TestDatabase database(dir);
    const std::string db = database.arg();
    write_file(dir / "s.yaml", R"(format: jalon-scheme/1
id: deux
title: Deux territoires
owner: Test
period: {start: 2024, end: 2026}
levels: [action]
territories:
  - {code: dep, name: Département, children: [{code: nord, name: Nord}]}
nodes:
  - code: A1
    level: action
    title: Action
    pilots: [CAF]
    indicators:
      - {code: P, label: Personnes, level: realisation, unit: personnes, method: sum}
)");
    ASSERT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string()}).exit_code, 0);
    const auto instructions = [&](const std::vector<std::string>& options) {
        const std::string out = (dir / "t.xlsx").string();
        std::vector<std::string> args{db,       "data", "template", "--scheme", "deux",
                                      "--year", "2026", "-o",       out};
        args.insert(args.end(), options.begin(), options.end());
        EXPECT_EQ(run_jalon(args).exit_code, 0);
        return run_python(
                   "import openpyxl,sys\n"
                   "ws=openpyxl.load_workbook(sys.argv[1])['Instructions']\n"
                   "print(ws['B5'].value)\n"
                   "print(ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage)\n"
                   "print(sorted(str(r) for r in ws.merged_cells.ranges))\n",
                   {out})
            .out;
    };
    EXPECT_EQ(
        instructions({}),
        "tous les territoires\n0 True\n['A10:B10', 'A11:B11', 'A12:B12', 'A13:B13', 'A1:B1']\n");
    EXPECT_EQ(instructions({"--territory", "nord", "--pilot", "CAF"}).substr(0, 27),
              "territoire nord, pilote CAF");
    EXPECT_EQ(instructions({"--territory", "nord", "--lang", "en"}).substr(0, 15),
              "territory nord\n");
}
