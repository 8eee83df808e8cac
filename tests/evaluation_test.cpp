// Evaluation: roll-ups, the standard and politique-de-la-ville methods, judgements, runs and node
// summaries, computed by the real plugins from real CSV text stored in a real database (a SQLite
// file, or a PostgreSQL schema when the suite runs on PostgreSQL). Every expected number is worked
// out by hand in the comments beside it.
#include "test_support.hpp"

#include <jalon/data/observation_csv.hpp>
#include <jalon/error.hpp>
#include <jalon/evaluation/evaluator.hpp>
#include <jalon/evaluation/node_summary.hpp>
#include <jalon/evaluation/progress_judgement.hpp>
#include <jalon/plugin/catalog.hpp>
#include <jalon/plugin/method_binding.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/observation_store.hpp>
#include <jalon/store/run_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

using namespace jalon;
using jalon::test::contains;
using jalon::test::TempDir;
using jalon::test::TestDatabase;
namespace fs = std::filesystem;

namespace {

const PluginCatalog& plugins() {
    static const PluginCatalog catalog =
        PluginCatalog::load({std::filesystem::path(JALON_PLUGIN_BUILD_DIR)});
    return catalog;
}

Database open_database(const TestDatabase& database) {
    return Database::open(DatabaseUrl::parse(database.url()));
}

SchemeRules method_rules(const PluginCatalog& catalog) {
    return [&catalog](const Scheme& scheme) { return check_method_bindings(scheme, catalog); };
}

std::string diagnostics_text(const InputError& e) {
    std::string text;
    for (const Diagnostic& d : e.diagnostics())
        text += d.to_string() + "\n";
    return text;
}

// Reads the scheme (with the method bindings as extra rules unless `check_methods` is false),
// stores it, checks and imports the CSV text, and evaluates the scheme as loaded back from the
// store up to `year`.
EvaluationRun evaluate_scheme(Database& db, const std::string& yaml, const std::string& csv,
                              int year, const PluginCatalog& catalog = plugins(),
                              bool check_methods = true, bool synthetic = false,
                              bool isolate_plugins = false) {
    const Scheme scheme = read_scheme_text(yaml, "scheme.yaml",
                                           check_methods ? method_rules(catalog) : SchemeRules{});
    SchemeStore(db).save(scheme, "scheme.yaml");
    const ObservationTable table = read_observation_csv_text(csv, "data.csv");
    const auto problems = check_observations(scheme, known_series(scheme, catalog), table);
    if (!problems.empty())
        throw InputError(problems);
    ObservationImportOptions options;
    options.source_file = "data.csv";
    options.recorded_by = "test";
    options.synthetic = synthetic;
    ObservationStore observations(db);
    observations.import(scheme.id, table, options);
    const auto stored = SchemeStore(db).load(scheme.id);
    EXPECT_TRUE(stored.has_value());
    EvaluationOptions what;
    what.year = year;
    what.isolate_plugins = isolate_plugins;
    return Evaluator(*stored, catalog, observations).evaluate(what);
}

// Whether the run has a result for that indicator, territory and year.
bool has_result(const EvaluationRun& run, const std::string& indicator,
                const std::string& territory, int year) {
    return std::any_of(run.results.begin(), run.results.end(), [&](const IndicatorResult& r) {
        return r.indicator == indicator && r.territory == territory && r.year == year;
    });
}

// The result of an indicator at a territory in a year; a failure (and an empty result) when the
// run has none.
IndicatorResult result_of(const EvaluationRun& run, const std::string& indicator,
                          const std::string& territory, int year) {
    for (const IndicatorResult& r : run.results)
        if (r.indicator == indicator && r.territory == territory && r.year == year)
            return r;
    ADD_FAILURE() << "no result for " << indicator << " at " << territory << " in " << year;
    IndicatorResult none;
    none.indicator = "<absent>";
    none.status = ProgressStatus::not_computed;
    return none;
}

bool near(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b));
}

std::string describe(const IndicatorResult& r) {
    std::ostringstream out;
    out << r.indicator << " at " << r.territory << " in " << r.year << " (status "
        << to_code(r.status) << ", note '" << r.note << "')";
    return out.str();
}

testing::AssertionResult has_value(const IndicatorResult& r, double expected) {
    if (!r.value)
        return testing::AssertionFailure() << describe(r) << ": no value, expected " << expected;
    if (!near(*r.value, expected))
        return testing::AssertionFailure()
               << describe(r) << ": value " << *r.value << ", expected " << expected;
    return testing::AssertionSuccess();
}

testing::AssertionResult has_no_value(const IndicatorResult& r) {
    if (r.value)
        return testing::AssertionFailure()
               << describe(r) << ": value " << *r.value << ", expected none";
    return testing::AssertionSuccess();
}

// The territory tree of the small schemes: dep → {nord → {c1, c2 → {q1 (QPV)}}, sud → {c3}}.
const char* const territories_yaml = R"(territories:
  - code: dep
    name: Département
    kind: departement
    children:
      - code: nord
        name: Territoire Nord
        kind: territoire-des-solidarites
        children:
          - {code: c1, name: Commune 1, kind: commune}
          - code: c2
            name: Commune 2
            kind: commune
            children:
              - {code: q1, name: Quartier 1, kind: QPV}
      - code: sud
        name: Territoire Sud
        kind: territoire-des-solidarites
        children:
          - {code: c3, name: Commune 3, kind: commune}
)";

std::string scheme_yaml(const std::string& id, const std::string& period, const std::string& rest) {
    return "format: jalon-scheme/1\nid: " + id + "\ntitle: Schéma de test\nowner: Département\n" +
           "period: " + period + "\n" + territories_yaml + rest;
}

// The main test scheme: period 2025-2028, every method of both plugins.
const std::string main_scheme =
    scheme_yaml("test", "{start: 2025, end: 2028}", R"(levels: [axe, action]
series:
  - {code: taux, label: Taux déclaré, unit: "%", within_year: last, across_territories: mean}
nodes:
  - code: A
    level: axe
    title: Valeurs
    children:
      - code: A1
        level: action
        title: Flux et stocks
        indicators:
          - {code: flux, label: Personnes reçues, level: realisation, method: sum}
          - {code: stock, label: Personnes suivies au 31 décembre, level: realisation,
             method: last}
          - {code: taux, label: Taux déclaré, level: resultat, method: last}
      - code: A2
        level: action
        title: Rapports et agrégats
        indicators:
          - {code: ratio, label: Ratio, level: resultat, method: ratio,
             params: {numerator: num, denominator: den}}
          - {code: share, label: Part, level: resultat, method: share,
             params: {part: part, whole: whole}}
          - {code: mean, label: Moyenne, level: resultat, method: mean, params: {series: vals}}
          - {code: min, label: Minimum, level: resultat, method: min, params: {series: vals}}
          - {code: max, label: Maximum, level: resultat, method: max, params: {series: vals}}
          - {code: count, label: Relevés, level: resultat, method: count, params: {series: vals}}
  - code: B
    level: axe
    title: Tendances et politique de la ville
    children:
      - code: B1
        level: action
        title: Tendances
        indicators:
          - {code: evo-prev, label: Évolution annuelle, level: resultat, method: evolution,
             params: {series: evo}}
          - {code: evo-base, label: Évolution depuis 2024, level: resultat, method: evolution,
             params: {series: evo, against: baseline}, baseline: {value: 160, year: 2024}}
          - {code: cum, label: Cumul, level: realisation, method: cumulative}
          - {code: ms, label: Guichet ouvert, level: realisation, method: milestone,
             target: {text: Guichet unique ouvert}}
      - code: B2
        level: action
        title: Quartiers prioritaires
        indicators:
          - {code: qpv-share, label: Part des aides en QPV, level: resultat, method: qpv_share,
             params: {series: aides}}
          - {code: qpv-out, label: Taux d'emploi hors QPV (évolution), level: impact,
             method: qpv_rate,
             params: {numerator: emp, denominator: pop, side: outside, change_from_start: true}}
          - {code: qpv-in, label: Taux d'emploi en QPV, level: impact, method: qpv_rate,
             params: {numerator: emp, denominator: pop}}
          - {code: qpv-gap, label: Écart de taux d'emploi, level: impact, method: qpv_gap,
             params: {numerator: emp, denominator: pop}}
  - code: J
    level: axe
    title: Cibles
    children:
      - code: J1
        level: action
        title: Jugements
        indicators:
          - {code: jug, label: Montée, level: resultat, method: sum,
             baseline: {value: 100, year: 2024}, milestones: [{year: 2026, value: 140}],
             target: {value: 200, year: 2028}}
          - {code: chute, label: Expulsions, level: impact, method: sum, direction: down,
             baseline: {value: 120, year: 2024}, target: {value: 90, year: 2028}}
          - {code: nobase, label: Sans référence, level: realisation, method: sum,
             target: {value: 40, year: 2028}}
)");

