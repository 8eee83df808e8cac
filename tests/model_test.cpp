#include <jalon/model/action_status.hpp>
#include <jalon/model/indicator.hpp>
#include <jalon/model/scheme.hpp>
#include <jalon/model/scheme_validation.hpp>

#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace jalon;
using Kind = SchemeElement::Kind;

Node make_node(std::string code, std::optional<std::string> parent, std::string level,
               std::string title) {
    Node node;
    node.code = std::move(code);
    node.parent = std::move(parent);
    node.level = std::move(level);
    node.title = std::move(title);
    return node;
}

Indicator make_indicator(std::string code, std::string node, IndicatorLevel level) {
    Indicator indicator;
    indicator.code = std::move(code);
    indicator.node = std::move(node);
    indicator.label = "Indicator " + indicator.code;
    indicator.level = level;
    indicator.method = "sum";
    return indicator;
}

// A valid three-level scheme touching every kind of element:
//   nodes 1 (axe) > 1.1 (orientation) > 1.1.1 (action), and 1 > 1.2 (orientation);
//   indicators I1 on 1.1.1 (with baseline, milestone, target) and I2 on 1.2;
//   territories dep > nord; unplanned NP.1 about 1.1; a link from 1.1.1.
Scheme valid_scheme() {
    Scheme scheme;
    scheme.id = "test-scheme";
    scheme.title = "Test scheme";
    scheme.owner = "Test owner";
    scheme.period = {2025, 2029};
    scheme.levels = {"axe", "orientation", "action"};
    scheme.status_year = 2027;
    scheme.territories = {{"dep", std::nullopt, "Département", "departement", {}, {}},
                          {"nord", "dep", "Territoire Nord", "territoire-des-solidarites", {}, {}}};
    scheme.nodes = {make_node("1", std::nullopt, "axe", "First axis"),
                    make_node("1.1", "1", "orientation", "First orientation"),
                    make_node("1.1.1", "1.1", "action", "First action"),
                    make_node("1.2", "1", "orientation", "Second orientation")};
    scheme.nodes[2].status = ActionStatus::in_progress;
    scheme.nodes[2].calendar = Calendar{2025, 2027, "2025 - 2027"};
    scheme.nodes[2].figures = {{"people helped", 420, "personnes", 2026}};

    Node unplanned = make_node("NP.1", "1.1", "", "Emergency help");
    unplanned.year = 2026;
    unplanned.status = ActionStatus::unplanned_done;
    scheme.unplanned = {unplanned};

    Indicator first = make_indicator("I1", "1.1.1", IndicatorLevel::output);
    first.baseline = Baseline{300, 2024};
    first.milestones = {{2027, 400, ""}};
    first.target = Target{500, 2029, "", ""};
    scheme.indicators = {first, make_indicator("I2", "1.2", IndicatorLevel::outcome)};

    scheme.links = {{"1.1.1", "Regional plan", "articulation"},
                    {std::nullopt, "National strategy", "cadre-national"}};
    return scheme;
}

std::string describe(const std::vector<SchemeProblem>& problems) {
    std::ostringstream out;
    for (const SchemeProblem& p : problems)
        out << "\n  {kind " << static_cast<int>(p.element.kind) << ", index " << p.element.index
            << "} " << p.key << ": " << p.message;
    return problems.empty() ? std::string("\n  (no problem)") : out.str();
}

// The scheme breaks exactly one invariant, reported on the given element and key.
::testing::AssertionResult only_problem_is(const Scheme& scheme, Kind kind, std::size_t index,
                                           const std::string& key) {
    const std::vector<SchemeProblem> problems = validate_scheme(scheme);
    if (problems.size() == 1 && problems[0].element == SchemeElement{kind, index} &&
        problems[0].key == key && !problems[0].message.empty())
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "expected one problem {kind " << static_cast<int>(kind) << ", index " << index << "} "
           << key << ", got:" << describe(problems);
}

::testing::AssertionResult has_no_problem(const Scheme& scheme) {
    const std::vector<SchemeProblem> problems = validate_scheme(scheme);
    if (problems.empty())
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "unexpected problems:" << describe(problems);
}

