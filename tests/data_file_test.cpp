// Yearly-data files: periods, and the CSV reader with every problem it reports.
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/data/observation_period.hpp>
#include <jalon/error.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

using namespace jalon;
using Granularity = ObservationPeriod::Granularity;

namespace {

const std::string header = "series,territory,period,value\n";

ObservationTable read_ok(const std::string& text) {
    ObservationTable table;
    test::expect_no_problem([&] { table = read_observation_csv_text(text, "data.csv"); });
    return table;
}

std::vector<Diagnostic> problems(const std::string& text) {
    return test::input_problems([&] { read_observation_csv_text(text, "data.csv"); });
}

// The single problem of a text; a failed expectation (and an empty diagnostic) otherwise.
Diagnostic problem(const std::string& text) {
    return test::single_problem([&] { read_observation_csv_text(text, "data.csv"); });
}

void expect_at(const Diagnostic& d, int line, int column, const std::string& key) {
    test::expect_at(d, "data.csv", line, column, key);
}

ObservationPeriod period(const std::string& text) {
    const std::optional<ObservationPeriod> parsed = parse_observation_period(text);
    EXPECT_TRUE(parsed.has_value()) << text;
    return parsed.value_or(ObservationPeriod{});
}

} // namespace

// ---- periods ---------------------------------------------------------------------------------

TEST(ObservationPeriod, Year) {
    const ObservationPeriod p = period("2025");
    EXPECT_EQ(p.text, "2025");
    EXPECT_EQ(p.granularity, Granularity::year);
    EXPECT_EQ(p.year, 2025);
    EXPECT_EQ(p.end_date, "2025-12-31");
}

TEST(ObservationPeriod, QuarterWithCapitalQ) {
    const ObservationPeriod p = period("2025-Q1");
    EXPECT_EQ(p.text, "2025-Q1");
    EXPECT_EQ(p.granularity, Granularity::quarter);
    EXPECT_EQ(p.year, 2025);
    EXPECT_EQ(p.end_date, "2025-03-31");
}

TEST(ObservationPeriod, QuarterWithSmallQIsNormalised) {
    const ObservationPeriod p = period("2025-q1");
    EXPECT_EQ(p.text, "2025-Q1");
    EXPECT_EQ(p.granularity, Granularity::quarter);
    EXPECT_EQ(p, period("2025-Q1"));
}

TEST(ObservationPeriod, QuarterEnds) {
    EXPECT_EQ(period("2026-Q2").end_date, "2026-06-30");
    EXPECT_EQ(period("2026-Q3").end_date, "2026-09-30");
    EXPECT_EQ(period("2026-Q4").end_date, "2026-12-31");
}

TEST(ObservationPeriod, Month) {
    const ObservationPeriod p = period("2025-04");
    EXPECT_EQ(p.text, "2025-04");
    EXPECT_EQ(p.granularity, Granularity::month);
    EXPECT_EQ(p.year, 2025);
    EXPECT_EQ(p.end_date, "2025-04-30");
    EXPECT_EQ(period("2025-01").end_date, "2025-01-31");
    EXPECT_EQ(period("2025-12").end_date, "2025-12-31");
}

TEST(ObservationPeriod, FebruaryEndsOnLeapDayInLeapYears) {
    EXPECT_EQ(period("2028-02").end_date, "2028-02-29");
    EXPECT_EQ(period("2027-02").end_date, "2027-02-28");
    EXPECT_EQ(period("2000-02").end_date, "2000-02-29");
    EXPECT_EQ(period("2100-02").end_date, "2100-02-28");
}

TEST(ObservationPeriod, Day) {
    const ObservationPeriod p = period("2025-06-15");
    EXPECT_EQ(p.text, "2025-06-15");
    EXPECT_EQ(p.granularity, Granularity::day);
    EXPECT_EQ(p.year, 2025);
    EXPECT_EQ(p.end_date, "2025-06-15");
}

TEST(ObservationPeriod, February29OnlyInLeapYears) {
    EXPECT_EQ(period("2028-02-29").end_date, "2028-02-29");
    EXPECT_EQ(period("2027-02-28").end_date, "2027-02-28");
    EXPECT_FALSE(parse_observation_period("2027-02-29"));
    EXPECT_FALSE(parse_observation_period("2028-02-30"));
}

TEST(ObservationPeriod, RejectsMonth13AndMonth0) {
    EXPECT_FALSE(parse_observation_period("2025-13"));
    EXPECT_FALSE(parse_observation_period("2025-00"));
    EXPECT_FALSE(parse_observation_period("2025-13-01"));
}

TEST(ObservationPeriod, RejectsDay31InApril) {
    EXPECT_FALSE(parse_observation_period("2025-04-31"));
    EXPECT_TRUE(parse_observation_period("2025-04-30"));
    EXPECT_TRUE(parse_observation_period("2025-05-31"));
    EXPECT_FALSE(parse_observation_period("2025-05-00"));
}

TEST(ObservationPeriod, RejectsQuarter5AndQuarter0) {
    EXPECT_FALSE(parse_observation_period("2025-Q5"));
    EXPECT_FALSE(parse_observation_period("2025-Q0"));
    EXPECT_FALSE(parse_observation_period("2025-Q"));
    EXPECT_FALSE(parse_observation_period("2025-Q12"));
}

TEST(ObservationPeriod, RejectsSingleDigitMonthAndDay) {
    EXPECT_FALSE(parse_observation_period("2025-1"));
    EXPECT_FALSE(parse_observation_period("2025-1-05"));
    EXPECT_FALSE(parse_observation_period("2025-01-5"));
}

TEST(ObservationPeriod, TrimsSurroundingSpaces) {
    const ObservationPeriod p = period(" 2025 ");
    EXPECT_EQ(p.text, "2025");
    EXPECT_EQ(p.end_date, "2025-12-31");
    EXPECT_EQ(period("\t2025-q3  ").text, "2025-Q3");
}

