// `jalon data import FILE.xlsx`: a data-entry template filled with openpyxl (and resaved by
// LibreOffice), simple workbooks laid out like the CSV, and every refusal with its sheet!cell.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>

using namespace jalon::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* scheme_yaml = R"(format: jalon-scheme/1
id: tpl
title: Modèle
owner: Test
period: {start: 2024, end: 2026}
levels: [axe, action]
level_order: strict
territories:
  - {code: dep, name: Dep, children: [{code: c1, name: Commune 1}, {code: c2, name: Commune 2}]}
nodes:
  - code: A
    level: axe
    title: Axe
    children:
      - code: A1
        level: action
        title: Accueil
        pilots: [CCAS]
        indicators:
          - {code: P, label: Personnes, level: realisation, unit: personnes, method: sum}
      - code: A2
        level: action
        title: Autre action
        pilots: [Mairie]
)";

// Python that opens the workbook argv[1], runs `edit` (with `wb`, `ws` = Saisie, `ac` =
// Actions, `meta` = _jalon) and saves it to argv[2].
std::string edit_program(const std::string& edit) {
    return "import openpyxl,sys\n"
           "wb=openpyxl.load_workbook(sys.argv[1])\n"
           "ws=wb['Saisie']; ac=wb['Actions']; meta=wb['_jalon']\n" +
           edit + "\nwb.save(sys.argv[2])\n";
}

// A database holding the scheme, and a template for 2026: rows P/c1 (2), P/c2 (3); actions A1
// (2), A2 (3).
struct Template {
    TempDir dir;
    TestDatabase database{dir};
    std::string db = database.arg();
    std::string blank = (dir / "template.xlsx").string();

    Template() {
        write_file(dir / "s.yaml", scheme_yaml);
        EXPECT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string()}).exit_code, 0);
        const RunResult made =
            run_jalon({db, "data", "template", "--scheme", "tpl", "--year", "2026", "-o", blank});
        EXPECT_EQ(made.exit_code, 0) << made.err;
    }

    // The template edited by Python, saved under `name`.
    std::string filled(const std::string& name, const std::string& edit) {
        const std::string out = (dir / name).string();
        const RunResult r = run_python(edit_program(edit), {blank, out});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return out;
    }

    RunResult import(const std::string& file, std::vector<std::string> more = {}) {
        std::vector<std::string> args{db, "data", "import", file, "--by", "Camille"};
        args.insert(args.end(), more.begin(), more.end());
        return run_jalon(args);
    }

    // Every stored value, comment and follow-up, as text: to prove a refused import changed
    // nothing.
    std::string contents() {
        std::string text;
        for (const char* table : {"observation", "observation_history", "observation_comment",
                                  "action_follow_up", "action_follow_up_history"}) {
            std::vector<std::string> rows =
                query_rows(database.url(), std::string("SELECT * FROM ") + table);
            std::sort(rows.begin(), rows.end());
            text += std::string(table) + ":\n";
            for (const std::string& row : rows)
                text += "  " + row + "\n";
        }
        return text;
    }
};

const std::string good_fill = "ws['I2']=12\n"
                              "ws['J2']='compté au 31/12'\n"
                              "ac['E2']='réalisé'\n"
                              "ac['F2']='Ouvert en mai'\n";

} // namespace

