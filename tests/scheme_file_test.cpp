// The YAML scheme reader: the real samples, the documented example, and every error it reports.
#include "test_support.hpp"

#include <jalon/error.hpp>
#include <jalon/scheme/scheme_file.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

using namespace jalon;
using jalon::test::source_path;

namespace {

// A small valid scheme using every section; tests change one thing in it.
const std::string base = R"(format: jalon-scheme/1
id: test-scheme
title: Test scheme
owner: Test owner
period: {start: 2025, end: 2029}
levels: [axe, orientation, action]
status_year: 2027
links:
  - from: "1.1.1"
    to: Regional plan
territories:
  - code: dep
    name: Département
    children:
      - code: nord
        name: Territoire Nord
nodes:
  - code: "1"
    level: axe
    title: First axis
    children:
      - code: "1.1"
        level: orientation
        title: First orientation
        children:
          - code: "1.1.1"
            level: action
            title: First action
            status: en-cours
            figures:
              - label: people helped
                value: 420
                year: 2026
            indicators:
              - code: I1
                label: People helped each year
                level: realisation
                method: sum
                baseline: {value: 300, year: 2024}
                milestones:
                  - year: 2028
                    value: 400
                target: {value: 500, year: 2029}
      - code: "1.2"
        level: action
        title: Action directly under the axis
        indicators:
          - code: I2
            label: Share of people back in work
            level: resultat
            method: ratio
unplanned:
  - code: NP.1
    node: "1.1"
    title: Emergency help
    year: 2025
)";

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++count;
    return count;
}