const char* const main_csv = R"(series,territory,period,value
flux,c1,2025-01,10
flux,c1,2025-02,5
flux,c1,2025-12,2
flux,c2,2025-03,4
flux,c2,2025-07,6
flux,c3,2025-05,8
flux,c1,2026-01,3
flux,sud,2026,50
flux,c3,2026-04,7
stock,c1,2025-Q1,100
stock,c1,2025-Q2,110
stock,c1,2025-Q3,120
stock,c1,2025-Q4,130
stock,c2,2025-Q2,40
stock,c2,2025-Q4,45
stock,c3,2025-Q4,20
stock,c1,2026-Q4,140
taux,c1,2025-06,10
taux,c1,2025-12,12
taux,c2,2025,20
taux,c3,2025,30
num,c1,2025,1
den,c1,2025,10
num,c2,2025,9
den,c2,2025,30
num,c3,2025,5
den,c3,2025,100
num,c1,2026,3
den,c1,2026,0
part,c1,2025,3
whole,c1,2025,12
part,c2,2025,1
whole,c2,2025,8
vals,c1,2025-01,2
vals,c1,2025-02,4
vals,c2,2025-01,9
vals,c3,2025-03,12
evo,c1,2025,200
evo,c1,2026,250
cum,c3,2025,10
cum,c3,2027,5
ms,c2,2025,0
ms,c2,2026-Q2,0
ms,c2,2026-Q3,1
ms,c2,2026-Q4,1
aides,c1,2025,60
aides,c2,2025,40
aides,q1,2025,10
aides,c3,2025,100
pop,c1,2025,100
emp,c1,2025,60
pop,c2,2025,200
emp,c2,2025,100
pop,q1,2025,50
emp,q1,2025,10
pop,c1,2027,100
emp,c1,2027,75
pop,c2,2027,200
emp,c2,2027,120
pop,q1,2027,50
emp,q1,2027,15
jug,c1,2025,125
jug,c1,2026,150
jug,c1,2027,160
chute,dep,2025,110
chute,dep,2026,108
chute,dep,2027,88
nobase,c3,2026,15
nobase,c3,2027,30
)";

// The main scheme evaluated up to 2027, once for the whole suite (each suite gets its own
// database).
class EvaluationMain : public testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        database_ = new TestDatabase(*dir_, "jalon.db");
        Database db = open_database(*database_);
        run_ = new EvaluationRun(evaluate_scheme(db, main_scheme, main_csv, 2027));
    }
    static void TearDownTestSuite() {
        delete run_;
        delete database_;
        delete dir_;
        run_ = nullptr;
        database_ = nullptr;
        dir_ = nullptr;
    }
    static IndicatorResult at(const std::string& indicator, const std::string& territory,
                              int year) {
        return result_of(*run_, indicator, territory, year);
    }
    static TempDir* dir_;
    static TestDatabase* database_;
    static EvaluationRun* run_;
};

TempDir* EvaluationMain::dir_ = nullptr;
TestDatabase* EvaluationMain::database_ = nullptr;
EvaluationRun* EvaluationMain::run_ = nullptr;

} // namespace

TEST(EvaluationSetUp, LoadsBothRealPlugins) {
    const PluginCatalog& catalog = plugins();
    EXPECT_TRUE(catalog.failures().empty())
        << catalog.failures().front().file << ": " << catalog.failures().front().reason;
    for (const char* method :
         {"sum", "last", "mean", "min", "max", "count", "ratio", "share", "evolution", "cumulative",
          "milestone", "qpv_share", "qpv_rate", "qpv_gap"})
        EXPECT_NE(catalog.find(method), nullptr) << method;
}

TEST_F(EvaluationMain, GivesOneResultPerIndicatorTerritoryAndYearInOrder) {
    // 20 indicators × 7 territories × 3 years (2025-2027), but for the QPV share, the rate outside
    // QPV and the gap at the QPV q1, which do not apply there.
    ASSERT_EQ(run_->results.size(), 20u * 7u * 3u - 3u * 3u);
    EXPECT_EQ(run_->scheme_id, "test");
    EXPECT_EQ(run_->year, 2027);
    EXPECT_EQ(run_->results[0].indicator, "flux");
    EXPECT_EQ(run_->results[0].territory, "dep");
    EXPECT_EQ(run_->results[0].year, 2025);
    EXPECT_EQ(run_->results[2].year, 2027);
    EXPECT_EQ(run_->results[3].territory, "nord");
    EXPECT_EQ(run_->results.back().indicator, "nobase");
    EXPECT_EQ(run_->results.back().territory, "c3");
    EXPECT_EQ(run_->plugins.size(), 2u);
}

TEST_F(EvaluationMain, SumAddsMonthlyFlowsWithinTheYearAndAcrossTerritories) {
    EXPECT_TRUE(has_value(at("flux", "c1", 2025), 17)); // 10 + 5 + 2
    EXPECT_TRUE(has_value(at("flux", "c2", 2025), 10)); // 4 + 6
    EXPECT_TRUE(has_value(at("flux", "c3", 2025), 8));
    EXPECT_TRUE(has_value(at("flux", "nord", 2025), 27)); // 17 + 10
    EXPECT_TRUE(has_value(at("flux", "sud", 2025), 8));
    EXPECT_TRUE(has_value(at("flux", "dep", 2025), 35)); // 27 + 8
    EXPECT_EQ(at("flux", "dep", 2025).status, ProgressStatus::no_target);
    EXPECT_EQ(at("flux", "dep", 2025).method, "sum");
}

TEST_F(EvaluationMain, AParentsOwnFigureBeatsTheRollUpOfItsChildren) {
    // 2026: sud records 50 for itself, c3 records 7: sud is 50, not 7 nor 57.
    EXPECT_TRUE(has_value(at("flux", "c3", 2026), 7));
    EXPECT_TRUE(has_value(at("flux", "sud", 2026), 50));
    // nord: only c1 (3) has a value; c2 is missing and left out, not counted as zero.
    EXPECT_TRUE(has_value(at("flux", "nord", 2026), 3));
    EXPECT_TRUE(has_value(at("flux", "dep", 2026), 53)); // 3 + 50
}

TEST_F(EvaluationMain, ATerritoryWithNoDataAnywhereBelowIsMissingNeverZero) {
    for (const char* territory : {"c2", "q1"}) {
        const IndicatorResult r = at("flux", territory, 2026);
        EXPECT_TRUE(has_no_value(r));
        EXPECT_EQ(r.status, ProgressStatus::missing) << describe(r);
    }
    EXPECT_TRUE(has_no_value(at("flux", "q1", 2025)));
    for (const char* territory : {"dep", "nord", "sud", "c1", "c2", "c3", "q1"}) {
        const IndicatorResult r = at("flux", territory, 2027); // no data at all in 2027
        EXPECT_TRUE(has_no_value(r));
        EXPECT_EQ(r.status, ProgressStatus::missing) << describe(r);
        EXPECT_EQ(label(r.status, "fr"), "non renseigné");
    }
}

