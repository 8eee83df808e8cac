// Importing yearly data: checks against the scheme (nothing written on error), French files,
// history of changed values, dimensions, choice of the scheme, and what the command line prints;
// through `jalon data import` and through ObservationStore, on the backend the tests run against
// (a SQLite file, or a schema of the PostgreSQL test cluster).
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/plugin/catalog.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

using namespace jalon;
using namespace jalon::test;
namespace fs = std::filesystem;

namespace {

const PluginCatalog& plugins() {
    static const PluginCatalog catalog =
        PluginCatalog::load({std::filesystem::path(JALON_PLUGIN_BUILD_DIR)});
    return catalog;
}

// Scheme "un": dep → {c1, c2, c3}, 2025-2028, the indicator `flux` (sum) and the declared stock
// series `stock` (last within the year).
const char* const scheme_un = R"(format: jalon-scheme/1
id: un
title: Schéma un
owner: Département
period: {start: 2025, end: 2028}
levels: [action]
territories:
  - code: dep
    name: Département
    children:
      - {code: c1, name: Commune 1}
      - {code: c2, name: Commune 2}
      - {code: c3, name: Commune 3}
series:
  - {code: stock, label: Personnes suivies, within_year: last}
nodes:
  - code: A1
    level: action
    title: Action
    indicators:
      - {code: flux, label: Personnes reçues, level: realisation, method: sum}
)";

// Scheme "deux": dep → {c1}, the indicators `flux` and `autre`.
const char* const scheme_deux = R"(format: jalon-scheme/1
id: deux
title: Schéma deux
owner: Ville
period: {start: 2025, end: 2028}
levels: [action]
territories:
  - {code: dep, name: Ville, children: [{code: c1, name: Quartier}]}
nodes:
  - code: B1
    level: action
    title: Action
    indicators:
      - {code: flux, label: Flux, level: realisation, method: sum}
      - {code: autre, label: Autre, level: realisation, method: sum}
)";

// A database in a temporary directory (or a schema of the test cluster), with the command-line
// arguments that reach it.
class Workspace {
public:
    const std::string& url() const { return database_.url(); }
    std::string db_arg() const { return database_.arg(); }
    static std::string plugins_arg() { return std::string("--plugins=") + JALON_PLUGIN_BUILD_DIR; }
    // Writes a file in the directory and returns its path.
    std::string file(const std::string& name, const std::string& content) const {
        write_file(dir_ / name, content);
        return (dir_ / name).string();
    }
    RunResult jalon(std::vector<std::string> args) const {
        args.insert(args.begin(), {db_arg(), plugins_arg()});
        return run_jalon(args);
    }
    // Imports scheme files through the command line.
    void import_schemes(const std::vector<std::string>& texts) const {
        std::vector<std::string> args{"scheme", "import"};
        for (std::size_t i = 0; i < texts.size(); ++i)
            args.push_back(file("scheme" + std::to_string(i) + ".yaml", texts[i]));
        const RunResult r = jalon(args);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    std::vector<std::string> database_state() const { return stored_state(url()); }
    Database open() const { return Database::open(DatabaseUrl::parse(url())); }

private:
    TempDir dir_;
    TestDatabase database_{dir_, "jalon.db"};
};

// The cell of a territory and year among yearly cells; a failure when there is none.
YearCell cell_of(const std::vector<YearCell>& cells, const std::string& territory, int year) {
    for (const YearCell& c : cells)
        if (c.territory == territory && c.year == year)
            return c;
    ADD_FAILURE() << "no cell for " << territory << " in " << year;
    return {};
}

// A CSV import rejected as bad input: exit 2, the database untouched, and the stderr returned.
std::string rejected_import(const Workspace& ws, const std::vector<std::string>& args) {
    const std::vector<std::string> before = ws.database_state();
    EXPECT_FALSE(before.empty());
    std::vector<std::string> all{"data", "import"};
    all.insert(all.end(), args.begin(), args.end());
    const RunResult r = ws.jalon(all);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(ws.database_state() == before) << "the database changed";
    return r.err;
}

} // namespace