// 1-based line of the only occurrence of `marker`.
int line_of(const std::string& text, const std::string& marker) {
    EXPECT_EQ(occurrences(text, marker), 1u) << "marker: " << marker;
    const auto at = text.find(marker);
    if (at == std::string::npos)
        return -1;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

// `text` with its only occurrence of `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    EXPECT_EQ(occurrences(text, from), 1u) << "replaced: " << from;
    const auto at = text.find(from);
    if (at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

// `text` with `line` (indentation included) inserted after the line holding `marker`.
std::string inserted_after(std::string text, const std::string& marker, const std::string& line) {
    EXPECT_EQ(occurrences(text, marker), 1u) << "marker: " << marker;
    const auto at = text.find(marker);
    if (at != std::string::npos)
        text.insert(text.find('\n', at) + 1, line + "\n");
    return text;
}

// `text` without the line holding `marker`.
std::string without_line(std::string text, const std::string& marker) {
    EXPECT_EQ(occurrences(text, marker), 1u) << "marker: " << marker;
    const auto at = text.find(marker);
    if (at != std::string::npos) {
        const auto begin = text.rfind('\n', at) + 1; // npos + 1 == 0 on the first line
        text.erase(begin, text.find('\n', at) + 1 - begin);
    }
    return text;
}

// The diagnostics of reading `text` as broken.yaml; none when it reads without error.
std::vector<Diagnostic> diagnostics_of(const std::string& text) {
    try {
        read_scheme_text(text, "broken.yaml");
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    return {};
}

std::string describe(const std::vector<Diagnostic>& diagnostics) {
    if (diagnostics.empty())
        return "\n  (no InputError)";
    std::string out;
    for (const Diagnostic& d : diagnostics)
        out += "\n  " + d.to_string();
    return out;
}

bool matches(const Diagnostic& d, int line, const std::string& key, const std::string& what) {
    const std::string text = d.to_string();
    const std::string place = "broken.yaml:" + std::to_string(line) + ":";
    return d.where.file == "broken.yaml" && d.where.line == line && d.key == key &&
           d.message.find(what) != std::string::npos && text.rfind(place, 0) == 0 &&
           (key.empty() || text.find(": " + key + ": ") != std::string::npos);
}

// Reading `text` fails with exactly one diagnostic: on the line of `marker`, about `key`, saying
// `what`.
::testing::AssertionResult refused_once(const std::string& text, const std::string& marker,
                                        const std::string& key, const std::string& what) {
    const int line = line_of(text, marker);
    const std::vector<Diagnostic> diagnostics = diagnostics_of(text);
    if (diagnostics.size() == 1 && matches(diagnostics[0], line, key, what))
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected only broken.yaml:" << line << ": " << key
                                         << ": ..." << what << "..., got:" << describe(diagnostics);
}

// The first ```yaml block of a Markdown file.
std::string first_yaml_block(const std::string& markdown) {
    const std::string open = "```yaml\n";
    const auto begin = markdown.find(open);
    if (begin == std::string::npos)
        return {};
    const auto end = markdown.find("\n```", begin + open.size());
    if (end == std::string::npos)
        return {};
    return markdown.substr(begin + open.size(), end + 1 - begin - open.size());
}

template <typename T>
bool param_is(const ParamValue& param, const T& expected) {
    return !param.is_list && param.items.size() == 1 && std::holds_alternative<T>(param.items[0]) &&
           std::get<T>(param.items[0]) == expected;
}

// ---- valid files -----------------------------------------------------------------------------

TEST(SchemeFileValid, BaseDocumentReads) {
    const Scheme scheme = read_scheme_text(base, "base.yaml");
    EXPECT_EQ(scheme.id, "test-scheme");
    EXPECT_EQ(scheme.node_count_per_level(), (std::vector<std::size_t>{1, 1, 2}));
    ASSERT_NE(scheme.find_node("1.2"), nullptr);
    EXPECT_EQ(scheme.find_node("1.2")->parent, "1");
    ASSERT_EQ(scheme.unplanned.size(), 1u);
    EXPECT_EQ(scheme.unplanned[0].parent, "1.1");
    ASSERT_NE(scheme.find_indicator("I2"), nullptr);
    EXPECT_EQ(scheme.find_indicator("I2")->node, "1.2");
}

TEST(SchemeFileValid, EverySampleReads) {
    for (const auto& path : test::sample_files()) {
        SCOPED_TRACE(path.string());
        try {
            const Scheme scheme = read_scheme_file(path);
            EXPECT_FALSE(scheme.nodes.empty());
        } catch (const InputError& error) {
            ADD_FAILURE() << describe(error.diagnostics());
        }
    }
}

TEST(SchemeFileValid, VienneSampleCounts) {
    const Scheme scheme =
        read_scheme_file(source_path("samples/vienne-schema-unique-solidarites-2025-2029.yaml"));
    EXPECT_EQ(scheme.levels, (std::vector<std::string>{"partie", "orientation", "action"}));
    EXPECT_EQ(scheme.node_count_per_level(), (std::vector<std::size_t>{2, 10, 37}));
    EXPECT_EQ(scheme.indicators.size(), 117u);
    EXPECT_EQ(scheme.indicator_count_per_level(), (std::vector<std::size_t>{94, 18, 5}));
    EXPECT_EQ(scheme.territories.size(), 15u);
    EXPECT_EQ(scheme.period, (Period{2025, 2029}));

    const Node* action = scheme.find_node("1.1.1");
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->parent, "1.1");
    EXPECT_EQ(action->pilots,
              (std::vector<std::string>{"Direction de l'Action Sociale",
                                        "Direction de l'Enfance et de la Famille"}));
    ASSERT_TRUE(action->calendar.has_value());
    EXPECT_EQ(*action->calendar, (Calendar{2025, 2029, "2025 - 2029"}));
    ASSERT_NE(scheme.find_indicator("1.1.1-I1"), nullptr);
    EXPECT_EQ(scheme.find_indicator("1.1.1-I1")->node, "1.1.1");
    EXPECT_TRUE(scheme.find_indicator("1.1.1-I1")->level_inferred);
}

TEST(SchemeFileValid, AgglopolysSampleCounts) {
    const Scheme scheme = read_scheme_file(source_path("samples/agglopolys-pst-2022-2027.yaml"));
    EXPECT_EQ(scheme.levels.size(), 4u);
    EXPECT_EQ(scheme.node_count_per_level(), (std::vector<std::size_t>{5, 10, 22, 46}));
    EXPECT_EQ(scheme.period, (Period{2022, 2027}));
}

TEST(SchemeFileValid, BloisPerrSampleCountsAndTarget) {
    const Scheme scheme =
        read_scheme_file(source_path("samples/blois-contrat-de-ville-perr-2020-2022.yaml"));
    ASSERT_FALSE(scheme.levels.empty());
    EXPECT_EQ(scheme.levels[0], "enjeu");
    EXPECT_EQ(scheme.node_count_per_level()[0], 5u);
    EXPECT_EQ(scheme.indicators.size(), 9u);

    const Indicator* indicator = scheme.find_indicator("3.ENG.3-I1");
    ASSERT_NE(indicator, nullptr);
    EXPECT_EQ(indicator->unit, "%");
    EXPECT_EQ(indicator->level, IndicatorLevel::outcome);
    EXPECT_TRUE(indicator->level_inferred);
    ASSERT_TRUE(indicator->target.has_value());
    EXPECT_EQ(indicator->target->value, 15.0);
    EXPECT_EQ(indicator->target->unit, "%");
    EXPECT_EQ(indicator->target->year, 2022);
    EXPECT_EQ(indicator->target->text, "15 % en contrats aidés");
}

TEST(SchemeFileValid, BloisReviewSampleStatusesAndFigures) {
    const Scheme scheme = read_scheme_file(
        source_path("samples/blois-bilan-mi-parcours-2020-2026-ville-solidaire.yaml"));
    EXPECT_EQ(scheme.levels, (std::vector<std::string>{"sous-partie", "engagement"}));
    EXPECT_EQ(scheme.node_count_per_level(), (std::vector<std::size_t>{4, 20}));
    EXPECT_EQ(scheme.status_year, 2023);
    ASSERT_EQ(scheme.unplanned.size(), 2u);
    EXPECT_EQ(scheme.unplanned[0].code, "NP.1");
    EXPECT_EQ(scheme.unplanned[1].code, "NP.2");
    EXPECT_EQ(scheme.unplanned[0].status, ActionStatus::unplanned_done);

    const Node* engagement = scheme.find_node("1.1");
    ASSERT_NE(engagement, nullptr);
    EXPECT_EQ(engagement->status, ActionStatus::in_progress);
    EXPECT_TRUE(engagement->code_inferred);
    ASSERT_EQ(engagement->figures.size(), 3u);
    EXPECT_EQ(
        engagement->figures[2],
        (Figure{"personnes suivies par l’équipe mobile santé précarité", 300, "personnes", 2022}));
    EXPECT_EQ(engagement->figures[0].year, std::nullopt);
}

TEST(SchemeFileValid, DocumentedExampleReadsIntoEveryField) {
    const std::string text =
        first_yaml_block(test::read_file(source_path("docs/scheme-format.md")));
    ASSERT_NE(text.find("format: jalon-scheme/1"), std::string::npos);
    Scheme scheme;
    try {
        scheme = read_scheme_text(text, "scheme-format.md");
    } catch (const InputError& error) {
        FAIL() << describe(error.diagnostics());
    }

    EXPECT_EQ(scheme.id, "exemple-schema-2025-2029");
    EXPECT_EQ(scheme.title, "Schéma départemental des solidarités 2025-2029");
    EXPECT_EQ(scheme.kind, "schema-departemental");
    EXPECT_EQ(scheme.owner, "Département de l'Exemple");
    EXPECT_EQ(scheme.period, (Period{2025, 2029}));
    EXPECT_EQ(scheme.language, "fr");
    EXPECT_EQ(scheme.source, "schema-2025-2029.pdf");
    EXPECT_EQ(scheme.levels, (std::vector<std::string>{"partie", "orientation", "action"}));
    EXPECT_EQ(scheme.status_year, 2027);
    EXPECT_EQ(scheme.domains, (std::vector<std::string>{"l'insertion et le retour à l'emploi",
                                                        "l'action sociale"}));
    EXPECT_EQ(scheme.notes,
              (std::vector<std::string>{"Adopté par l'Assemblée départementale en juin 2025."}));
    EXPECT_EQ(scheme.evaluation_notes,
              (std::vector<std::string>{"Bilan annuel présenté en commission des Solidarités."}));
    ASSERT_EQ(scheme.governance.size(), 1u);
    EXPECT_EQ(scheme.governance[0],
              (GovernanceBody{"Comité de pilotage", "schema", "annuel",
                              "Valide le bilan annuel et arbitre les priorités."}));
    ASSERT_EQ(scheme.links.size(), 2u);
    EXPECT_EQ(scheme.links[0],
              (SchemeLink{"1.1.1", "Plan départemental d'insertion 2024-2028", "articulation"}));
    EXPECT_EQ(scheme.links[1].from, std::nullopt);
    EXPECT_EQ(scheme.links[1].kind, "cadre-national");
    EXPECT_EQ(scheme.stated_totals,
              (std::map<std::string, long long>{{"actions", 1}, {"parties", 1}}));

    ASSERT_EQ(scheme.territories.size(), 3u);
    EXPECT_EQ(scheme.territories[0],
              (Territory{"dep", std::nullopt, "Département de l'Exemple", "departement", {}, {}}));
    EXPECT_EQ(scheme.territories[1].code, "nord");
    EXPECT_EQ(scheme.territories[1].parent, "dep");
    EXPECT_EQ(scheme.territories[1].kind, "territoire-des-solidarites");
    EXPECT_EQ(scheme.territories[1].figures,
              (std::vector<Figure>{{"habitants", 98400, "habitants", 2021},
                                   {"foyers allocataires du RSA", 2310, "foyers", 2024}}));
    EXPECT_EQ(scheme.territories[2], (Territory{"qpv-gare",
                                                "nord",
                                                "Quartier de la Gare",
                                                "QPV",
                                                {"Quartier prioritaire depuis 2015"},
                                                {}}));

    ASSERT_EQ(scheme.nodes.size(), 3u);
    EXPECT_EQ(scheme.nodes[0].code, "1");
    EXPECT_EQ(scheme.nodes[0].parent, std::nullopt);
    EXPECT_EQ(scheme.nodes[0].level, "partie");
    EXPECT_EQ(scheme.nodes[1].parent, "1");
    const Node& action = scheme.nodes[2];
    EXPECT_EQ(action.code, "1.1.1");
    EXPECT_EQ(action.parent, "1.1");
    EXPECT_EQ(action.level, "action");
    EXPECT_EQ(action.title, "Renforcer l'accompagnement des allocataires du RSA");
    EXPECT_EQ(action.short_title, "Accompagnement RSA");
    EXPECT_FALSE(action.code_inferred);
    EXPECT_TRUE(action.flagship);
    EXPECT_EQ(action.pilots, (std::vector<std::string>{"Direction de l'insertion"}));
    EXPECT_EQ(action.partners, (std::vector<std::string>{"France Travail", "CCAS"}));
    EXPECT_EQ(action.calendar, (Calendar{2025, 2027, "2025 - 2027"}));
    EXPECT_EQ(action.objective, "Réduire la durée de présence dans le RSA.");
    EXPECT_EQ(action.modalities,
              (std::vector<std::string>{"Orientation de chaque allocataire dans le mois."}));
    EXPECT_EQ(action.territorial_notes, (std::vector<std::string>{"Priorité au Territoire Nord"}));
    EXPECT_EQ(action.articulation,
              (std::vector<std::string>{"Plan départemental d'insertion 2024-2028"}));
    EXPECT_EQ(action.participation, "Comité d'usagers associé au suivi.");
    EXPECT_EQ(action.levers, (std::vector<std::string>{"Pacte local des solidarités"}));
    EXPECT_EQ(action.status, ActionStatus::in_progress);
    EXPECT_EQ(action.narrative,
              (std::vector<std::string>{"420 allocataires accompagnés en 2026."}));
    EXPECT_EQ(action.figures,
              (std::vector<Figure>{{"allocataires accompagnés", 420, "personnes", 2026}}));
    EXPECT_EQ(action.notes, (std::vector<std::string>{"Fiche révisée en 2026"}));
    EXPECT_EQ(action.year, std::nullopt);

    ASSERT_EQ(scheme.indicators.size(), 3u);
    const Indicator& count = scheme.indicators[0];
    EXPECT_EQ(count.code, "1.1.1-I1");
    EXPECT_EQ(count.node, "1.1.1");
    EXPECT_EQ(count.label, "Allocataires accompagnés dans l'année");
    EXPECT_EQ(count.level, IndicatorLevel::output);
    EXPECT_FALSE(count.level_inferred);
    EXPECT_EQ(count.kind, "count");
    EXPECT_EQ(count.unit, "personnes");
    EXPECT_EQ(count.method, "sum");
    EXPECT_TRUE(count.key);
    EXPECT_EQ(count.direction, Direction::up);
    EXPECT_EQ(count.baseline, (Baseline{300, 2024}));
    EXPECT_EQ(count.milestones, (std::vector<Milestone>{{2027, 400, ""}}));
    EXPECT_EQ(count.target, (Target{500, 2029, "", "500 allocataires accompagnés par an"}));
    EXPECT_FALSE(count.code_inferred);
    EXPECT_EQ(count.producer, "Direction de l'insertion");
    EXPECT_EQ(count.source, "logiciel de suivi des parcours RSA");
    EXPECT_EQ(count.frequency, Frequency::quarterly);

    const Indicator& rate = scheme.indicators[1];
    EXPECT_EQ(rate.level, IndicatorLevel::outcome);
    EXPECT_EQ(rate.kind, "rate");
    EXPECT_EQ(rate.unit, "%");
    EXPECT_EQ(rate.method, "ratio");
    EXPECT_FALSE(rate.key);
    EXPECT_EQ(rate.direction, Direction::up);
    EXPECT_EQ(rate.baseline, std::nullopt);
    EXPECT_EQ(rate.target, std::nullopt);
    ASSERT_EQ(rate.params.size(), 3u);
    EXPECT_TRUE(param_is(rate.params.at("numerator"), std::string("sorties-emploi")));
    EXPECT_TRUE(param_is(rate.params.at("denominator"), std::string("allocataires")));
    EXPECT_TRUE(param_is(rate.params.at("factor"), 100.0));

    const Indicator& impact = scheme.indicators[2];
    EXPECT_EQ(impact.level, IndicatorLevel::impact);
    EXPECT_TRUE(impact.level_inferred);
    EXPECT_EQ(impact.direction, Direction::down);
    EXPECT_EQ(impact.baseline, (Baseline{120, 2024}));
    EXPECT_EQ(impact.target, (Target{90, 2029, "", ""}));
    EXPECT_TRUE(impact.code_inferred);
    EXPECT_EQ(impact.frequency, Frequency::annual);
    EXPECT_EQ(scheme.indicators[1].frequency, std::nullopt);

    ASSERT_EQ(scheme.unplanned.size(), 1u);
    const Node& unplanned = scheme.unplanned[0];
    EXPECT_EQ(unplanned.code, "NP.1");
    EXPECT_EQ(unplanned.parent, "1.1");
    EXPECT_EQ(unplanned.level, "");
    EXPECT_EQ(unplanned.title, "Aide exceptionnelle pendant l'inondation de 2026");
    EXPECT_EQ(unplanned.year, 2026);
    EXPECT_EQ(unplanned.partners, (std::vector<std::string>{"Croix-Rouge"}));
    EXPECT_EQ(unplanned.narrative, (std::vector<std::string>{"Distribution de 2 000 colis."}));
    EXPECT_EQ(unplanned.figures, (std::vector<Figure>{{"colis distribués", 2000, "colis", 2026}}));
    EXPECT_EQ(unplanned.status, ActionStatus::unplanned_done);
}

TEST(SchemeFileValid, ParamsAreTypedUnlessQuoted) {
    const std::string text = inserted_after(
        base, "method: ratio",
        R"(            params: {factor: 100, share: 0.5, label: "100", cumulative: true, flag: "true", name: total, codes: [a, 2, false]})");
    const Scheme scheme = read_scheme_text(text, "params.yaml");
    const auto& params = scheme.find_indicator("I2")->params;
    ASSERT_EQ(params.size(), 7u);
    EXPECT_TRUE(param_is(params.at("factor"), 100.0));
    EXPECT_TRUE(param_is(params.at("share"), 0.5));
    EXPECT_TRUE(param_is(params.at("label"), std::string("100")));
    EXPECT_TRUE(param_is(params.at("cumulative"), true));
    EXPECT_TRUE(param_is(params.at("flag"), std::string("true")));
    EXPECT_TRUE(param_is(params.at("name"), std::string("total")));
    const ParamValue& codes = params.at("codes");
    EXPECT_TRUE(codes.is_list);
    EXPECT_EQ(codes.items, (std::vector<ParamScalar>{std::string("a"), 2.0, false}));
}

TEST(SchemeFileValid, StatusWordsAsPeopleWriteThem) {
    const std::string text = replaced(base, "status: en-cours", "status: Non engagé");
    EXPECT_EQ(read_scheme_text(text, "status.yaml").find_node("1.1.1")->status,
              ActionStatus::not_started);
}

TEST(SchemeFileValid, BaselineBeforePeriodIsAccepted) {
    const std::string text =
        replaced(base, "baseline: {value: 300, year: 2024}", "baseline: {value: 300, year: 2015}");
    EXPECT_EQ(read_scheme_text(text, "baseline.yaml").indicators[0].baseline,
              (Baseline{300, 2015}));
}

// ---- YAML itself -----------------------------------------------------------------------------

TEST(SchemeFileErrors, MalformedYamlBadIndentation) {
    const std::string text =
        replaced(base, "        title: First orientation", "         title: First orientation");
    EXPECT_TRUE(refused_once(text, "title: First orientation", "", "malformed YAML"));
}

TEST(SchemeFileErrors, MalformedYamlKeyAfterValue) {
    const std::string text = replaced(base, "title: Test scheme", "title: Test: scheme: bis");
    EXPECT_TRUE(refused_once(text, "title: Test: scheme: bis", "", "malformed YAML"));
}

TEST(SchemeFileErrors, MalformedYamlUnclosedBracket) {
    // yaml-cpp notices the missing '}' where the next key starts.
    const std::string text =
        replaced(base, "period: {start: 2025, end: 2029}", "period: {start: 2025, end: 2029");
    EXPECT_TRUE(refused_once(text, "levels: [axe", "", "malformed YAML"));
}

TEST(SchemeFileErrors, AnAliasBombIsRefusedBeforeItExpands) {
    // Nine levels of ten aliases each: a billion strings for whatever walks the tree.
    std::string bomb = base + "notes:\n  - &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level < 10; ++level) {
        const std::string previous = "*l" + std::to_string(level - 1);
        bomb += "  - &l" + std::to_string(level) + " [";
        for (int i = 0; i < 10; ++i)
            bomb += (i ? ", " : "") + previous;
        bomb += "]\n";
    }
    const std::vector<Diagnostic> diagnostics = diagnostics_of(bomb);
    ASSERT_EQ(diagnostics.size(), 1u) << describe(diagnostics);
    EXPECT_EQ(diagnostics[0].where.file, "broken.yaml");
    // The sixth list (a million strings) goes over the bound: it is named, at its line.
    const int bomb_line = static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 2;
    EXPECT_EQ(diagnostics[0].where.line, bomb_line + 5) << diagnostics[0].to_string();
    EXPECT_NE(diagnostics[0].message.find("more than 1000000 nodes once its aliases are resolved"),
              std::string::npos)
        << diagnostics[0].to_string();
}

TEST(SchemeFileErrors, ATextBeginningWithACommaIsRefusedInsteadOfLoadingForever) {
    // Found by fuzz_scheme_yaml: yaml-cpp 0.7 reads a leading ',' as an endless series of empty
    // documents; loading them never ended and took memory without bound.
    for (const std::string& text : {std::string(","), ",\n" + base, "," + base.substr(1)}) {
        const std::vector<Diagnostic> diagnostics = diagnostics_of(text);
        ASSERT_EQ(diagnostics.size(), 1u) << describe(diagnostics);
        EXPECT_EQ(diagnostics[0].where.line, 1) << diagnostics[0].to_string();
        EXPECT_NE(diagnostics[0].message.find("more than 100 YAML documents"), std::string::npos)
            << diagnostics[0].to_string();
    }
}

TEST(SchemeFileErrors, DocumentsShareOneNodeBoundAndTheirNumberIsBounded) {
    // 600 000 nodes each (a list of 1 000 strings and 599 aliases of it): the second goes over.
    std::string document = "[&a [x";
    for (int i = 1; i < 1000; ++i)
        document += ", x";
    document += "]";
    for (int i = 0; i < 599; ++i)
        document += ", *a";
    document += "]\n";
    const std::vector<Diagnostic> two =
        diagnostics_of(base + "---\n" + document + "---\n" + document);
    ASSERT_EQ(two.size(), 1u) << describe(two);
    EXPECT_NE(two[0].message.find("more than 1000000 nodes"), std::string::npos)
        << two[0].to_string();
    const int second = static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 4;
    EXPECT_EQ(two[0].where.line, second) << two[0].to_string();

    std::string many = base;
    for (int i = 0; i < 100; ++i)
        many += "---\n";
    const std::vector<Diagnostic> refused = diagnostics_of(many);
    ASSERT_EQ(refused.size(), 1u) << describe(refused);
    EXPECT_NE(refused[0].message.find("more than 100 YAML documents"), std::string::npos)
        << refused[0].to_string();
    // A few trailing `---` (empty documents) are still harmless.
    EXPECT_NO_THROW(read_scheme_text(base + "---\n---\n", "trailing.yaml"));
}

TEST(SchemeFileErrors, AFewAliasesAreFine) {
    const std::string text =
        replaced(base, "title: Test scheme", "title: &t Test scheme") + "notes: [*t, *t]\n";
    const Scheme scheme = read_scheme_text(text, "aliases.yaml");
    EXPECT_EQ(scheme.notes, (std::vector<std::string>{"Test scheme", "Test scheme"}));
}

TEST(SchemeFileErrors, NestingDeeperThanTheBoundIsRefusedAtItsLine) {
    const std::string deep =
        base + "notes:\n  - " + std::string(70, '[') + "x" + std::string(70, ']') + "\n";
    const std::vector<Diagnostic> diagnostics = diagnostics_of(deep);
    ASSERT_EQ(diagnostics.size(), 1u) << describe(diagnostics);
    const int line = static_cast<int>(std::count(base.begin(), base.end(), '\n')) + 2;
    EXPECT_EQ(diagnostics[0].where.line, line) << diagnostics[0].to_string();
    EXPECT_NE(diagnostics[0].message.find("YAML nested deeper than 64 levels"), std::string::npos)
        << diagnostics[0].to_string();
    // 60 levels (the scheme's own two included) are fine as far as nesting goes.
    const std::string fine =
        base + "notes:\n  - " + std::string(58, '[') + "x" + std::string(58, ']') + "\n";
    for (const Diagnostic& d : diagnostics_of(fine))
        EXPECT_EQ(d.message.find("nested deeper"), std::string::npos) << d.to_string();
}

TEST(SchemeFileErrors, ANodeThatIsItsOwnChildThroughAnAliasIsRefusedAtTheAlias) {
    // yaml-cpp 0.7 names a node by its anchor as soon as the node starts: `*n` inside it is the
    // same node, so the tree is a cycle, and reading children recursed until the stack overflowed.
    const std::string text = replaced(base, "nodes:\n",
                                      "nodes:\n  - &n {code: \"9\", level: axe, title: Axe, "
                                      "children: [*n]}\n");
    EXPECT_TRUE(refused_once(text, "children: [*n]", "", "recursive alias *n:"));
    // The alias is named from its line and column, which count bytes but not a byte-order mark.
    EXPECT_TRUE(refused_once("\xEF\xBB\xBF" + replaced(text, "title: Axe,", "title: Axé à,"),
                             "children: [*n]", "", "recursive alias *n:"));
}

TEST(SchemeFileErrors, EveryRecursiveAliasIsRefusedWhateverItStandsFor) {
    // A territory its own child (block style), a list inside itself, a mapping its own key, and
    // a cycle through two levels.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {replaced(base, "territories:\n",
                  "territories:\n  - &t\n    code: t\n    name: T\n"
                  "    children:\n      - *t\n"),
         "- *t"},
        {base + "notes: &list [a, *list]\n", "*list]"},
        {base + "source: &m {*m : x}\n", "*m :"},
        {replaced(base, "nodes:\n",
                  "nodes:\n  - &outer\n    code: \"9\"\n    level: axe\n"
                  "    title: Axe\n    children:\n      - code: \"9.1\"\n"
                  "        level: action\n        title: Act\n"
                  "        children: [*outer]\n"),
         "[*outer]"},
    };
    for (const auto& [text, marker] : cases)
        EXPECT_TRUE(refused_once(text, marker, "", "recursive alias")) << marker;
}