TEST(DataWorkbook, FilledTemplateRoundTripsIntoTheRun) {
    Template t;
    const std::string file = t.filled("filled.xlsx", good_fill);
    const RunResult r = t.import(file);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("2 rows (1 new, 0 changed, 0 unchanged, 1 empty), 1 comment, 1 action "
                         "statuses (1 new"),
              std::string::npos)
        << r.out;

    const RunResult history =
        run_jalon({t.db, "data", "history", "--series", "P", "--territory", "c1"});
    EXPECT_NE(history.out.find("2026  12  "), std::string::npos) << history.out;
    EXPECT_NE(history.out.find("Camille  " + file + "  (current)"), std::string::npos)
        << history.out;
    EXPECT_NE(history.out.find("2026  comment: compté au 31/12"), std::string::npos) << history.out;
    const RunResult empty = run_jalon(
        {t.db, "data", "history", "--scheme", "tpl", "--series", "P", "--territory", "c2"});
    EXPECT_NE(empty.out.find("no value"), std::string::npos)
        << "an empty input cell is no value, not zero: " << empty.out;

    const RunResult status =
        run_jalon({t.db, "status", "history", "--scheme", "tpl", "--node", "A1"});
    EXPECT_NE(status.out.find("2026  realise"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("Ouvert en mai"), std::string::npos) << status.out;

    const RunResult run = run_jalon({t.db, "evaluate", "--scheme", "tpl", "--year", "2026"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(query_rows(t.database.url(),
                         "SELECT territory_code, value FROM indicator_result WHERE "
                         "indicator_code='P' AND year=2026 ORDER BY territory_code"),
              (std::vector<std::string>{"c1|12", "c2|NULL", "dep|12"}));

    // The same workbook again changes nothing.
    const RunResult again = t.import(file);
    EXPECT_NE(again.out.find("(0 new, 0 changed, 1 unchanged, 1 empty)"), std::string::npos)
        << again.out;
}

TEST(DataWorkbook, TemplateResavedByLibreOfficeImportsTheSame) {
    Template t;
    const std::string file = t.filled("filled.xlsx", good_fill);
    const fs::path resaved_dir = t.dir / "resaved";
    fs::create_directories(resaved_dir);
    const RunResult convert =
        run_program("/usr/bin/libreoffice",
                    {"-env:UserInstallation=file://" + (t.dir / "lo-profile").string(),
                     "--headless", "--convert-to", "xlsx", "--outdir", resaved_dir.string(), file});
    ASSERT_EQ(convert.exit_code, 0) << convert.err;
    const std::string resaved = (resaved_dir / "filled.xlsx").string();
    ASSERT_TRUE(fs::exists(resaved)) << convert.out << convert.err;

    const RunResult r = t.import(resaved);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("2 rows (1 new, 0 changed, 0 unchanged, 1 empty), 1 comment, 1 action "
                         "statuses (1 new"),
              std::string::npos)
        << r.out;
    const std::string from_libreoffice = t.contents();

    Template u;
    ASSERT_EQ(u.import(u.filled("filled.xlsx", good_fill)).exit_code, 0);
    // Same values, comments and statuses; only the time and the file name may differ.
    const auto keep = [](std::string text, const std::string& dir) {
        for (const std::string& drop : {dir, std::string("resaved/")})
            for (std::size_t at; (at = text.find(drop)) != std::string::npos;)
                text.erase(at, drop.size());
        return std::regex_replace(text, std::regex(R"(\d{4}-\d\d-\d\dT[0-9:]+Z)"), "T");
    };
    EXPECT_EQ(keep(from_libreoffice, t.dir.path().string()),
              keep(u.contents(), u.dir.path().string()));
}

TEST(DataWorkbook, BadInputsAreRefusedWithTheirCellAndNothingIsWritten) {
    Template t;
    ASSERT_EQ(t.import(t.filled("first.xlsx", good_fill)).exit_code, 0);
    const std::string before = t.contents();
    struct Case {
        std::string edit;
        std::string expected;
    };
    const std::vector<Case> cases{
        {"ws['I2']='douze'", "Saisie!I2: value: \"douze\" is not a number"},
        {"ws['I3']=True", "Saisie!I3: value: holds a boolean"},
        {"ws['I3']='=2+3'", "Saisie!I3: value: holds a formula saved without its result"},
        {"import datetime\nws['I2']=datetime.date(2026,3,1)", "Saisie!I2: value: holds a date"},
        {"ac['E2']='fini'", "Actions!E2: status: unknown status \"fini\" (choose one of: réalisé,"},
        {"ac['F3']='sans statut'", "Actions!E3: status: is empty but the action has a comment"},
        {"ws['L2']='dep'", "_jalon!B7: keys: the scheme, the year or the hidden key columns do not "
                           "match the template's checksum"},
        {"ws['L3']=None", "Saisie!L3: territory: the hidden key is empty"},
        {"ws['K1']='série'", "Saisie!K1: key:series: the hidden key column holds \"série\": the "
                             "template was altered"},
        {"meta['B3']='2025'", "Saisie!M2: period: period 2026 is not in the template's year 2025"},
        {"meta['B2']='autre'", "_jalon!B7: keys: the scheme, the year or the hidden key"},
        {"meta['B1']='jalon-data-template/9'",
         "_jalon!B1: format: \"jalon-data-template/9\" is not a template format this Jalon reads"},
        {"ws['A4']='P'; ws['I4']=5", "Saisie!A4: a row was added below the template's 2 rows: the "
                                     "template was altered and cannot be imported; ask for a new "
                                     "one"},
        {"del wb['Saisie']", "Saisie!A1: the sheet 'Saisie' is missing"},
    };
    int n = 0;
    for (const Case& c : cases) {
        const std::string file = t.filled("bad" + std::to_string(++n) + ".xlsx", c.edit);
        const RunResult r = t.import(file);
        EXPECT_EQ(r.exit_code, 2) << c.edit << "\n" << r.out;
        EXPECT_NE(r.err.find(file + "!" + c.expected), std::string::npos) << c.edit << "\n"
                                                                          << r.err;
    }
    EXPECT_EQ(t.contents(), before);

    const RunResult other = t.import(t.filled("other.xlsx", good_fill), {"--scheme", "x"});
    EXPECT_EQ(other.exit_code, 2);
    EXPECT_NE(other.err.find("this template is for scheme 'tpl', not 'x'"), std::string::npos)
        << other.err;
}

TEST(DataWorkbook, ApprovedDataRefusesTheWholeImport) {
    Template t;
    ASSERT_EQ(run_jalon({t.db, "data", "approve", "--scheme", "tpl", "--year", "2026",
                         "--territory", "c1", "--by", "Dominique"})
                  .exit_code,
              0);
    const std::string before = t.contents();
    const std::string file = t.filled("filled.xlsx", good_fill);
    const RunResult r = t.import(file);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(file + "!Saisie!L2: territory: the 2026 data of 'c1' is approved (by "
                                "Dominique"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("1 row(s) refused, rows 2;"), std::string::npos) << r.err;
    EXPECT_EQ(t.contents(), before) << "neither the values nor the statuses were stored";
}

TEST(DataWorkbook, SimpleWorkbookLaidOutLikeTheCsv) {
    Template t;
    const std::string file = (t.dir / "simple.xlsx").string();
    ASSERT_EQ(run_python("import openpyxl,sys\n"
                         "wb=openpyxl.Workbook(); ws=wb.active; ws.title='Données'\n"
                         "ws.append(['Series','territory','period','value','comment'])\n"
                         "ws.append(['P','c1',2025,'1 234,5','estimé'])\n"
                         "ws.append(['P','c2','2025-Q2',7,None])\n"
                         "ws.append(['P','c2','2025-Q3',None,'pas de données'])\n"
                         "ws.append([])\n"
                         "wb.save(sys.argv[1])\n",
                         {file})
                  .exit_code,
              0);
    const RunResult r = t.import(file);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("3 rows (2 new, 0 changed, 0 unchanged, 1 empty), 2 comments"),
              std::string::npos)
        << r.out;
    const RunResult history =
        run_jalon({t.db, "data", "history", "--series", "P", "--territory", "c1"});
    EXPECT_NE(history.out.find("2025  1234.5"), std::string::npos) << history.out;
    EXPECT_NE(run_jalon({t.db, "data", "history", "--series", "P", "--territory", "c2"})
                  .out.find("2025-Q3  comment: pas de données"),
              std::string::npos);

    const std::string bad = (t.dir / "bad.xlsx").string();
    ASSERT_EQ(run_python("import openpyxl,sys\n"
                         "wb=openpyxl.Workbook(); ws=wb.active; ws.title='Feuil1'\n"
                         "ws.append(['series','territory','period','valeur'])\n"
                         "wb.save(sys.argv[1])\n",
                         {bad})
                  .exit_code,
              0);
    const RunResult missing = t.import(bad);
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find(bad + "!Feuil1!A1: value: missing required column"),
              std::string::npos)
        << missing.err;

    ASSERT_EQ(run_python("import openpyxl,sys\n"
                         "wb=openpyxl.Workbook(); ws=wb.active; ws.title='Feuil1'\n"
                         "ws.append(['series','territory','period','value'])\n"
                         "ws.append(['P','c1','2025','abc'])\n"
                         "ws.append(['P','c1','2025-13',1])\n"
                         "ws.append(['P','zz','2025',1])\n"
                         "ws.append(['P','c2','2025',1])\n"
                         "ws.append(['P','c2','2025',2])\n"
                         "wb.save(sys.argv[1])\n",
                         {bad})
                  .exit_code,
              0);
    const RunResult rows = t.import(bad, {"--scheme", "tpl"});
    EXPECT_EQ(rows.exit_code, 2);
    for (const std::string expected :
         {"!Feuil1!D2: value: \"abc\" is not a number",
          "!Feuil1!C3: period: \"2025-13\" is not a period", "!Feuil1!A6: duplicate of row 5"})
        EXPECT_NE(rows.err.find(bad + expected), std::string::npos) << expected << "\n" << rows.err;
}

