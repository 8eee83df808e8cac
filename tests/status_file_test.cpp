// Action follow-up CSV files (`jalon status import`): the reader and every problem it reports.
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/data/status_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/model/action_status.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace jalon;
using Bullets = std::vector<std::string>;

namespace {

const std::string header = "node,year,status\n";
const std::string full_header = "node,year,status,comment,narrative\n";
const std::string accepted_words = "réalisé, en cours, non engagé, reporté or abandonné";

StatusTable read_ok(const std::string& text) {
    StatusTable table;
    test::expect_no_problem([&] { table = read_status_csv_text(text, "suivi.csv"); });
    return table;
}

std::vector<Diagnostic> problems(const std::string& text) {
    return test::input_problems([&] { read_status_csv_text(text, "suivi.csv"); });
}

// The single problem of a text; a failed expectation (and an empty diagnostic) otherwise.
Diagnostic problem(const std::string& text) {
    return test::single_problem([&] { read_status_csv_text(text, "suivi.csv"); });
}

void expect_at(const Diagnostic& d, int line, int column, const std::string& key) {
    test::expect_at(d, "suivi.csv", line, column, key);
}

// The bullets of one narrative cell, read through a whole file.
Bullets narrative_of(const std::string& cell) {
    const StatusTable t = read_ok("node,year,status,narrative\nA1,2025,realise," + cell + "\n");
    EXPECT_EQ(t.rows.size(), 1u) << cell;
    return t.rows.empty() ? Bullets{} : t.rows[0].narrative;
}

} // namespace

// ---- valid files -----------------------------------------------------------------------------

TEST(StatusCsvValid, ReadsRowsWithTheirLines) {
    const StatusTable t = read_ok(full_header + "A1,2025,realise,Atelier tenu,Bilan rédigé\n"
                                                "A2,2025,en-cours,,\n"
                                                "A1,2026,non-engage,Pas de budget,\n");
    EXPECT_EQ(t.file, "suivi.csv");
    EXPECT_EQ(t.separator, ',');
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].line, 2);
    EXPECT_EQ(t.rows[0].node, "A1");
    EXPECT_EQ(t.rows[0].year, 2025);
    EXPECT_EQ(t.rows[0].status, ActionStatus::done);
    EXPECT_EQ(t.rows[0].comment, "Atelier tenu");
    EXPECT_EQ(t.rows[0].narrative, Bullets{"Bilan rédigé"});
    EXPECT_EQ(t.rows[1].line, 3);
    EXPECT_EQ(t.rows[1].node, "A2");
    EXPECT_EQ(t.rows[1].status, ActionStatus::in_progress);
    EXPECT_EQ(t.rows[1].comment, "");
    EXPECT_TRUE(t.rows[1].narrative.empty());
    EXPECT_EQ(t.rows[2].line, 4);
    EXPECT_EQ(t.rows[2].year, 2026);
    EXPECT_EQ(t.rows[2].status, ActionStatus::not_started);
    EXPECT_EQ(t.rows[2].comment, "Pas de budget");
}

TEST(StatusCsvValid, RequiredColumnsOnly) {
    const StatusTable t = read_ok(header + "A1,2024,reporte\n");
    EXPECT_EQ(t.columns, (std::map<std::string, int>{{"node", 1}, {"year", 2}, {"status", 3}}));
    EXPECT_EQ(t.column_of("comment"), 0);
    EXPECT_EQ(t.column_of("narrative"), 0);
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].status, ActionStatus::postponed);
    EXPECT_EQ(t.rows[0].comment, "");
    EXPECT_TRUE(t.rows[0].narrative.empty());
}

TEST(StatusCsvValid, HeaderIsCaseInsensitiveTrimmedInAnyOrder) {
    const StatusTable t =
        read_ok(" Narrative ,STATUS,Comment, node ,Year\n\"a | b\",abandonne,c,A9,2030\n");
    EXPECT_EQ(t.columns,
              (std::map<std::string, int>{
                  {"narrative", 1}, {"status", 2}, {"comment", 3}, {"node", 4}, {"year", 5}}));
    EXPECT_EQ(t.column_of("status"), 2);
    EXPECT_EQ(t.column_of("Status"), 2);
    EXPECT_EQ(t.column_of("YEAR"), 5);
    EXPECT_EQ(t.column_of("unknown"), 0);
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].node, "A9");
    EXPECT_EQ(t.rows[0].year, 2030);
    EXPECT_EQ(t.rows[0].status, ActionStatus::dropped);
    EXPECT_EQ(t.rows[0].comment, "c");
    EXPECT_EQ(t.rows[0].narrative, (Bullets{"a", "b"}));
}