TEST(SchemeFileErrors, ARecursiveAliasInAnOverlayIsRefusedAtTheAlias) {
    const Scheme scheme = read_scheme_text(base, "base.yaml");
    const std::string overlay = "format: jalon-overlay/1\nscheme: test-scheme\n"
                                "indicators: &all\n  I1: {target: {value: 5}, key: *all}\n";
    try {
        apply_overlay_text(scheme, overlay, "overlay.yaml");
        FAIL() << "no InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u) << describe(error.diagnostics());
        const Diagnostic& d = error.diagnostics()[0];
        EXPECT_EQ(d.where.file, "overlay.yaml");
        EXPECT_EQ(d.where.line, 4) << d.to_string();
        EXPECT_NE(d.message.find("recursive alias *all"), std::string::npos) << d.to_string();
    }
}

TEST(SchemeFileErrors, NestingIsBoundedWithAliasesExpanded) {
    // A chain of 30 nodes (60 YAML levels) under an anchor, then aliased at its own deepest
    // node's level: 120 levels for the reader, which recurses once per node.
    auto chain = [](const std::string& prefix, int levels, const std::string& innermost) {
        std::string open, close;
        for (int i = 0; i < levels; ++i) {
            open += "{code: \"" + prefix + std::to_string(i) + "\", level: axe, title: T, " +
                    "children: [";
            close += "]}";
        }
        return open + innermost + close;
    };
    const std::string deep =
        replaced(base, "nodes:\n",
                 "nodes:\n  - &chain " + chain("a", 29, "{code: z, level: axe, title: Z}") +
                     "\n  - " + chain("b", 29, "*chain") + "\n");
    EXPECT_TRUE(refused_once(deep, "*chain", "",
                             "YAML nested deeper than 64 levels once alias "
                             "*chain is expanded"));
}

