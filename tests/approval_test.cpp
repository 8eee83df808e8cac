// Approving a year's data locks it: imports into it are refused, whole, with the locked rows.
#include "test_support.hpp"

#include <jalon/error.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/approval_store.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>

using namespace jalon;
using namespace jalon::test;

namespace {

const char* scheme_yaml = R"(format: jalon-scheme/1
id: appro
title: Approbation
owner: Test
period: {start: 2024, end: 2026}
levels: [action]
territories:
  - {code: dep, name: Dep, children: [{code: nord, name: Nord, children: [{code: c1, name: C1}]},
                                      {code: sud, name: Sud}]}
nodes:
  - code: A
    level: action
    title: Action
    indicators: [{code: I1, label: People, level: realisation, method: sum}]
)";

struct Fixture {
    TempDir dir;
    TestDatabase database{dir};
    std::string db = database.arg();

    Fixture() {
        write_file(dir / "s.yaml", scheme_yaml);
        write_file(dir / "d.csv", "series,territory,period,value\n"
                                  "I1,c1,2025,10\n"
                                  "I1,sud,2025,20\n"
                                  "I1,c1,2026,30\n");
        EXPECT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string()}).exit_code, 0);
        EXPECT_EQ(run_jalon({db, "data", "import", (dir / "d.csv").string()}).exit_code, 0);
    }
};

} // namespace

TEST(Approval, ApprovingASubtreeLocksItsTerritoriesOnlyForThatYear) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    const Scheme scheme = read_scheme_text(scheme_yaml, "s.yaml");
    SchemeStore(db).save(scheme, "s.yaml");
    ApprovalStore approvals(db);
    EXPECT_EQ(approvals.approve(scheme, 2025, std::string("nord"), "eval"), 2u);
    EXPECT_EQ(approvals.approve(scheme, 2025, std::string("nord"), "eval"), 0u) << "already";
    const auto list = approvals.approvals("appro");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].territory, "nord");
    EXPECT_EQ(list[1].territory, "c1");
    EXPECT_EQ(list[0].year, 2025);
    EXPECT_EQ(list[0].approved_by, "eval");
    EXPECT_EQ(approvals.approve(scheme, 2026, std::nullopt, "eval"), 4u) << "all territories";
    EXPECT_THROW(approvals.approve(scheme, 2030, std::nullopt, "eval"), InputError);
    EXPECT_THROW(approvals.approve(scheme, 2025, std::string("ouest"), "eval"), InputError);
    EXPECT_THROW(approvals.unapprove(scheme, 2025, std::string("nord"), "eval", ""), InputError);
    EXPECT_EQ(approvals.unapprove(scheme, 2025, std::string("nord"), "eval", "correction"), 2u);
    EXPECT_EQ(approvals.approvals("appro").size(), 4u);
}

TEST(Approval, AnImportIntoApprovedDataIsRefusedWholeAndNamesTheLockedRows) {
    Fixture f;
    ASSERT_EQ(run_jalon({f.db, "data", "approve", "--scheme", "appro", "--year", "2025",
                         "--territory", "nord", "--by", "eval"})
                  .exit_code,
              0);
    write_file(f.dir / "again.csv", "series,territory,period,value\n"
                                    "I1,sud,2025,21\n"  // not locked
                                    "I1,c1,2025,11\n"); // locked through nord
    const std::vector<std::string> before = stored_state(f.database.url());
    const RunResult refused = run_jalon({f.db, "data", "import", (f.dir / "again.csv").string()});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("again.csv:3:2: territory: the 2025 data of 'c1' is approved (by "
                               "eval on "),
              std::string::npos)
        << refused.err;
    EXPECT_NE(refused.err.find("1 row(s) refused, lines 3"), std::string::npos) << refused.err;
    EXPECT_EQ(stored_state(f.database.url()), before) << "nothing written, not even sud's row";

    const RunResult no_reason = run_jalon(
        {f.db, "data", "unapprove", "--scheme", "appro", "--year", "2025", "--territory", "nord"});
    EXPECT_EQ(no_reason.exit_code, 2);
    EXPECT_NE(no_reason.err.find("--reason"), std::string::npos);
    ASSERT_EQ(run_jalon({f.db, "data", "unapprove", "--scheme", "appro", "--year", "2025",
                         "--territory", "nord", "--reason", "correction CAF"})
                  .exit_code,
              0);
    const RunResult accepted = run_jalon({f.db, "data", "import", (f.dir / "again.csv").string()});
    EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
    EXPECT_NE(accepted.out.find("0 new, 2 changed"), std::string::npos) << accepted.out;
}

TEST(Approval, DataHistoryShowsEveryValueWithItsFileAndAuthor) {
    Fixture f;
    write_file(f.dir / "fix.csv", "series,territory,period,value\nI1,c1,2025,12\n");
    ASSERT_EQ(
        run_jalon({f.db, "data", "import", (f.dir / "fix.csv").string(), "--by", "ana"}).exit_code,
        0);
    const RunResult history =
        run_jalon({f.db, "data", "history", "--series", "I1", "--territory", "c1"});
    ASSERT_EQ(history.exit_code, 0) << history.err;
    const auto old_value = history.out.find("2025  10  ");
    const auto new_value = history.out.find("2025  12  ");
    ASSERT_NE(old_value, std::string::npos) << history.out;
    ASSERT_NE(new_value, std::string::npos) << history.out;
    EXPECT_LT(old_value, new_value) << "oldest first";
    EXPECT_NE(history.out.find("d.csv  replaced "), std::string::npos) << history.out;
    EXPECT_NE(history.out.find("ana  " + (f.dir / "fix.csv").string() + "  (current)"),
              std::string::npos)
        << history.out;
    EXPECT_NE(history.out.find("2026  30  "), std::string::npos);
    EXPECT_EQ(
        run_jalon({f.db, "data", "history", "--series", "nope", "--territory", "c1"}).exit_code, 2);
}

TEST(Approval, TheAnnualWorkbookShowsApprovedAndPendingTerritories) {
    Fixture f;
    ASSERT_EQ(run_jalon({f.db, "data", "approve", "--scheme", "appro", "--year", "2025",
                         "--territory", "nord"})
                  .exit_code,
              0);
    const std::string output = (f.dir / "bilan.xlsx").string();
    ASSERT_EQ(
        run_jalon({f.db, "report", "annual", "--scheme", "appro", "--year", "2025", "-o", output})
            .exit_code,
        0);
    const std::string out =
        run_python("import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])"
                   "['Territoires']; rows=list(ws.iter_rows(values_only=True)); "
                   "i=[k for k,r in enumerate(rows) if r[0]=='Données 2025'][0]; "
                   "print('|'.join(str(v) for v in rows[i][3:7])); "
                   "print('|'.join(str(v) for v in rows[i+1][3:7]))",
                   {output})
            .out;
    EXPECT_EQ(out, "en attente|approuvées|approuvées|en attente\nDep|  › Nord|    › C1|  › Sud\n");
}