TEST(ObservationPeriod, RejectsYearsOutside1000To9999) {
    EXPECT_FALSE(parse_observation_period("0999"));
    EXPECT_FALSE(parse_observation_period("999"));
    EXPECT_FALSE(parse_observation_period("10000"));
    EXPECT_TRUE(parse_observation_period("1000"));
    EXPECT_TRUE(parse_observation_period("9999"));
}

TEST(ObservationPeriod, RejectsOtherText) {
    for (const char* text :
         {"", "   ", "abc", "2025/01", "2025-01-01T00", "2025-S1", "2025-", "2025-01-", "2025 -01",
          "20 25", "2025-W01", "-2025", "+2025", "2025-Q1 extra", "2025-01-01-01"})
        EXPECT_FALSE(parse_observation_period(text)) << '"' << text << '"';
}

TEST(ObservationPeriod, EndDatesSortChronologically) {
    EXPECT_LT(period("2025-Q4").end_date, period("2026-01").end_date);
    EXPECT_LT(period("2025-11-30").end_date, period("2025-Q4").end_date);
    EXPECT_LT(period("2025").end_date, period("2026-01-01").end_date);
    EXPECT_EQ(period("2025").end_date, period("2025-Q4").end_date);
}

// ---- CSV: valid files ------------------------------------------------------------------------

TEST(ObservationCsvValid, ReadsRowsWithTheirLines) {
    const ObservationTable t =
        read_ok(header + "S1,dep,2025,12.5\nS1,nord,2025-Q2,-3\nS2,dep,2026-03,0\n");
    EXPECT_EQ(t.file, "data.csv");
    EXPECT_EQ(t.separator, ',');
    EXPECT_TRUE(t.dimension_names.empty());
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].line, 2);
    EXPECT_EQ(t.rows[0].series, "S1");
    EXPECT_EQ(t.rows[0].territory, "dep");
    EXPECT_EQ(t.rows[0].period, period("2025"));
    EXPECT_EQ(t.rows[0].value, 12.5);
    EXPECT_EQ(t.rows[1].line, 3);
    EXPECT_EQ(t.rows[1].territory, "nord");
    EXPECT_EQ(t.rows[1].period.granularity, Granularity::quarter);
    EXPECT_EQ(t.rows[1].value, -3.0);
    EXPECT_EQ(t.rows[2].line, 4);
    EXPECT_EQ(t.rows[2].series, "S2");
    EXPECT_EQ(t.rows[2].value, 0.0);
}

TEST(ObservationCsvValid, HeaderIsCaseInsensitiveTrimmedInAnyOrder) {
    const ObservationTable t = read_ok(" Value ,PERIOD,Territory, series\n7,2025,dep,S1\n");
    EXPECT_EQ(t.column_of("value"), 1);
    EXPECT_EQ(t.column_of("period"), 2);
    EXPECT_EQ(t.column_of("territory"), 3);
    EXPECT_EQ(t.column_of("series"), 4);
    EXPECT_EQ(t.columns.at("series"), 4);
    EXPECT_TRUE(t.dimension_names.empty());
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].series, "S1");
    EXPECT_EQ(t.rows[0].territory, "dep");
    EXPECT_EQ(t.rows[0].period.text, "2025");
    EXPECT_EQ(t.rows[0].value, 7.0);
}

TEST(ObservationCsvValid, ExtraColumnsAreDimensionsInHeaderOrder) {
    const ObservationTable t = read_ok("sexe,series,territory,period,value,tranche_age\n"
                                       "F,S1,dep,2025,10,18-25\n"
                                       "H,S1,dep,2025,12,26-64\n");
    ASSERT_EQ(t.dimension_names, (std::vector<std::string>{"sexe", "tranche_age"}));
    EXPECT_EQ(t.column_of("sexe"), 1);
    EXPECT_EQ(t.column_of("tranche_age"), 6);
    EXPECT_EQ(t.column_of("value"), 5);
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].dimensions, (std::vector<std::string>{"F", "18-25"}));
    EXPECT_EQ(t.rows[1].dimensions, (std::vector<std::string>{"H", "26-64"}));
    EXPECT_EQ(t.rows[1].value, 12.0);
}

TEST(ObservationCsvValid, DimensionNamesKeepTheirCaseAndColumnOfIgnoresCase) {
    const ObservationTable t = read_ok("series,territory,period,value,Tranche Age\nS,d,2025,1,x\n");
    EXPECT_EQ(t.dimension_names, (std::vector<std::string>{"Tranche Age"}));
    EXPECT_EQ(t.column_of("Tranche Age"), 5);
    EXPECT_EQ(t.column_of("tranche age"), 5);
    EXPECT_EQ(t.column_of("unknown"), 0);
}

TEST(ObservationCsvValid, EmptyDimensionValueIsKept) {
    const ObservationTable t = read_ok("series,territory,period,value,sexe\nS,d,2025,1,\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].dimensions, (std::vector<std::string>{""}));
}

TEST(ObservationCsvValid, HeaderOnlyGivesZeroRows) {
    const ObservationTable t = read_ok("series,territory,period,value,sexe\n");
    EXPECT_TRUE(t.rows.empty());
    EXPECT_EQ(t.dimension_names, (std::vector<std::string>{"sexe"}));
    EXPECT_TRUE(read_ok("series,territory,period,value").rows.empty());
}

TEST(ObservationCsvValid, ByteOrderMarkIsSkipped) {
    const ObservationTable t = read_ok("\xEF\xBB\xBF" + header + "S1,dep,2025,1\n");
    EXPECT_EQ(t.column_of("series"), 1);
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].series, "S1");
    EXPECT_EQ(t.rows[0].line, 2);
}