TEST(SchemeFileErrors, TooManyNodesWithoutAliasesAreNamedAsSuch) {
    // 200 000 territories of five nodes each: over the bound, but no alias bomb.
    std::string many;
    many.reserve(200'000 * 30);
    for (int i = 0; i < 200'000; ++i)
        many += "  - {code: t" + std::to_string(i) + ", name: T}\n";
    const std::string text = replaced(base, "territories:\n", "territories:\n" + many);
    const std::vector<Diagnostic> diagnostics = diagnostics_of(text);
    ASSERT_EQ(diagnostics.size(), 1u) << describe(diagnostics);
    EXPECT_NE(diagnostics[0].message.find("the text holds more than 1000000 YAML nodes"),
              std::string::npos)
        << diagnostics[0].to_string();
    EXPECT_EQ(diagnostics[0].message.find("alias"), std::string::npos)
        << diagnostics[0].to_string();
}

TEST(SchemeFileErrors, EmptyFile) {
    const std::vector<Diagnostic> diagnostics = diagnostics_of("");
    ASSERT_EQ(diagnostics.size(), 1u) << describe(diagnostics);
    EXPECT_EQ(diagnostics[0].where.file, "broken.yaml");
    EXPECT_EQ(diagnostics[0].to_string(), "broken.yaml: the file holds no YAML document");
}

TEST(SchemeFileErrors, FileWithOnlyAComment) {
    const std::vector<Diagnostic> diagnostics = diagnostics_of("# nothing yet\n");
    ASSERT_EQ(diagnostics.size(), 1u) << describe(diagnostics);
    EXPECT_NE(diagnostics[0].to_string().find("broken.yaml"), std::string::npos);
    EXPECT_NE(diagnostics[0].message.find("no YAML document"), std::string::npos);
}

TEST(SchemeFileErrors, TwoDocuments) {
    const std::string text = base + "---\nid: second-scheme\n";
    EXPECT_TRUE(refused_once(text, "id: second-scheme", "", "more than one YAML document"));
}

TEST(SchemeFileErrors, RootIsAList) {
    const std::string text = "# a list, not a scheme\n- format: jalon-scheme/1\n- id: x\n";
    EXPECT_TRUE(refused_once(text, "- format", "", "must be a mapping"));
}

TEST(SchemeFileErrors, RootIsAText) {
    EXPECT_TRUE(refused_once("jalon-scheme/1\n", "jalon-scheme/1", "", "must be a mapping"));
}

TEST(SchemeFileErrors, KeyGivenTwice) {
    const std::string text =
        inserted_after(base, "title: First action", "            title: Again");
    EXPECT_TRUE(refused_once(text, "title: Again", "title", "key given twice"));
}

TEST(SchemeFileErrors, SeveralErrorsAreReportedInFileOrder) {
    std::string text = inserted_after(base, "title: First action", "            flagship: maybe");
    text = inserted_after(text, "flagship: maybe", "            titel: Typo");
    text = replaced(text, "    year: 2025", "    year: 2025a");
    const std::vector<Diagnostic> diagnostics = diagnostics_of(text);
    ASSERT_EQ(diagnostics.size(), 3u) << describe(diagnostics);
    EXPECT_TRUE(matches(diagnostics[0], line_of(text, "flagship: maybe"), "flagship", "maybe"))
        << describe(diagnostics);
    EXPECT_TRUE(matches(diagnostics[1], line_of(text, "titel: Typo"), "titel", "unknown key"))
        << describe(diagnostics);
    EXPECT_TRUE(matches(diagnostics[2], line_of(text, "year: 2025a"), "year", "2025a"))
        << describe(diagnostics);
}

TEST(SchemeFileErrors, SeveralBrokenInvariantsAreReportedInFileOrder) {
    std::string text = replaced(base, R"(from: "1.1.1")", R"(from: "9.9")");
    text = replaced(text, "code: dep\n    name: Département", "code: dep\n    name: ''");
    text = replaced(text, "level: action\n        title: Action directly",
                    "level: sous-axe\n        title: Action directly");
    text = replaced(text, R"(node: "1.1")", R"(node: "9.8")");
    const std::vector<Diagnostic> diagnostics = diagnostics_of(text);
    ASSERT_EQ(diagnostics.size(), 4u) << describe(diagnostics);
    EXPECT_TRUE(matches(diagnostics[0], line_of(text, "from:"), "from", "no such node"))
        << describe(diagnostics);
    EXPECT_TRUE(matches(diagnostics[1], line_of(text, "name: ''"), "name", "empty"))
        << describe(diagnostics);
    EXPECT_TRUE(matches(diagnostics[2], line_of(text, "sous-axe"), "level", "sous-axe"))
        << describe(diagnostics);
    EXPECT_TRUE(matches(diagnostics[3], line_of(text, "9.8"), "node", "does not exist"))
        << describe(diagnostics);
}

// ---- unknown keys ----------------------------------------------------------------------------

TEST(SchemeFileErrors, UnknownKeyAtTopLevel) {
    const std::string text = inserted_after(base, "owner: Test owner", "scope: departement");
    EXPECT_TRUE(refused_once(text, "scope: departement", "scope", "unknown key in the scheme"));
}

TEST(SchemeFileErrors, UnknownKeyInNode) {
    const std::string text = inserted_after(base, "title: First axis", "    pilot: Direction");
    EXPECT_TRUE(refused_once(text, "pilot: Direction", "pilot", "unknown key in a node"));
}

TEST(SchemeFileErrors, UnknownKeyInIndicator) {
    const std::string text =
        inserted_after(base, "method: sum", "                periodicity: yearly");
    EXPECT_TRUE(
        refused_once(text, "periodicity: yearly", "periodicity", "unknown key in an indicator"));
}

TEST(SchemeFileErrors, UnknownKeyInTerritory) {
    const std::string text =
        inserted_after(base, "name: Territoire Nord", "        population: 12000");
    EXPECT_TRUE(
        refused_once(text, "population: 12000", "population", "unknown key in a territory"));
}

TEST(SchemeFileErrors, UnknownKeyInMilestone) {
    const std::string text = inserted_after(base, "value: 400", "                    when: soon");
    EXPECT_TRUE(refused_once(text, "when: soon", "when", "unknown key in a milestone"));
}

// ---- missing required keys -------------------------------------------------------------------

TEST(SchemeFileErrors, MissingFormat) {
    const std::string text = without_line(base, "format: jalon-scheme/1");
    EXPECT_TRUE(refused_once(text, "id: test-scheme", "format", "missing required key"));
}

TEST(SchemeFileErrors, MissingId) {
    const std::string text = without_line(base, "id: test-scheme");
    EXPECT_TRUE(refused_once(text, "format: jalon", "id", "missing required key in the scheme"));
}

TEST(SchemeFileErrors, MissingTitle) {
    const std::string text = without_line(base, "title: Test scheme");
    EXPECT_TRUE(refused_once(text, "format: jalon", "title", "missing required key in the scheme"));
}

TEST(SchemeFileErrors, EmptyTitleCountsAsMissing) {
    const std::string text = replaced(base, "title: Test scheme", "title:");
    EXPECT_TRUE(refused_once(text, "title:\n", "title", "missing required key in the scheme"));
}

TEST(SchemeFileErrors, MissingOwner) {
    const std::string text = without_line(base, "owner: Test owner");
    EXPECT_TRUE(refused_once(text, "format: jalon", "owner", "missing required key in the scheme"));
}

TEST(SchemeFileErrors, MissingPeriod) {
    const std::string text = without_line(base, "period: {start");
    EXPECT_TRUE(
        refused_once(text, "format: jalon", "period", "missing required key in the scheme"));
}

TEST(SchemeFileErrors, MissingPeriodEnd) {
    const std::string text = replaced(base, "{start: 2025, end: 2029}", "{start: 2025}");
    EXPECT_TRUE(refused_once(text, "{start: 2025}", "end", "missing required key in period"));
}

TEST(SchemeFileErrors, MissingLevels) {
    const std::string text = without_line(base, "levels: [axe");
    EXPECT_TRUE(
        refused_once(text, "format: jalon", "levels", "missing required key in the scheme"));
}

TEST(SchemeFileErrors, MissingNodes) {
    const std::string text = R"(# no tree yet
format: jalon-scheme/1
id: test-scheme
title: Test scheme
owner: Test owner
period: {start: 2025, end: 2029}
levels: [axe]
)";
    EXPECT_TRUE(refused_once(text, "format: jalon", "nodes", "missing required key in the scheme"));
}

TEST(SchemeFileErrors, EmptyNodeList) {
    const std::string text = R"(format: jalon-scheme/1
id: test-scheme
title: Test scheme
owner: Test owner
period: {start: 2025, end: 2029}
levels: [axe]
nodes: []
)";
    EXPECT_TRUE(refused_once(text, "nodes: []", "nodes", "at least one node"));
}