TEST_F(EvaluationMain, LastTakesTheFourthQuarterOfAStockAndSumsItAcrossCommunes) {
    EXPECT_TRUE(has_value(at("stock", "c1", 2025), 130));   // Q4, not 100+110+120+130 = 460
    EXPECT_TRUE(has_value(at("stock", "c2", 2025), 45));    // Q4 (Q2 was 40)
    EXPECT_TRUE(has_value(at("stock", "nord", 2025), 175)); // 130 + 45
    EXPECT_TRUE(has_value(at("stock", "dep", 2025), 195));  // 175 + 20
}

TEST_F(EvaluationMain, StocksAreNotSummedAcrossYears) {
    EXPECT_TRUE(has_value(at("stock", "c1", 2026), 140));  // not 130 + 140
    EXPECT_TRUE(has_value(at("stock", "dep", 2026), 140)); // only c1 has a 2026 stock
    EXPECT_TRUE(has_no_value(at("stock", "c2", 2026)));
    EXPECT_TRUE(has_no_value(at("stock", "dep", 2027)));
}

TEST_F(EvaluationMain, AReportedRateDeclaredMeanAcrossTerritoriesIsAveraged) {
    // taux: within_year last, across_territories mean.
    EXPECT_TRUE(has_value(at("taux", "c1", 2025), 12));   // the December value, not 10 + 12
    EXPECT_TRUE(has_value(at("taux", "nord", 2025), 16)); // (12 + 20) / 2, not 32
    EXPECT_TRUE(has_value(at("taux", "sud", 2025), 30));
    // The département averages its children's values: (16 + 30) / 2.
    EXPECT_TRUE(has_value(at("taux", "dep", 2025), 23));
}

TEST_F(EvaluationMain, RatioRollsNumeratorAndDenominatorUpBeforeDividing) {
    EXPECT_TRUE(has_value(at("ratio", "c1", 2025), 0.1));    // 1 / 10
    EXPECT_TRUE(has_value(at("ratio", "c2", 2025), 0.3));    // 9 / 30
    EXPECT_TRUE(has_value(at("ratio", "c3", 2025), 0.05));   // 5 / 100
    EXPECT_TRUE(has_value(at("ratio", "nord", 2025), 0.25)); // (1 + 9) / (10 + 30)
    const double dep = 15.0 / 140.0;                         // (1 + 9 + 5) / (10 + 30 + 100)
    EXPECT_TRUE(has_value(at("ratio", "dep", 2025), dep));
    // A mean of ratios would give (0.1 + 0.3) / 2 = 0.2 at nord and (0.25 + 0.05) / 2 = 0.15 at
    // dep: the numbers are chosen so that the two differ.
    const double mean_nord = (*at("ratio", "c1", 2025).value + *at("ratio", "c2", 2025).value) / 2;
    const double mean_dep =
        (*at("ratio", "nord", 2025).value + *at("ratio", "sud", 2025).value) / 2;
    EXPECT_FALSE(near(*at("ratio", "nord", 2025).value, mean_nord));
    EXPECT_FALSE(near(*at("ratio", "dep", 2025).value, mean_dep));
    EXPECT_TRUE(near(mean_dep, 0.15));
}

TEST_F(EvaluationMain, RatioWithAZeroDenominatorHasNoValueAndSaysWhy) {
    for (const char* territory : {"c1", "nord", "dep"}) { // 2026: 3 / 0
        const IndicatorResult r = at("ratio", territory, 2026);
        EXPECT_TRUE(has_no_value(r));
        EXPECT_TRUE(contains(r.note_en, "denominator is zero")) << describe(r);
        EXPECT_EQ(r.note, "dénominateur nul") << describe(r);
        EXPECT_EQ(r.status, ProgressStatus::missing) << describe(r);
    }
    const IndicatorResult none = at("ratio", "c3", 2026);
    EXPECT_TRUE(has_no_value(none));
    EXPECT_TRUE(contains(none.note_en, "no data")) << describe(none);
    EXPECT_TRUE(contains(none.note, "aucune donnée")) << describe(none);
}

TEST_F(EvaluationMain, ShareIsAPercentageOfSums) {
    EXPECT_TRUE(has_value(at("share", "c1", 2025), 25));   // 3 / 12 × 100
    EXPECT_TRUE(has_value(at("share", "c2", 2025), 12.5)); // 1 / 8 × 100
    EXPECT_TRUE(has_value(at("share", "nord", 2025), 20)); // 4 / 20 × 100, not (25 + 12.5) / 2
    EXPECT_TRUE(has_value(at("share", "dep", 2025), 20));
    EXPECT_TRUE(has_no_value(at("share", "c3", 2025)));
}

TEST_F(EvaluationMain, MeanMinMaxAndCount) {
    // vals: c1 2 and 4 (two months), c2 9, c3 12.
    EXPECT_TRUE(has_value(at("mean", "c1", 2025), 3));
    EXPECT_TRUE(has_value(at("mean", "nord", 2025), 6)); // (3 + 9) / 2
    EXPECT_TRUE(has_value(at("mean", "dep", 2025), 9));  // (6 + 12) / 2
    EXPECT_TRUE(has_value(at("min", "c1", 2025), 2));
    EXPECT_TRUE(has_value(at("min", "nord", 2025), 2));
    EXPECT_TRUE(has_value(at("min", "sud", 2025), 12));
    EXPECT_TRUE(has_value(at("min", "dep", 2025), 2));
    EXPECT_TRUE(has_value(at("max", "c1", 2025), 4));
    EXPECT_TRUE(has_value(at("max", "nord", 2025), 9));
    EXPECT_TRUE(has_value(at("max", "dep", 2025), 12));
    EXPECT_TRUE(has_value(at("count", "c1", 2025), 2));
    EXPECT_TRUE(has_value(at("count", "nord", 2025), 3)); // 2 + 1
    EXPECT_TRUE(has_value(at("count", "dep", 2025), 4));  // 3 + 1
    EXPECT_TRUE(has_no_value(at("count", "dep", 2026)));  // no observation: missing, not 0
}

TEST_F(EvaluationMain, EvolutionAgainstThePreviousYear) {
    EXPECT_TRUE(has_value(at("evo-prev", "dep", 2026), 25)); // (250 − 200) / 200 × 100
    const IndicatorResult first = at("evo-prev", "dep", 2025);
    EXPECT_TRUE(has_no_value(first));
    EXPECT_TRUE(contains(first.note_en, "no data for 2024")) << describe(first);
    EXPECT_EQ(first.note, "aucune donnée pour 2024") << describe(first);
    EXPECT_TRUE(has_no_value(at("evo-prev", "dep", 2027)));
}

TEST_F(EvaluationMain, EvolutionAgainstTheBaseline) {
    EXPECT_TRUE(has_value(at("evo-base", "dep", 2025), 25));    // (200 − 160) / 160 × 100
    EXPECT_TRUE(has_value(at("evo-base", "dep", 2026), 56.25)); // (250 − 160) / 160 × 100
    EXPECT_TRUE(has_value(at("evo-base", "c1", 2026), 56.25));
}

TEST_F(EvaluationMain, CumulativeAddsUpTheYearsAndNamesAMissingOne) {
    // cum at c3: 10 in 2025, nothing in 2026, 5 in 2027.
    const IndicatorResult r = at("cum", "dep", 2027);
    EXPECT_TRUE(has_value(r, 15));
    EXPECT_TRUE(contains(r.note, "2026")) << describe(r);
    EXPECT_FALSE(contains(r.note, "2025")) << describe(r);
    const IndicatorResult partial = at("cum", "c3", 2026);
    EXPECT_TRUE(has_value(partial, 10));
    EXPECT_TRUE(contains(partial.note, "2026")) << describe(partial);
    const IndicatorResult complete = at("cum", "sud", 2025);
    EXPECT_TRUE(has_value(complete, 10));
    EXPECT_EQ(complete.note, "");
    EXPECT_EQ(complete.note_en, "");
    EXPECT_TRUE(has_no_value(at("cum", "c1", 2027))); // no year with data: missing, not 0
}