TEST(ObservationCsvValid, CrlfLineEndings) {
    const ObservationTable t = read_ok("series,territory,period,value,sexe\r\n"
                                       "S1,dep,2025,1.5,F\r\n"
                                       "S1,dep,2026,2,H\r\n");
    EXPECT_EQ(t.dimension_names, (std::vector<std::string>{"sexe"}));
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].dimensions, (std::vector<std::string>{"F"}));
    EXPECT_EQ(t.rows[1].dimensions, (std::vector<std::string>{"H"}));
    EXPECT_EQ(t.rows[1].line, 3);
    EXPECT_EQ(t.rows[0].value, 1.5);
}

TEST(ObservationCsvValid, CrlfWithValueInLastColumn) {
    const ObservationTable t = read_ok("series,territory,period,value\r\nS1,dep,2025,42\r\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].value, 42.0);
}

TEST(ObservationCsvValid, LastLineWithoutNewline) {
    const ObservationTable t = read_ok(header + "S1,dep,2025,1\nS1,dep,2026,2");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[1].value, 2.0);
}

TEST(ObservationCsvValid, BlankLinesAreSkippedButCounted) {
    const ObservationTable t =
        read_ok("\n" + header + "\nS1,dep,2025,1\n\r\n   \n\nS1,dep,2026,2\n\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].line, 4);
    EXPECT_EQ(t.rows[1].line, 8);
}

TEST(ObservationCsvValid, FieldsAreTrimmed) {
    const ObservationTable t = read_ok(header + "  S1 ,\tdep\t, 2025-q1 ,  3  \n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].series, "S1");
    EXPECT_EQ(t.rows[0].territory, "dep");
    EXPECT_EQ(t.rows[0].period.text, "2025-Q1");
    EXPECT_EQ(t.rows[0].value, 3.0);
}

TEST(ObservationCsvValid, QuotedFieldWithSeparator) {
    const ObservationTable t = read_ok(header + "S1,\"Nord, Est\",2025,1\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].territory, "Nord, Est");
    EXPECT_EQ(t.rows[0].value, 1.0);
}

TEST(ObservationCsvValid, QuotedFieldWithDoubledQuotes) {
    const ObservationTable t = read_ok(header + "\"Le \"\"Nord\"\"\",\"\"\"a\"\" b\",2025,1\n"
                                                "\"x\"\"\",dep,\"2026\",\"2\"\n");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0].series, "Le \"Nord\"");
    EXPECT_EQ(t.rows[0].territory, "\"a\" b");
    EXPECT_EQ(t.rows[1].series, "x\"");
    EXPECT_EQ(t.rows[1].period.text, "2026");
    EXPECT_EQ(t.rows[1].value, 2.0);
}

TEST(ObservationCsvValid, QuotedFieldsSurroundedBySpaces) {
    const ObservationTable t = read_ok(header + "  \"S1\"  , \" dep \" ,2025,1\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].series, "S1");
    EXPECT_EQ(t.rows[0].territory, "dep");
}

TEST(ObservationCsvValid, QuotedFieldWithEmbeddedNewlineKeepsTheStartLine) {
    const ObservationTable t = read_ok("series,territory,period,value,note\n"
                                       "S1,dep,2025,1,\"first\nsecond\"\n"
                                       "S1,dep,2026,2,\"a\r\nb\r\nc\"\r\n"
                                       "S1,dep,2027,3,plain\n");
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].line, 2);
    EXPECT_EQ(t.rows[0].dimensions[0], "first\nsecond");
    EXPECT_EQ(t.rows[1].line, 4);
    EXPECT_EQ(t.rows[1].dimensions[0], "a\r\nb\r\nc");
    EXPECT_EQ(t.rows[2].line, 7);
    EXPECT_EQ(t.rows[2].dimensions[0], "plain");
}

TEST(ObservationCsvValid, QuotedHeaderNames) {
    const ObservationTable t = read_ok("\"series\",\"territory\",\"period\",\"value\",\"a,b\"\n"
                                       "S,d,2025,1,x\n");
    EXPECT_EQ(t.dimension_names, (std::vector<std::string>{"a,b"}));
    EXPECT_EQ(t.separator, ',');
}

TEST(ObservationCsvValid, SemicolonInsideQuotedHeaderDoesNotMakeASemicolonFile) {
    const ObservationTable t = read_ok("series,territory,period,value,\"a;b\"\nS,d,2025,1.5,x\n");
    EXPECT_EQ(t.separator, ',');
    EXPECT_EQ(t.dimension_names, (std::vector<std::string>{"a;b"}));
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].value, 1.5);
}

TEST(ObservationCsvValid, SemicolonSeparatorIsDetectedFromTheHeader) {
    const ObservationTable t =
        read_ok("series;territory;period;value;sexe\nS1;Nord, Est;2025;3;F\n");
    EXPECT_EQ(t.separator, ';');
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].territory, "Nord, Est");
    EXPECT_EQ(t.rows[0].value, 3.0);
    EXPECT_EQ(t.rows[0].dimensions, (std::vector<std::string>{"F"}));
}