TEST(SchemeFileErrors, MissingNodeCode) {
    const std::string text =
        replaced(base, "- code: \"1.1.1\"\n            level: action", "- level: action");
    EXPECT_TRUE(refused_once(text, "- level: action", "code", "missing required key in a node"));
}

TEST(SchemeFileErrors, MissingNodeLevel) {
    const std::string text = without_line(base, "            level: action");
    EXPECT_TRUE(refused_once(text, "- code: \"1.1.1\"", "level", "missing required key in a node"));
}

TEST(SchemeFileErrors, MissingNodeTitle) {
    const std::string text = without_line(base, "title: First action");
    EXPECT_TRUE(refused_once(text, "- code: \"1.1.1\"", "title", "missing required key in a node"));
}

TEST(SchemeFileErrors, MissingIndicatorCode) {
    const std::string text = replaced(base, "- code: I1\n                label", "- label");
    EXPECT_TRUE(refused_once(text, "- label: People helped", "code",
                             "missing required key in an indicator"));
}

TEST(SchemeFileErrors, MissingIndicatorLabel) {
    const std::string text = without_line(base, "label: People helped each year");
    EXPECT_TRUE(refused_once(text, "- code: I1", "label", "missing required key in an indicator"));
}

TEST(SchemeFileErrors, MissingIndicatorLevel) {
    const std::string text = without_line(base, "level: realisation");
    EXPECT_TRUE(refused_once(text, "- code: I1", "level", "missing required key in an indicator"));
}

TEST(SchemeFileValid, IndicatorWithoutMethodSumsTheSeriesOfItsOwnCode) {
    const std::string text =
        replaced(without_line(base, "method: sum"), "- code: I1", "- code: I9");
    const Scheme scheme = read_scheme_text(text, "broken.yaml");
    ASSERT_NE(scheme.find_indicator("I9"), nullptr);
    EXPECT_EQ(scheme.find_indicator("I9")->method, "sum");
    EXPECT_TRUE(scheme.find_indicator("I9")->params.empty());
}

TEST(SchemeFileErrors, MissingTerritoryCode) {
    const std::string text =
        replaced(base, "- code: nord\n        name: Territoire Nord", "- name: Territoire Nord");
    EXPECT_TRUE(refused_once(text, "- name: Territoire Nord", "code",
                             "missing required key in a territory"));
}

TEST(SchemeFileErrors, MissingTerritoryName) {
    const std::string text = without_line(base, "name: Territoire Nord");
    EXPECT_TRUE(refused_once(text, "- code: nord", "name", "missing required key in a territory"));
}

TEST(SchemeFileErrors, MissingFigureLabel) {
    const std::string text =
        replaced(base, "- label: people helped\n                value: 420", "- value: 420");
    EXPECT_TRUE(refused_once(text, "- value: 420", "label", "missing required key in a figure"));
}

TEST(SchemeFileErrors, MissingFigureValue) {
    const std::string text = without_line(base, "value: 420");
    EXPECT_TRUE(
        refused_once(text, "- label: people helped", "value", "missing required key in a figure"));
}

TEST(SchemeFileErrors, MissingMilestoneYear) {
    const std::string text =
        replaced(base, "- year: 2028\n                    value: 400", "- value: 400");
    EXPECT_TRUE(refused_once(text, "- value: 400", "year", "missing required key in a milestone"));
}

TEST(SchemeFileErrors, MissingMilestoneValue) {
    const std::string text = without_line(base, "value: 400");
    EXPECT_TRUE(refused_once(text, "- year: 2028", "value", "missing required key in a milestone"));
}

TEST(SchemeFileErrors, MissingUnplannedCode) {
    const std::string text = replaced(base, "- code: NP.1\n    node", "- node");
    EXPECT_TRUE(refused_once(text, "- node: \"1.1\"", "code",
                             "missing required key in an unplanned achievement"));
}

TEST(SchemeFileErrors, MissingUnplannedTitle) {
    const std::string text = without_line(base, "title: Emergency help");
    EXPECT_TRUE(refused_once(text, "- code: NP.1", "title",
                             "missing required key in an unplanned achievement"));
}

// ---- wrong types -----------------------------------------------------------------------------

TEST(SchemeFileErrors, TitleAsAList) {
    const std::string text = replaced(base, "title: Test scheme", "title: [Test, scheme]");
    EXPECT_TRUE(refused_once(text, "title: [Test", "title", "expected a text, found a list"));
}

TEST(SchemeFileErrors, PilotsAsAText) {
    const std::string text =
        inserted_after(base, "title: First action", "            pilots: Direction de l'insertion");
    EXPECT_TRUE(refused_once(text, "pilots: Direction", "pilots",
                             "expected a list of texts, found a text"));
}

TEST(SchemeFileErrors, YearWithLetters) {
    const std::string text = replaced(base, "    year: 2025", "    year: 2025a");
    EXPECT_TRUE(refused_once(text, "year: 2025a", "year", "'2025a' is not a year"));
}

TEST(SchemeFileErrors, ValueNotANumber) {
    const std::string text = replaced(base, "value: 420", "value: abc");
    EXPECT_TRUE(refused_once(text, "value: abc", "value", "'abc' is not a number"));
}

TEST(SchemeFileErrors, NumbersFollowTheGrammarOfEveryReader) {
    // Digits with an optional sign, decimal part (a point then digits) and exponent; nothing
    // else, as in data files (docs/data-format.md).
    for (const std::string value : {".5", "5.", "nan", ".inf", "inf", "0x10", "1,5", "1 000"}) {
        const std::string text = replaced(base, "value: 420", "value: \"" + value + "\"");
        EXPECT_TRUE(refused_once(text, "value: \"" + value, "value", "is not a number")) << value;
    }
    for (const std::string value : {"1e-320", "-1e-400", "1e999"}) {
        const std::string text = replaced(base, "value: 420", "value: " + value);
        EXPECT_TRUE(refused_once(text, "value: " + value, "value", "is out of range")) << value;
    }
    const Scheme scheme =
        read_scheme_text(replaced(base, "value: 420", "value: -1.5e3"), "numbers.yaml");
    EXPECT_EQ(scheme.nodes[2].figures.at(0).value, -1500);
}

TEST(SchemeFileErrors, ParamsThatAreNotNumbersByTheGrammarStayTexts) {
    const std::string text = replaced(base, "method: ratio",
                                      "method: ratio\n            params: {a: .5, b: nan, c: 2.5}");
    const Scheme scheme = read_scheme_text(text, "params.yaml");
    const auto& params = scheme.indicators.at(1).params;
    EXPECT_TRUE(param_is(params.at("a"), std::string(".5")));
    EXPECT_TRUE(param_is(params.at("b"), std::string("nan")));
    EXPECT_TRUE(param_is(params.at("c"), 2.5));
    EXPECT_TRUE(refused_once(
        replaced(base, "method: ratio", "method: ratio\n            params: {tiny: 1e-320}"),
        "tiny: 1e-320", "tiny", "is out of range"));
}