TEST_F(EvaluationMain, MilestoneIsZeroBeforeAndOneWithItsDateAfter) {
    // ms at c2: 0 in 2025, 0 in 2026-Q2, 1 in 2026-Q3 (ends 2026-09-30) and Q4.
    const IndicatorResult before = at("ms", "dep", 2025);
    EXPECT_TRUE(has_value(before, 0));
    EXPECT_EQ(before.date, "");
    const IndicatorResult reached = at("ms", "dep", 2026);
    EXPECT_TRUE(has_value(reached, 1));
    EXPECT_EQ(reached.date, "2026-09-30");
    EXPECT_EQ(reached.status, ProgressStatus::reached) << describe(reached);
    // A target given only as text counts as 1 for a qualitative method.
    ASSERT_TRUE(reached.reference.has_value());
    EXPECT_EQ(*reached.reference, 1);
    EXPECT_EQ(reached.reference_year, 2028); // no target year: due at the end of the period
    const IndicatorResult after = at("ms", "dep", 2027); // nothing recorded in 2027
    EXPECT_TRUE(has_value(after, 1));
    EXPECT_EQ(after.date, "2026-09-30");
    EXPECT_TRUE(has_value(at("ms", "c2", 2026), 1));
    EXPECT_TRUE(has_no_value(at("ms", "c1", 2026)));
    // Before: 0 with the target due in 2028: à échéance, not late on a trajectory from 0 to 1.
    EXPECT_EQ(before.status, ProgressStatus::pending) << describe(before);
    EXPECT_EQ(label(before.status, "fr"), "à échéance");
    EXPECT_EQ(label(before.status, "en"), "not yet due");
}

TEST_F(EvaluationMain, QpvShareAtTheCommuneAndAtItsParents) {
    // aides: c1 60, c2 40 (its own figure), q1 10 (the QPV inside c2), c3 100.
    EXPECT_TRUE(has_value(at("qpv-share", "c2", 2025), 25));   // 10 / 40
    EXPECT_TRUE(has_value(at("qpv-share", "nord", 2025), 10)); // 10 / (60 + 40)
    EXPECT_TRUE(has_value(at("qpv-share", "dep", 2025), 5));   // 10 / 200
    EXPECT_TRUE(has_value(at("qpv-share", "c1", 2025), 0));    // no QPV in c1
    // At the QPV itself, part and whole are the same territory: no result at all (no 100 %, no
    // status, nothing missing), in every year.
    for (const int year : {2025, 2026, 2027})
        EXPECT_FALSE(has_result(*run_, "qpv-share", "q1", year)) << year;
}

TEST_F(EvaluationMain, RatesOutsideQpvAndGapsDoNotApplyAtAQpv) {
    for (const int year : {2025, 2026, 2027}) {
        EXPECT_FALSE(has_result(*run_, "qpv-out", "q1", year)) << year; // nothing outside
        EXPECT_FALSE(has_result(*run_, "qpv-gap", "q1", year)) << year;
        EXPECT_TRUE(has_result(*run_, "qpv-in", "q1", year)) << year; // its own rate
        EXPECT_TRUE(has_result(*run_, "qpv-share", "c2", year)) << year;
    }
    EXPECT_TRUE(has_value(at("qpv-in", "q1", 2027), 30)); // 15 / 50
}

TEST(EvaluationNotApplicable, CrossesTheIsolatedChildAsInProcess) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_database(database);
    const EvaluationRun isolated = evaluate_scheme(db, main_scheme, main_csv, 2027, plugins(), true,
                                                   false, /*isolate_plugins=*/true);
    for (const int year : {2025, 2026, 2027})
        EXPECT_FALSE(has_result(isolated, "qpv-share", "q1", year)) << year;
    EXPECT_TRUE(has_value(result_of(isolated, "qpv-share", "c2", 2025), 25));
    EXPECT_TRUE(has_value(result_of(isolated, "qpv-in", "q1", 2027), 30));
}

TEST_F(EvaluationMain, QpvRateOutsideAsAChangeInPointsFromTheStart) {
    // Outside QPV at c2: 2025 (100 − 10) / (200 − 50) = 60 %; 2027 (120 − 15) / 150 = 70 %.
    EXPECT_TRUE(has_value(at("qpv-out", "c2", 2025), 0));
    EXPECT_TRUE(has_value(at("qpv-out", "c2", 2027), 10));
    // At nord (and dep: sud has no data): 2025 (160 − 10) / (300 − 50) = 60 %;
    // 2027 (195 − 15) / 250 = 72 %: +12 points.
    EXPECT_TRUE(has_value(at("qpv-out", "nord", 2027), 12));
    EXPECT_TRUE(has_value(at("qpv-out", "dep", 2027), 12));
    const IndicatorResult gap_year = at("qpv-out", "dep", 2026);
    EXPECT_TRUE(has_no_value(gap_year));
    EXPECT_TRUE(contains(gap_year.note_en, "outside")) << describe(gap_year);
    EXPECT_EQ(gap_year.note, "aucune donnée pour le taux hors QPV") << describe(gap_year);
    EXPECT_EQ(gap_year.note_in("en"), "no data for the rate outside QPV") << describe(gap_year);
    // Inside QPV: 15 / 50.
    EXPECT_TRUE(has_value(at("qpv-in", "c2", 2027), 30));
    EXPECT_TRUE(has_value(at("qpv-in", "dep", 2027), 30));
    EXPECT_TRUE(has_value(at("qpv-in", "dep", 2025), 20)); // 10 / 50
}

TEST_F(EvaluationMain, QpvGapIsInsideMinusOutsideInPoints) {
    EXPECT_TRUE(has_value(at("qpv-gap", "c2", 2027), -40));   // 30 − 70
    EXPECT_TRUE(has_value(at("qpv-gap", "nord", 2027), -42)); // 30 − 72
    EXPECT_TRUE(has_value(at("qpv-gap", "dep", 2027), -42));
    EXPECT_TRUE(has_value(at("qpv-gap", "dep", 2025), -40)); // 20 − 60
    EXPECT_TRUE(has_no_value(at("qpv-gap", "c1", 2027)));    // no QPV in c1: 0 / 0 inside
}

TEST_F(EvaluationMain, RisingTargetIsOnTrackThenReachedThenLate) {
    // jug: baseline 100 (2024), milestone 140 (2026), target 200 (2028).
    const IndicatorResult y2025 = at("jug", "dep", 2025);
    EXPECT_TRUE(has_value(y2025, 125));
    EXPECT_EQ(y2025.reference_kind, "milestone"); // the next checkpoint: the 2026 milestone
    EXPECT_EQ(y2025.reference, 140);
    EXPECT_EQ(y2025.reference_year, 2026);
    EXPECT_EQ(y2025.baseline, 100);
    EXPECT_EQ(y2025.baseline_year, 2024);
    ASSERT_TRUE(y2025.expected && y2025.attainment);
    EXPECT_TRUE(near(*y2025.expected, 120));     // 100 + 40 × 1/2
    EXPECT_TRUE(near(*y2025.attainment, 0.625)); // 25 / 40
    EXPECT_EQ(y2025.status, ProgressStatus::on_track);

    const IndicatorResult y2026 = at("jug", "dep", 2026); // the milestone is due this year
    EXPECT_EQ(y2026.reference_kind, "milestone");
    EXPECT_EQ(y2026.reference_year, 2026);
    ASSERT_TRUE(y2026.attainment);
    EXPECT_TRUE(near(*y2026.attainment, 1.25)); // 50 / 40
    EXPECT_EQ(y2026.status, ProgressStatus::reached);

    const IndicatorResult y2027 = at("jug", "dep", 2027); // then the target
    EXPECT_EQ(y2027.reference_kind, "target");
    EXPECT_EQ(y2027.reference, 200);
    EXPECT_EQ(y2027.reference_year, 2028);
    ASSERT_TRUE(y2027.expected && y2027.attainment);
    EXPECT_TRUE(near(*y2027.expected, 175));       // 100 + 100 × 3/4
    EXPECT_TRUE(near(*y2027.attainment, 0.6));     // 60 / 100
    EXPECT_EQ(y2027.status, ProgressStatus::late); // 160 < 175
    EXPECT_EQ(label(y2027.status, "fr"), "en retard");
}