TEST(StatusCsvValid, EveryStatusCode) {
    const StatusTable t = read_ok(header + "A,2025,realise\nB,2025,en-cours\nC,2025,non-engage\n"
                                           "D,2025,reporte\nE,2025,abandonne\n");
    ASSERT_EQ(t.rows.size(), 5u);
    EXPECT_EQ(t.rows[0].status, ActionStatus::done);
    EXPECT_EQ(t.rows[1].status, ActionStatus::in_progress);
    EXPECT_EQ(t.rows[2].status, ActionStatus::not_started);
    EXPECT_EQ(t.rows[3].status, ActionStatus::postponed);
    EXPECT_EQ(t.rows[4].status, ActionStatus::dropped);
}

TEST(StatusCsvValid, StatusWordsAsPeopleWriteThem) {
    const StatusTable t =
        read_ok(header + "A,2025,Réalisé\nB,2025,En cours\nC,2025,NON ENGAGÉ\nD,2025,reporté\n"
                         "E,2025,  Abandonné  \nF,2025,en_cours\nG,2025,\"Non engagé\"\n");
    ASSERT_EQ(t.rows.size(), 7u);
    EXPECT_EQ(t.rows[0].status, ActionStatus::done);
    EXPECT_EQ(t.rows[1].status, ActionStatus::in_progress);
    EXPECT_EQ(t.rows[2].status, ActionStatus::not_started);
    EXPECT_EQ(t.rows[3].status, ActionStatus::postponed);
    EXPECT_EQ(t.rows[4].status, ActionStatus::dropped);
    EXPECT_EQ(t.rows[5].status, ActionStatus::in_progress);
    EXPECT_EQ(t.rows[6].status, ActionStatus::not_started);
}

TEST(StatusCsvValid, FrenchSemicolonFileWithAccents) {
    // As a French spreadsheet exports it: byte-order mark, `;`, CRLF, accented words.
    const StatusTable t = read_ok("\xEF\xBB\xBF"
                                  "Node;Year;Status;Comment;Narrative\r\n"
                                  "1.1.2;2025;Réalisé;Atelier tenu, 12 participants;\r\n"
                                  "1.1.3;2025;Non engagé;Pas de porteur;\r\n"
                                  "1.2.1;2025;En cours;;Diagnostic fait | Comité réuni\r\n"
                                  "1.2.2;2025;Reporté;\"Report à 2026; budget\";\r\n"
                                  "1.2.3;2025;Abandonné;;\r\n");
    EXPECT_EQ(t.separator, ';');
    EXPECT_EQ(t.column_of("node"), 1);
    EXPECT_EQ(t.column_of("narrative"), 5);
    ASSERT_EQ(t.rows.size(), 5u);
    EXPECT_EQ(t.rows[0].line, 2);
    EXPECT_EQ(t.rows[0].node, "1.1.2");
    EXPECT_EQ(t.rows[0].year, 2025);
    EXPECT_EQ(t.rows[0].status, ActionStatus::done);
    EXPECT_EQ(t.rows[0].comment, "Atelier tenu, 12 participants");
    EXPECT_TRUE(t.rows[0].narrative.empty());
    EXPECT_EQ(t.rows[1].node, "1.1.3");
    EXPECT_EQ(t.rows[1].status, ActionStatus::not_started);
    EXPECT_EQ(t.rows[1].comment, "Pas de porteur");
    EXPECT_EQ(t.rows[2].status, ActionStatus::in_progress);
    EXPECT_EQ(t.rows[2].narrative, (Bullets{"Diagnostic fait", "Comité réuni"}));
    EXPECT_EQ(t.rows[3].status, ActionStatus::postponed);
    EXPECT_EQ(t.rows[3].comment, "Report à 2026; budget");
    EXPECT_EQ(t.rows[4].line, 6);
    EXPECT_EQ(t.rows[4].status, ActionStatus::dropped);
}