std::string only_message(const Scheme& scheme) {
    const std::vector<SchemeProblem> problems = validate_scheme(scheme);
    return problems.size() == 1 ? problems[0].message : std::string();
}

// ---- valid schemes ---------------------------------------------------------------------------

TEST(ModelValidation, ValidSchemeHasNoProblem) {
    EXPECT_TRUE(has_no_problem(valid_scheme()));
}

TEST(ModelValidation, LevelMaySkipDownward) {
    Scheme scheme = valid_scheme();
    scheme.nodes[3].level = "action"; // 1.2, an action directly under the axis
    EXPECT_TRUE(has_no_problem(scheme));
}

TEST(ModelValidation, IndicatorMayShareACodeWithANode) {
    Scheme scheme = valid_scheme();
    scheme.indicators[1].code = "1.2";
    EXPECT_TRUE(has_no_problem(scheme));
}

TEST(ModelValidation, BaselineBeforePeriodStartIsAllowed) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].baseline->year = 2019;
    EXPECT_TRUE(has_no_problem(scheme));
}

TEST(ModelValidation, CalendarBeyondThePeriodIsAllowed) {
    Scheme scheme = valid_scheme();
    scheme.nodes[2].calendar = Calendar{2019, 2031, ""};
    EXPECT_TRUE(has_no_problem(scheme));
}

TEST(ModelValidation, TargetWithTextOnlyIsAllowed) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].target = Target{std::nullopt, std::nullopt, "", "halve the waiting time"};
    EXPECT_TRUE(has_no_problem(scheme));
}

TEST(ModelValidation, SchemeIdAcceptsLettersDigitsDotUnderscoreDash) {
    Scheme scheme = valid_scheme();
    scheme.id = "Schema_2025-2029.v2";
    EXPECT_TRUE(has_no_problem(scheme));
}

TEST(ModelValidation, LinkWithoutFromIsAboutTheScheme) {
    Scheme scheme = valid_scheme();
    scheme.links = {{std::nullopt, "National strategy", ""}};
    EXPECT_TRUE(has_no_problem(scheme));
}

// ---- codes -----------------------------------------------------------------------------------

TEST(ModelValidation, DuplicateNodeCodeIsReportedOnTheSecondNode) {
    Scheme scheme = valid_scheme();
    scheme.nodes[3].code = "1.1";
    scheme.indicators[1].node = "1.1";
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 3, "code"));
    EXPECT_NE(only_message(scheme).find("'1.1'"), std::string::npos);
}

TEST(ModelValidation, UnplannedAchievementSharesTheNodeCodeSpace) {
    Scheme scheme = valid_scheme();
    scheme.unplanned[0].code = "1.2";
    EXPECT_TRUE(only_problem_is(scheme, Kind::unplanned, 0, "code"));
}

TEST(ModelValidation, DuplicateIndicatorCode) {
    Scheme scheme = valid_scheme();
    scheme.indicators[1].code = "I1";
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 1, "code"));
}

TEST(ModelValidation, DuplicateTerritoryCode) {
    Scheme scheme = valid_scheme();
    scheme.territories[1].code = "dep";
    EXPECT_TRUE(only_problem_is(scheme, Kind::territory, 1, "code"));
}

TEST(ModelValidation, NodeCodeWithControlCharacter) {
    Scheme scheme = valid_scheme();
    scheme.nodes[3].code = "1\t2";
    scheme.indicators[1].node = "1\t2";
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 3, "code"));
}

TEST(ModelValidation, IndicatorCodeWithControlCharacter) {
    Scheme scheme = valid_scheme();
    scheme.indicators[1].code = "I2\n";
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 1, "code"));
}

TEST(ModelValidation, TerritoryCodeWithLeadingSpace) {
    Scheme scheme = valid_scheme();
    scheme.territories[1].code = " nord";
    EXPECT_TRUE(only_problem_is(scheme, Kind::territory, 1, "code"));
}

TEST(ModelValidation, UnplannedCodeWithTrailingSpace) {
    Scheme scheme = valid_scheme();
    scheme.unplanned[0].code = "NP.1 ";
    EXPECT_TRUE(only_problem_is(scheme, Kind::unplanned, 0, "code"));
}