TEST_F(EvaluationMain, FallingTargetIsOnTrackBelowTheTrajectoryAndReachedAtOrBelowIt) {
    // chute: down, baseline 120 (2024), target 90 (2028): expected 112.5, 105, 97.5.
    const IndicatorResult y2025 = at("chute", "dep", 2025);
    ASSERT_TRUE(y2025.expected && y2025.attainment);
    EXPECT_TRUE(near(*y2025.expected, 112.5));
    EXPECT_TRUE(near(*y2025.attainment, 1.0 / 3));     // (110 − 120) / (90 − 120): positive
    EXPECT_EQ(y2025.status, ProgressStatus::on_track); // 110 ≤ 112.5

    const IndicatorResult y2026 = at("chute", "dep", 2026);
    ASSERT_TRUE(y2026.expected && y2026.attainment);
    EXPECT_TRUE(near(*y2026.expected, 105));
    EXPECT_TRUE(near(*y2026.attainment, 0.4));     // −12 / −30
    EXPECT_EQ(y2026.status, ProgressStatus::late); // 108 > 105

    const IndicatorResult y2027 = at("chute", "dep", 2027);
    ASSERT_TRUE(y2027.attainment);
    EXPECT_TRUE(near(*y2027.attainment, 32.0 / 30)); // 88 ≤ 90
    EXPECT_EQ(y2027.status, ProgressStatus::reached);
}

TEST_F(EvaluationMain, WithoutBaselineARisingTrajectoryStartsFromZero) {
    // nobase: target 40 in 2028, from 0 in 2024: expected 10, 20, 30.
    const IndicatorResult y2026 = at("nobase", "dep", 2026);
    EXPECT_FALSE(y2026.baseline.has_value());
    ASSERT_TRUE(y2026.expected && y2026.attainment);
    EXPECT_TRUE(near(*y2026.expected, 20));
    EXPECT_TRUE(near(*y2026.attainment, 15.0 / 40));
    EXPECT_EQ(y2026.status, ProgressStatus::late); // 15 < 20
    const IndicatorResult y2027 = at("nobase", "dep", 2027);
    ASSERT_TRUE(y2027.expected);
    EXPECT_TRUE(near(*y2027.expected, 30));
    EXPECT_EQ(y2027.status, ProgressStatus::on_track); // 30 ≥ 30
    const IndicatorResult y2025 = at("nobase", "dep", 2025);
    EXPECT_EQ(y2025.status, ProgressStatus::missing);
    EXPECT_EQ(y2025.reference, 40); // the reference is known even without a value
}

TEST_F(EvaluationMain, TargetsApplyToTheRootOnlySubTerritoriesAreSansCible) {
    for (const char* territory : {"nord", "c1"}) {
        const IndicatorResult r = at("jug", territory, 2027);
        EXPECT_TRUE(has_value(r, 160));
        EXPECT_EQ(r.status, ProgressStatus::no_target) << describe(r);
        EXPECT_FALSE(r.reference.has_value());
        EXPECT_FALSE(r.attainment.has_value());
        EXPECT_EQ(label(r.status, "fr"), "sans cible");
    }
    const IndicatorResult empty = at("jug", "c3", 2027);
    EXPECT_EQ(empty.status, ProgressStatus::missing) << describe(empty);
}

TEST(JudgeProgress, ChecksAgainstTheNextCheckpointThenTheTargetThenOverdue) {
    const Period period{2025, 2028};
    Indicator ind;
    ind.code = "x";
    ind.baseline = Baseline{100, 2024};
    ind.milestones = {{2026, 140, ""}};
    ind.target = Target{200.0, std::nullopt, "", ""}; // no year: due in 2028

    ProgressJudgement j = judge_progress(ind, false, 130.0, 2026, period);
    EXPECT_EQ(j.reference_kind, "milestone");
    EXPECT_EQ(j.reference_year, 2026);
    EXPECT_EQ(j.expected, 140.0); // due this year: the expected value is the reference
    EXPECT_EQ(j.status, ProgressStatus::late);

    j = judge_progress(ind, false, 190.0, 2028, period);
    EXPECT_EQ(j.reference_kind, "target");
    EXPECT_EQ(j.reference_year, 2028);
    EXPECT_EQ(j.status, ProgressStatus::late); // due and not reached
    ASSERT_TRUE(j.attainment);
    EXPECT_TRUE(near(*j.attainment, 0.9)); // 90 / 100

    ind.target.reset(); // only the milestone: overdue after 2026
    j = judge_progress(ind, false, 139.0, 2027, period);
    EXPECT_EQ(j.reference_kind, "milestone");
    EXPECT_EQ(j.reference_year, 2026);
    EXPECT_EQ(j.status, ProgressStatus::late);
    EXPECT_EQ(judge_progress(ind, false, 141.0, 2027, period).status, ProgressStatus::reached);
}

TEST(JudgeProgress, BaselineWithoutYearIsDatedAtTheStartOfThePeriod) {
    Indicator ind;
    ind.baseline = Baseline{10, std::nullopt};
    ind.target = Target{30.0, 2029, "", ""};
    const ProgressJudgement j = judge_progress(ind, false, 20.0, 2027, Period{2025, 2029});
    EXPECT_EQ(j.baseline_year, 2025);
    ASSERT_TRUE(j.expected);
    EXPECT_TRUE(near(*j.expected, 20)); // 10 + 20 × 2/4
    EXPECT_EQ(j.status, ProgressStatus::on_track);
}

TEST(JudgeProgress, MissingValueAndNoTarget) {
    Indicator ind;
    ind.target = Target{30.0, 2029, "", ""};
    ProgressJudgement j = judge_progress(ind, false, std::nullopt, 2027, Period{2025, 2029});
    EXPECT_EQ(j.status, ProgressStatus::missing);
    EXPECT_EQ(j.reference, 30.0);
    EXPECT_FALSE(j.attainment.has_value());

    Indicator bare;
    bare.baseline = Baseline{10, 2024};
    j = judge_progress(bare, false, 12.0, 2027, Period{2025, 2029});
    EXPECT_EQ(j.status, ProgressStatus::no_target);
    EXPECT_FALSE(j.reference.has_value());
    EXPECT_FALSE(j.expected.has_value());

    bare.target = Target{std::nullopt, 2029, "", "un texte seulement"};
    EXPECT_EQ(judge_progress(bare, false, 12.0, 2027, Period{2025, 2029}).status,
              ProgressStatus::no_target); // a text-only target of a quantitative indicator
    j = judge_progress(bare, true, 1.0, 2027, Period{2025, 2029});
    EXPECT_EQ(j.reference, 1.0); // qualitative: the text means 1
    EXPECT_EQ(j.status, ProgressStatus::reached);
}