TEST(StatusCsvValid, ByteOrderMarkIsSkipped) {
    const StatusTable t = read_ok("\xEF\xBB\xBF" + header + "A1,2025,realise\n");
    EXPECT_EQ(t.column_of("node"), 1);
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].node, "A1");
    EXPECT_EQ(t.rows[0].line, 2);
}

TEST(StatusCsvValid, CrlfLineEndings) {
    const StatusTable t = read_ok("node,year,status,comment\r\n"
                                  "A1,2025,realise,fait\r\n"
                                  "A2,2025,reporte,\r\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].comment, "fait");
    EXPECT_EQ(t.rows[1].line, 3);
    EXPECT_EQ(t.rows[1].status, ActionStatus::postponed);
    EXPECT_EQ(t.rows[1].comment, "");
}

TEST(StatusCsvValid, CrlfWithStatusInLastColumn) {
    const StatusTable t = read_ok("node,year,status\r\nA1,2025,en-cours\r\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].status, ActionStatus::in_progress);
}

TEST(StatusCsvValid, LastLineWithoutNewline) {
    const StatusTable t = read_ok(header + "A1,2025,realise\nA2,2025,reporte");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[1].status, ActionStatus::postponed);
}

TEST(StatusCsvValid, HeaderOnlyGivesZeroRows) {
    EXPECT_TRUE(read_ok(full_header).rows.empty());
    EXPECT_TRUE(read_ok("node,year,status").rows.empty());
}

TEST(StatusCsvValid, BlankLinesAreSkippedButCounted) {
    const StatusTable t =
        read_ok("\n" + header + "\nA1,2025,realise\n\r\n  \t\nA2,2025,realise\n\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].line, 4);
    EXPECT_EQ(t.rows[1].line, 7);
}

TEST(StatusCsvValid, FieldsAreTrimmed) {
    const StatusTable t = read_ok(full_header + "  A1 ,\t2025\t, realise , un commentaire  , x \n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].node, "A1");
    EXPECT_EQ(t.rows[0].year, 2025);
    EXPECT_EQ(t.rows[0].comment, "un commentaire");
    EXPECT_EQ(t.rows[0].narrative, Bullets{"x"});
}

TEST(StatusCsvValid, QuotedFields) {
    const StatusTable t =
        read_ok(full_header + "\"A,1\",\"2025\",\"realise\",\"Il a dit \"\"oui\"\", puis non\",\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].node, "A,1");
    EXPECT_EQ(t.rows[0].year, 2025);
    EXPECT_EQ(t.rows[0].comment, "Il a dit \"oui\", puis non");
}

TEST(StatusCsvValid, YearsFrom1000To9999) {
    const StatusTable t = read_ok(header + "A,1000,realise\nA,9999,realise\nA, 2025 ,realise\n");
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].year, 1000);
    EXPECT_EQ(t.rows[1].year, 9999);
    EXPECT_EQ(t.rows[2].year, 2025);
}

TEST(StatusCsvValid, SameNodeOtherYearAndOtherNodeSameYearAreNotDuplicates) {
    const StatusTable t =
        read_ok(header + "A1,2025,realise\nA1,2026,realise\nA2,2025,realise\na1,2025,realise\n");
    EXPECT_EQ(t.rows.size(), 4u);
}

TEST(StatusCsvValid, ReadsFromAFile) {
    jalon::test::TempDir dir;
    const auto path = dir / "suivi actions.csv";
    jalon::test::write_file(path, "node;year;status\nA1;2025;Réalisé\n");
    const StatusTable t = read_status_csv(path);
    EXPECT_EQ(t.file, path.string());
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].status, ActionStatus::done);
}

// ---- narrative -------------------------------------------------------------------------------

TEST(StatusCsvNarrative, BulletsOnLinesOfAQuotedField) {
    EXPECT_EQ(narrative_of("\"Premier point\nDeuxième point\n\n   Troisième point  \n\""),
              (Bullets{"Premier point", "Deuxième point", "Troisième point"}));
}

TEST(StatusCsvNarrative, CrlfAndCrInsideAQuotedField) {
    EXPECT_EQ(narrative_of("\"a\r\nb\r\n\r\nc\""), (Bullets{"a", "b", "c"}));
    EXPECT_EQ(narrative_of("\"a\rb\""), (Bullets{"a", "b"}));
}