TEST(ObservationCsvValid, FrenchFileWithDecimalCommaAndThousandsSeparators) {
    const ObservationTable t = read_ok("\xEF\xBB\xBFsérie;territory;period;value;series\r\n"
                                       "x;dep;2025;12,5;S1\r\n"
                                       "x;dep;2026;1 234,5;S1\r\n"
                                       "x;dep;2027;1\xC2\xA0"
                                       "234;S1\r\n"
                                       "x;dep;2028;12\xE2\x80\xAF"
                                       "345\xE2\x80\xAF"
                                       "678,25;S1\r\n"
                                       "x;dep;2029;-0,5;S1\r\n"
                                       "x;dep;2030;+1 000 000;S1\r\n"
                                       "x;dep;2031;\"3,75\";S1\r\n");
    EXPECT_EQ(t.separator, ';');
    EXPECT_EQ(t.dimension_names, (std::vector<std::string>{"série"}));
    ASSERT_EQ(t.rows.size(), 7u);
    EXPECT_EQ(t.rows[0].value, 12.5);
    EXPECT_EQ(t.rows[1].value, 1234.5);
    EXPECT_EQ(t.rows[2].value, 1234.0);
    EXPECT_EQ(t.rows[3].value, 12345678.25);
    EXPECT_EQ(t.rows[4].value, -0.5);
    EXPECT_EQ(t.rows[5].value, 1000000.0);
    EXPECT_EQ(t.rows[6].value, 3.75);
}

TEST(ObservationCsvValid, SemicolonFileAlsoAcceptsDecimalPointAndExponent) {
    const ObservationTable t = read_ok("series;territory;period;value\n"
                                       "S;d;2025;12.5\nS;d;2026;1.5e3\nS;d;2027;1 234.5\n");
    ASSERT_EQ(t.rows.size(), 3u);
    EXPECT_EQ(t.rows[0].value, 12.5);
    EXPECT_EQ(t.rows[1].value, 1500.0);
    EXPECT_EQ(t.rows[2].value, 1234.5);
}

TEST(ObservationCsvValid, NumbersWithSignsAndExponents) {
    const ObservationTable t =
        read_ok(header + "S,d,2020,+4\nS,d,2021,-4\nS,d,2022,1.5e3\nS,d,2023,-2E-2\n"
                         "S,d,2024,1e5\nS,d,2025,0.5\nS,d,2026,007\n");
    ASSERT_EQ(t.rows.size(), 7u);
    EXPECT_EQ(t.rows[0].value, 4.0);
    EXPECT_EQ(t.rows[1].value, -4.0);
    EXPECT_EQ(t.rows[2].value, 1500.0);
    EXPECT_EQ(t.rows[3].value, -0.02);
    EXPECT_EQ(t.rows[4].value, 100000.0);
    EXPECT_EQ(t.rows[5].value, 0.5);
    EXPECT_EQ(t.rows[6].value, 7.0);
}

TEST(ObservationCsvValid, EmptyValueIsNoValueNotZero) {
    const ObservationTable t =
        read_ok(header + "S,d,2025,\nS,d,2026,   \nS,d,2027,\"\"\nS,d,2028,0\n");
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_FALSE(t.rows[0].value.has_value());
    EXPECT_FALSE(t.rows[1].value.has_value());
    EXPECT_FALSE(t.rows[2].value.has_value());
    ASSERT_TRUE(t.rows[3].value.has_value());
    EXPECT_EQ(*t.rows[3].value, 0.0);
}

TEST(ObservationCsvValid, RowsDifferingOnlyByDimensionAreNotDuplicates) {
    const ObservationTable t = read_ok("series,territory,period,value,sexe\n"
                                       "S,d,2025,1,F\nS,d,2025,2,H\nS,d,2025-Q1,3,F\n"
                                       "S,e,2025,4,F\nT,d,2025,5,F\n");
    EXPECT_EQ(t.rows.size(), 5u);
}

TEST(ObservationCsvValid, ValidMultibyteUtf8IsAccepted) {
    const ObservationTable t = read_ok(header + "S,Châtellerault – Nord \xF0\x9F\x93\x88,2025,1\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].territory, "Châtellerault – Nord \xF0\x9F\x93\x88");
}

TEST(ObservationCsvValid, FieldOfExactly64KiBIsAccepted) {
    const std::string territory(observation_csv_max_field_bytes, 't');
    const ObservationTable t = read_ok(header + "S," + territory + ",2025,1\n");
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].territory.size(), observation_csv_max_field_bytes);
}

TEST(ObservationCsvValid, ReadsALargeFileInOrder) {
    std::string text = "series;territory;period;value;sexe\n";
    for (int i = 0; i < 20000; ++i)
        text += "S" + std::to_string(i % 7) + ";T" + std::to_string(i) + ";2025-q" +
                std::to_string(i % 4 + 1) + ";" + std::to_string(i) + ",5;" + (i % 2 ? "F" : "H") +
                "\n";
    const ObservationTable t = read_ok(text);
    ASSERT_EQ(t.rows.size(), 20000u);
    for (int i : {0, 1023, 1024, 1025, 19999}) {
        const ObservationRow& row = t.rows[static_cast<std::size_t>(i)];
        EXPECT_EQ(row.line, i + 2);
        EXPECT_EQ(row.territory, "T" + std::to_string(i));
        EXPECT_EQ(row.period.text, "2025-Q" + std::to_string(i % 4 + 1));
        EXPECT_EQ(row.value, i + 0.5);
        EXPECT_EQ(row.dimensions[0], i % 2 ? "F" : "H");
    }
}

TEST(ObservationCsvValid, ReadsFromAFile) {
    jalon::test::TempDir dir;
    const auto path = dir / "données.csv";
    jalon::test::write_file(path, "series;territory;period;value\nS;d;2025;1,5\n");
    const ObservationTable t = read_observation_csv(path);
    EXPECT_EQ(t.file, path.string());
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].value, 1.5);
}

// ---- CSV: errors -----------------------------------------------------------------------------

TEST(ObservationCsvErrors, EmptyFileHasNoHeaderLine) {
    const Diagnostic d = problem("");
    expect_at(d, 0, 0, "");
    EXPECT_CONTAINS(d.message, "no header line");
}