TEST(ModelValidation, SchemeIdWithSpace) {
    Scheme scheme = valid_scheme();
    scheme.id = "test scheme";
    EXPECT_TRUE(only_problem_is(scheme, Kind::scheme, 0, "id"));
}

TEST(ModelValidation, SchemeIdWithSlash) {
    Scheme scheme = valid_scheme();
    scheme.id = "test/scheme";
    EXPECT_TRUE(only_problem_is(scheme, Kind::scheme, 0, "id"));
}

// ---- levels and parents ----------------------------------------------------------------------

TEST(ModelValidation, NodeLevelNotDeclared) {
    Scheme scheme = valid_scheme();
    scheme.nodes[3].level = "sous-axe";
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 3, "level"));
    EXPECT_NE(only_message(scheme).find("sous-axe"), std::string::npos);
}

TEST(ModelValidation, ChildOfNodeWithUndeclaredLevelIsNotOrphaned) {
    Scheme scheme = valid_scheme();
    scheme.nodes[1].level = "sous-axe"; // 1.1 has the child 1.1.1
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 1, "level"));
}

TEST(ModelValidation, ChildLevelEqualToParentLevel) {
    Scheme scheme = valid_scheme();
    scheme.level_order = LevelOrder::strict;
    scheme.nodes[2].level = "orientation"; // 1.1.1 under the orientation 1.1
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 2, "level"));
}

TEST(ModelValidation, ChildLevelAboveParentLevel) {
    Scheme scheme = valid_scheme();
    scheme.level_order = LevelOrder::strict;
    scheme.nodes[3].level = "axe"; // 1.2 under the axis 1
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 3, "level"));
}

TEST(ModelValidation, FreeLevelsLetAChildBeAtOrAboveItsParentsLevel) {
    Scheme scheme = valid_scheme();
    ASSERT_EQ(scheme.level_order, LevelOrder::free); // what a scheme gets unless it asks
    scheme.nodes[2].level = "orientation";           // an orientation inside an orientation
    scheme.nodes[3].level = "axe";                   // an axis under an axis
    EXPECT_TRUE(validate_scheme(scheme).empty()) << describe(validate_scheme(scheme));
}

TEST(ModelValidation, ParentDeclaredAfterChild) {
    Scheme scheme = valid_scheme();
    std::swap(scheme.nodes[1], scheme.nodes[2]); // 1.1.1 now comes before 1.1
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 1, "parent"));
}

TEST(ModelValidation, MissingParent) {
    Scheme scheme = valid_scheme();
    scheme.nodes[3].parent = "9";
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 3, "parent"));
}

TEST(ModelValidation, DuplicateLevelNames) {
    Scheme scheme = valid_scheme();
    scheme.levels = {"axe", "orientation", "axe", "action"};
    EXPECT_TRUE(only_problem_is(scheme, Kind::level, 2, "levels"));
}

TEST(ModelValidation, NoLevel) {
    Scheme scheme = valid_scheme();
    scheme.levels.clear();
    const std::vector<SchemeProblem> problems = validate_scheme(scheme);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems[0].element, (SchemeElement{Kind::scheme, 0}));
    EXPECT_EQ(problems[0].key, "levels");
}

// ---- years -----------------------------------------------------------------------------------

TEST(ModelValidation, MilestoneYearOutsidePeriod) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].milestones[0].year = 2030;
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "milestones[0].year"));
    EXPECT_NE(only_message(scheme).find("2030"), std::string::npos);
}

TEST(ModelValidation, TwoMilestonesInTheSameYear) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].milestones = {{2026, 350, ""}, {2026, 380, ""}};
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "milestones[1].year"));
}

TEST(ModelValidation, TargetYearOutsidePeriod) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].target->year = 2024;
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "target.year"));
}

TEST(ModelValidation, StatusYearOutsidePeriod) {
    Scheme scheme = valid_scheme();
    scheme.status_year = 2030;
    EXPECT_TRUE(only_problem_is(scheme, Kind::scheme, 0, "status_year"));
}