TEST(DataImportCli, RowsThatDoNotFitTheSchemeAreReportedAtTheirLineAndColumnAndNothingIsWritten) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    // Columns in another order: territory is column 1, series 2, period 3. Line 5 is blank.
    const std::string bad = ws.file("bad.csv", "territory,series,period,value\n"
                                               "c1,flux,2025,3\n"
                                               "nowhere,flux,2025,4\n"
                                               "c2,inconnue,2026,5\n"
                                               "\n"
                                               "c3,flux,2029,6\n"
                                               "c3,stock,2024-Q4,7\n");
    const std::string err = rejected_import(ws, {"--scheme=un", bad});
    EXPECT_CONTAINS(err, bad + ":3:1: territory: unknown territory 'nowhere' in scheme 'un'");
    EXPECT_CONTAINS(err, bad + ":4:2: series: unknown series 'inconnue' in scheme 'un'");
    EXPECT_CONTAINS(err,
                    bad + ":6:3: period: period 2029 is outside the scheme's period 2025-2028");
    EXPECT_CONTAINS(err, bad + ":7:3: period: period 2024-Q4 is outside");
    EXPECT_FALSE(contains(err, bad + ":2:")) << err; // the good row is not reported
}

TEST(DataImportCli, EachKindOfMismatchAloneBlocksTheWholeFile) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    const std::vector<std::pair<std::string, std::string>> cases{
        {"flux,c1,2025,1\nflux,c9,2025,2\n", ":3:2: territory: unknown territory 'c9'"},
        {"flux,c1,2025,1\nfluxx,c1,2025,2\n", ":3:1: series: unknown series 'fluxx'"},
        {"flux,c1,2025,1\nflux,c1,2030-12,2\n", ":3:3: period: period 2030-12 is outside"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::string path = ws.file("case" + std::to_string(i) + ".csv",
                                         "series,territory,period,value\n" + cases[i].first);
        const std::string err = rejected_import(ws, {"--scheme", "un", path});
        EXPECT_CONTAINS(err, path + cases[i].second);
    }
    // Nothing was imported by any of them.
    Database db = ws.open();
    EXPECT_TRUE(ObservationStore(db).yearly_cells("un", "flux").empty());
}

TEST(DataImportCli, AStructuralErrorIsReportedAtItsLineAndColumnAndNothingIsWritten) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    const std::string bad = ws.file("bad-number.csv", "series,territory,period,value\n"
                                                      "flux,c1,2025,3\n"
                                                      "flux,c2,2025,12.5.3\n");
    const std::string err = rejected_import(ws, {"--scheme=un", bad});
    EXPECT_CONTAINS(err, bad + ":3:4: value:");
    EXPECT_CONTAINS(err, "12.5.3");
}

TEST(DataImportCli, AFrenchFileWithDecimalCommaImportsTheRightValues) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    const std::string french = ws.file("fr.csv", "series;territory;period;value\n"
                                                 "flux;c1;2025-01;1 234,5\n"
                                                 "flux;c1;2025-02;0,25\n"
                                                 "flux;c2;2025;3\xC2\xA0"
                                                 "000\n" // no-break space
                                                 "flux;c3;2025;-2,5\n");
    const RunResult r = ws.jalon({"data", "import", "--scheme=un", french});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "4 rows (4 new, 0 changed, 0 unchanged, 0 empty)");
    Database db = ws.open();
    const auto cells = ObservationStore(db).yearly_cells("un", "flux");
    ASSERT_EQ(cells.size(), 3u);
    EXPECT_DOUBLE_EQ(cell_of(cells, "c1", 2025).sum, 1234.75); // 1 234,5 + 0,25
    EXPECT_EQ(cell_of(cells, "c1", 2025).count, 2);
    EXPECT_DOUBLE_EQ(cell_of(cells, "c2", 2025).sum, 3000);
    EXPECT_DOUBLE_EQ(cell_of(cells, "c3", 2025).sum, -2.5);
}