TEST(ObservationCsvErrors, BlankOrBomOnlyFileHasNoHeaderLine) {
    EXPECT_CONTAINS(problem("\n\r\n  \n").message, "no header line");
    EXPECT_CONTAINS(problem("\xEF\xBB\xBF").message, "no header line");
}

TEST(ObservationCsvErrors, MissingFile) {
    jalon::test::TempDir dir;
    try {
        read_observation_csv(dir / "absent.csv");
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        EXPECT_EQ(error.diagnostics()[0].where.file, (dir / "absent.csv").string());
        EXPECT_CONTAINS(error.diagnostics()[0].message, "cannot open");
    }
}

TEST(ObservationCsvErrors, DirectoryInsteadOfFile) {
    jalon::test::TempDir dir;
    try {
        read_observation_csv(dir.path());
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        EXPECT_CONTAINS(error.diagnostics()[0].message, "directory");
    }
}

TEST(ObservationCsvErrors, ANamedPipeIsRefusedAsNotARegularFile) {
    // Opening a pipe would wait for a writer, and the file is read whole: it is refused unopened.
    jalon::test::TempDir dir;
    const auto path = dir / "data.csv";
    jalon::test::with_named_pipe(path, header + "S,d,2025,1\n", [&] {
        try {
            read_observation_csv(path);
            ADD_FAILURE() << "expected an InputError";
        } catch (const InputError& error) {
            ASSERT_EQ(error.diagnostics().size(), 1u);
            EXPECT_EQ(error.diagnostics()[0].where.file, path.string());
            EXPECT_CONTAINS(error.diagnostics()[0].message, "is a named pipe, not a regular file");
        }
    });
}

TEST(ObservationCsvErrors, MissingRequiredColumn) {
    const Diagnostic d = problem("series,territory,period,amount\nS,d,2025,1\n");
    expect_at(d, 1, 0, "value");
    EXPECT_CONTAINS(d.message, "missing required column");
}

TEST(ObservationCsvErrors, EveryMissingRequiredColumnIsReported) {
    const std::vector<Diagnostic> found = problems("territory,sexe\n");
    ASSERT_EQ(found.size(), 3u);
    expect_at(found[0], 1, 0, "series");
    expect_at(found[1], 1, 0, "period");
    expect_at(found[2], 1, 0, "value");
}

TEST(ObservationCsvErrors, EmptyHeaderName) {
    const Diagnostic d = problem("series,territory,,period,value\n");
    expect_at(d, 1, 3, "");
    EXPECT_CONTAINS(d.message, "empty column name");
}

TEST(ObservationCsvErrors, TrailingSeparatorInHeaderIsAnEmptyName) {
    const Diagnostic d = problem("series,territory,period,value,\n");
    expect_at(d, 1, 5, "");
    EXPECT_CONTAINS(d.message, "empty column name");
}

TEST(ObservationCsvErrors, DuplicatedDimensionName) {
    const Diagnostic d = problem("series,territory,period,value,sexe,Sexe\n");
    expect_at(d, 1, 6, "Sexe");
    EXPECT_CONTAINS(d.message, "duplicate column name");
    EXPECT_CONTAINS(d.message, "column 5");
}

TEST(ObservationCsvErrors, DuplicatedRequiredName) {
    const Diagnostic d = problem("Value,series,territory,period,value\n");
    expect_at(d, 1, 5, "value");
    EXPECT_CONTAINS(d.message, "duplicate column name");
    EXPECT_CONTAINS(d.message, "column 1");
}

TEST(ObservationCsvErrors, HeaderProblemsStopTheReading) {
    const std::vector<Diagnostic> found =
        problems("series,territory,period\nS,d,2025\n,d,abc,x,y\n");
    ASSERT_EQ(found.size(), 1u);
    expect_at(found[0], 1, 0, "value");
}

TEST(ObservationCsvErrors, TooFewFields) {
    const Diagnostic d = problem(header + "S,d,2025,1\nS,d,2026\n");
    expect_at(d, 3, 0, "");
    EXPECT_CONTAINS(d.message, "expected 4 fields, found 3");
}

TEST(ObservationCsvErrors, TooManyFields) {
    const Diagnostic d = problem(header + "S,d,2025,1,extra\n");
    expect_at(d, 2, 0, "");
    EXPECT_CONTAINS(d.message, "expected 4 fields, found 5");
}

TEST(ObservationCsvErrors, DecimalCommaInCommaFileIsADifferentColumnCount) {
    const Diagnostic d = problem(header + "S,d,2025,12,5\n");
    expect_at(d, 2, 0, "");
    EXPECT_CONTAINS(d.message, "expected 4 fields, found 5");
}

TEST(ObservationCsvErrors, QuotedDecimalCommaInCommaFileIsNotANumber) {
    const Diagnostic d = problem(header + "S,d,2025,\"12,5\"\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "\"12,5\" is not a number");
}

TEST(ObservationCsvErrors, ThousandsSpaceInCommaFileIsNotANumber) {
    const Diagnostic d = problem(header + "S,d,2025,1 234\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "\"1 234\" is not a number");
}

TEST(ObservationCsvErrors, EmptySeries) {
    const Diagnostic d = problem("territory,period,value,series\nd,2025,1,\n");
    expect_at(d, 2, 4, "series");
    EXPECT_CONTAINS(d.message, "empty");
}

TEST(ObservationCsvErrors, EmptyTerritory) {
    const Diagnostic d = problem(header + "S,d,2025,1\nS,  ,2025,1\n");
    expect_at(d, 3, 2, "territory");
    EXPECT_CONTAINS(d.message, "empty");
}

TEST(ObservationCsvErrors, EmptyPeriod) {
    const Diagnostic d = problem("period,series,territory,value\n\"\",S,d,1\n");
    expect_at(d, 2, 1, "period");
    EXPECT_CONTAINS(d.message, "empty");
}