TEST(ModelValidation, UnplannedYearOutsidePeriod) {
    Scheme scheme = valid_scheme();
    scheme.unplanned[0].year = 2024;
    EXPECT_TRUE(only_problem_is(scheme, Kind::unplanned, 0, "year"));
}

TEST(ModelValidation, BaselineYearAfterPeriodEnd) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].baseline->year = 2030;
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "baseline.year"));
}

TEST(ModelValidation, BaselineInLastYearOfPeriodIsAllowed) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].baseline->year = 2029;
    EXPECT_TRUE(has_no_problem(scheme));
}

TEST(ModelValidation, CalendarStartAfterEnd) {
    Scheme scheme = valid_scheme();
    scheme.nodes[2].calendar = Calendar{2027, 2026, ""};
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 2, "calendar.end"));
}

TEST(ModelValidation, PeriodEndingBeforeItStarts) {
    Scheme scheme = valid_scheme();
    scheme.period = {2029, 2025};
    const std::vector<SchemeProblem> problems = validate_scheme(scheme);
    ASSERT_FALSE(problems.empty());
    EXPECT_EQ(problems[0].element, (SchemeElement{Kind::scheme, 0}));
    EXPECT_EQ(problems[0].key, "period.end");
}

TEST(ModelValidation, StatusWithoutStatusYear) {
    Scheme scheme = valid_scheme();
    scheme.status_year.reset();
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 2, "status"));
}

// ---- references ------------------------------------------------------------------------------

TEST(ModelValidation, IndicatorOnMissingNode) {
    Scheme scheme = valid_scheme();
    scheme.indicators[1].node = "9";
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 1, "node"));
}

TEST(ModelValidation, UnplannedAboutMissingNode) {
    Scheme scheme = valid_scheme();
    scheme.unplanned[0].parent = "9";
    EXPECT_TRUE(only_problem_is(scheme, Kind::unplanned, 0, "node"));
}

TEST(ModelValidation, LinkFromMissingNode) {
    Scheme scheme = valid_scheme();
    scheme.links[0].from = "9";
    EXPECT_TRUE(only_problem_is(scheme, Kind::link, 0, "from"));
}

TEST(ModelValidation, TerritoryWithMissingParent) {
    Scheme scheme = valid_scheme();
    scheme.territories[1].parent = "sud";
    EXPECT_TRUE(only_problem_is(scheme, Kind::territory, 1, "parent"));
}

// ---- required texts and values ---------------------------------------------------------------

TEST(ModelValidation, EmptySchemeTitle) {
    Scheme scheme = valid_scheme();
    scheme.title.clear();
    EXPECT_TRUE(only_problem_is(scheme, Kind::scheme, 0, "title"));
}

TEST(ModelValidation, EmptyNodeTitle) {
    Scheme scheme = valid_scheme();
    scheme.nodes[1].title.clear();
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 1, "title"));
}

TEST(ModelValidation, EmptyUnplannedTitle) {
    Scheme scheme = valid_scheme();
    scheme.unplanned[0].title.clear();
    EXPECT_TRUE(only_problem_is(scheme, Kind::unplanned, 0, "title"));
}

TEST(ModelValidation, EmptyIndicatorLabel) {
    Scheme scheme = valid_scheme();
    scheme.indicators[1].label.clear();
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 1, "label"));
}

TEST(ModelValidation, EmptyIndicatorMethod) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].method.clear();
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "method"));
}

TEST(ModelValidation, EmptyTerritoryName) {
    Scheme scheme = valid_scheme();
    scheme.territories[0].name.clear();
    EXPECT_TRUE(only_problem_is(scheme, Kind::territory, 0, "name"));
}

TEST(ModelValidation, NaNFigureValue) {
    Scheme scheme = valid_scheme();
    scheme.nodes[2].figures[0].value = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(only_problem_is(scheme, Kind::node, 2, "figures[0].value"));
}

TEST(ModelValidation, InfiniteUnplannedFigureValue) {
    Scheme scheme = valid_scheme();
    scheme.unplanned[0].figures = {{"parcels", 10, "", std::nullopt},
                                   {"meals", std::numeric_limits<double>::infinity(), "", 2026}};
    EXPECT_TRUE(only_problem_is(scheme, Kind::unplanned, 0, "figures[1].value"));
}