TEST(DataImportCli, ReimportingCountsNewChangedAndUnchangedAndKeepsTheHistory) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    const std::string v1 = ws.file("v1.csv", "series,territory,period,value\n"
                                             "flux,c1,2025,10\n"
                                             "flux,c2,2025,20\n"
                                             "flux,c3,2025,\n");
    const std::string v2 = ws.file("v2.csv", "series,territory,period,value\n"
                                             "flux,c1,2025,12\n"
                                             "flux,c2,2025,20\n"
                                             "flux,c3,2025,5\n");
    RunResult r = ws.jalon({"data", "import", "--by=alice", v1});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "imported " + v1 +
                               " into un: 3 rows (2 new, 0 changed, 0 unchanged, "
                               "1 empty)");
    r = ws.jalon({"data", "import", "--by=bob", v2});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "3 rows (1 new, 1 changed, 1 unchanged, 0 empty)");
    r = ws.jalon({"data", "import", "--by=bob", v2});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "3 rows (0 new, 0 changed, 3 unchanged, 0 empty)");

    Database db = ws.open();
    ObservationStore store(db);
    const auto c1 = store.history("un", "flux", "c1");
    ASSERT_EQ(c1.size(), 2u);
    EXPECT_EQ(c1[0].value, 10);
    EXPECT_EQ(c1[0].source_file, v1);
    EXPECT_EQ(c1[0].recorded_by, "alice");
    EXPECT_FALSE(c1[0].recorded_at.empty());
    EXPECT_FALSE(c1[0].replaced_at.empty());
    EXPECT_EQ(c1[1].value, 12);
    EXPECT_EQ(c1[1].source_file, v2);
    EXPECT_EQ(c1[1].recorded_by, "bob");
    EXPECT_EQ(c1[1].replaced_at, "");
    EXPECT_EQ(c1[0].replaced_at, c1[1].recorded_at); // replaced when the new one was recorded
    // The unchanged value has no history: one version, from the first file.
    const auto c2 = store.history("un", "flux", "c2");
    ASSERT_EQ(c2.size(), 1u);
    EXPECT_EQ(c2[0].source_file, v1);
    EXPECT_EQ(store.history("un", "flux", "c3").size(), 1u);
    EXPECT_DOUBLE_EQ(cell_of(store.yearly_cells("un", "flux"), "c1", 2025).sum, 12);
}

TEST(DataImportStore, ChangedValuesGoToTheHistorySameValuesDoNot) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    const Scheme scheme = read_scheme_text(scheme_un, "un.yaml");
    SchemeStore(db).save(scheme, "un.yaml");
    ObservationStore store(db);
    const auto import = [&](const std::string& name, const std::string& rows) {
        const ObservationTable table =
            read_observation_csv_text("series,territory,period,value\n" + rows, name);
        EXPECT_TRUE(check_observations(scheme, known_series(scheme, plugins()), table).empty());
        ObservationImportOptions options;
        options.source_file = name;
        options.recorded_by = "test";
        return store.import("un", table, options);
    };
    ObservationImportResult r = import("a.csv", "flux,c1,2025-Q1,10\nflux,c1,2025-Q2,20\n");
    EXPECT_EQ(r.rows, 2u);
    EXPECT_EQ(r.added, 2u);
    r = import("b.csv", "flux,c1,2025-Q1,10\nflux,c1,2025-Q2,25\n");
    EXPECT_EQ(r.added, 0u);
    EXPECT_EQ(r.changed, 1u);
    EXPECT_EQ(r.unchanged, 1u);
    r = import("c.csv", "flux,c1,2025-Q1,10\nflux,c1,2025-Q2,25\n");
    EXPECT_EQ(r.changed, 0u);
    EXPECT_EQ(r.unchanged, 2u);
    // An empty value stores nothing: the current value stays.
    r = import("d.csv", "flux,c1,2025-Q2,\n");
    EXPECT_EQ(r.empty, 1u);
    EXPECT_EQ(r.added + r.changed + r.unchanged, 0u);

    const auto versions = store.history("un", "flux", "c1");
    ASSERT_EQ(versions.size(), 3u); // Q1 once; Q2: 20 (replaced) then 25
    EXPECT_EQ(versions[0].period, "2025-Q1");
    EXPECT_EQ(versions[0].source_file, "a.csv");
    EXPECT_EQ(versions[1].period, "2025-Q2");
    EXPECT_EQ(versions[1].value, 20);
    EXPECT_EQ(versions[1].source_file, "a.csv");
    EXPECT_FALSE(versions[1].replaced_at.empty());
    EXPECT_EQ(versions[2].value, 25);
    EXPECT_EQ(versions[2].source_file, "b.csv");
    EXPECT_EQ(versions[2].replaced_at, "");
    EXPECT_DOUBLE_EQ(cell_of(store.yearly_cells("un", "flux"), "c1", 2025).sum, 35);
}