TEST(ObservationCsvErrors, BadPeriodMonth13) {
    const Diagnostic d = problem(header + "S,d,2025-13,1\n");
    expect_at(d, 2, 3, "period");
    EXPECT_CONTAINS(d.message, "\"2025-13\" is not a period");
}

TEST(ObservationCsvErrors, BadPeriodSingleDigitMonth) {
    const Diagnostic d = problem(header + "S,d,2025-1,1\n");
    expect_at(d, 2, 3, "period");
    EXPECT_CONTAINS(d.message, "\"2025-1\" is not a period");
}

TEST(ObservationCsvErrors, NumberWithTwoDecimalPoints) {
    const Diagnostic d = problem(header + "S,d,2025,12.5.3\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "\"12.5.3\" is not a number");
}

TEST(ObservationCsvErrors, NumberThatIsAWord) {
    const Diagnostic d = problem(header + "S,d,2025,abc\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "\"abc\" is not a number");
}

TEST(ObservationCsvErrors, NumberWithExponentWithoutDigits) {
    const Diagnostic d = problem(header + "S,d,2025,1e\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "\"1e\" is not a number");
}

TEST(ObservationCsvErrors, NanAndInfinityAreNotNumbers) {
    const std::vector<Diagnostic> found =
        problems(header + "S,d,2025,nan\nS,d,2026,inf\nS,d,2027,-Infinity\nS,d,2028,NaN\n");
    ASSERT_EQ(found.size(), 4u);
    for (std::size_t i = 0; i < found.size(); ++i) {
        expect_at(found[i], static_cast<int>(i) + 2, 4, "value");
        EXPECT_CONTAINS(found[i].message, "is not a number");
    }
}

TEST(ObservationCsvErrors, OtherMalformedNumbers) {
    for (const std::string text :
         {"-", "+", ".", "1..2", "0x10", "1,5", "--1", "1-", "1e+", "12 %", "1.5e3.2", "e5",
          "1\xC2\xA0"
          "234"}) {
        const Diagnostic d = problem(header + "S,d,2025,\"" + text + "\"\n");
        expect_at(d, 2, 4, "value");
        EXPECT_CONTAINS(d.message, "\"" + text + "\" is not a number");
    }
}

TEST(ObservationCsvErrors, BadThousandsGroupingInSemicolonFile) {
    for (const std::string text :
         {"12 5", "1 23", "1234 567", "1 2345", " 1 234 5", "1  234", "1 ,5", "1 234 ,5"}) {
        const Diagnostic d = problem("series;territory;period;value\nS;d;2025;" + text + "\n");
        expect_at(d, 2, 4, "value");
        EXPECT_CONTAINS(d.message, "is not a number");
    }
}

TEST(ObservationCsvErrors, ExponentWithDecimalCommaIsRejected) {
    const Diagnostic d = problem("series;territory;period;value\nS;d;2025;1,5e3\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "\"1,5e3\" is not a number");
}

TEST(ObservationCsvErrors, NumberOutOfRange) {
    const Diagnostic d = problem(header + "S,d,2025,1e999\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "\"1e999\" is out of range");
}

TEST(ObservationCsvErrors, ADecimalMarkNeedsDigitsOnBothSides) {
    // docs/data-format.md: "digits, an optional decimal part" (a mark followed by digits).
    for (const std::string text : {".5", "5.", "-.5", "+5.", ".5e3", "5.e3"}) {
        const Diagnostic d = problem(header + "S,d,2025," + text + "\n");
        expect_at(d, 2, 4, "value");
        EXPECT_CONTAINS(d.message, "\"" + text + "\" is not a number");
    }
    for (const std::string text : {",5", "5,", "1 234,", ".5"}) {
        const Diagnostic d = problem("series;territory;period;value\nS;d;2025;" + text + "\n");
        expect_at(d, 2, 4, "value");
        EXPECT_CONTAINS(d.message, "\"" + text + "\" is not a number");
    }
}

TEST(ObservationCsvErrors, SubnormalAndUnderflowingNumbersAreOutOfRange) {
    // Closer to 0 than the smallest normal double: digits would be lost, or all of them.
    for (const std::string text : {"1e-320", "-4.9e-324", "1e-400", "2.2e-308"}) {
        const Diagnostic d = problem(header + "S,d,2025," + text + "\n");
        expect_at(d, 2, 4, "value");
        EXPECT_CONTAINS(d.message, "\"" + text + "\" is out of range");
    }
    const Diagnostic french = problem("series;territory;period;value\nS;d;2025;1.0e-310\n");
    expect_at(french, 2, 4, "value");
    EXPECT_CONTAINS(french.message, "is out of range");
    const ObservationTable t =
        read_ok(header + "S,d,2025,2.3e-308\nS,d,2026,0e-400\nS,d,2027,-0.0\nS,d,2028,1.7e308\n");
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_EQ(t.rows[0].value, 2.3e-308);
    EXPECT_EQ(t.rows[1].value, 0.0);
    EXPECT_EQ(t.rows[3].value, 1.7e308);
}

TEST(ObservationCsvErrors, LongBadValueIsCutInTheMessage) {
    const std::string text(500, 'x');
    const Diagnostic d = problem(header + "S,d,2025," + text + "\n");
    expect_at(d, 2, 4, "value");
    EXPECT_LT(d.message.size(), 200u);
    EXPECT_CONTAINS(d.message, "is not a number");
}

TEST(ObservationCsvErrors, EveryProblemOfARowIsReported) {
    const std::vector<Diagnostic> found = problems(header + ",,2025-Q9,abc\n");
    ASSERT_EQ(found.size(), 4u);
    expect_at(found[0], 2, 1, "series");
    expect_at(found[1], 2, 2, "territory");
    expect_at(found[2], 2, 3, "period");
    expect_at(found[3], 2, 4, "value");
}