TEST(JudgeProgress, FallingIndicatorWithoutBaselineHasNoTrajectory) {
    Indicator ind;
    ind.direction = Direction::down;
    ind.target = Target{90.0, 2029, "", ""};
    ProgressJudgement j = judge_progress(ind, false, 95.0, 2026, Period{2025, 2029});
    EXPECT_FALSE(j.expected.has_value());
    EXPECT_FALSE(j.attainment.has_value());
    EXPECT_EQ(j.status, ProgressStatus::late);
    j = judge_progress(ind, false, 90.0, 2026, Period{2025, 2029});
    EXPECT_EQ(j.status, ProgressStatus::reached);
}

TEST(JudgeProgress, NoAttainmentWhenTheReferenceEqualsTheBaseline) {
    Indicator ind;
    ind.baseline = Baseline{50, 2024};
    ind.target = Target{50.0, 2028, "", ""};
    const ProgressJudgement j = judge_progress(ind, false, 49.0, 2026, Period{2025, 2028});
    EXPECT_FALSE(j.attainment.has_value());
    EXPECT_EQ(j.status, ProgressStatus::late); // flat trajectory at 50, value below it
    EXPECT_EQ(judge_progress(ind, false, 50.0, 2026, Period{2025, 2028}).status,
              ProgressStatus::reached);
}

// A qualitative indicator (done or not done) due in 2029: not yet due before 2029, never late on
// a straight line from its baseline; due and not done, late; done, reached.
TEST(JudgeProgress, QualitativeNotReachedBeforeItsDateIsPending) {
    Indicator ind;
    ind.baseline = Baseline{0, 2024};
    ind.target = Target{std::nullopt, 2029, "", "schéma adopté"};
    const Period period{2025, 2029};
    for (const int year : {2025, 2027, 2028}) {
        const ProgressJudgement j = judge_progress(ind, true, 0.0, year, period);
        EXPECT_EQ(j.status, ProgressStatus::pending) << year;
        EXPECT_EQ(j.reference_year, 2029);
        EXPECT_EQ(to_code(j.status), "a-echeance");
    }
    EXPECT_EQ(judge_progress(ind, true, 0.0, 2029, period).status, ProgressStatus::late);
    EXPECT_EQ(judge_progress(ind, true, 1.0, 2027, period).status, ProgressStatus::reached);
    EXPECT_EQ(judge_progress(ind, true, 1.0, 2029, period).status, ProgressStatus::reached);
    EXPECT_EQ(judge_progress(ind, true, std::nullopt, 2027, period).status,
              ProgressStatus::missing);

    // A milestone due in 2027: pending in 2026, late in 2027 and, missed, late until the target.
    ind.milestones = {Milestone{2027, 1.0, ""}};
    EXPECT_EQ(judge_progress(ind, true, 0.0, 2026, period).status, ProgressStatus::pending);
    EXPECT_EQ(judge_progress(ind, true, 0.0, 2027, period).status, ProgressStatus::late);
    EXPECT_EQ(judge_progress(ind, true, 0.0, 2028, period).status, ProgressStatus::late);
    EXPECT_EQ(judge_progress(ind, true, 1.0, 2028, period).status, ProgressStatus::reached);

    // The same figures for a quantitative indicator are still judged on the trajectory.
    Indicator counted;
    counted.baseline = Baseline{0, 2024};
    counted.target = Target{1.0, 2029, "", ""};
    EXPECT_EQ(judge_progress(counted, false, 0.0, 2027, period).status, ProgressStatus::late);
    EXPECT_EQ(judge_progress(counted, false, 0.5, 2026, period).status, ProgressStatus::on_track);
}

TEST(ProgressStatusCodes, EveryStatusReadsBackFromItsCode) {
    std::vector<std::string> codes;
    for (const ProgressStatus s : all_progress_statuses) {
        EXPECT_EQ(parse_progress_status(to_code(s)), s);
        codes.emplace_back(to_code(s));
    }
    EXPECT_EQ(codes,
              (std::vector<std::string>{"atteint", "en-bonne-voie", "a-echeance", "en-retard",
                                        "non-renseigne", "sans-cible", "non-calcule"}));
}

// Every boundary of the status rules (docs/evaluation.md), in both directions. Baseline 100 in
// 2024 and target 200 in 2028 (rising), or the mirror image (falling, 200 → 100): in 2026 the
// expected value is 150 either way, and in 2028 the target is due.
namespace {

Indicator trajectory(Direction direction) {
    Indicator ind;
    ind.code = direction == Direction::up ? "monte" : "baisse";
    ind.direction = direction;
    const bool up = direction == Direction::up;
    ind.baseline = Baseline{up ? 100.0 : 200.0, 2024};
    ind.target = Target{up ? 200.0 : 100.0, 2028, "", ""};
    return ind;
}

ProgressStatus status_of(const Indicator& ind, double value, int year) {
    return judge_progress(ind, false, value, year, Period{2025, 2028}).status;
}

} // namespace

TEST(JudgeProgressBoundaries, RisingReachedAtOrAboveTheReference) {
    const Indicator ind = trajectory(Direction::up);
    EXPECT_EQ(status_of(ind, 200.0, 2026), ProgressStatus::reached); // exactly the target
    EXPECT_EQ(status_of(ind, 200.5, 2026), ProgressStatus::reached);
    EXPECT_EQ(status_of(ind, 199.5, 2026), ProgressStatus::on_track); // just below: not reached
    EXPECT_EQ(status_of(ind, 200.0, 2028), ProgressStatus::reached);  // due this year
    EXPECT_EQ(status_of(ind, 199.5, 2028), ProgressStatus::late);
}

TEST(JudgeProgressBoundaries, RisingOnTrackAtOrAboveTheExpectedValue) {
    const Indicator ind = trajectory(Direction::up);
    const ProgressJudgement j = judge_progress(ind, false, 150.0, 2026, Period{2025, 2028});
    ASSERT_TRUE(j.expected);
    EXPECT_EQ(*j.expected, 150.0);
    EXPECT_EQ(j.status, ProgressStatus::on_track);                    // v = E
    EXPECT_EQ(status_of(ind, 150.5, 2026), ProgressStatus::on_track); // just above
    EXPECT_EQ(status_of(ind, 149.5, 2026), ProgressStatus::late);     // just below
    EXPECT_EQ(status_of(ind, 50.0, 2026), ProgressStatus::late);      // below the baseline
}

TEST(JudgeProgressBoundaries, FallingReachedAtOrBelowTheReference) {
    const Indicator ind = trajectory(Direction::down);
    EXPECT_EQ(status_of(ind, 100.0, 2026), ProgressStatus::reached); // exactly the target
    EXPECT_EQ(status_of(ind, 99.5, 2026), ProgressStatus::reached);
    EXPECT_EQ(status_of(ind, 100.5, 2026), ProgressStatus::on_track); // just above: not reached
    EXPECT_EQ(status_of(ind, 100.0, 2028), ProgressStatus::reached);  // due this year
    EXPECT_EQ(status_of(ind, 100.5, 2028), ProgressStatus::late);
}

TEST(JudgeProgressBoundaries, FallingOnTrackAtOrBelowTheExpectedValue) {
    const Indicator ind = trajectory(Direction::down);
    const ProgressJudgement j = judge_progress(ind, false, 150.0, 2026, Period{2025, 2028});
    ASSERT_TRUE(j.expected);
    EXPECT_EQ(*j.expected, 150.0);
    EXPECT_EQ(j.status, ProgressStatus::on_track);                    // v = E
    EXPECT_EQ(status_of(ind, 149.5, 2026), ProgressStatus::on_track); // just below
    EXPECT_EQ(status_of(ind, 150.5, 2026), ProgressStatus::late);     // just above
    EXPECT_EQ(status_of(ind, 250.0, 2026), ProgressStatus::late);     // above the baseline
}