TEST(ModelValidation, NaNTargetValue) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].target->value = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "target.value"));
}

TEST(ModelValidation, NaNMilestoneValue) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].milestones[0].value = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "milestones[0].value"));
}

TEST(ModelValidation, TargetWithNeitherValueNorText) {
    Scheme scheme = valid_scheme();
    scheme.indicators[0].target = Target{std::nullopt, 2029, "%", ""};
    EXPECT_TRUE(only_problem_is(scheme, Kind::indicator, 0, "target"));
}

TEST(ModelValidation, EveryProblemIsReported) {
    Scheme scheme = valid_scheme();
    scheme.title.clear();
    scheme.nodes[3].level = "sous-axe";
    scheme.indicators[1].node = "9";
    const std::vector<SchemeProblem> problems = validate_scheme(scheme);
    ASSERT_EQ(problems.size(), 3u) << describe(problems);
    EXPECT_EQ(problems[0].element, (SchemeElement{Kind::scheme, 0}));
    EXPECT_EQ(problems[1].element, (SchemeElement{Kind::node, 3}));
    EXPECT_EQ(problems[2].element, (SchemeElement{Kind::indicator, 1}));
}

// ---- Scheme helpers --------------------------------------------------------------------------

TEST(ModelSchemeHelpers, LevelIndexIsTheDepthOfADeclaredLevel) {
    const Scheme scheme = valid_scheme();
    EXPECT_EQ(scheme.level_index("axe"), 0u);
    EXPECT_EQ(scheme.level_index("orientation"), 1u);
    EXPECT_EQ(scheme.level_index("action"), 2u);
    EXPECT_FALSE(scheme.level_index("objectif").has_value());
    EXPECT_FALSE(scheme.level_index("").has_value());
}

TEST(ModelSchemeHelpers, FindNodeByCode) {
    const Scheme scheme = valid_scheme();
    const Node* node = scheme.find_node("1.1.1");
    ASSERT_NE(node, nullptr);
    EXPECT_EQ(node->title, "First action");
    EXPECT_EQ(scheme.find_node("1.3"), nullptr);
}

TEST(ModelSchemeHelpers, FindIndicatorAndTerritoryByCode) {
    const Scheme scheme = valid_scheme();
    ASSERT_NE(scheme.find_indicator("I2"), nullptr);
    EXPECT_EQ(scheme.find_indicator("I2")->node, "1.2");
    EXPECT_EQ(scheme.find_indicator("I3"), nullptr);
    ASSERT_NE(scheme.find_territory("nord"), nullptr);
    EXPECT_EQ(scheme.find_territory("nord")->parent, "dep");
    EXPECT_EQ(scheme.find_territory("sud"), nullptr);
}

TEST(ModelSchemeHelpers, ChildrenOfANodeInOrder) {
    const Scheme scheme = valid_scheme();
    EXPECT_EQ(scheme.children_of("1"), (std::vector<std::string>{"1.1", "1.2"}));
    EXPECT_EQ(scheme.children_of("1.1"), (std::vector<std::string>{"1.1.1"}));
    EXPECT_TRUE(scheme.children_of("1.1.1").empty());
    EXPECT_TRUE(scheme.children_of("9").empty());
}

TEST(ModelSchemeHelpers, ChildrenOfEmptyCodeAreTheRoots) {
    Scheme scheme = valid_scheme();
    scheme.nodes.push_back(make_node("2", std::nullopt, "axe", "Second axis"));
    EXPECT_EQ(scheme.children_of(""), (std::vector<std::string>{"1", "2"}));
}

TEST(ModelSchemeHelpers, NodeCountPerLevelLeavesUnplannedOut) {
    Scheme scheme = valid_scheme();
    scheme.unplanned[0].level = "action";
    EXPECT_EQ(scheme.node_count_per_level(), (std::vector<std::size_t>{1, 2, 1}));
}