TEST(SchemeFileErrors, FlagshipNeitherTrueNorFalse) {
    const std::string text =
        inserted_after(base, "title: First action", "            flagship: maybe");
    EXPECT_TRUE(refused_once(text, "flagship: maybe", "flagship", "'maybe' is not true or false"));
}

TEST(SchemeFileErrors, PeriodStartWithFiveDigits) {
    const std::string text = replaced(base, "{start: 2025,", "{start: 20255,");
    EXPECT_TRUE(refused_once(text, "20255", "start", "20255 is not a year"));
}

TEST(SchemeFileErrors, UnsupportedFormat) {
    const std::string text = replaced(base, "format: jalon-scheme/1", "format: jalon-scheme/2");
    EXPECT_TRUE(refused_once(text, "format:", "format", "unsupported format 'jalon-scheme/2'"));
}

// ---- duplicate codes -------------------------------------------------------------------------

TEST(SchemeFileErrors, DuplicateNodeCode) {
    const std::string text = replaced(base, R"(code: "1.2")", R"(code: "1.1"  # again)");
    EXPECT_TRUE(refused_once(text, "# again", "code", "code '1.1' is used by another node"));
}

TEST(SchemeFileErrors, UnplannedCodeUsedByANode) {
    const std::string text = replaced(base, "code: NP.1", "code: \"1.2\"  # again");
    EXPECT_TRUE(refused_once(text, "# again", "code", "code '1.2' is used by another node"));
}

TEST(SchemeFileErrors, DuplicateIndicatorCode) {
    const std::string text = replaced(base, "code: I2", "code: I1  # again");
    EXPECT_TRUE(refused_once(text, "# again", "code", "indicator code 'I1' is used twice"));
}

TEST(SchemeFileErrors, DuplicateTerritoryCode) {
    const std::string text = replaced(base, "code: nord", "code: dep  # again");
    EXPECT_TRUE(refused_once(text, "# again", "code", "territory code 'dep' is used twice"));
}

// ---- levels ----------------------------------------------------------------------------------

TEST(SchemeFileErrors, NodeLevelNotDeclared) {
    const std::string text = replaced(base, "level: action\n        title: Action directly",
                                      "level: sous-axe\n        title: Action directly");
    EXPECT_TRUE(refused_once(text, "level: sous-axe", "level",
                             "level 'sous-axe' is not one of the scheme's levels"));
}

namespace {
const std::string strict_base = replaced(base, "levels: [axe, orientation, action]",
                                         "levels: [axe, orientation, action]\nlevel_order: strict");
} // namespace

TEST(SchemeFileErrors, ChildLevelEqualToParentLevel) {
    const std::string text =
        replaced(strict_base, "level: orientation", "level: axe  # as its parent");
    EXPECT_TRUE(refused_once(text, "# as its parent", "level", "is not below its parent's level"));
    // Without `level_order: strict` the same tree is a scheme's own choice.
    EXPECT_NO_THROW(read_scheme_text(replaced(base, "level: orientation", "level: axe"), "s.yaml"));
}

TEST(SchemeFileErrors, ChildLevelAboveParentLevel) {
    const std::string text = replaced(strict_base, "            level: action",
                                      "            level: axe  # above its parent");
    EXPECT_TRUE(
        refused_once(text, "# above its parent", "level", "is not below its parent's level"));
}

TEST(SchemeFileErrors, DuplicateLevelName) {
    const std::string text = replaced(base, "levels: [axe, orientation, action]",
                                      "levels: [axe, orientation, axe, action]");
    EXPECT_TRUE(refused_once(text, "levels:", "levels", "level 'axe' is declared twice"));
}

// ---- years -----------------------------------------------------------------------------------

TEST(SchemeFileErrors, MilestoneYearOutsidePeriod) {
    const std::string text = replaced(base, "- year: 2028", "- year: 2031");
    EXPECT_TRUE(refused_once(text, "- year: 2031", "year",
                             "milestone year 2031 is outside the period 2025-2029"));
}

TEST(SchemeFileErrors, TwoMilestonesInTheSameYear) {
    const std::string text =
        inserted_after(base, "value: 400", "                  - {year: 2028, value: 450}");
    EXPECT_TRUE(refused_once(text, "value: 450", "year", "two milestones for 2028"));
}

TEST(SchemeFileErrors, TargetYearOutsidePeriod) {
    const std::string text =
        replaced(base, "target: {value: 500, year: 2029}", "target: {value: 500, year: 2030}");
    EXPECT_TRUE(refused_once(text, "target: {", "year", "target year 2030 is outside"));
}

TEST(SchemeFileErrors, TargetWithNeitherValueNorText) {
    const std::string text =
        replaced(base, "target: {value: 500, year: 2029}", "target: {year: 2029}");
    EXPECT_TRUE(refused_once(text, "target: {", "target", "a target needs a value or a text"));
}

TEST(SchemeFileErrors, StatusYearOutsidePeriod) {
    const std::string text = replaced(base, "status_year: 2027", "status_year: 2031");
    EXPECT_TRUE(refused_once(text, "status_year:", "status_year", "status year 2031 is outside"));
}

TEST(SchemeFileErrors, UnplannedYearOutsidePeriod) {
    const std::string text = replaced(base, "    year: 2025", "    year: 2024");
    EXPECT_TRUE(refused_once(text, "year: 2024\n", "year", "year 2024 is outside"));
}

TEST(SchemeFileErrors, BaselineYearAfterPeriodEnd) {
    const std::string text =
        replaced(base, "baseline: {value: 300, year: 2024}", "baseline: {value: 300, year: 2030}");
    EXPECT_TRUE(refused_once(text, "baseline:", "year", "baseline year 2030 is after the end"));
}

TEST(SchemeFileErrors, CalendarStartAfterEnd) {
    const std::string text = inserted_after(base, "title: First action",
                                            "            calendar: {start: 2027, end: 2026}");
    EXPECT_TRUE(refused_once(text, "calendar:", "end", "calendar ends before it starts"));
}

// ---- statuses, levels and directions ---------------------------------------------------------

TEST(SchemeFileErrors, StatusWithoutStatusYear) {
    const std::string text = without_line(base, "status_year: 2027");
    EXPECT_TRUE(refused_once(text, "status: en-cours", "status", "needs the scheme's status_year"));
}

TEST(SchemeFileErrors, UnknownStatus) {
    const std::string text = replaced(base, "status: en-cours", "status: fini");
    EXPECT_TRUE(refused_once(text, "status: fini", "status", "unknown status 'fini'"));
}

TEST(SchemeFileErrors, UnknownIndicatorLevel) {
    const std::string text = replaced(base, "level: realisation", "level: output");
    EXPECT_TRUE(refused_once(text, "level: output", "level", "unknown indicator level 'output'"));
}

TEST(SchemeFileErrors, UnknownDirection) {
    const std::string text =
        inserted_after(base, "method: ratio", "            direction: sideways");
    EXPECT_TRUE(refused_once(text, "direction:", "direction", "unknown direction 'sideways'"));
}

// ---- references ------------------------------------------------------------------------------

TEST(SchemeFileErrors, UnplannedAboutMissingNode) {
    const std::string text = replaced(base, R"(node: "1.1")", R"(node: "9.9")");
    EXPECT_TRUE(refused_once(text, "node: \"9.9\"", "node", "node '9.9' does not exist"));
}

TEST(SchemeFileErrors, LinkFromMissingNode) {
    const std::string text = replaced(base, R"(from: "1.1.1")", R"(from: "9.9")");
    EXPECT_TRUE(refused_once(text, "from:", "from", "link from '9.9': no such node"));
}

// ---- files -----------------------------------------------------------------------------------

TEST(SchemeFileRead, TrailingDocumentMarkerIsNotASecondDocument) {
    const std::string text =
        jalon::test::read_file(source_path("samples/agglopolys-pst-2022-2027.yaml"));
    EXPECT_NO_THROW(read_scheme_text(text + "---\n", "trailing.yaml"));
    EXPECT_THROW(read_scheme_text(text + "---\nid: other\n", "two.yaml"), InputError);
}

TEST(SchemeFileRead, MissingFileNamesThePath) {
    test::TempDir dir;
    const auto path = dir / "absent.yaml";
    try {
        read_scheme_file(path);
        FAIL() << "no InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        EXPECT_EQ(error.diagnostics()[0].where.file, path.string());
        EXPECT_NE(error.diagnostics()[0].to_string().find(path.string()), std::string::npos);
        EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos);
    }
}

TEST(SchemeFileRead, ANamedPipeIsRefusedAsNotARegularFileSchemeOrOverlay) {
    // A pipe can be read once only, and a scheme file is read twice (its content hash).
    test::TempDir dir;
    const auto path = dir / "scheme.yaml";
    const Scheme scheme = read_scheme_text(base, "base.yaml");
    for (const bool overlay : {false, true}) {
        test::with_named_pipe(path, base, [&] {
            try {
                if (overlay)
                    apply_overlay_file(scheme, path);
                else
                    read_scheme_file(path);
                ADD_FAILURE() << "no InputError";
            } catch (const InputError& error) {
                ASSERT_EQ(error.diagnostics().size(), 1u);
                EXPECT_EQ(error.diagnostics()[0].where.file, path.string());
                EXPECT_NE(
                    error.diagnostics()[0].message.find("is a named pipe, not a regular file"),
                    std::string::npos)
                    << error.diagnostics()[0].to_string();
            }
        });
    }
}