TEST(JudgeProgressBoundaries, TheExpectedValueIsMetDespiteRoundingInBothDirections) {
    // Halfway from 0.1 to 0.5 is 0.30000000000000004 in floating point, halfway from 0.7 to 0.1
    // is 0.39999999999999997: the 0.3 and 0.4 a user types are on the trajectory all the same.
    Indicator up;
    up.baseline = Baseline{0.1, 2024};
    up.target = Target{0.5, 2026, "", ""};
    Indicator down;
    down.direction = Direction::down;
    down.baseline = Baseline{0.7, 2024};
    down.target = Target{0.1, 2026, "", ""};
    const Period period{2025, 2026};
    ASSERT_GT(*judge_progress(up, false, 0.3, 2025, period).expected, 0.3);
    ASSERT_LT(*judge_progress(down, false, 0.4, 2025, period).expected, 0.4);
    EXPECT_EQ(judge_progress(up, false, 0.3, 2025, period).status, ProgressStatus::on_track);
    EXPECT_EQ(judge_progress(down, false, 0.4, 2025, period).status, ProgressStatus::on_track);
    EXPECT_EQ(judge_progress(up, false, 0.299, 2025, period).status, ProgressStatus::late);
    EXPECT_EQ(judge_progress(down, false, 0.401, 2025, period).status, ProgressStatus::late);
}

TEST(JudgeProgressBoundaries, BaselineEqualToTheTargetInBothDirections) {
    for (const Direction direction : {Direction::up, Direction::down}) {
        Indicator ind;
        ind.direction = direction;
        ind.baseline = Baseline{50, 2024};
        ind.target = Target{50.0, 2028, "", ""};
        const bool up = direction == Direction::up;
        const std::string name = up ? "up" : "down";
        EXPECT_EQ(status_of(ind, 50.0, 2026), ProgressStatus::reached) << name;
        EXPECT_EQ(status_of(ind, up ? 51.0 : 49.0, 2026), ProgressStatus::reached) << name;
        EXPECT_EQ(status_of(ind, up ? 49.0 : 51.0, 2026), ProgressStatus::late) << name;
        EXPECT_FALSE(judge_progress(ind, false, 50.0, 2026, Period{2025, 2028}).attainment) << name;
    }
}

TEST(JudgeProgressBoundaries, AttainmentIsDirectionAwareAtTheBoundaries) {
    for (const Direction direction : {Direction::up, Direction::down}) {
        const Indicator ind = trajectory(direction);
        const bool up = direction == Direction::up;
        const auto attainment = [&](double v) {
            return *judge_progress(ind, false, v, 2026, Period{2025, 2028}).attainment;
        };
        EXPECT_TRUE(near(attainment(up ? 200.0 : 100.0), 1.0)); // at the target
        EXPECT_TRUE(near(attainment(150.0), 0.5));              // on the trajectory
        EXPECT_TRUE(near(attainment(up ? 100.0 : 200.0), 0.0)); // at the baseline
        EXPECT_LT(attainment(up ? 90.0 : 210.0), 0.0);          // the wrong way
    }
}

namespace {

const std::string unknown_scheme =
    scheme_yaml("inconnu", "{start: 2025, end: 2026}", R"(levels: [action]
nodes:
  - code: A1
    level: action
    title: Action
    indicators:
      - {code: k, label: Connu, level: realisation, method: sum, target: {value: 10, year: 2026}}
      - {code: u, label: Inconnu, level: realisation, method: inconnue,
         target: {value: 10, year: 2026}}
)");

const char* const unknown_csv = "series,territory,period,value\n"
                                "k,c1,2025,6\n"
                                "u,c1,2025,4\n";

} // namespace

TEST(EvaluationUnknownMethod, IsRefusedWhenTheSchemeIsCheckedAgainstThePlugins) {
    try {
        read_scheme_text(unknown_scheme, "inconnu.yaml", method_rules(plugins()));
        FAIL() << "a scheme with an unknown method was accepted";
    } catch (const InputError& e) {
        EXPECT_TRUE(contains(diagnostics_text(e), "inconnue")) << diagnostics_text(e);
    }
}

TEST(EvaluationUnknownMethod, GivesNotComputedResultsNamingTheMethod) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_database(database);
    const EvaluationRun run = evaluate_scheme(db, unknown_scheme, unknown_csv, 2026, plugins(),
                                              /*check_methods=*/false);
    ASSERT_EQ(run.results.size(), 2u * 7u * 2u);
    for (const IndicatorResult& r : run.results) {
        if (r.indicator != "u")
            continue;
        EXPECT_EQ(r.status, ProgressStatus::not_computed) << describe(r);
        EXPECT_TRUE(has_no_value(r));
        EXPECT_FALSE(r.attainment.has_value()) << describe(r);
        EXPECT_TRUE(contains(r.note, "'inconnue'")) << describe(r);
    }
    EXPECT_TRUE(has_value(result_of(run, "k", "dep", 2025), 6)); // the others are computed
    // 6 ≥ 5 = 10 × 1/2 (from 0 in 2024 to 10 in 2026)
    EXPECT_EQ(result_of(run, "k", "dep", 2025).status, ProgressStatus::on_track);
}

TEST(EvaluationUnknownMethod, AnEmptyCatalogLeavesEveryResultNotComputed) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_database(database);
    const PluginCatalog none;
    const EvaluationRun run =
        evaluate_scheme(db, unknown_scheme, unknown_csv, 2026, none, /*check_methods=*/false);
    ASSERT_EQ(run.results.size(), 2u * 7u * 2u);
    for (const IndicatorResult& r : run.results) {
        EXPECT_EQ(r.status, ProgressStatus::not_computed) << describe(r);
        EXPECT_TRUE(has_no_value(r));
        EXPECT_TRUE(contains(r.note, "'" + r.method + "'")) << describe(r);
    }
    EXPECT_TRUE(run.plugins.empty());
}

TEST(EvaluationRuns, ARunReproducedOnTheSameDatabaseGivesTheSameResults) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_database(database);
    EvaluationRun first = evaluate_scheme(db, main_scheme, main_csv, 2027);
    const std::vector<IndicatorResult> computed = first.results;
    const auto scheme = SchemeStore(db).load("test");
    ASSERT_TRUE(scheme);
    ObservationStore observations(db);
    EvaluationRun second = Evaluator(*scheme, plugins(), observations).evaluate({2027, {}});

    RunStore runs(db);
    const long long a = runs.save(first);
    const long long b = runs.save(second);
    EXPECT_NE(a, b);
    const auto loaded_a = runs.load(a);
    const auto loaded_b = runs.load(b);
    ASSERT_TRUE(loaded_a && loaded_b);
    EXPECT_EQ(loaded_a->id, a);
    EXPECT_EQ(loaded_b->id, b);
    ASSERT_EQ(loaded_a->results.size(), computed.size());
    EXPECT_TRUE(loaded_a->results == loaded_b->results);
    for (std::size_t i = 0; i < computed.size(); ++i)
        EXPECT_TRUE(loaded_a->results[i] == computed[i])
            << "stored result differs from the computed one: " << describe(computed[i]);
    EXPECT_EQ(loaded_a->plugins, loaded_b->plugins);
    EXPECT_EQ(loaded_a->options, "year=2027");
    EXPECT_EQ(loaded_b->options, loaded_a->options);
    EXPECT_EQ(runs.latest("test", 2027), b);
}