TEST(DataImportStore, RowsDifferingOnlyByADimensionAreTwoObservationsAddedWithinTheYear) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    const Scheme scheme = read_scheme_text(scheme_un, "un.yaml");
    SchemeStore(db).save(scheme, "un.yaml");
    const ObservationTable table = read_observation_csv_text("series,territory,period,value,sexe\n"
                                                             "flux,c1,2025,420,F\n"
                                                             "flux,c1,2025,395,H\n"
                                                             "flux,c2,2025,100,F\n"
                                                             "stock,c1,2025-Q2,100,F\n"
                                                             "stock,c1,2025-Q2,50,H\n"
                                                             "stock,c1,2025-Q4,60,H\n",
                                                             "dims.csv");
    ASSERT_TRUE(check_observations(scheme, known_series(scheme, plugins()), table).empty());
    ObservationStore store(db);
    const ObservationImportResult r = store.import("un", table, {"dims.csv", "test", false, {}});
    EXPECT_EQ(r.added, 6u);

    const YearCell flux = cell_of(store.yearly_cells("un", "flux"), "c1", 2025);
    EXPECT_EQ(flux.count, 2);
    EXPECT_DOUBLE_EQ(flux.sum, 815); // 420 + 395
    const auto versions = store.history("un", "flux", "c1");
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[0].dimensions, "sexe=F");
    EXPECT_EQ(versions[1].dimensions, "sexe=H");
    // A stock: the latest period of each sex, then added: F's Q2 (100) + H's Q4 (60).
    EXPECT_DOUBLE_EQ(cell_of(store.yearly_cells("un", "stock"), "c1", 2025).last, 160);

    // Through the evaluation: flux at c1 is 815, at dep 915.
    const auto stored = SchemeStore(db).load("un");
    ASSERT_TRUE(stored);
    const EvaluationRun run = Evaluator(*stored, plugins(), store).evaluate({2025, {}});
    std::optional<double> at_c1, at_dep;
    for (const IndicatorResult& result : run.results) {
        if (result.indicator == "flux" && result.year == 2025 && result.territory == "c1")
            at_c1 = result.value;
        if (result.indicator == "flux" && result.year == 2025 && result.territory == "dep")
            at_dep = result.value;
    }
    EXPECT_EQ(at_c1, 815.0);
    EXPECT_EQ(at_dep, 915.0);
}

TEST(DataImportStore, OfPeriodsEndingTheSameDayAStockTakesTheGreatestCodeAndAFlowAllOfThem) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    SchemeStore(db).save(read_scheme_text(scheme_un, "un.yaml"), "un.yaml");
    const ObservationTable table = read_observation_csv_text("series,territory,period,value\n"
                                                             "stock,c1,2025-06,5\n"
                                                             "stock,c1,2025-12,10\n"
                                                             "stock,c1,2025-Q4,30\n"
                                                             "stock,c1,2026,7\n"
                                                             "stock,c2,2025-12-31,4\n"
                                                             "stock,c2,2025-12,3\n",
                                                             "ties.csv");
    ObservationStore store(db);
    store.import("un", table, {"ties.csv", "test", false, {}});
    const auto cells = store.yearly_cells("un", "stock");
    // 2025-12 and 2025-Q4 both end on 2025-12-31: the greater code, 2025-Q4, is the stock; a sum
    // still takes every row.
    EXPECT_DOUBLE_EQ(cell_of(cells, "c1", 2025).last, 30);
    EXPECT_DOUBLE_EQ(cell_of(cells, "c1", 2025).sum, 45);
    EXPECT_DOUBLE_EQ(cell_of(cells, "c1", 2026).last, 7);
    EXPECT_DOUBLE_EQ(cell_of(cells, "c2", 2025).last, 4); // "2025-12-31" > "2025-12"
    // Without the latest values (what a flow asks for), the totals are the same and `last` is 0.
    const auto totals = store.yearly_cells("un", "stock", LatestValues::skip);
    EXPECT_DOUBLE_EQ(cell_of(totals, "c1", 2025).sum, 45);
    EXPECT_EQ(cell_of(totals, "c1", 2025).count, 3);
    EXPECT_DOUBLE_EQ(cell_of(totals, "c1", 2025).last, 0);
}