TEST(SchemeFileRead, DiagnosticsNameTheFileAsGiven) {
    test::TempDir dir;
    const auto path = dir / "typo.yaml";
    test::write_file(path, replaced(base, "status: en-cours", "status: fini"));
    try {
        read_scheme_file(path);
        FAIL() << "no InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.diagnostics().size(), 1u);
        const std::string expected =
            path.string() + ":" + std::to_string(line_of(base, "status: en-cours")) + ":";
        EXPECT_EQ(error.diagnostics()[0].to_string().rfind(expected, 0), 0u)
            << error.diagnostics()[0].to_string();
    }
}

// ---- encoding and overlays (issue 15, item 8: reader guarantees no unit test held) ------------

namespace {

// The single diagnostic of applying `overlay` (as overlay.yaml) onto the base scheme.
std::vector<Diagnostic> overlay_diagnostics(const std::string& overlay) {
    try {
        apply_overlay_text(read_scheme_text(base, "base.yaml"), overlay, "overlay.yaml");
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    return {};
}

::testing::AssertionResult overlay_refused(const std::string& overlay, const std::string& marker,
                                           const std::string& key, const std::string& what) {
    const int line = line_of(overlay, marker);
    const std::vector<Diagnostic> d = overlay_diagnostics(overlay);
    if (d.size() == 1 && d[0].where.file == "overlay.yaml" && d[0].where.line == line &&
        d[0].key == key && d[0].message.find(what) != std::string::npos &&
        d[0].to_string().rfind("overlay.yaml:" + std::to_string(line) + ":", 0) == 0)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected only overlay.yaml:" << line << ": " << key
                                         << ": ..." << what << "..., got:" << describe(d);
}

const std::string overlay = R"(format: jalon-overlay/1
scheme: test-scheme
synthetic: true
note: Valeurs illustratives.
indicators:
  I2:
    direction: down
    baseline: {value: 40, year: 2024}
    target: {value: 20, year: 2029}
)";

} // namespace

TEST(SchemeFileEncoding, ABadByteIsRefusedWithItsLineAndByteOffset) {
    // 0xE9 alone: "é" as Latin-1 writes it, not UTF-8.
    const std::string latin1 = replaced(base, "title: First action", "title: Premi\xe8re action");
    const auto offset = latin1.find('\xe8');
    EXPECT_TRUE(refused_once(latin1, "title: Premi", "",
                             "invalid UTF-8 at byte offset " + std::to_string(offset)));
    const std::vector<Diagnostic> d = diagnostics_of(latin1);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].where.column, 1 + static_cast<int>(offset - latin1.rfind('\n', offset) - 1))
        << d[0].to_string();
}

TEST(SchemeFileEncoding, EveryKindOfInvalidSequenceIsRefused) {
    for (const std::string& bad : {std::string("\xc3"),             // truncated é
                                   std::string("\xc0\xaf"),         // overlong '/'
                                   std::string("\xed\xa0\x80"),     // a UTF-16 surrogate
                                   std::string("\xf4\x90\x80\x80"), // beyond U+10FFFF
                                   std::string("\x80"),             // a lone continuation
                                   std::string("\xff")}) {          // never in UTF-8
        const std::string text =
            replaced(base, "owner: Test owner", "owner: Test" + bad + " owner");
        EXPECT_TRUE(
            refused_once(text, "owner: Test", "",
                         "invalid UTF-8 at byte offset " + std::to_string(base.find(" owner\n"))))
            << "bytes " << testing::PrintToString(bad);
    }
    // In a comment, and as the file's last byte, too: nothing of the file is stored unread.
    EXPECT_TRUE(refused_once(inserted_after(base, "id: test-scheme", "# r\xe9sum\xe9"), "# r", "",
                             "invalid UTF-8"));
    EXPECT_FALSE(diagnostics_of(base + "# \xc3").empty());
}

TEST(SchemeFileEncoding, Utf8WithOrWithoutAByteOrderMarkReads) {
    const std::string accented = replaced(base, "title: First action", "title: Première action 🎉");
    EXPECT_TRUE(diagnostics_of(accented).empty()) << describe(diagnostics_of(accented));
    EXPECT_TRUE(diagnostics_of("\xef\xbb\xbf" + accented).empty());
    const Scheme scheme = read_scheme_text(accented, "ok.yaml");
    ASSERT_TRUE(scheme.find_node("1.1.1"));
    EXPECT_EQ(scheme.find_node("1.1.1")->title, "Première action 🎉");
}

TEST(SchemeFileOverlay, AppliesItsValuesAndMarksThemSynthetic) {
    const Scheme scheme =
        apply_overlay_text(read_scheme_text(base, "base.yaml"), overlay, "overlay.yaml");
    const auto i2 = std::find_if(scheme.indicators.begin(), scheme.indicators.end(),
                                 [](const Indicator& i) { return i.code == "I2"; });
    ASSERT_NE(i2, scheme.indicators.end());
    EXPECT_EQ(i2->direction, Direction::down);
    ASSERT_TRUE(i2->baseline);
    EXPECT_EQ(i2->baseline->value, 40);
    ASSERT_TRUE(i2->target && i2->target->value);
    EXPECT_EQ(*i2->target->value, 20);
    EXPECT_TRUE(i2->synthetic_targets);
    const auto i1 = std::find_if(scheme.indicators.begin(), scheme.indicators.end(),
                                 [](const Indicator& i) { return i.code == "I1"; });
    EXPECT_FALSE(i1->synthetic_targets) << "an indicator the overlay leaves keeps its own values";
    const Scheme adopted = apply_overlay_text(read_scheme_text(base, "base.yaml"),
                                              replaced(overlay, "synthetic: true\n", ""), "o.yaml");
    for (const Indicator& i : adopted.indicators)
        EXPECT_FALSE(i.synthetic_targets) << i.code << ": values a committee adopted";
}

TEST(SchemeFileOverlay, ForAnotherSchemeIsRefused) {
    EXPECT_TRUE(overlay_refused(replaced(overlay, "scheme: test-scheme", "scheme: autre-schema"),
                                "scheme: autre", "scheme",
                                "the overlay is for scheme 'autre-schema', not 'test-scheme'"));
}

TEST(SchemeFileOverlay, OfAnotherFormatIsRefused) {
    EXPECT_TRUE(
        overlay_refused(replaced(overlay, "format: jalon-overlay/1", "format: jalon-overlay/2"),
                        "format:", "format",
                        "unsupported format 'jalon-overlay/2' (this Jalon reads jalon-overlay/1)"));
    // A scheme file given as an overlay.
    EXPECT_FALSE(overlay_diagnostics(base).empty());
}

TEST(SchemeFileOverlay, AnUnknownIndicatorIsRefusedAtItsLine) {
    EXPECT_TRUE(overlay_refused(replaced(overlay, "  I2:", "  I9:"), "  I9:", "I9",
                                "no indicator 'I9' in scheme 'test-scheme'"));
}

TEST(SchemeFileOverlay, ItsValuesAreCheckedLikeTheSchemeFilesOwn) {
    EXPECT_TRUE(overlay_refused(inserted_after(overlay, "  I2:", "    colour: red"),
                                "colour:", "colour", "unknown key"));
    EXPECT_FALSE(
        overlay_diagnostics(replaced(overlay, "{value: 20, year: 2029}", "{value: 20, year: 2031}"))
            .empty())
        << "a target year outside the period";
    EXPECT_FALSE(
        overlay_diagnostics(replaced(overlay, "direction: down", "direction: sideways")).empty());
    EXPECT_FALSE(overlay_diagnostics(overlay + "# \xe9\n").empty()) << "not UTF-8";
}

// ---- found by fuzzing (tests/fuzz/, docs/testing.md) -------------------------------------------

// fuzz_scheme_yaml, on its first seed: every mapping's keys were read through a reference to a
// temporary of yaml-cpp's iterator, gone before the key was used (AddressSanitizer:
// stack-use-after-scope). The keys, their names and their lines must come through intact.
TEST(SchemeFileFuzz, MappingKeysOutliveTheIteratorProxy) {
    const std::string minimal = R"(format: jalon-scheme/1
id: minimal
title: Minimal scheme
owner: Test owner
period: {start: 2025, end: 2029}
levels: [action]
nodes:
  - code: A1
    level: action
    title: The only action
)";
    const Scheme scheme = read_scheme_text(minimal, "minimal.yaml");
    EXPECT_EQ(scheme.id, "minimal");
    EXPECT_EQ(scheme.owner, "Test owner");
    ASSERT_EQ(scheme.nodes.size(), 1u);
    EXPECT_EQ(scheme.nodes[0].code, "A1");
    EXPECT_TRUE(refused_once(inserted_after(minimal, "title: The only action", "    [k]: v"),
                             "[k]: v", "", "a key must be a plain word"));
    EXPECT_TRUE(refused_once(inserted_after(minimal, "owner: Test owner", "ownr: Test owner"),
                             "ownr:", "ownr", "unknown key in the scheme"));
}

} // namespace

// ---- what documents say of indicators and territories (issue 17, item 5) ---------------------