TEST(StatusCsvNarrative, BulletsSeparatedByABarBetweenSpaces) {
    EXPECT_EQ(narrative_of("Diagnostic | Comité | Bilan"),
              (Bullets{"Diagnostic", "Comité", "Bilan"}));
    EXPECT_EQ(narrative_of("a\t|\tb"), (Bullets{"a", "b"}));
    EXPECT_EQ(narrative_of("a  |   b"), (Bullets{"a", "b"}));
}

TEST(StatusCsvNarrative, EmptyBulletsAreDropped) {
    EXPECT_EQ(narrative_of("a |  | b"), (Bullets{"a", "b"}));
    EXPECT_EQ(narrative_of("\" | a | | b | \""), (Bullets{"a", "b"}));
}

TEST(StatusCsvNarrative, BarAtTheEdgeOfTheCellOrOfALineSeparates) {
    EXPECT_EQ(narrative_of("| a | b |"), (Bullets{"a", "b"}));
    EXPECT_EQ(narrative_of("\"a |\n| b\n|c\""), (Bullets{"a", "b", "|c"}));
    EXPECT_TRUE(narrative_of("|").empty());
}

TEST(StatusCsvNarrative, BarWithoutSpacesIsText) {
    EXPECT_EQ(narrative_of("a|b"), Bullets{"a|b"});
    EXPECT_EQ(narrative_of("a |b"), Bullets{"a |b"});
    EXPECT_EQ(narrative_of("a|| b"), Bullets{"a|| b"});
}

TEST(StatusCsvNarrative, LinesAndBarsTogether) {
    EXPECT_EQ(narrative_of("\"a | b\nc\n d | e \""), (Bullets{"a", "b", "c", "d", "e"}));
}

TEST(StatusCsvNarrative, EmptyCellHasNoBullets) {
    EXPECT_TRUE(narrative_of("").empty());
    EXPECT_TRUE(narrative_of("   ").empty());
    EXPECT_TRUE(narrative_of("\"\"").empty());
    EXPECT_TRUE(narrative_of("\" | \"").empty());
    EXPECT_TRUE(narrative_of("\"\n \n\t\n\"").empty());
}