TEST(ObservationCsvErrors, ProblemsAreReportedInFileOrder) {
    const std::vector<Diagnostic> found =
        problems(header + "S,d,2025,x\nS,d,2025,1\nS,d,2026\nS,d,2025,2\n,d,2027,1\n");
    ASSERT_EQ(found.size(), 4u);
    expect_at(found[0], 2, 4, "value");
    expect_at(found[1], 4, 0, "");
    expect_at(found[2], 5, 0, "");
    EXPECT_CONTAINS(found[2].message, "duplicate of line 3");
    expect_at(found[3], 6, 1, "series");
}

TEST(ObservationCsvErrors, DuplicateRowNamesTheFirstLine) {
    const Diagnostic d = problem("series,territory,period,value,sexe\n"
                                 "S,d,2025,1,F\n"
                                 "S,d,2025,1,H\n"
                                 "\n"
                                 "S,d,2026,1,F\n"
                                 "S,d,2025,2,F\n");
    expect_at(d, 6, 0, "");
    EXPECT_CONTAINS(d.message, "duplicate of line 2");
}

TEST(ObservationCsvErrors, DuplicateComparesNormalisedPeriodsAndTrimmedFields) {
    const Diagnostic d = problem(header + "S,d,2025-q1,1\n S , d ,2025-Q1,\n");
    expect_at(d, 3, 0, "");
    EXPECT_CONTAINS(d.message, "duplicate of line 2");
}

TEST(ObservationCsvErrors, UnclosedQuoteNamesTheLineWhereItOpened) {
    const std::vector<Diagnostic> found =
        problems(header + "S,d,2025,1\nS,\"d,2026,2\nS,d,2027,3\nS,d,2028,x\n");
    ASSERT_EQ(found.size(), 1u);
    expect_at(found[0], 3, 2, "territory");
    EXPECT_CONTAINS(found[0].message, "unclosed quote");
    EXPECT_CONTAINS(found[0].message, "line 3");
}

TEST(ObservationCsvErrors, UnclosedQuoteInHeader) {
    const Diagnostic d = problem("series,territory,\"period,value\nS,d,2025,1\n");
    expect_at(d, 1, 3, "");
    EXPECT_CONTAINS(d.message, "unclosed quote");
}

TEST(ObservationCsvErrors, TextAfterClosingQuote) {
    const Diagnostic d = problem(header + "S,\"Nord\" Est,2025,1\n");
    expect_at(d, 2, 2, "territory");
    EXPECT_CONTAINS(d.message, "after the closing quote");
}

TEST(ObservationCsvErrors, LineNumbersAfterAnEmbeddedNewline) {
    const Diagnostic d = problem(header + "S,\"two\nlines\",2025,1\nS,d,2025,bad\n");
    expect_at(d, 4, 4, "value");
}

TEST(ObservationCsvErrors, InvalidUtf8NamesLineAndByteOffset) {
    const std::string text = header + "S,d,2025,1\nS,N\xE9,2025,1\n";
    const std::size_t offset = text.find('\xE9');
    const Diagnostic d = problem(text);
    expect_at(d, 3, 2, "territory");
    EXPECT_CONTAINS(d.message, "invalid UTF-8");
    EXPECT_CONTAINS(d.message, "byte offset " + std::to_string(offset));
}

TEST(ObservationCsvErrors, InvalidUtf8OffsetCountsTheByteOrderMark) {
    const Diagnostic d = problem("\xEF\xBB\xBF" + header + "S,d,2025,\xFF\n");
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "byte offset " + std::to_string(3 + header.size() + 9));
}

TEST(ObservationCsvErrors, InvalidUtf8InHeader) {
    const Diagnostic d = problem("series,territory,period,value,s\xC3xe\n");
    expect_at(d, 1, 5, "");
    EXPECT_CONTAINS(d.message, "byte offset 31");
}

TEST(ObservationCsvErrors, InvalidUtf8InsideQuotedFieldOnItsOwnLine) {
    const Diagnostic d = problem(header + "S,\"a\nb\x80\",2025,1\n");
    expect_at(d, 3, 2, "territory");
    EXPECT_CONTAINS(d.message, "byte offset " + std::to_string(header.size() + 6));
}

TEST(ObservationCsvErrors, OverlongSurrogateAndTruncatedSequencesAreInvalidUtf8) {
    for (const std::string bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                  "\xF8\x88\x80\x80\x80", "\xE2\x82"}) {
        const Diagnostic d = problem(header + "S,d,2025,1\nS," + bad + ",2025,1\n");
        expect_at(d, 3, 2, "territory");
        EXPECT_CONTAINS(d.message, "byte offset " + std::to_string(header.size() + 13));
    }
}

TEST(ObservationCsvErrors, TruncatedSequenceAtEndOfFile) {
    const std::string text = header + "S,d,2025,\xE2\x82";
    const Diagnostic d = problem(text);
    expect_at(d, 2, 4, "value");
    EXPECT_CONTAINS(d.message, "byte offset " + std::to_string(text.size() - 2));
}

TEST(ObservationCsvErrors, FieldLongerThan64KiB) {
    const std::string territory(observation_csv_max_field_bytes + 1, 't');
    const Diagnostic d = problem(header + "S,d,2025,1\nS," + territory + ",2025,1\n");
    expect_at(d, 3, 2, "territory");
    EXPECT_CONTAINS(d.message, "longer than 64 KiB");
}