TEST(DataImportStore, ATerritoryRemovedFromTheSchemeIsRetiredWithItsObservations) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    SchemeStore(db).save(read_scheme_text(scheme_un, "un.yaml"), "un.yaml");
    ObservationStore store(db);
    store.import("un",
                 read_observation_csv_text(
                     "series,territory,period,value\nflux,c1,2025,1\nflux,c3,2025,3\n", "a.csv"),
                 {"a.csv", "test", false, {}});
    std::string without_c3 = scheme_un;
    const std::string c3 = "      - {code: c3, name: Commune 3}\n";
    ASSERT_NE(without_c3.find(c3), std::string::npos);
    without_c3.erase(without_c3.find(c3), c3.size());
    const SchemeImportResult result =
        SchemeStore(db).save(read_scheme_text(without_c3, "un.yaml"), "un.yaml");
    EXPECT_EQ(result.territories.retired, 1u);
    EXPECT_EQ(SchemeStore(db).load("un")->find_territory("c3"), nullptr);
    // Its values stay (evaluations read only the territories of the scheme as loaded).
    const auto cells = store.yearly_cells("un", "flux");
    ASSERT_EQ(cells.size(), 2u);
    EXPECT_EQ(cells[1].territory, "c3");
    EXPECT_EQ(store.history("un", "flux", "c3").size(), 1u);
}

TEST(DataImportStore, TheSourcesAreEachFilesLatestImportWithValues) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    SchemeStore(db).save(read_scheme_text(scheme_un, "un.yaml"), "un.yaml");
    ObservationStore store(db);
    const auto import = [&](const std::string& text, const std::string& file, const std::string& by,
                            bool synthetic) {
        return store.import("un", read_observation_csv_text(text, file), {file, by, synthetic, {}});
    };
    import("series,territory,period,value\nflux,c1,2025,1\nflux,c2,2025,2\n", "a.csv", "ana",
           false);
    import("series,territory,period,value\nflux,c1,2025,5\nflux,c3,2025,6\nflux,c3,2026,7\n",
           "b.csv", "bob", true);
    // a.csv again, one row only: its latest import is what the sources show.
    const ObservationImportResult again =
        import("series,territory,period,value\nflux,c2,2025,2\n", "a.csv", "ana", false);
    EXPECT_EQ(again.unchanged, 1u);
    // Comments only: not a source of values.
    import("series,territory,period,value,comment\nflux,c1,2027,,en attente\n", "c.csv", "cy",
           false);
    const auto sources = store.sources("un");
    ASSERT_EQ(sources.size(), 2u);
    EXPECT_EQ(sources[0].file, "a.csv");
    EXPECT_EQ(sources[0].rows, 1);
    EXPECT_FALSE(sources[0].synthetic);
    EXPECT_EQ(sources[0].recorded_by, "ana");
    EXPECT_EQ(sources[1].file, "b.csv");
    EXPECT_EQ(sources[1].rows, 3);
    EXPECT_TRUE(sources[1].synthetic);
    EXPECT_EQ(sources[1].recorded_by, "bob");
    // Each value still says where it came from: c1's 2025 value was replaced by b.csv.
    const auto versions = store.history("un", "flux", "c1");
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[0].source_file, "a.csv");
    EXPECT_EQ(versions[0].recorded_by, "ana");
    EXPECT_EQ(versions[1].source_file, "b.csv");
    EXPECT_EQ(versions[1].recorded_by, "bob");
    EXPECT_EQ(versions[1].replaced_at, "");
}

TEST(DataImportCli, RowsDifferingOnlyByADimensionAreImportedAsTwoObservations) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    const std::string dims = ws.file("dims.csv", "series,territory,period,value,sexe\n"
                                                 "flux,c1,2025,420,F\n"
                                                 "flux,c1,2025,395,H\n");
    const RunResult r = ws.jalon({"data", "import", dims});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "2 rows (2 new, 0 changed, 0 unchanged, 0 empty)");
    Database db = ws.open();
    EXPECT_DOUBLE_EQ(cell_of(ObservationStore(db).yearly_cells("un", "flux"), "c1", 2025).sum, 815);
}