TEST(StatusCsvNarrative, EmbeddedNewlinesKeepLineNumbers) {
    const StatusTable t = read_ok("node,year,status,narrative\n"
                                  "A1,2025,realise,\"un\ndeux\ntrois\"\n"
                                  "A2,2025,realise,seul\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].line, 2);
    EXPECT_EQ(t.rows[0].narrative, (Bullets{"un", "deux", "trois"}));
    EXPECT_EQ(t.rows[1].line, 5);
    EXPECT_EQ(t.rows[1].narrative, Bullets{"seul"});
}

TEST(StatusCsvNarrative, CommentKeepsItsLineBreaks) {
    const StatusTable t = read_ok("node,year,status,comment\nA1,2025,realise,\"a | b\nc\"\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].comment, "a | b\nc");
}

// ---- header errors ---------------------------------------------------------------------------

TEST(StatusCsvHeader, EmptyFileHasNoHeaderLine) {
    for (const std::string text : {"", "\n\n", "  \r\n\t\n", "\xEF\xBB\xBF"}) {
        const Diagnostic d = problem(text);
        expect_at(d, 0, 0, "");
        EXPECT_CONTAINS(d.message, "no header line");
    }
}

TEST(StatusCsvHeader, MissingRequiredColumn) {
    for (const std::string name : {"node", "year", "status"}) {
        std::string text = full_header;
        text.replace(text.find(name), name.size(), "x" + name);
        const std::vector<Diagnostic> found = problems(text);
        ASSERT_EQ(found.size(), 2u) << text;
        EXPECT_CONTAINS(found[0].message, "unknown column");
        expect_at(found[1], 1, 0, name);
        EXPECT_EQ(found[1].message, "missing required column");
    }
}

TEST(StatusCsvHeader, EveryMissingRequiredColumnIsReported) {
    const std::vector<Diagnostic> found = problems("comment,narrative\n");
    ASSERT_EQ(found.size(), 3u);
    expect_at(found[0], 1, 0, "node");
    expect_at(found[1], 1, 0, "year");
    expect_at(found[2], 1, 0, "status");
}

TEST(StatusCsvHeader, UnknownColumnIsNamedAsWritten) {
    const Diagnostic d = problem("node,year,status,Territoire\nA1,2025,realise,86\n");
    expect_at(d, 1, 4, "Territoire");
    EXPECT_CONTAINS(d.message, "unknown column");
    EXPECT_CONTAINS(d.message, "node, year and status");
    EXPECT_CONTAINS(d.message, "comment and narrative");
}

TEST(StatusCsvHeader, ADataFileIsNotAFollowUpFile) {
    const std::vector<Diagnostic> found = problems("series,territory,period,value\nS,d,2025,1\n");
    ASSERT_EQ(found.size(), 7u);
    expect_at(found[0], 1, 1, "series");
    expect_at(found[1], 1, 2, "territory");
    expect_at(found[2], 1, 3, "period");
    expect_at(found[3], 1, 4, "value");
    for (int i = 0; i < 4; ++i)
        EXPECT_CONTAINS(found[static_cast<std::size_t>(i)].message, "unknown column");
    expect_at(found[4], 1, 0, "node");
    expect_at(found[5], 1, 0, "year");
    expect_at(found[6], 1, 0, "status");
}

TEST(StatusCsvHeader, HeaderProblemsComeInColumnOrderThenMissingColumns) {
    const std::vector<Diagnostic> found = problems("node,foo,year,,Node,bar\n");
    ASSERT_EQ(found.size(), 5u);
    expect_at(found[0], 1, 2, "foo");
    EXPECT_CONTAINS(found[0].message, "unknown column");
    expect_at(found[1], 1, 4, "");
    EXPECT_CONTAINS(found[1].message, "empty column name");
    expect_at(found[2], 1, 5, "Node");
    EXPECT_CONTAINS(found[2].message, "duplicate column name (also column 1)");
    expect_at(found[3], 1, 6, "bar");
    EXPECT_CONTAINS(found[3].message, "unknown column");
    expect_at(found[4], 1, 0, "status");
    EXPECT_EQ(found[4].message, "missing required column");
}

TEST(StatusCsvHeader, DuplicateColumnName) {
    const Diagnostic d = problem("node,year,status,comment,COMMENT\n");
    expect_at(d, 1, 5, "COMMENT");
    EXPECT_CONTAINS(d.message, "duplicate column name");
    EXPECT_CONTAINS(d.message, "column 4");
}

TEST(StatusCsvHeader, EmptyColumnName) {
    const Diagnostic d = problem("node,,year,status\n");
    expect_at(d, 1, 2, "");
    EXPECT_CONTAINS(d.message, "empty column name");
}

TEST(StatusCsvHeader, TrailingSeparatorIsAnEmptyName) {
    const Diagnostic d = problem("node;year;status;\n");
    expect_at(d, 1, 4, "");
    EXPECT_CONTAINS(d.message, "empty column name");
}

TEST(StatusCsvHeader, HeaderProblemsStopTheReading) {
    const std::vector<Diagnostic> found = problems("node,year,status,x\n,abc,fini,1\nA,2025\n");
    ASSERT_EQ(found.size(), 1u);
    expect_at(found[0], 1, 4, "x");
}

TEST(StatusCsvHeader, UnclosedQuoteInHeader) {
    const Diagnostic d = problem("node,year,\"status\nA1,2025,realise\n");
    expect_at(d, 1, 3, "");
    EXPECT_CONTAINS(d.message, "unclosed quote");
}

// ---- row errors ------------------------------------------------------------------------------

TEST(StatusCsvErrors, TooFewFields) {
    const Diagnostic d = problem(header + "A1,2025,realise\nA2,2025\n");
    expect_at(d, 3, 0, "");
    EXPECT_EQ(d.message, "expected 3 fields, found 2");
}

TEST(StatusCsvErrors, TooManyFields) {
    const Diagnostic d = problem(header + "A1,2025,realise,fait\n");
    expect_at(d, 2, 0, "");
    EXPECT_EQ(d.message, "expected 3 fields, found 4");
}

TEST(StatusCsvErrors, EmptyNode) {
    const Diagnostic d = problem("year,status,node\n2025,realise,  \n");
    expect_at(d, 2, 3, "node");
    EXPECT_EQ(d.message, "is empty (every row needs a node)");
}

TEST(StatusCsvErrors, EmptyYear) {
    const Diagnostic d = problem(header + "A1,\"\",realise\n");
    expect_at(d, 2, 2, "year");
    EXPECT_EQ(d.message, "is empty (every row needs a year)");
}

TEST(StatusCsvErrors, YearThatIsNotAWholeNumberFrom1000To9999) {
    for (const std::string text : {"abc", "2025.0", "2025,0", "25", "999", "0999", "02025", "10000",
                                   "2025-01", "+2025", "-2025", "2 025", "2025e0", "٢٠٢٥"}) {
        const Diagnostic d = problem("node;year;status\nA1;" + text + ";realise\n");
        expect_at(d, 2, 2, "year");
        EXPECT_EQ(d.message,
                  "\"" + text + "\" is not a year (expected a whole number from 1000 to 9999)");
    }
}

TEST(StatusCsvErrors, EmptyStatusIsRequired) {
    const Diagnostic d = problem(full_header + "A1,2025,,commentaire,\n");
    expect_at(d, 2, 3, "status");
    EXPECT_EQ(d.message, "is empty (a status is required for a follow-up row)");
}

TEST(StatusCsvErrors, UnknownStatusListsTheAcceptedWords) {
    for (const std::string text : {"fini", "done", "réalisée", "non  engagé", "en-cours!"}) {
        const Diagnostic d = problem(header + "A1,2025," + text + "\n");
        expect_at(d, 2, 3, "status");
        EXPECT_EQ(d.message, "\"" + text + "\" is not a status (expected " + accepted_words + ")");
    }
}

TEST(StatusCsvErrors, UnplannedAchievementIsRefusedInACsv) {
    for (const std::string text : {"realise-non-prevu", "Réalisé non prévu", "REALISE_NON_PREVU"}) {
        const Diagnostic d = problem("node;year;status\nA1;2025;" + text + "\n");
        expect_at(d, 2, 3, "status");
        EXPECT_CONTAINS(d.message, "\"" + text + "\"");
        EXPECT_CONTAINS(d.message, "achievements outside the plan are declared in the scheme file");
        EXPECT_CONTAINS(d.message, "`jalon status set --unplanned`");
    }
}

TEST(StatusCsvErrors, DuplicateNodeAndYearNamesTheFirstLine) {
    const Diagnostic d = problem(full_header + "A1,2025,realise,,\n"
                                               "A2,2025,realise,,\n"
                                               "\n"
                                               "A1,2026,realise,,\n"
                                               "A1,2025,en-cours,autre,\n");
    expect_at(d, 6, 0, "");
    EXPECT_EQ(d.message, "duplicate of line 2 (same node and year)");
}

TEST(StatusCsvErrors, EveryRepeatNamesTheFirstLine) {
    const std::vector<Diagnostic> found = problems(
        header + "A1,2025,realise\nA1,2026,realise\nA1,2025,reporte\nA1,2026,reporte\nA1,2025,"
                 "abandonne\n");
    ASSERT_EQ(found.size(), 3u);
    expect_at(found[0], 4, 0, "");
    EXPECT_CONTAINS(found[0].message, "duplicate of line 2");
    expect_at(found[1], 5, 0, "");
    EXPECT_CONTAINS(found[1].message, "duplicate of line 3");
    expect_at(found[2], 6, 0, "");
    EXPECT_CONTAINS(found[2].message, "duplicate of line 2");
}

TEST(StatusCsvErrors, DuplicateComparesTrimmedNodesAndYears) {
    const Diagnostic d = problem(header + "A1,2025,realise\n  A1 ,\" 2025\",reporte\n");
    expect_at(d, 3, 0, "");
    EXPECT_CONTAINS(d.message, "duplicate of line 2");
}

TEST(StatusCsvErrors, ARowWithABadStatusStillHoldsItsNodeAndYear) {
    const std::vector<Diagnostic> found = problems(header + "A1,2025,fini\nA1,2025,realise\n");
    ASSERT_EQ(found.size(), 2u);
    expect_at(found[0], 2, 3, "status");
    expect_at(found[1], 3, 0, "");
    EXPECT_CONTAINS(found[1].message, "duplicate of line 2");
}

TEST(StatusCsvErrors, RowsWithABadYearAreNotComparedForDuplicates) {
    const std::vector<Diagnostic> found = problems(header + "A1,20x5,realise\nA1,20x5,realise\n");
    ASSERT_EQ(found.size(), 2u);
    expect_at(found[0], 2, 2, "year");
    expect_at(found[1], 3, 2, "year");
}

TEST(StatusCsvErrors, EveryProblemOfARowIsReported) {
    const std::vector<Diagnostic> found = problems(header + ",abc,fini\n");
    ASSERT_EQ(found.size(), 3u);
    expect_at(found[0], 2, 1, "node");
    expect_at(found[1], 2, 2, "year");
    expect_at(found[2], 2, 3, "status");
}

TEST(StatusCsvErrors, ProblemsAreReportedInFileOrder) {
    const std::vector<Diagnostic> found =
        problems(header + "A1,2025,x\nA2,2025,realise\nA3,2025\nA2,2025,reporte\n,2025,realise\n");
    ASSERT_EQ(found.size(), 4u);
    expect_at(found[0], 2, 3, "status");
    expect_at(found[1], 4, 0, "");
    EXPECT_CONTAINS(found[1].message, "expected 3 fields");
    expect_at(found[2], 5, 0, "");
    EXPECT_CONTAINS(found[2].message, "duplicate of line 3");
    expect_at(found[3], 6, 1, "node");
}

TEST(StatusCsvErrors, InvalidUtf8NamesLineColumnAndByteOffset) {
    // "Réalisé" saved as Latin-1.
    const std::string text = header + "A1,2025,realise\nA2,2025,R\xE9\x61lis\xE9\n";
    const std::size_t offset = text.find('\xE9');
    const Diagnostic d = problem(text);
    expect_at(d, 3, 3, "status");
    EXPECT_CONTAINS(d.message, "invalid UTF-8 at byte offset " + std::to_string(offset));
}

TEST(StatusCsvErrors, InvalidUtf8OffsetCountsTheByteOrderMark) {
    const Diagnostic d = problem("\xEF\xBB\xBF" + full_header + "A1,2025,realise,\xFF,\n");
    expect_at(d, 2, 4, "comment");
    EXPECT_CONTAINS(d.message, "byte offset " + std::to_string(3 + full_header.size() + 16));
}

TEST(StatusCsvErrors, UnclosedQuoteStopsTheReading) {
    const std::vector<Diagnostic> found =
        problems(full_header + "A1,2025,realise,,\"un\nA2,2025,fini,,\nA3,x,y,,\n");
    ASSERT_EQ(found.size(), 1u);
    expect_at(found[0], 2, 5, "narrative");
    EXPECT_CONTAINS(found[0].message, "unclosed quote");
    EXPECT_CONTAINS(found[0].message, "line 2");
}

TEST(StatusCsvErrors, TextAfterClosingQuote) {
    const Diagnostic d = problem(full_header + "A1,2025,realise,\"fait\" hier,\n");
    expect_at(d, 2, 4, "comment");
    EXPECT_CONTAINS(d.message, "after the closing quote");
}

TEST(StatusCsvErrors, FieldLongerThan64KiB) {
    const std::string comment(observation_csv_max_field_bytes + 1, 'c');
    const Diagnostic d = problem(full_header + "A1,2025,realise," + comment + ",\n");
    expect_at(d, 2, 4, "comment");
    EXPECT_CONTAINS(d.message, "longer than 64 KiB");
    const std::string fits(observation_csv_max_field_bytes, 'c');
    const StatusTable t = read_ok(full_header + "A1,2025,realise," + fits + ",\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].comment.size(), observation_csv_max_field_bytes);
}

TEST(StatusCsvErrors, AFieldTooLongInAMultiLineRecordIsReportedWhereTheRecordStarts) {
    // The record starts on line 3; its narrative runs over three lines, to line 5.
    const std::string narrative =
        "done\nthen\n" + std::string(observation_csv_max_field_bytes, 'n');
    const Diagnostic d = problem(full_header + "A1,2024,realise,,\nA1,2025,realise,,\"" +
                                 narrative + "\"\nA1,2026,realise,,\n");
    expect_at(d, 3, 5, "narrative");
    EXPECT_CONTAINS(d.message, "longer than 64 KiB");
}

TEST(StatusCsvErrors, ANamedPipeIsRefusedAsNotARegularFile) {
    jalon::test::TempDir dir;
    const auto path = dir / "suivi.csv";
    jalon::test::with_named_pipe(path, "node;year;status\nA1;2025;Réalisé\n", [&] {
        try {
            read_status_csv(path);
            ADD_FAILURE() << "expected an InputError";
        } catch (const InputError& error) {
            ASSERT_EQ(error.diagnostics().size(), 1u);
            EXPECT_EQ(error.diagnostics()[0].where.file, path.string());
            EXPECT_CONTAINS(error.diagnostics()[0].message, "is a named pipe, not a regular file");
        }
    });
}

TEST(StatusCsvErrors, LineLongerThan1MiB) {
    std::string row = "A1,2025,realise";
    const std::string chunk(60 * 1024, 'x');
    for (int i = 0; i < 18; ++i)
        row += "," + chunk;
    ASSERT_GT(row.size(), observation_csv_max_line_bytes);
    const Diagnostic d = problem(header + row + "\n");
    expect_at(d, 2, 0, "");
    EXPECT_CONTAINS(d.message, "longer than 1 MiB");
}

TEST(StatusCsvErrors, AHundredProblemsAreAllReported) {
    std::string text = header;
    for (int i = 0; i < 100; ++i)
        text += "A" + std::to_string(i) + ",2025,fini\n";
    const std::vector<Diagnostic> found = problems(text);
    ASSERT_EQ(found.size(), 100u);
    expect_at(found.back(), 101, 3, "status");
}

TEST(StatusCsvErrors, MoreThanAHundredProblemsStopAtAHundredAndSaySo) {
    std::string text = header + "A,2025,realise\n";
    for (int i = 0; i < 150; ++i)
        text += i % 2 ? "A,2025,realise\n" : "A,2025,fini\n";
    const std::vector<Diagnostic> found = problems(text);
    ASSERT_EQ(found.size(), observation_csv_max_problems + 1);
    expect_at(found[0], 3, 3, "status");
    expect_at(found[1], 3, 0, "");
    EXPECT_CONTAINS(found[1].message, "duplicate of line 2");
    expect_at(found[2], 4, 0, "");
    // Each `fini` line holds two problems (status, duplicate), each `realise` line one.
    expect_at(found[98], 68, 0, "");
    expect_at(found[99], 69, 3, "status");
    EXPECT_EQ(found[100].where.line, 69);
    EXPECT_EQ(found[100].where.column, 0);
    EXPECT_EQ(found[100].key, "");
    EXPECT_EQ(found[100].message,
              "too many problems: stopped after 100, the rest of the file was not checked");
}

TEST(StatusCsvErrors, DiagnosticReadsAsFileLineColumnKeyMessage) {
    const Diagnostic d = problem(header + "A1,2025,fini\n");
    EXPECT_EQ(d.to_string(),
              "suivi.csv:2:3: status: \"fini\" is not a status (expected " + accepted_words + ")");
}

TEST(StatusCsvErrors, ErrorFromAFileCarriesItsPath) {
    jalon::test::TempDir dir;
    const auto path = dir / "suivi.csv";
    jalon::test::write_file(path, "node;year;status\nA1;2025;Réalisé\nA1;2025;En cours\n");
    try {
        read_status_csv(path);
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        EXPECT_EQ(error.diagnostics()[0].where.file, path.string());
        EXPECT_EQ(error.diagnostics()[0].where.line, 3);
    }
}

TEST(StatusCsvErrors, MissingFileAndDirectory) {
    jalon::test::TempDir dir;
    try {
        read_status_csv(dir / "absent.csv");
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        EXPECT_EQ(error.diagnostics()[0].where.file, (dir / "absent.csv").string());
        EXPECT_CONTAINS(error.diagnostics()[0].message, "cannot open the file");
    }
    try {
        read_status_csv(dir.path());
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        EXPECT_EQ(error.diagnostics()[0].message, "is a directory, not a CSV follow-up file");
    }
}