TEST(ObservationCsvErrors, AFieldTooLongInAMultiLineRecordIsReportedWhereTheRecordStarts) {
    // The record starts on line 3; its long comment runs over three lines, to line 5.
    const std::string comment =
        "first line\nsecond line\n" + std::string(observation_csv_max_field_bytes, 'c');
    const Diagnostic d = problem("series,territory,period,value,comment\nS,d,2024,1,\n"
                                 "S,d,2025,1,\"" +
                                 comment + "\"\nS,d,2026,1,\n");
    expect_at(d, 3, 5, "comment");
    EXPECT_CONTAINS(d.message, "longer than 64 KiB");
}

TEST(ObservationCsvErrors, LineLongerThan1MiB) {
    std::string text = "series,territory,period,value";
    std::string row = "S,d,2025,1";
    const std::string chunk(60 * 1024, 'x');
    for (int i = 0; i < 18; ++i) {
        text += ",d" + std::to_string(i);
        row += "," + chunk;
    }
    ASSERT_GT(row.size(), observation_csv_max_line_bytes);
    const Diagnostic d =
        problem(text + "\n" + row + "\r\nS,d,2026,1" + std::string(18, ',') + "\n");
    expect_at(d, 2, 0, "");
    EXPECT_CONTAINS(d.message, "longer than 1 MiB");
}

TEST(ObservationCsvErrors, AHundredProblemsAreAllReported) {
    std::string text = header;
    for (int i = 0; i < 100; ++i)
        text += "S,d," + std::to_string(1900 + i) + ",bad\n";
    const std::vector<Diagnostic> found = problems(text);
    ASSERT_EQ(found.size(), 100u);
    expect_at(found.back(), 101, 4, "value");
}

TEST(ObservationCsvErrors, MoreThanAHundredProblemsStopAtAHundredAndSaySo) {
    std::string text = header;
    for (int i = 0; i < 150; ++i)
        text += "S,d," + std::to_string(1900 + i) + ",bad\n";
    const std::vector<Diagnostic> found = problems(text);
    ASSERT_EQ(found.size(), observation_csv_max_problems + 1);
    expect_at(found[0], 2, 4, "value");
    expect_at(found[99], 101, 4, "value");
    EXPECT_EQ(found[100].where.file, "data.csv");
    EXPECT_EQ(found[100].key, "");
    EXPECT_CONTAINS(found[100].message, "stopped after 100");
}

TEST(ObservationCsvErrors, DuplicatesCountTowardsTheHundredInLineOrder) {
    std::string text = header + "S,e,2000,1\n";
    for (int i = 0; i < 60; ++i)
        text += "S,d," + std::to_string(1900 + i) + ",bad\nS,e,2000,2\n";
    const std::vector<Diagnostic> found = problems(text);
    ASSERT_EQ(found.size(), observation_csv_max_problems + 1);
    expect_at(found[0], 3, 4, "value");
    expect_at(found[1], 4, 0, "");
    EXPECT_CONTAINS(found[1].message, "duplicate of line 2");
    expect_at(found[98], 101, 4, "value");
    expect_at(found[99], 102, 0, "");
    EXPECT_CONTAINS(found[99].message, "duplicate of line 2");
    EXPECT_EQ(found[100].where.line, 103);
    EXPECT_CONTAINS(found[100].message, "stopped after 100");
}

TEST(ObservationCsvErrors, EveryRepeatNamesTheFirstLine) {
    const std::vector<Diagnostic> found =
        problems(header + "S,d,2025,1\nS,d,2026,1\nS,d,2025,2\nS,d,2026,2\nS,d,2025,3\n");
    ASSERT_EQ(found.size(), 3u);
    expect_at(found[0], 4, 0, "");
    EXPECT_CONTAINS(found[0].message, "duplicate of line 2");
    expect_at(found[1], 5, 0, "");
    EXPECT_CONTAINS(found[1].message, "duplicate of line 3");
    expect_at(found[2], 6, 0, "");
    EXPECT_CONTAINS(found[2].message, "duplicate of line 2");
}

TEST(ObservationCsvErrors, DuplicateFarDownALargeFile) {
    std::string text = "series;territory;period;value;sexe\n";
    for (int i = 0; i < 5000; ++i)
        text += "S" + std::to_string(i % 7) + ";T" + std::to_string(i) + ";2025;1 234,5;F\n";
    text += "S3;T10;2025;1;F\n";
    const Diagnostic d = problem(text);
    expect_at(d, 5002, 0, "");
    EXPECT_CONTAINS(d.message, "duplicate of line 12");
}

TEST(ObservationCsvErrors, DiagnosticReadsAsFileLineColumnKeyMessage) {
    const Diagnostic d = problem(header + "S,d,2025,abc\n");
    EXPECT_EQ(d.to_string().rfind("data.csv:2:4: value: \"abc\" is not a number", 0), 0u)
        << d.to_string();
}

TEST(ObservationCsvErrors, ErrorFromAFileCarriesItsPath) {
    jalon::test::TempDir dir;
    const auto path = dir / "bad.csv";
    jalon::test::write_file(path, header + "S,d,2025,abc\n");
    try {
        read_observation_csv(path);
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        EXPECT_EQ(error.diagnostics()[0].where.file, path.string());
        EXPECT_EQ(error.diagnostics()[0].where.line, 2);
    }
}

TEST(ObservationCsv, CommentColumnIsTheContributorsCommentNotADimension) {
    const jalon::ObservationTable table =
        jalon::read_observation_csv_text("series;territory;period;value;Comment;sexe\n"
                                         "P;c1;2025;12;  compté au 31/12 ;F\n"
                                         "P;c2;2025;;pas de données;F\n",
                                         "c.csv");
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.dimension_names, std::vector<std::string>{"sexe"});
    EXPECT_EQ(table.rows[0].comment, "compté au 31/12");
    EXPECT_EQ(table.rows[1].comment, "pas de données");
    EXPECT_FALSE(table.rows[1].value) << "a comment does not make a value";
    EXPECT_EQ(table.column_of("comment"), 5);
}