TEST(DataImportCli, WithoutSchemeTheOnlyFittingSchemeIsChosen) {
    Workspace ws;
    ws.import_schemes({scheme_un, scheme_deux});
    // c2 is only in "un"; `autre` only in "deux".
    const std::string for_un = ws.file("un.csv", "series,territory,period,value\nflux,c2,2025,1\n");
    RunResult r = ws.jalon({"data", "import", for_un});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "imported " + for_un + " into un:");
    const std::string for_deux =
        ws.file("deux.csv", "series,territory,period,value\nautre,c1,2025,1\n");
    r = ws.jalon({"data", "import", for_deux});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "imported " + for_deux + " into deux:");

    Database db = ws.open();
    ObservationStore store(db);
    EXPECT_EQ(store.yearly_cells("un", "flux").size(), 1u);
    EXPECT_TRUE(store.yearly_cells("deux", "flux").empty());
    EXPECT_EQ(store.yearly_cells("deux", "autre").size(), 1u);
}

TEST(DataImportCli, WithTwoFittingSchemesItAsksForScheme) {
    Workspace ws;
    ws.import_schemes({scheme_un, scheme_deux});
    const std::string both = ws.file("both.csv", "series,territory,period,value\nflux,c1,2025,1\n");
    const std::string err = rejected_import(ws, {both});
    EXPECT_CONTAINS(err, "several schemes fit");
    EXPECT_CONTAINS(err, "un");
    EXPECT_CONTAINS(err, "deux");
    EXPECT_CONTAINS(err, "--scheme");
    // Naming the scheme settles it.
    const RunResult r = ws.jalon({"data", "import", "--scheme=deux", both});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, "into deux:");
}

TEST(DataImportCli, NoFittingSchemeIsAnError) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    const std::string none = ws.file("none.csv", "series,territory,period,value\nflux,c9,2025,1\n");
    const std::string err = rejected_import(ws, {none});
    EXPECT_CONTAINS(err, "no stored scheme has all the series and territories");
}

TEST(DataImportCli, PipedStderrGetsNoProgressLine) {
    Workspace ws;
    ws.import_schemes({scheme_un});
    // Enough rows for the import to report progress (every 50 000 rows) on a terminal.
    std::string csv = "series,territory,period,value,n\n";
    std::size_t rows = 0;
    for (int month = 1; month <= 12; ++month)
        for (int day = 1; day <= 28; ++day) {
            char date[16];
            std::snprintf(date, sizeof date, "2025-%02d-%02d", month, day);
            for (int n = 0; n < 200; ++n, ++rows)
                csv += std::string("flux,c1,") + date + ",1," + std::to_string(n) + "\n";
        }
    ASSERT_GT(rows, 50000u);
    const std::string big = ws.file("big.csv", csv);
    const RunResult r = ws.jalon({"data", "import", "--scheme=un", big});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.out, std::to_string(rows) + " rows (" + std::to_string(rows) + " new");
    EXPECT_EQ(r.err.find('\r'), std::string::npos);
    EXPECT_EQ(r.err, "");
    Database db = ws.open();
    EXPECT_DOUBLE_EQ(cell_of(ObservationStore(db).yearly_cells("un", "flux"), "c1", 2025).sum,
                     static_cast<double>(rows));
}

TEST(DataImportCli, QuietPrintsNoInfoLogsButStillTheErrors) {
    Workspace loud, quiet;
    const std::string scheme = loud.file("un.yaml", scheme_un);
    RunResult r = loud.jalon({"scheme", "import", scheme});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_CONTAINS(r.err, "info"); // a new database is migrated, and says so

    const std::string same = quiet.file("un.yaml", scheme_un);
    r = quiet.jalon({"-q", "scheme", "import", same});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const std::string data = quiet.file("d.csv", "series,territory,period,value\nflux,c1,2025,1\n");
    r = quiet.jalon({"-q", "data", "import", data});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_CONTAINS(r.out, "1 rows (1 new");

    // On a new database with -q, an error is still printed, without the migration's info lines.
    Workspace fresh;
    r = fresh.jalon({"-q", "data", "import", "--scheme=un", data});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_CONTAINS(r.err, "no scheme 'un'");
    EXPECT_FALSE(contains(r.err, "info")) << r.err;
}