TEST(SchemeFileDocumentFacts, IndicatorsKeepTheirInferredCodeProducerSourceAndFrequency) {
    std::string text = inserted_after(base, "method: sum",
                                      "                code_inferred: true\n"
                                      "                producer: CAF de la Vienne\n"
                                      "                source: fichier des allocataires (FILEAS)\n"
                                      "                frequency: Trimestrielle");
    text = inserted_after(text, "method: ratio", "            frequency: one-off");
    const Scheme scheme = read_scheme_text(text, "s.yaml");
    const Indicator& i1 = *scheme.find_indicator("I1");
    EXPECT_TRUE(i1.code_inferred);
    EXPECT_EQ(i1.producer, "CAF de la Vienne");
    EXPECT_EQ(i1.source, "fichier des allocataires (FILEAS)");
    EXPECT_EQ(i1.frequency, Frequency::quarterly);
    const Indicator& i2 = *scheme.find_indicator("I2");
    EXPECT_FALSE(i2.code_inferred);
    EXPECT_EQ(i2.producer, "");
    EXPECT_EQ(i2.frequency, Frequency::one_off) << "English names are read too";
    EXPECT_EQ(to_code(Frequency::one_off), "ponctuelle");
    for (const Frequency f : {Frequency::annual, Frequency::semiannual, Frequency::quarterly,
                              Frequency::monthly, Frequency::multiannual, Frequency::one_off})
        EXPECT_EQ(parse_frequency(to_code(f)), f);
    EXPECT_EQ(parse_frequency("annual"), Frequency::annual);
    EXPECT_EQ(parse_frequency("Annuelle"), Frequency::annual);
    EXPECT_EQ(parse_frequency("yearly"), std::nullopt);
}

TEST(SchemeFileDocumentFacts, TerritoriesKeepTheirKeyFigures) {
    const std::string text =
        inserted_after(base, "name: Territoire Nord",
                       "        figures:\n"
                       "          - {label: habitants, value: 43500, unit: habitants, year: 2021}\n"
                       "          - {label: part des moins de 25 ans, value: 27.5, unit: '%'}");
    const Scheme scheme = read_scheme_text(text, "s.yaml");
    const Territory& nord = *scheme.find_territory("nord");
    ASSERT_EQ(nord.figures.size(), 2u);
    EXPECT_EQ(nord.figures[0], (Figure{"habitants", 43500, "habitants", 2021}));
    EXPECT_EQ(nord.figures[1], (Figure{"part des moins de 25 ans", 27.5, "%", std::nullopt}));
    EXPECT_TRUE(scheme.find_territory("dep")->figures.empty());
}

TEST(SchemeFileDocumentFacts, AnUnknownFrequencyIsRefusedWithTheList) {
    const std::string text =
        inserted_after(base, "method: sum", "                frequency: yearly");
    EXPECT_TRUE(refused_once(text, "frequency: yearly", "frequency",
                             "unknown frequency 'yearly' (expected annuelle, semestrielle, "
                             "trimestrielle, mensuelle, pluriannuelle or ponctuelle)"));
    const std::vector<Diagnostic> d = diagnostics_of(text);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].where.column, 28) << "the column of the value";
}

TEST(SchemeFileDocumentFacts, AFrequencyIsAWordNotAList) {
    const std::string text =
        inserted_after(base, "method: sum", "                frequency: [annuelle]");
    EXPECT_TRUE(refused_once(text, "frequency: [annuelle]", "frequency", "expected a text"));
}

TEST(SchemeFileDocumentFacts, AnIndicatorsCodeInferredIsTrueOrFalse) {
    const std::string text =
        inserted_after(base, "method: ratio", "            code_inferred: maybe");
    EXPECT_TRUE(refused_once(text, "code_inferred: maybe", "code_inferred",
                             "'maybe' is not true or false"));
}

TEST(SchemeFileDocumentFacts, ATerritoryFigureNeedsAValue) {
    const std::string text = inserted_after(base, "name: Territoire Nord",
                                            "        figures:\n"
                                            "          - {label: habitants, unit: habitants}");
    EXPECT_TRUE(refused_once(text, "- {label: habitants, unit: habitants}", "value",
                             "missing required key in a figure"));
}

TEST(SchemeFileDocumentFacts, ATerritoryFigureValueIsANumber) {
    const std::string text = inserted_after(base, "name: Territoire Nord",
                                            "        figures:\n"
                                            "          - {label: habitants, value: beaucoup}");
    EXPECT_TRUE(refused_once(text, "value: beaucoup", "value", "'beaucoup' is not a number"));
}

TEST(SchemeFileDocumentFacts, ATerritoryFigureHasALabel) {
    const std::string text = inserted_after(base, "name: Territoire Nord",
                                            "        figures:\n"
                                            "          - label: ''\n"
                                            "            value: 12");
    EXPECT_TRUE(refused_once(text, "- label: ''", "label", "figure label is empty"));
}

TEST(SchemeFileDocumentFacts, ATerritoryFigureYearIsAYear) {
    const std::string text = inserted_after(base, "name: Territoire Nord",
                                            "        figures:\n"
                                            "          - label: habitants\n"
                                            "            value: 12\n"
                                            "            year: 21");
    EXPECT_TRUE(refused_once(text, "year: 21", "year", "21 is not a year"));
}

TEST(SchemeFileDocumentFacts, TerritoryFiguresAreAList) {
    const std::string text =
        inserted_after(base, "name: Territoire Nord", "        figures: {habitants: 12}");
    EXPECT_TRUE(refused_once(text, "figures: {habitants: 12}", "figures", "expected a list"));
}

// ---- the origin of an overlay's values (issue 17, item 4)
// ----------------------------------------

TEST(SchemeFileOverlay, TheValuesItSetsNameItAsTheirOriginAndTheSchemeListsIt) {
    const Scheme scheme = apply_overlay_text(read_scheme_text(base, "base.yaml"), overlay,
                                             "dossier/cibles-2025.yaml");
    ASSERT_EQ(scheme.overlays.size(), 1u);
    EXPECT_EQ(scheme.overlays[0], (AppliedOverlay{"cibles-2025", "dossier/cibles-2025.yaml", true,
                                                  "Valeurs illustratives."}));
    const Indicator* i2 = scheme.find_indicator("I2");
    ASSERT_TRUE(i2 && i2->baseline && i2->target);
    EXPECT_EQ(i2->baseline->origin, "cibles-2025");
    EXPECT_EQ(i2->target->origin, "cibles-2025");
    const Indicator* i1 = scheme.find_indicator("I1");
    ASSERT_TRUE(i1 && i1->baseline);
    EXPECT_EQ(i1->baseline->origin, "") << "the scheme file's own value";
    for (const Milestone& m : i1->milestones)
        EXPECT_EQ(m.origin, "");

    // An `id` key names it otherwise; milestones it sets take it too.
    const Scheme named = apply_overlay_text(
        read_scheme_text(base, "base.yaml"),
        replaced(overlay, "scheme: test-scheme\n", "id: copil-2026\nscheme: test-scheme\n") +
            "  I1:\n    milestones: [{year: 2027, value: 410}]\n",
        "o.yaml");
    EXPECT_EQ(named.overlays.at(0).id, "copil-2026");
    ASSERT_EQ(named.find_indicator("I1")->milestones.size(), 1u);
    EXPECT_EQ(named.find_indicator("I1")->milestones[0].origin, "copil-2026");
    EXPECT_EQ(named.find_indicator("I1")->baseline->origin, "") << "not in the overlay";
}

TEST(SchemeFileOverlay, TwoOverlaysWithOneIdAreRefusedAtTheSecondsId) {
    const Scheme once = apply_overlay_text(read_scheme_text(base, "base.yaml"), overlay, "a.yaml");
    const std::string second =
        replaced(overlay, "scheme: test-scheme\n", "id: a\nscheme: test-scheme\n");
    try {
        apply_overlay_text(once, second, "b.yaml");
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u) << describe(e.diagnostics());
        EXPECT_EQ(e.diagnostics()[0].to_string(),
                  "b.yaml:2:5: id: overlay 'a' is already applied from a.yaml: give each overlay "
                  "its own id");
    }
    // Without an id key, the file name is the id: the error points at the format line.
    try {
        apply_overlay_text(once, overlay, "dossier/a.yaml");
        ADD_FAILURE() << "accepted";
    } catch (const InputError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u) << describe(e.diagnostics());
        EXPECT_EQ(e.diagnostics()[0].to_string(),
                  "dossier/a.yaml:1:1: id: overlay 'a' is already applied from a.yaml: give each "
                  "overlay its own id");
    }
}

TEST(SchemeFileOverlay, AnEmptyOrOverlongIdIsRefusedAtItsLine) {
    EXPECT_TRUE(overlay_refused(
        replaced(overlay, "scheme: test-scheme\n", "id: ' '\nscheme: test-scheme\n"), "id: ' '",
        "id", "an overlay id is a text of 1 to 200 characters"));
    EXPECT_TRUE(
        overlay_refused(replaced(overlay, "scheme: test-scheme\n",
                                 "id: " + std::string(201, 'x') + "\nscheme: test-scheme\n"),
                        "id: xxx", "id", "an overlay id is a text of 1 to 200 characters"));
    EXPECT_TRUE(overlay_refused(
        replaced(overlay, "scheme: test-scheme\n", "id: [a, b]\nscheme: test-scheme\n"), "id: [a",
        "id", "expected a text"));
}