TEST(DataWorkbook, NumbersInCellsFollowTheGrammarOfDataFiles) {
    // Text cells are read as a `;` CSV file reads a value; a number cell too close to 0 to keep
    // its digits (subnormal) is out of range as in a CSV file.
    Template t;
    const std::string bad = (t.dir / "numbers.xlsx").string();
    ASSERT_EQ(run_python("import openpyxl,sys\n"
                         "wb=openpyxl.Workbook(); ws=wb.active; ws.title='Feuil1'\n"
                         "ws.append(['series','territory','period','value'])\n"
                         "ws.append(['P','c1','2024','.5'])\n"
                         "ws.append(['P','c1','2025','5,'])\n"
                         "ws.append(['P','c2','2024','1e-320'])\n"
                         "ws.append(['P','c2','2025',1e-320])\n"
                         "ws.append(['P','c2','2026','1 234,5'])\n"
                         "wb.save(sys.argv[1])\n",
                         {bad})
                  .exit_code,
              0);
    const RunResult r = t.import(bad, {"--scheme", "tpl"});
    EXPECT_EQ(r.exit_code, 2);
    for (const std::string expected :
         {"!Feuil1!D2: value: \".5\" is not a number", "!Feuil1!D3: value: \"5,\" is not a number",
          "!Feuil1!D4: value: \"1e-320\" is out of range",
          "!Feuil1!D5: value: \"1e-320\" is out of range"})
        EXPECT_NE(r.err.find(bad + expected), std::string::npos) << expected << "\n" << r.err;
    EXPECT_EQ(r.err.find("Feuil1!D6"), std::string::npos) << r.err;
}