TEST(ModelSchemeHelpers, IndicatorCountPerLevelIsOutputOutcomeImpact) {
    Scheme scheme = valid_scheme();
    scheme.indicators.push_back(make_indicator("I3", "1.1.1", IndicatorLevel::output));
    scheme.indicators.push_back(make_indicator("I4", "1.2", IndicatorLevel::impact));
    scheme.indicators.push_back(make_indicator("I5", "1.2", IndicatorLevel::output));
    EXPECT_EQ(scheme.indicator_count_per_level(), (std::vector<std::size_t>{3, 1, 1}));
}

// ---- words written by people -----------------------------------------------------------------

TEST(ModelActionStatusWords, AccentsCapitalsAndSpacesAreForgiven) {
    EXPECT_EQ(parse_action_status("Non engagé"), ActionStatus::not_started);
    EXPECT_EQ(parse_action_status("EN COURS"), ActionStatus::in_progress);
    EXPECT_EQ(parse_action_status("réalisé"), ActionStatus::done);
    EXPECT_EQ(parse_action_status("Reporté"), ActionStatus::postponed);
    EXPECT_EQ(parse_action_status("abandonné"), ActionStatus::dropped);
    EXPECT_EQ(parse_action_status("en_cours"), ActionStatus::in_progress);
}

TEST(ModelActionStatusWords, UnknownWordsAreRefused) {
    EXPECT_FALSE(parse_action_status("terminé").has_value());
    EXPECT_FALSE(parse_action_status("done").has_value());
    EXPECT_FALSE(parse_action_status("").has_value());
    EXPECT_FALSE(parse_action_status("en cours!").has_value());
}

TEST(ModelActionStatusWords, CodesRoundTrip) {
    EXPECT_EQ(to_code(ActionStatus::not_started), "non-engage");
    EXPECT_EQ(to_code(ActionStatus::unplanned_done), "realise-non-prevu");
    for (const ActionStatus status :
         {ActionStatus::done, ActionStatus::in_progress, ActionStatus::not_started,
          ActionStatus::postponed, ActionStatus::dropped, ActionStatus::unplanned_done})
        EXPECT_EQ(parse_action_status(to_code(status)), status) << to_code(status);
}

TEST(ModelIndicatorLevelWords, AccentsAndCapitalsAreForgiven) {
    EXPECT_EQ(parse_indicator_level("Réalisation"), IndicatorLevel::output);
    EXPECT_EQ(parse_indicator_level("Résultat"), IndicatorLevel::outcome);
    EXPECT_EQ(parse_indicator_level("impact"), IndicatorLevel::impact);
    EXPECT_EQ(parse_indicator_level("IMPACT"), IndicatorLevel::impact);
}

TEST(ModelIndicatorLevelWords, UnknownWordsAreRefused) {
    EXPECT_FALSE(parse_indicator_level("output").has_value());
    EXPECT_FALSE(parse_indicator_level("résultats").has_value());
    EXPECT_FALSE(parse_indicator_level("").has_value());
}

TEST(ModelIndicatorLevelWords, CodesRoundTrip) {
    EXPECT_EQ(to_code(IndicatorLevel::outcome), "resultat");
    for (const IndicatorLevel level :
         {IndicatorLevel::output, IndicatorLevel::outcome, IndicatorLevel::impact})
        EXPECT_EQ(parse_indicator_level(to_code(level)), level) << to_code(level);
}

TEST(ModelDirectionWords, UpAndDownAreRead) {
    EXPECT_EQ(parse_direction("down"), Direction::down);
    EXPECT_EQ(parse_direction("Down"), Direction::down);
    EXPECT_EQ(parse_direction("UP"), Direction::up);
}

TEST(ModelDirectionWords, UnknownWordsAreRefused) {
    EXPECT_FALSE(parse_direction("sideways").has_value());
    EXPECT_FALSE(parse_direction("baisse").has_value());
    EXPECT_FALSE(parse_direction("").has_value());
}

TEST(ModelDirectionWords, CodesRoundTrip) {
    for (const Direction direction : {Direction::up, Direction::down})
        EXPECT_EQ(parse_direction(to_code(direction)), direction) << to_code(direction);
}

} // namespace