namespace {

const std::string summary_scheme =
    "format: jalon-scheme/1\nid: synthese\ntitle: Synthèse\nowner: Département\n"
    "period: {start: 2025, end: 2028}\nstatus_year: 2027\n"
    "territories:\n  - {code: dep, name: Département, children: [{code: c1, name: Commune}]}\n"
    R"(levels: [axe, objectif, action]
level_order: strict
nodes:
  - code: X
    level: axe
    title: Axe X
    children:
      - code: X1
        level: action
        title: Action X1
        status: realise
        indicators:
          - {code: a, label: A, level: realisation, method: sum, target: {value: 10, year: 2028}}
          - {code: b, label: B, level: realisation, method: sum}
      - code: X2
        level: action
        title: Action X2
        indicators:
          - {code: c, label: C, level: realisation, method: sum, target: {value: 10, year: 2028}}
  - code: Y
    level: axe
    title: Axe Y
    indicators:
      - {code: d, label: D, level: impact, method: sum, target: {value: 100, year: 2027}}
    children:
      - code: Y.1
        level: objectif
        title: Objectif Y.1
        children:
          - code: Y.1.1
            level: action
            title: Action Y.1.1
            status: en-cours
            indicators:
              - {code: e, label: E, level: resultat, method: sum, target: {value: 40, year: 2028}}
          - code: Y.1.2
            level: action
            title: Action Y.1.2
            indicators:
              - {code: f, label: F, level: resultat, method: inconnue}
      - {code: Y2, level: action, title: Action Y2, status: Abandonné}
)";

// a 12 ≥ 10: reached; b: no target; c: no data; d 50 < 100 due in 2027: late; e 35 ≥ 30 (40 ×
// 3/4, from 0 in 2024): on track; f: unknown method.
const char* const summary_csv = "series,territory,period,value\n"
                                "a,c1,2027,12\n"
                                "b,c1,2027,5\n"
                                "d,c1,2027,50\n"
                                "e,c1,2027,35\n";

using Counts = std::map<ProgressStatus, std::size_t>;
using Actions = std::map<std::string, std::size_t>;

} // namespace

TEST(EvaluationNodeSummary, CountsIndicatorsByStatusAndActionsByStatusPerNode) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_database(database);
    const EvaluationRun run =
        evaluate_scheme(db, summary_scheme, summary_csv, 2027, plugins(), false);
    const auto scheme = SchemeStore(db).load("synthese");
    ASSERT_TRUE(scheme);
    const std::vector<NodeSummary> s = summarize_nodes(*scheme, run, "dep", 2027);
    ASSERT_EQ(s.size(), 8u);
    const std::vector<std::string> order{"X", "X1", "X2", "Y", "Y.1", "Y.1.1", "Y.1.2", "Y2"};
    const std::vector<std::size_t> depth{0, 1, 1, 0, 1, 2, 2, 1};
    for (std::size_t i = 0; i < s.size(); ++i) {
        EXPECT_EQ(s[i].node, order[i]);
        EXPECT_EQ(s[i].depth, depth[i]) << order[i];
    }
    using enum ProgressStatus;
    EXPECT_EQ(s[0].indicators, (Counts{{reached, 1}, {missing, 1}, {no_target, 1}}));
    EXPECT_EQ(s[0].actions, (Actions{{"realise", 1}, {"non-renseigne", 1}}));
    EXPECT_EQ(s[1].indicators, (Counts{{reached, 1}, {no_target, 1}}));
    EXPECT_EQ(s[1].actions, (Actions{{"realise", 1}}));
    EXPECT_EQ(s[2].indicators, (Counts{{missing, 1}}));
    EXPECT_EQ(s[2].actions, (Actions{{"non-renseigne", 1}}));
    EXPECT_EQ(s[3].indicators, (Counts{{on_track, 1}, {late, 1}, {not_computed, 1}}));
    EXPECT_EQ(s[3].actions, (Actions{{"en-cours", 1}, {"non-renseigne", 1}, {"abandonne", 1}}));
    EXPECT_EQ(s[4].indicators, (Counts{{on_track, 1}, {not_computed, 1}}));
    EXPECT_EQ(s[4].actions, (Actions{{"en-cours", 1}, {"non-renseigne", 1}}));
    EXPECT_EQ(s[5].indicators, (Counts{{on_track, 1}}));
    EXPECT_EQ(s[6].indicators, (Counts{{not_computed, 1}}));
    EXPECT_EQ(s[6].actions, (Actions{{"non-renseigne", 1}}));
    EXPECT_TRUE(s[7].indicators.empty());
    EXPECT_EQ(s[7].actions, (Actions{{"abandonne", 1}}));

    // Below the root the same values get no verdict.
    const std::vector<NodeSummary> below = summarize_nodes(*scheme, run, "c1", 2027);
    EXPECT_EQ(below[0].indicators, (Counts{{no_target, 2}, {missing, 1}}));
    EXPECT_EQ(below[3].indicators, (Counts{{no_target, 2}, {not_computed, 1}}));
    // Another year: nothing recorded in 2026.
    EXPECT_EQ(summarize_nodes(*scheme, run, "dep", 2026)[0].indicators, (Counts{{missing, 3}}));
}

namespace {

struct ExpectedRow {
    std::string indicator;
    std::string status;
    std::string value; // 4 decimals, or empty
};

std::vector<ExpectedRow> read_expected(const fs::path& path) {
    std::vector<ExpectedRow> rows;
    std::istringstream in(test::read_file(path));
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        ExpectedRow row;
        std::istringstream fields(line);
        std::getline(fields, row.indicator, '\t');
        std::getline(fields, row.status, '\t');
        std::getline(fields, row.value, '\t');
        rows.push_back(row);
    }
    return rows;
}

// Imports a sample with its synthetic targets and data, evaluates `year` and compares, at the
// root territory, each indicator's status and value with the expected table.
void cross_check(const std::string& id, const std::string& root, int year,
                 std::size_t expected_rows) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_database(database);
    Scheme scheme =
        read_scheme_file(test::source_path("samples/" + id + ".yaml"), method_rules(plugins()));
    scheme = apply_overlay_file(std::move(scheme),
                                test::source_path("samples/synthetic/" + id + ".targets.yaml"));
    SchemeStore(db).save(scheme, id + ".yaml");
    const ObservationTable table =
        read_observation_csv(test::source_path("samples/synthetic/" + id + ".csv"));
    const auto problems = check_observations(scheme, known_series(scheme, plugins()), table);
    ASSERT_TRUE(problems.empty()) << problems.front().to_string();
    ObservationImportOptions options;
    options.source_file = id + ".csv";
    options.synthetic = true;
    ObservationStore observations(db);
    const ObservationImportResult imported = observations.import(id, table, options);
    EXPECT_GT(imported.added, 0u);
    const auto stored = SchemeStore(db).load(id);
    ASSERT_TRUE(stored);
    const EvaluationRun run = Evaluator(*stored, plugins(), observations).evaluate({year, {}});
    EXPECT_TRUE(run.synthetic);

    const std::vector<ExpectedRow> expected =
        read_expected(test::source_path("samples/synthetic/" + id + ".expected.tsv"));
    ASSERT_EQ(expected.size(), expected_rows);
    ASSERT_EQ(expected.size(), stored->indicators.size());
    std::size_t matching = 0;
    for (const ExpectedRow& e : expected) {
        const IndicatorResult r = result_of(run, e.indicator, root, year);
        const std::string status(label(r.status, "fr"));
        std::string value;
        if (r.value) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "%.4f", *r.value);
            value = buffer;
        }
        const bool same_value =
            e.value.empty() ? !r.value
                            : r.value && std::fabs(*r.value - std::stod(e.value)) <= 0.5e-4 + 1e-9;
        EXPECT_EQ(status, e.status) << id << " " << describe(r);
        EXPECT_TRUE(same_value) << id << " " << e.indicator << ": value " << value << ", expected '"
                                << e.value << "'";
        if (status == e.status && same_value)
            ++matching;
    }
    EXPECT_EQ(matching, expected_rows) << id;
}

} // namespace

TEST(EvaluationDemoData, VienneMatchesTheIntendedStatusesAndValuesIn2027) {
    cross_check("vienne-schema-unique-solidarites-2025-2029", "vienne", 2027, 117);
}

TEST(EvaluationDemoData, BloisContratDeVilleMatchesTheIntendedStatusesAndValuesIn2022) {
    cross_check("blois-contrat-de-ville-perr-2020-2022", "agglopolys", 2022, 9);
}