TEST(DataWorkbook, ANamedPipeIsRefusedAsNotARegularFile) {
    Template t;
    const fs::path pipe = t.dir / "pipe.xlsx";
    const std::string workbook = read_file(t.blank);
    with_named_pipe(pipe, workbook, [&] {
        const RunResult r = t.import(pipe.string());
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_NE(r.err.find(pipe.string() + ": is a named pipe, not a regular file"),
                  std::string::npos)
            << r.err;
    });
}

TEST(DataWorkbook, SimpleWorkbookHeaderProblemsAreRefusedAtTheirCell) {
    Template t;
    const std::string file = (t.dir / "header.xlsx").string();
    ASSERT_EQ(run_python("import openpyxl,sys\n"
                         "wb=openpyxl.Workbook(); ws=wb.active; ws.title='Feuil1'\n"
                         "ws.append(['series','territory','period','value','Value'])\n"
                         "ws.append(['P','c1','2025',1,2])\n"
                         "ws['G2']='orphan'\n"
                         "wb.save(sys.argv[1])\n",
                         {file})
                  .exit_code,
              0);
    const std::string before = t.contents();
    const RunResult r = t.import(file, {"--scheme", "tpl"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_CONTAINS(r.err, file + "!Feuil1!E1: Value: column given twice (first at Feuil1!D1)");
    EXPECT_EQ(t.contents(), before);

    ASSERT_EQ(run_python("import openpyxl,sys\n"
                         "wb=openpyxl.Workbook(); ws=wb.active; ws.title='Feuil1'\n"
                         "ws.append(['series','territory','period','value'])\n"
                         "ws.append(['P','c1','2025',1])\n"
                         "ws['G2']='orphan'\n"
                         "wb.save(sys.argv[1])\n",
                         {file})
                  .exit_code,
              0);
    const RunResult orphan = t.import(file, {"--scheme", "tpl"});
    EXPECT_EQ(orphan.exit_code, 2);
    EXPECT_CONTAINS(orphan.err,
                    file + "!Feuil1!G2: a value under a column without a name in the first row");
    EXPECT_EQ(t.contents(), before);
}

TEST(DataWorkbook, NotAWorkbookAndZipBombsAreRefused) {
    Template t;
    const std::string before = t.contents();
    const std::string renamed = (t.dir / "data.xlsx").string();
    write_file(renamed, "series,territory,period,value\nP,c1,2025,1\n");
    const RunResult csv = t.import(renamed);
    EXPECT_EQ(csv.exit_code, 2);
    EXPECT_NE(csv.err.find(renamed + ": not an xlsx workbook (not a zip archive)"),
              std::string::npos)
        << csv.err;

    const std::string legacy = (t.dir / "old.xlsx").string();
    write_file(legacy, std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
    const RunResult xls = t.import(legacy);
    EXPECT_EQ(xls.exit_code, 2);
    EXPECT_NE(xls.err.find(".xls"), std::string::npos) << xls.err;

    // 300 MiB of spaces inside a sheet, deflated to a few hundred KiB.
    const std::string bomb = (t.dir / "bomb.xlsx").string();
    ASSERT_EQ(run_python("import zipfile,sys\n"
                         "z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\n"
                         "z.writestr('[Content_Types].xml','<Types xmlns=\"http://schemas."
                         "openxmlformats.org/package/2006/content-types\"/>')\n"
                         "z.writestr('xl/workbook.xml','<workbook xmlns=\"http://schemas."
                         "openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas."
                         "openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet "
                         "name=\"Feuil1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>')\n"
                         "z.writestr('xl/_rels/workbook.xml.rels','<Relationships xmlns=\"http://"
                         "schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
                         "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
                         "2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                         "</Relationships>')\n"
                         "with z.open('xl/worksheets/sheet1.xml','w',force_zip64=True) as f:\n"
                         "  f.write(b'<worksheet><sheetData>')\n"
                         "  chunk=b' '*(1<<20)\n"
                         "  for i in range(300): f.write(chunk)\n"
                         "  f.write(b'</sheetData></worksheet>')\n"
                         "z.close()\n",
                         {bomb})
                  .exit_code,
              0);
    ASSERT_LT(fs::file_size(bomb), 2u << 20);
    const RunResult bombed = t.import(bomb);
    EXPECT_EQ(bombed.exit_code, 2);
    EXPECT_NE(bombed.err.find(bomb + ": xl/worksheets/sheet1.xml expands beyond 256 MiB"),
              std::string::npos)
        << bombed.err;
    EXPECT_NE(bombed.err.find("zip bomb"), std::string::npos) << bombed.err;
    EXPECT_EQ(t.contents(), before);
}
