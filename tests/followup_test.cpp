// Action follow-up: the store (statuses, narratives and figures per action and year, with their
// history), the evaluative framework read from scheme files, and the `jalon status` commands.
#include "test_support.hpp"

#include <jalon/error.hpp>
#include <jalon/model/action_follow_up.hpp>
#include <jalon/model/evaluative_question.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/follow_up_store.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace jalon {
// Readable failures.
void PrintTo(const EvaluativeQuestion& q, std::ostream* out) {
    *out << "{" << q.code << ", " << to_code(q.criterion) << ", \"" << q.question << "\", "
         << q.indicators.size() << " indicators, " << q.nodes.size() << " nodes, "
         << q.judgement_criteria.size() << " judgement criteria}";
}
void PrintTo(const Figure& f, std::ostream* out) {
    *out << "{" << f.label << " = " << f.value << " " << f.unit << " @"
         << (f.year ? std::to_string(*f.year) : "-") << "}";
}
} // namespace jalon

using namespace jalon;
using namespace jalon::test;
namespace fs = std::filesystem;

namespace {

const std::string blois_id = "blois-bilan-mi-parcours-2020-2026-ville-solidaire";

fs::path blois_file() {
    return source_path("samples/blois-bilan-mi-parcours-2020-2026-ville-solidaire.yaml");
}

Database open_db(const TestDatabase& database) {
    return Database::open(DatabaseUrl::parse(database.url()));
}

// A small scheme to record follow-ups against: two axes, four actions, one declared unplanned
// achievement; period 2024-2027, no status of its own.
const std::string small_scheme = R"(format: jalon-scheme/1
id: suivi-test
title: Schéma de suivi
owner: Ville test
period: {start: 2024, end: 2027}
levels: [axe, action]
nodes:
  - code: A
    level: axe
    title: Premier axe
    children:
      - {code: A1, level: action, title: Première action}
      - {code: A2, level: action, title: Deuxième action}
      - {code: A3, level: action, title: Troisième action}
  - code: B
    level: axe
    title: Second axe
    children:
      - {code: B1, level: action, title: Action du second axe}
unplanned:
  - code: U1
    node: A
    title: Réalisation hors programme
    year: 2025
    narrative: [Fait sans être prévu.]
)";

// A second small scheme sharing the code A1 (and only it) with the first.
const std::string other_scheme = R"(format: jalon-scheme/1
id: suivi-autre
title: Autre schéma
owner: Ville test
period: {start: 2024, end: 2027}
levels: [axe, action]
nodes:
  - code: X
    level: axe
    title: Axe X
    children:
      - {code: A1, level: action, title: Homonyme}
)";

ActionFollowUp follow_up(const std::string& node, int year, ActionStatus status,
                         const std::string& comment = "",
                         const std::string& at = "2025-01-01T00:00:00Z") {
    ActionFollowUp f;
    f.node = node;
    f.year = year;
    f.status = status;
    f.comment = comment;
    f.source = "test";
    f.recorded_at = at;
    f.recorded_by = "tester";
    return f;
}

const ActionFollowUp* find(const std::vector<ActionFollowUp>& all, const std::string& node) {
    for (const ActionFollowUp& f : all)
        if (f.node == node)
            return &f;
    return nullptr;
}

// A store holding the small scheme.
class SmallStore {
public:
    SmallStore() : db_(open_db(database_)) {
        SchemeStore(db_).save(read_scheme_text(small_scheme, "suivi.yaml"), "suivi.yaml");
    }
    FollowUpStore store() { return FollowUpStore(db_); }

private:
    TempDir dir_;
    TestDatabase database_{dir_, "jalon.db"};
    Database db_;
};

void expect_result(const FollowUpResult& r, std::size_t added, std::size_t changed,
                   std::size_t unchanged) {
    EXPECT_EQ(r.added, added);
    EXPECT_EQ(r.changed, changed);
    EXPECT_EQ(r.unchanged, unchanged);
}

} // namespace

// ---- FollowUpStore ------------------------------------------------------------------------------

TEST(FollowUpStore, TheSchemeFilesStatusesNarrativesAndFiguresLandAsFollowUpsOfItsStatusYear) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_db(database);
    const Scheme scheme = read_scheme_file(blois_file());
    ASSERT_EQ(scheme.status_year, 2023);
    SchemeStore(db).save(scheme, "blois.yaml");

    const std::vector<ActionFollowUp> all = FollowUpStore(db).latest(blois_id, 2023);
    ASSERT_EQ(all.size(), 22u);
    std::map<ActionStatus, int> by_status;
    for (const ActionFollowUp& f : all) {
        ++by_status[f.status];
        EXPECT_EQ(f.year, 2023) << f.node;
        EXPECT_EQ(f.source, "blois.yaml") << f.node;
        EXPECT_EQ(f.comment, "") << f.node;
        EXPECT_FALSE(f.recorded_at.empty()) << f.node;
    }
    EXPECT_EQ(by_status[ActionStatus::in_progress], 15);
    EXPECT_EQ(by_status[ActionStatus::done], 5);
    EXPECT_EQ(by_status[ActionStatus::unplanned_done], 2);

    // Every engagement of the document, with its narrative and figures as the file gives them.
    int engagements = 0;
    for (const Node& node : scheme.nodes) {
        if (!node.status)
            continue;
        ++engagements;
        const ActionFollowUp* f = find(all, node.code);
        ASSERT_NE(f, nullptr) << node.code;
        EXPECT_EQ(f->status, *node.status) << node.code;
        EXPECT_EQ(f->narrative, node.narrative) << node.code;
        EXPECT_EQ(f->figures, node.figures) << node.code;
        EXPECT_FALSE(f->unplanned) << node.code;
    }
    EXPECT_EQ(engagements, 20);
    // Spot checks against the document's text.
    const ActionFollowUp* first = find(all, "1.1");
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->status, ActionStatus::in_progress);
    ASSERT_EQ(first->figures.size(), 3u);
    EXPECT_EQ(first->figures[0].value, 7);
    EXPECT_EQ(first->figures[0].unit, "places");
    EXPECT_EQ(first->figures[1].value, 13700);
    EXPECT_EQ(first->figures[1].unit, "€");
    EXPECT_EQ(first->figures[2].year, 2022);
    EXPECT_EQ(find(all, "1.7")->status, ActionStatus::done);
    EXPECT_EQ(find(all, "1.5")->narrative.size(), 7u);

    // The two achievements outside the plan.
    ASSERT_EQ(scheme.unplanned.size(), 2u);
    for (const Node& item : scheme.unplanned) {
        const ActionFollowUp* f = find(all, item.code);
        ASSERT_NE(f, nullptr) << item.code;
        EXPECT_EQ(f->status, ActionStatus::unplanned_done) << item.code;
        EXPECT_TRUE(f->unplanned) << item.code;
        EXPECT_EQ(f->title, item.title) << item.code;
        EXPECT_EQ(f->narrative, item.narrative) << item.code;
        EXPECT_EQ(f->figures, item.figures) << item.code;
        EXPECT_EQ(f->attached_to, std::nullopt) << item.code;
    }
    const ActionFollowUp* covid = find(all, "NP.1");
    EXPECT_EQ(covid->title, "Soutien à la population pendant la pandémie Covid-19");
    EXPECT_EQ(covid->narrative.size(), 7u);
    ASSERT_EQ(covid->figures.size(), 3u);
    EXPECT_EQ(covid->figures[2].value, 1000);
    EXPECT_EQ(covid->figures[2].unit, "vaccins par jour");
    const ActionFollowUp* food = find(all, "NP.2");
    EXPECT_EQ(food->title, "Soutien à l’aide alimentaire…");
    EXPECT_EQ(food->narrative.size(), 2u);
    ASSERT_EQ(food->figures.size(), 1u);
    EXPECT_EQ(food->figures[0].value, 2021);

    // Nothing before the status year; the same 22 later.
    EXPECT_TRUE(FollowUpStore(db).latest(blois_id, 2022).empty());
    EXPECT_EQ(FollowUpStore(db).latest(blois_id, 2026).size(), 22u);
    // Each has one version: the current one.
    const auto versions = FollowUpStore(db).history(blois_id, "1.1");
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_EQ(versions[0].replaced_at, "");
}

TEST(FollowUpStore, RecordCountsAddedChangedAndUnchanged) {
    SmallStore s;
    expect_result(s.store().record("suivi-test", {follow_up("A1", 2025, ActionStatus::in_progress),
                                                  follow_up("A2", 2025, ActionStatus::done)}),
                  2, 0, 0);
    expect_result(s.store().record("suivi-test", {follow_up("A1", 2025, ActionStatus::in_progress),
                                                  follow_up("A2", 2025, ActionStatus::done)}),
                  0, 0, 2);
    // One changed (status), one the same, one new (another year of the same node).
    expect_result(s.store().record("suivi-test", {follow_up("A1", 2025, ActionStatus::done),
                                                  follow_up("A2", 2025, ActionStatus::done),
                                                  follow_up("A2", 2026, ActionStatus::done)}),
                  1, 1, 1);
    // A change of comment, narrative or figures alone is a change too.
    ActionFollowUp commented = follow_up("A2", 2025, ActionStatus::done, "Commentaire");
    expect_result(s.store().record("suivi-test", {commented}), 0, 1, 0);
    commented.narrative = {"Un point"};
    expect_result(s.store().record("suivi-test", {commented}), 0, 1, 0);
    commented.figures = {Figure{"places", 7, "places", 2022}};
    expect_result(s.store().record("suivi-test", {commented}), 0, 1, 0);
    // Who, when and from where are not content.
    ActionFollowUp again = commented;
    again.source = "autre.csv";
    again.recorded_by = "autre";
    again.recorded_at = "2026-06-01T00:00:00Z";
    expect_result(s.store().record("suivi-test", {again}), 0, 0, 1);
}

TEST(FollowUpStore, AChangedRecordKeepsThePreviousOneInTheHistoryWithWhenItWasReplaced) {
    SmallStore s;
    ActionFollowUp before =
        follow_up("A1", 2025, ActionStatus::in_progress, "Démarré", "2025-03-01T10:00:00Z");
    before.narrative = {"Premier comité"};
    before.figures = {Figure{"réunions", 2, "réunions", std::nullopt}};
    s.store().record("suivi-test", {before});
    ActionFollowUp after =
        follow_up("A1", 2025, ActionStatus::done, "Terminé", "2025-11-02T09:30:00Z");
    after.source = "bilan.csv";
    s.store().record("suivi-test", {after});

    const std::vector<FollowUpVersion> versions = s.store().history("suivi-test", "A1");
    ASSERT_EQ(versions.size(), 2u);
    const ActionFollowUp& old = versions[0].follow_up;
    EXPECT_EQ(versions[0].replaced_at, "2025-11-02T09:30:00Z");
    EXPECT_EQ(old.status, ActionStatus::in_progress);
    EXPECT_EQ(old.comment, "Démarré");
    EXPECT_EQ(old.narrative, before.narrative);
    EXPECT_EQ(old.figures, before.figures);
    EXPECT_EQ(old.recorded_at, "2025-03-01T10:00:00Z");
    EXPECT_EQ(old.source, "test");
    EXPECT_EQ(versions[1].replaced_at, "");
    EXPECT_EQ(versions[1].follow_up.status, ActionStatus::done);
    EXPECT_EQ(versions[1].follow_up.comment, "Terminé");
    EXPECT_EQ(versions[1].follow_up.source, "bilan.csv");
    EXPECT_TRUE(versions[1].follow_up.narrative.empty());

    // The current one is what latest() gives (with U1, which the scheme file dates 2025).
    const auto latest = s.store().latest("suivi-test", 2025);
    ASSERT_EQ(latest.size(), 2u);
    ASSERT_NE(find(latest, "A1"), nullptr);
    EXPECT_EQ(find(latest, "A1")->status, ActionStatus::done);
    EXPECT_EQ(find(latest, "U1")->status, ActionStatus::unplanned_done);
    // Another node has no history.
    EXPECT_TRUE(s.store().history("suivi-test", "A2").empty());
}

TEST(FollowUpStore, TheSameContentTwiceAddsNoHistory) {
    SmallStore s;
    ActionFollowUp f =
        follow_up("A1", 2025, ActionStatus::postponed, "Report", "2025-03-01T10:00:00Z");
    f.narrative = {"a", "b"};
    s.store().record("suivi-test", {f});
    f.recorded_at = "2025-04-01T10:00:00Z";
    f.source = "deuxième.csv";
    s.store().record("suivi-test", {f});
    s.store().record("suivi-test", {f});
    const auto versions = s.store().history("suivi-test", "A1");
    ASSERT_EQ(versions.size(), 1u);
    EXPECT_EQ(versions[0].replaced_at, "");
    EXPECT_EQ(versions[0].follow_up.recorded_at, "2025-03-01T10:00:00Z") << "the first stays";
    EXPECT_EQ(versions[0].follow_up.narrative, f.narrative);
}

TEST(FollowUpStore, LatestPicksEachNodesLatestYearUpToTheYear) {
    SmallStore s;
    s.store().record("suivi-test", {follow_up("A1", 2024, ActionStatus::not_started, "a24"),
                                    follow_up("A1", 2026, ActionStatus::done, "a26"),
                                    follow_up("A1", 2025, ActionStatus::in_progress, "a25"),
                                    follow_up("B1", 2025, ActionStatus::postponed, "b25"),
                                    follow_up("A2", 2027, ActionStatus::dropped, "a27")});
    const auto comments = [&](int year) {
        std::vector<std::string> out;
        for (const ActionFollowUp& f : s.store().latest("suivi-test", year))
            out.push_back(f.node + ":" + f.comment);
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(comments(2023), V{});
    EXPECT_EQ(comments(2024), (V{"A1:a24"}));
    // U1 is the scheme file's achievement outside the plan, of 2025.
    EXPECT_EQ(comments(2025), (V{"A1:a25", "B1:b25", "U1:"}));
    EXPECT_EQ(comments(2026), (V{"A1:a26", "B1:b25", "U1:"}));
    EXPECT_EQ(comments(2027), (V{"A1:a26", "A2:a27", "B1:b25", "U1:"}));
    EXPECT_EQ(comments(2099), (V{"A1:a26", "A2:a27", "B1:b25", "U1:"}));
    // Each year is its own record: history lists them year by year, oldest first.
    const auto versions = s.store().history("suivi-test", "A1");
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(versions[0].follow_up.year, 2024);
    EXPECT_EQ(versions[1].follow_up.year, 2025);
    EXPECT_EQ(versions[2].follow_up.year, 2026);
    for (const auto& v : versions)
        EXPECT_EQ(v.replaced_at, "");
}

TEST(FollowUpStore, ReimportingTheSchemeFileWithAChangedStatusRecordsTheChangeWithItsHistory) {
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_db(database);
    const std::string text = read_file(blois_file());
    SchemeStore(db).save(read_scheme_text(text, "blois.yaml"), "blois.yaml");
    // The same file again changes nothing.
    SchemeStore(db).save(read_scheme_text(text, "blois.yaml"), "blois.yaml");
    EXPECT_EQ(FollowUpStore(db).history(blois_id, "1.1").size(), 1u);

    // Engagement 1.1 (the first status of the file) becomes réalisé.
    std::string changed = text;
    const auto at = changed.find("status: en-cours");
    ASSERT_NE(at, std::string::npos);
    changed.replace(at, std::string("status: en-cours").size(), "status: realise");
    const Scheme scheme = read_scheme_text(changed, "blois-v2.yaml");
    ASSERT_EQ(scheme.find_node("1.1")->status, ActionStatus::done);
    SchemeStore(db).save(scheme, "blois-v2.yaml");

    const auto versions = FollowUpStore(db).history(blois_id, "1.1");
    ASSERT_EQ(versions.size(), 2u);
    EXPECT_EQ(versions[0].follow_up.status, ActionStatus::in_progress);
    EXPECT_EQ(versions[0].follow_up.source, "blois.yaml");
    EXPECT_FALSE(versions[0].replaced_at.empty());
    EXPECT_EQ(versions[0].replaced_at, versions[1].follow_up.recorded_at);
    EXPECT_EQ(versions[1].follow_up.status, ActionStatus::done);
    EXPECT_EQ(versions[1].follow_up.source, "blois-v2.yaml");
    EXPECT_EQ(versions[1].replaced_at, "");
    EXPECT_EQ(versions[1].follow_up.narrative, scheme.find_node("1.1")->narrative);
    // The others did not change.
    EXPECT_EQ(FollowUpStore(db).history(blois_id, "1.2").size(), 1u);
    EXPECT_EQ(FollowUpStore(db).history(blois_id, "NP.1").size(), 1u);
    const auto all = FollowUpStore(db).latest(blois_id, 2023);
    ASSERT_EQ(all.size(), 22u);
    EXPECT_EQ(std::count_if(all.begin(), all.end(),
                            [](const ActionFollowUp& f) { return f.status == ActionStatus::done; }),
              6);
}

// ---- Evaluative framework ----------------------------------------------------------------------

namespace {

// 24 lines; the `evaluation:` block a test appends starts on line 25.
const std::string framework_base = R"(format: jalon-scheme/1
id: referentiel-test
title: Référentiel
owner: Ville test
period: {start: 2024, end: 2027}
levels: [axe, action]
nodes:
  - code: "1"
    level: axe
    title: Accès à l'emploi
    children:
      - code: "1.1"
        level: action
        title: Accompagner vers l'emploi
        indicators:
          - code: "1.1-I1"
            label: Personnes accompagnées
            level: realisation
          - code: "1.1-I2"
            label: Sorties vers l'emploi
            level: resultat
  - code: "2"
    level: axe
    title: Santé
)";
constexpr int first_question_line = 27; // evaluation: (25), questions: (26), - code: (27)

std::string with_questions(const std::string& questions) {
    return framework_base + "evaluation:\n  questions:\n" + questions;
}

std::vector<Diagnostic> diagnostics_of(const std::string& text) {
    try {
        read_scheme_text(text, "referentiel.yaml");
    } catch (const InputError& error) {
        return error.diagnostics();
    }
    ADD_FAILURE() << "expected an InputError for:\n" << text;
    return {};
}

// The single problem of a scheme text, with its line, column and key.
void expect_problem(const std::string& text, int line, int column, const std::string& key,
                    const std::string& message_part) {
    const auto found = diagnostics_of(text);
    ASSERT_EQ(found.size(), 1u) << [&] {
        std::string all;
        for (const Diagnostic& d : found)
            all += d.to_string() + "\n";
        return all;
    }();
    const Diagnostic& d = found[0];
    EXPECT_EQ(d.where.file, "referentiel.yaml");
    EXPECT_EQ(d.where.line, line) << d.to_string();
    EXPECT_EQ(d.where.column, column) << d.to_string();
    EXPECT_EQ(d.key, key) << d.to_string();
    EXPECT_CONTAINS(d.message, message_part);
}

} // namespace

TEST(EvaluativeFramework, FrameworkBaseIsValidAndHasTheLinesTheTestsCount) {
    const Scheme scheme = read_scheme_text(framework_base, "referentiel.yaml");
    EXPECT_TRUE(scheme.questions.empty());
    EXPECT_EQ(std::count(framework_base.begin(), framework_base.end(), '\n'), 24);
}

TEST(EvaluativeFramework, AValidQuestionReadsBackThroughTheStore) {
    const std::string text = with_questions(R"(    - code: Q1
      criterion: efficacite
      question: Les habitants accèdent-ils davantage à l'emploi ?
      indicators: ["1.1-I1", "1.1-I2"]
      nodes: ["1.1"]
      judgement_criteria:
        - La part des personnes accompagnées progresse.
        - Les sorties vers l'emploi atteignent la cible.
    - code: Q2
      criterion: pertinence
      question: L'axe santé répond-il aux besoins ?
      nodes: ["2"]
    - code: Q3
      criterion: durabilite
      question: Les effets durent-ils ?
      indicators: ["1.1-I2"]
)");
    const Scheme scheme = read_scheme_text(text, "referentiel.yaml");
    ASSERT_EQ(scheme.questions.size(), 3u);
    const EvaluativeQuestion& q = scheme.questions[0];
    EXPECT_EQ(q.code, "Q1");
    EXPECT_EQ(q.criterion, EvaluationCriterion::effectiveness);
    EXPECT_EQ(q.question, "Les habitants accèdent-ils davantage à l'emploi ?");
    EXPECT_EQ(q.indicators, (std::vector<std::string>{"1.1-I1", "1.1-I2"}));
    EXPECT_EQ(q.nodes, (std::vector<std::string>{"1.1"}));
    EXPECT_EQ(q.judgement_criteria,
              (std::vector<std::string>{"La part des personnes accompagnées progresse.",
                                        "Les sorties vers l'emploi atteignent la cible."}));
    EXPECT_EQ(scheme.questions[1].criterion, EvaluationCriterion::relevance);
    EXPECT_TRUE(scheme.questions[1].indicators.empty());
    EXPECT_EQ(scheme.questions[2].criterion, EvaluationCriterion::sustainability);
    EXPECT_TRUE(scheme.questions[2].nodes.empty());
    EXPECT_TRUE(scheme.questions[2].judgement_criteria.empty());

    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_db(database);
    SchemeStore(db).save(scheme, "referentiel.yaml");
    const auto loaded = SchemeStore(db).load("referentiel-test");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->questions, scheme.questions);
    EXPECT_TRUE(loaded->questions[0] == q);
}

TEST(EvaluativeFramework, ReimportingASchemeWithQuestionsUpdatesThemInPlace) {
    const std::string first = with_questions(R"(    - code: Q1
      criterion: efficacite
      question: Première version ?
      indicators: ["1.1-I1"]
      judgement_criteria: [Un critère]
    - code: Q2
      criterion: impact
      question: Seconde ?
      nodes: ["2"]
)");
    const std::string second = with_questions(R"(    - code: Q1
      criterion: pertinence
      question: Seconde version ?
      nodes: ["1.1"]
      judgement_criteria: [Autre critère, Encore un]
    - code: Q3
      criterion: coherence
      question: Nouvelle ?
      indicators: ["1.1-I2"]
)");
    TempDir dir;
    const TestDatabase database(dir, "jalon.db");
    Database db = open_db(database);
    SchemeStore(db).save(read_scheme_text(first, "referentiel.yaml"), "referentiel.yaml");
    // The same file again (docs/scheme-format.md, Re-import: updated in place).
    const Scheme same = read_scheme_text(first, "referentiel.yaml");
    EXPECT_NO_THROW(SchemeStore(db).save(same, "referentiel.yaml"));
    EXPECT_EQ(SchemeStore(db).load("referentiel-test")->questions, same.questions);
    // A changed framework replaces the stored one.
    const Scheme changed = read_scheme_text(second, "referentiel-v2.yaml");
    EXPECT_NO_THROW(SchemeStore(db).save(changed, "referentiel-v2.yaml"));
    EXPECT_EQ(SchemeStore(db).load("referentiel-test")->questions, changed.questions);
}

TEST(EvaluativeFramework, CriterionNamesWithAccentsAndCapitalsAreAccepted) {
    const std::vector<std::pair<std::string, EvaluationCriterion>> cases{
        {"Efficacité", EvaluationCriterion::effectiveness},
        {"efficacité", EvaluationCriterion::effectiveness},
        {"Pertinence", EvaluationCriterion::relevance},
        {"Cohérence", EvaluationCriterion::coherence},
        {"Efficience", EvaluationCriterion::efficiency},
        {"IMPACT", EvaluationCriterion::impact},
        {"Durabilité", EvaluationCriterion::sustainability}};
    for (const auto& [word, criterion] : cases) {
        const Scheme scheme = read_scheme_text(with_questions("    - code: Q1\n"
                                                              "      criterion: " +
                                                              word +
                                                              "\n"
                                                              "      question: Pourquoi ?\n"
                                                              "      nodes: [\"1\"]\n"),
                                               "referentiel.yaml");
        ASSERT_EQ(scheme.questions.size(), 1u) << word;
        EXPECT_EQ(scheme.questions[0].criterion, criterion) << word;
    }
    for (const EvaluationCriterion c : all_evaluation_criteria)
        EXPECT_EQ(parse_evaluation_criterion(to_code(c)), c);
}

TEST(EvaluativeFramework, UnknownCriterionIsAnErrorAtItsValue) {
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: rapidite\n"
                                  "      question: Pourquoi ?\n"
                                  "      nodes: [\"1\"]\n"),
                   first_question_line + 1, 18, "criterion", "unknown criterion 'rapidite'");
}

TEST(EvaluativeFramework, UnknownIndicatorCodeIsAnErrorAtItsItem) {
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: efficacite\n"
                                  "      question: Pourquoi ?\n"
                                  "      indicators: [\"1.1-I1\", \"1.1-I9\"]\n"),
                   first_question_line + 3, 30, "indicators", "no indicator '1.1-I9'");
    // A node code is not an indicator code.
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: efficacite\n"
                                  "      question: Pourquoi ?\n"
                                  "      indicators:\n"
                                  "        - \"1.1\"\n"),
                   first_question_line + 4, 11, "indicators", "no indicator '1.1'");
}

TEST(EvaluativeFramework, UnknownNodeCodeIsAnErrorAtItsItem) {
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: impact\n"
                                  "      question: Pourquoi ?\n"
                                  "      nodes: [\"1\", \"9.9\"]\n"),
                   first_question_line + 3, 20, "nodes", "no node '9.9'");
    // An indicator code is not a node code.
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: impact\n"
                                  "      question: Pourquoi ?\n"
                                  "      nodes:\n"
                                  "        - \"1.1-I1\"\n"),
                   first_question_line + 4, 11, "nodes", "no node '1.1-I1'");
}

TEST(EvaluativeFramework, AQuestionWithNeitherIndicatorsNorNodesIsAnError) {
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: efficience\n"
                                  "      question: Pourquoi ?\n"
                                  "      judgement_criteria: [Un critère]\n"),
                   first_question_line, 7, "indicators", "name the indicators and/or nodes");
    // Empty lists are no better.
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: efficience\n"
                                  "      question: Pourquoi ?\n"
                                  "      indicators: []\n"
                                  "      nodes: []\n"),
                   first_question_line + 3, 19, "indicators", "name the indicators and/or nodes");
}

TEST(EvaluativeFramework, DuplicateQuestionCodeIsAnErrorOnTheSecond) {
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: efficacite\n"
                                  "      question: Première ?\n"
                                  "      nodes: [\"1\"]\n"
                                  "    - code: Q1\n"
                                  "      criterion: impact\n"
                                  "      question: Seconde ?\n"
                                  "      nodes: [\"2\"]\n"),
                   first_question_line + 4, 13, "code", "question code 'Q1' is used twice");
}

TEST(EvaluativeFramework, MissingQuestionKeyIsAnErrorAtTheQuestion) {
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: efficacite\n"
                                  "      nodes: [\"1\"]\n"),
                   first_question_line, 7, "question", "missing required key");
}

TEST(EvaluativeFramework, UnknownKeyInAQuestionIsAnError) {
    expect_problem(with_questions("    - code: Q1\n"
                                  "      criterion: efficacite\n"
                                  "      question: Pourquoi ?\n"
                                  "      nodes: [\"1\"]\n"
                                  "      indicator: [\"1.1-I1\"]\n"),
                   first_question_line + 4, 7, "indicator", "unknown key");
}

// ---- jalon status set / history / import -------------------------------------------------------

namespace {

// A database holding the small scheme (and the other one), driven through the command line.
class Workspace {
public:
    Workspace() {
        write_file(dir_ / "suivi.yaml", small_scheme);
        const RunResult r = jalon({"scheme", "import", (dir_ / "suivi.yaml").string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    const std::string& url() const { return database_.url(); }
    RunResult jalon(std::vector<std::string> args) const {
        args.insert(args.begin(), database_.arg());
        return run_jalon(args);
    }
    RunResult set(std::vector<std::string> args) const {
        args.insert(args.begin(), {"status", "set", "--scheme", "suivi-test"});
        return jalon(args);
    }
    std::string file(const std::string& name, const std::string& content) const {
        write_file(dir_ / name, content);
        return (dir_ / name).string();
    }
    std::vector<std::string> state() const { return stored_state(url()); }
    std::vector<ActionFollowUp> latest(const std::string& scheme = "suivi-test",
                                       int year = 2027) const {
        Database db = Database::open(DatabaseUrl::parse(url()));
        return FollowUpStore(db).latest(scheme, year);
    }
    std::optional<ActionFollowUp> stored(const std::string& node, int year,
                                         const std::string& scheme = "suivi-test") const {
        for (const ActionFollowUp& f : latest(scheme, year))
            if (f.node == node && f.year == year)
                return f;
        return std::nullopt;
    }

private:
    TempDir dir_;
    TestDatabase database_{dir_, "jalon.db"};
};

// A command rejected as bad input: exit 2, nothing on stdout, the database unchanged (a SQLite
// file byte-identical, a PostgreSQL schema with the same rows); its stderr.
std::string rejected(const Workspace& ws, const std::vector<std::string>& args) {
    const std::vector<std::string> before = ws.state();
    EXPECT_FALSE(before.empty());
    const RunResult r = ws.jalon(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(ws.state() == before) << "the database changed";
    return r.err;
}

std::vector<std::string> set_args(std::vector<std::string> args) {
    args.insert(args.begin(), {"status", "set", "--scheme", "suivi-test"});
    return args;
}

} // namespace

TEST(StatusCliSet, RecordsStatusWordsAsPeopleWriteThem) {
    Workspace ws;
    struct Case {
        std::string node, year, word;
        ActionStatus status;
    };
    const std::vector<Case> cases{{"A1", "2024", "Réalisé", ActionStatus::done},
                                  {"A1", "2025", "EN COURS", ActionStatus::in_progress},
                                  {"A1", "2026", "non engagé", ActionStatus::not_started},
                                  {"A1", "2027", "Reporté", ActionStatus::postponed},
                                  {"A2", "2024", "abandonné", ActionStatus::dropped},
                                  {"A2", "2025", "NON_ENGAGE", ActionStatus::not_started},
                                  {"A2", "2026", "en-cours", ActionStatus::in_progress},
                                  {"A2", "2027", "realise", ActionStatus::done},
                                  {"B1", "2024", "Abandonne", ActionStatus::dropped}};
    for (const Case& c : cases) {
        const RunResult r = ws.set({"--node", c.node, "--year", c.year, "--status", c.word});
        ASSERT_EQ(r.exit_code, 0) << c.word << ": " << r.err;
        EXPECT_EQ(r.out, "recorded " + c.node + " " + c.year + ": " +
                             std::string(to_code(c.status)) + "\n")
            << c.word;
        const auto f = ws.stored(c.node, std::stoi(c.year));
        ASSERT_TRUE(f) << c.word;
        EXPECT_EQ(f->status, c.status) << c.word;
        EXPECT_EQ(f->source, "jalon status set");
        EXPECT_FALSE(f->unplanned);
    }
}

TEST(StatusCliSet, RecordsCommentNarrativeBulletsAndFigures) {
    Workspace ws;
    const RunResult r = ws.set({"--node",      "A1",
                                "--year",      "2025",
                                "--status",    "en cours",
                                "--comment",   "Démarré en mars",
                                "--narrative", "Premier comité réuni",
                                "--narrative", "Convention signée",
                                "--figure",    "places=7 places@2022",
                                "--figure",    "taux de recours=12,5 %",
                                "--figure",    "vaccins=1000",
                                "--by",        "alice"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "recorded A1 2025: en-cours\n");
    const auto f = ws.stored("A1", 2025);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->status, ActionStatus::in_progress);
    EXPECT_EQ(f->comment, "Démarré en mars");
    EXPECT_EQ(f->narrative,
              (std::vector<std::string>{"Premier comité réuni", "Convention signée"}));
    ASSERT_EQ(f->figures.size(), 3u);
    EXPECT_EQ(f->figures[0], (Figure{"places", 7, "places", 2022}));
    EXPECT_EQ(f->figures[1], (Figure{"taux de recours", 12.5, "%", std::nullopt}));
    EXPECT_EQ(f->figures[2], (Figure{"vaccins", 1000, "", std::nullopt}));
    EXPECT_EQ(f->recorded_by, "alice");
    EXPECT_FALSE(f->unplanned);
    EXPECT_EQ(f->recorded_at.size(), 20u) << f->recorded_at; // 2025-01-01T00:00:00Z

    // The same again changes nothing; another status updates.
    const RunResult same = ws.set(
        {"--node", "A1", "--year", "2025", "--status", "En cours", "--comment", "Démarré en mars",
         "--narrative", "Premier comité réuni", "--narrative", "Convention signée", "--figure",
         "places=7 places@2022", "--figure", "taux de recours=12,5 %", "--figure", "vaccins=1000"});
    ASSERT_EQ(same.exit_code, 0) << same.err;
    EXPECT_EQ(same.out, "unchanged A1 2025: en-cours\n");
    const RunResult updated = ws.set({"--node", "A1", "--year", "2025", "--status", "réalisé"});
    ASSERT_EQ(updated.exit_code, 0) << updated.err;
    EXPECT_EQ(updated.out, "updated A1 2025: realise\n");
    EXPECT_TRUE(ws.stored("A1", 2025)->narrative.empty());
}

TEST(StatusCliSet, MalformedFiguresAreUsageErrors) {
    Workspace ws;
    for (const std::string figure :
         {"places", "=7", "places=sept", "places=7 places@20x2", "places="}) {
        const std::string err = rejected(ws, set_args({"--node", "A1", "--year", "2025", "--status",
                                                       "realise", "--figure", figure}));
        EXPECT_CONTAINS(err, "--figure");
    }
}

TEST(StatusCliSet, FigureValuesFollowTheGrammarOfDataFiles) {
    Workspace ws;
    for (const std::string figure : {"places=.5", "places=5.", "places=5,", "places=nan",
                                     "places=inf places", "places=1e-320"}) {
        const std::string err = rejected(ws, set_args({"--node", "A1", "--year", "2025", "--status",
                                                       "realise", "--figure", figure}));
        EXPECT_CONTAINS(err, "--figure '" + figure + "'");
        EXPECT_CONTAINS(err, figure == "places=1e-320" ? "is out of range" : "is not a number");
    }
    const RunResult r = ws.set({"--node", "A1", "--year", "2025", "--status", "realise", "--figure",
                                "taux=-0,5 %", "--figure", "places=1.5e3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto f = ws.stored("A1", 2025);
    ASSERT_TRUE(f);
    ASSERT_EQ(f->figures.size(), 2u);
    EXPECT_EQ(f->figures[0].value, -0.5);
    EXPECT_EQ(f->figures[1].value, 1500);
}

TEST(StatusCliSet, UnknownNodeYearOutsideThePeriodAndUnknownStatusExitTwoAndWriteNothing) {
    Workspace ws;
    ASSERT_EQ(ws.set({"--node", "A1", "--year", "2025", "--status", "en cours"}).exit_code, 0);
    std::string err =
        rejected(ws, set_args({"--node", "ZZ", "--year", "2025", "--status", "realise"}));
    EXPECT_CONTAINS(err, "no node 'ZZ' in scheme 'suivi-test'");
    err = rejected(ws, set_args({"--node", "A1", "--year", "2028", "--status", "realise"}));
    EXPECT_CONTAINS(err, "year 2028 is outside the period 2024-2027");
    err = rejected(ws, set_args({"--node", "A1", "--year", "2023", "--status", "realise"}));
    EXPECT_CONTAINS(err, "outside the period");
    err = rejected(ws, set_args({"--node", "A1", "--year", "2025", "--status", "fini"}));
    EXPECT_CONTAINS(err, "unknown status 'fini'");
    // An action of the plan is not an achievement outside it.
    err =
        rejected(ws, set_args({"--node", "A1", "--year", "2025", "--status", "réalisé non prévu"}));
    EXPECT_CONTAINS(err, "unknown status");
    // Without --status.
    err = rejected(ws, set_args({"--node", "A1", "--year", "2025"}));
    EXPECT_CONTAINS(err, "--status");
    // An unknown scheme.
    err = rejected(ws, {"status", "set", "--scheme", "inconnu", "--node", "A1", "--year", "2025",
                        "--status", "realise"});
    EXPECT_CONTAINS(err, "no scheme 'inconnu'");
    EXPECT_EQ(ws.stored("A1", 2025)->status, ActionStatus::in_progress);
}

TEST(StatusCliSet, RecordsAnAchievementOutsideThePlanWithItsTitleAndNode) {
    Workspace ws;
    const RunResult r =
        ws.set({"--unplanned", "--node", "NP.9", "--year", "2026", "--title",
                "Aide d'urgence <inondation>", "--under", "A", "--narrative",
                "Distribution de colis", "--figure", "colis distribués=2000 colis@2026"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "recorded NP.9 2026: realise-non-prevu\n");
    const auto f = ws.stored("NP.9", 2026);
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->unplanned);
    EXPECT_EQ(f->status, ActionStatus::unplanned_done);
    EXPECT_EQ(f->title, "Aide d'urgence <inondation>");
    EXPECT_EQ(f->attached_to, std::optional<std::string>("A"));
    EXPECT_EQ(f->narrative, std::vector<std::string>{"Distribution de colis"});
    ASSERT_EQ(f->figures.size(), 1u);
    EXPECT_EQ(f->figures[0], (Figure{"colis distribués", 2000, "colis", 2026}));
    // Without --under it relates to the scheme as a whole.
    ASSERT_EQ(
        ws.set({"--unplanned", "--node", "NP.10", "--year", "2026", "--title", "Autre"}).exit_code,
        0);
    EXPECT_EQ(ws.stored("NP.10", 2026)->attached_to, std::nullopt);

    // The declared unplanned achievement takes a status like an action and stays unplanned.
    const RunResult declared = ws.set({"--node", "U1", "--year", "2026", "--status", "réalisé"});
    ASSERT_EQ(declared.exit_code, 0) << declared.err;
    EXPECT_TRUE(ws.stored("U1", 2026)->unplanned);

    std::string err = rejected(ws, set_args({"--unplanned", "--node", "NP.11", "--year", "2026"}));
    EXPECT_CONTAINS(err, "--unplanned needs --title");
    err = rejected(ws, set_args({"--unplanned", "--node", "A1", "--year", "2026", "--title", "X"}));
    EXPECT_CONTAINS(err, "is a node of the plan");
    err = rejected(ws, set_args({"--unplanned", "--node", "NP.11", "--year", "2026", "--title", "X",
                                 "--under", "ZZ"}));
    EXPECT_CONTAINS(err, "--under: no node 'ZZ'");
    err = rejected(ws,
                   set_args({"--unplanned", "--node", "NP.11", "--year", "2031", "--title", "X"}));
    EXPECT_CONTAINS(err, "outside the period");
}

TEST(StatusCliHistory, ListsEveryVersionWithWhenWhoAndFromWhere) {
    Workspace ws;
    ASSERT_EQ(ws.set({"--node", "A1", "--year", "2025", "--status", "en cours", "--comment",
                      "Démarré", "--by", "alice"})
                  .exit_code,
              0);
    ASSERT_EQ(
        ws.set({"--node", "A1", "--year", "2025", "--status", "réalisé", "--by", "bob"}).exit_code,
        0);
    ASSERT_EQ(ws.set({"--node", "A1", "--year", "2026", "--status", "réalisé", "--by", "carole"})
                  .exit_code,
              0);
    const RunResult r = ws.jalon({"status", "history", "--scheme", "suivi-test", "--node", "A1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto versions = [&] {
        Database db = Database::open(DatabaseUrl::parse(ws.url()));
        return FollowUpStore(db).history("suivi-test", "A1");
    }();
    ASSERT_EQ(versions.size(), 3u);
    const std::string expected =
        "2025  en-cours  " + versions[0].follow_up.recorded_at +
        "  alice  jalon status set  replaced " + versions[0].replaced_at + "\n      Démarré\n" +
        "2025  realise  " + versions[1].follow_up.recorded_at +
        "  bob  jalon status set  (current)\n" + "2026  realise  " +
        versions[2].follow_up.recorded_at + "  carole  jalon status set  (current)\n";
    EXPECT_EQ(r.out, expected);
    EXPECT_FALSE(versions[0].replaced_at.empty());

    const RunResult none =
        ws.jalon({"status", "history", "--scheme", "suivi-test", "--node", "B1"});
    EXPECT_EQ(none.exit_code, 0);
    EXPECT_EQ(none.out, "no follow-up of B1 in suivi-test\n");
}

TEST(StatusCliHistory, StoredControlCharactersAreListedEscapedNotSentToTheTerminal) {
    Workspace ws;
    // OSC (retitle the window), CSI through ESC and as the C1 control U+009B (clear the screen),
    // a carriage return (overwrite the line), DEL; then tab, accents and a bidi mark, which stay.
    const std::string comment = "a\x1b]0;pwned\x07 b\x1b[2J c\xc2\x9b"
                                "2J d\re\x7f f\tg é \u202e";
    ASSERT_EQ(ws.set({"--node", "A1", "--year", "2025", "--status", "en cours", "--comment",
                      comment, "--by", "eve\x1b[8m"})
                  .exit_code,
              0);
    const auto stored = ws.stored("A1", 2025);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->comment, comment) << "stored as written";
    EXPECT_EQ(stored->recorded_by, "eve\x1b[8m");

    const RunResult r = ws.jalon({"status", "history", "--scheme", "suivi-test", "--node", "A1"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char control : {'\x1b', '\x07', '\r', '\x7f'})
        EXPECT_EQ(r.out.find(control), std::string::npos) << int(control) << " in " << r.out;
    EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  eve\\x1B[8m  "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n      a\\x1B]0;pwned\\x07 b\\x1B[2J c\\u009B2J d\\x0De\\x7F f\tg é "
                         "\u202e\n"),
              std::string::npos)
        << r.out;
}

namespace {

// Where a problem of a status file is reported: "FILE:LINE:COLUMN: KEY: " (or "FILE:LINE: " for a
// problem of a whole row, which has no column).
std::string at(const std::string& file, int line, int column, const std::string& key) {
    return "jalon: error: " + file + ":" + std::to_string(line) +
           (column ? ":" + std::to_string(column) : "") + ": " + (key.empty() ? "" : key + ": ");
}

// A rejected `status import` whose single problem is reported at the place given.
void expect_import_problem(const Workspace& ws, const std::string& file, int line, int column,
                           const std::string& key, const std::string& message_part,
                           bool with_scheme = true) {
    std::vector<std::string> args{"status", "import", file};
    if (with_scheme)
        args.insert(args.end(), {"--scheme", "suivi-test"});
    const std::string err = rejected(ws, args);
    const std::string where = at(file, line, column, key);
    EXPECT_EQ(err.rfind(where, 0), 0u) << "expected to start with " << where << "\n got: " << err;
    EXPECT_CONTAINS(err, message_part);
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

} // namespace

TEST(StatusCliImport, AValidFileIsImportedWithItsCounts) {
    Workspace ws;
    const std::string csv =
        ws.file("suivi.csv", "node;year;status;comment;narrative\n"
                             "A1;2025;Réalisé;Atelier tenu, 12 participants;Diagnostic "
                             "partagé | Comité réuni en juin\n"
                             "A2;2025;En cours;;\"Convention signée\nRecrutement en cours\"\n"
                             "A3;2025;Reporté;Report à 2026 faute de porteur;\n"
                             "B1;2025;Non engagé;;\n"
                             "U1;2025;réalisé;Hors programme;\n");
    RunResult r = ws.jalon({"status", "import", csv, "--scheme", "suivi-test", "--by", "dana"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "imported " + csv + " into suivi-test: 5 rows (4 new, 1 changed, 0 unchanged)\n")
        << "U1 2025 came from the scheme file";
    const auto a1 = ws.stored("A1", 2025);
    ASSERT_TRUE(a1);
    EXPECT_EQ(a1->status, ActionStatus::done);
    EXPECT_EQ(a1->comment, "Atelier tenu, 12 participants");
    EXPECT_EQ(a1->narrative,
              (std::vector<std::string>{"Diagnostic partagé", "Comité réuni en juin"}));
    EXPECT_EQ(a1->source, csv);
    EXPECT_EQ(a1->recorded_by, "dana");
    EXPECT_EQ(ws.stored("A2", 2025)->narrative,
              (std::vector<std::string>{"Convention signée", "Recrutement en cours"}));
    EXPECT_EQ(ws.stored("A3", 2025)->status, ActionStatus::postponed);
    EXPECT_EQ(ws.stored("B1", 2025)->status, ActionStatus::not_started);
    const auto u1 = ws.stored("U1", 2025);
    EXPECT_EQ(u1->status, ActionStatus::unplanned_done) << "a declared achievement stays unplanned";
    EXPECT_TRUE(u1->unplanned);

    // The same file again changes nothing; a changed row is one change.
    r = ws.jalon({"status", "import", csv, "--scheme", "suivi-test"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "imported " + csv + " into suivi-test: 5 rows (0 new, 0 changed, 5 unchanged)\n");
    const std::string csv2 = ws.file("suivi2.csv", "node,year,status\nA3,2025,en cours\n"
                                                   "A3,2026,réalisé\n");
    r = ws.jalon({"status", "import", csv2, "--scheme", "suivi-test"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "imported " + csv2 + " into suivi-test: 2 rows (1 new, 1 changed, 0 unchanged)\n");
    Database db = Database::open(DatabaseUrl::parse(ws.url()));
    const auto versions = FollowUpStore(db).history("suivi-test", "A3");
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(versions[0].follow_up.status, ActionStatus::postponed);
    EXPECT_EQ(versions[0].follow_up.source, csv);
    EXPECT_FALSE(versions[0].replaced_at.empty());
    EXPECT_EQ(versions[1].follow_up.status, ActionStatus::in_progress);
    EXPECT_EQ(versions[2].follow_up.year, 2026);
}

TEST(StatusCliImport, UnknownNodeIsReportedAtItsLineAndColumn) {
    Workspace ws;
    ASSERT_EQ(ws.set({"--node", "A1", "--year", "2025", "--status", "en cours"}).exit_code, 0);
    const std::string csv = ws.file("inconnu.csv", "year;status;node\n"
                                                   "2025;réalisé;A1\n"
                                                   "\n"
                                                   "2025;réalisé;ZZ\n");
    expect_import_problem(ws, csv, 4, 3, "node", "no node 'ZZ' in scheme 'suivi-test'");
}

TEST(StatusCliImport, YearOutsideThePeriodIsReportedAtItsLineAndColumn) {
    Workspace ws;
    const std::string csv = ws.file("annee.csv", "node,status,year\n"
                                                 "A1,réalisé,2025\n"
                                                 "A2,réalisé,2031\n");
    expect_import_problem(ws, csv, 3, 3, "year", "year 2031 is outside the period 2024-2027");
}

TEST(StatusCliImport, UnknownStatusWordIsReportedAtItsLineAndColumn) {
    Workspace ws;
    const std::string csv = ws.file("statut.csv", "node,year,comment,status\n"
                                                  "A1,2025,,réalisé\n"
                                                  "A2,2025,\"texte, avec virgule\",fini\n");
    expect_import_problem(ws, csv, 3, 4, "status", "\"fini\" is not a status");
}

TEST(StatusCliImport, AnAchievementOutsideThePlanIsRefusedInTheCsv) {
    Workspace ws;
    const std::string csv = ws.file("non-prevu.csv", "node;status;year\n"
                                                     "U1;Réalisé non prévu;2025\n");
    expect_import_problem(ws, csv, 2, 2, "status", "jalon status set --unplanned");
    const std::string csv2 = ws.file("non-prevu2.csv", "node,year,status\n"
                                                       "A1,2025,realise\n"
                                                       "A2,2025,realise-non-prevu\n");
    expect_import_problem(ws, csv2, 3, 3, "status", "realise-non-prevu");
}

TEST(StatusCliImport, DuplicateNodeAndYearIsReportedOnTheLaterRow) {
    Workspace ws;
    const std::string csv = ws.file("doublon.csv", "node,year,status\n"
                                                   "A1,2025,realise\n"
                                                   "A2,2025,realise\n"
                                                   "A1,2026,realise\n"
                                                   "A1,2025,en cours\n");
    // A whole row is at fault: the line, without a column (docs/data-format.md).
    expect_import_problem(ws, csv, 5, 0, "", "duplicate of line 2 (same node and year)");
}

TEST(StatusCliImport, MissingRequiredColumnIsReportedOnTheHeaderLine) {
    Workspace ws;
    const std::string csv = ws.file("colonne.csv", "node,status,comment\n"
                                                   "A1,realise,\n");
    expect_import_problem(ws, csv, 1, 0, "year", "missing required column");
    const std::string csv2 = ws.file("colonne2.csv", "node,year,statut\n"
                                                     "A1,2025,realise\n");
    const std::string err = rejected(ws, {"status", "import", csv2, "--scheme", "suivi-test"});
    EXPECT_CONTAINS(err, at(csv2, 1, 3, "statut") + "unknown column");
    EXPECT_CONTAINS(err, at(csv2, 1, 0, "status") + "missing required column");
}

TEST(StatusCliImport, EveryProblemOfAFileIsReportedAndNothingIsWritten) {
    Workspace ws;
    const std::string csv = ws.file("tout.csv", "node,year,status\n"
                                                "A1,2025,realise\n"
                                                "ZZ,2025,realise\n"
                                                "A2,2030,realise\n"
                                                "A3,2025,realise\n");
    const std::string err = rejected(ws, {"status", "import", csv, "--scheme", "suivi-test"});
    EXPECT_CONTAINS(err, at(csv, 3, 1, "node") + "no node 'ZZ'");
    EXPECT_CONTAINS(err, at(csv, 4, 2, "year") + "year 2030 is outside the period");
    EXPECT_LT(err.find(":3:1:"), err.find(":4:2:"));
    EXPECT_FALSE(ws.stored("A1", 2025)) << "nothing of the file is recorded";
}

TEST(StatusCliImport, WithoutSchemeTheFileGoesToTheOnlySchemeHoldingAllItsNodes) {
    Workspace ws;
    const std::string other = ws.file("autre.yaml", other_scheme);
    ASSERT_EQ(ws.jalon({"scheme", "import", other}).exit_code, 0);
    ASSERT_EQ(ws.jalon({"scheme", "import", blois_file().string()}).exit_code, 0);

    // A1 and B1: only suivi-test has both.
    const std::string both = ws.file("deux.csv", "node,year,status\nA1,2025,realise\n"
                                                 "B1,2025,en cours\n");
    RunResult r = ws.jalon({"status", "import", both});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out,
              "imported " + both + " into suivi-test: 2 rows (2 new, 0 changed, 0 unchanged)\n");
    EXPECT_FALSE(ws.stored("A1", 2025, "suivi-autre"));

    // Engagements of the Blois review go to it.
    const std::string blois = ws.file("blois.csv", "node,year,status\n1.1,2024,réalisé\n"
                                                   "NP.1,2024,réalisé\n");
    r = ws.jalon({"status", "import", blois});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "imported " + blois + " into " + blois_id +
                         ": 2 rows (2 new, 0 changed, 0 unchanged)\n");
    EXPECT_EQ(ws.stored("1.1", 2024, blois_id)->status, ActionStatus::done);

    // A1 alone fits two schemes; ZZ none: both ask for --scheme.
    const std::string ambiguous = ws.file("ambigu.csv", "node,year,status\nA1,2026,realise\n");
    std::string err = rejected(ws, {"status", "import", ambiguous});
    EXPECT_CONTAINS(err, "several schemes fit this file");
    EXPECT_CONTAINS(err, "--scheme");
    const std::string none = ws.file("aucun.csv", "node,year,status\nZZ,2026,realise\n");
    err = rejected(ws, {"status", "import", none});
    EXPECT_CONTAINS(err, "no stored scheme has all the nodes of this file");
    // Named, the ambiguous file goes where it is told.
    r = ws.jalon({"status", "import", ambiguous, "--scheme", "suivi-autre"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(ws.stored("A1", 2026, "suivi-autre"));
    EXPECT_FALSE(ws.stored("A1", 2026, "suivi-test"));
}

// ---- the annual workbook shows where each action stands -------------------------------------

// Follow-ups recorded with `jalon status set` reach the annual workbook: the Actions sheet and the
// axis sheets show the latest status up to the year (with the follow-up's comment and narrative),
// the Synthèse counts them, a node that is not an action shows its status apart, and an action
// without a follow-up keeps its scheme file's status.
TEST(AnnualWorkbookFollowUps, StatusesRecordedAfterTheSchemeFileAreShownAndCounted) {
    TempDir dir;
    TestDatabase database(dir, "jalon.db");
    write_file(dir / "s.yaml", R"(format: jalon-scheme/1
id: suivi-annuel
title: Schéma de suivi
owner: Ville test
period: {start: 2024, end: 2027}
levels: [axe, action]
level_order: strict
status_year: 2024
nodes:
  - code: A
    level: axe
    title: Premier axe
    children:
      - {code: A1, level: action, title: Première action}
      - {code: A2, level: action, title: Deuxième action}
      - {code: A3, level: action, title: Troisième action, status: non-engage}
  - code: B
    level: axe
    title: Second axe
    children:
      - {code: B1, level: action, title: Action du second axe}
)");
    const auto jalon = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {database.arg(), "-q"});
        const RunResult r = run_jalon(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r;
    };
    jalon({"scheme", "import", (dir / "s.yaml").string()});
    const auto set = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"status", "set", "--scheme", "suivi-annuel"});
        jalon(args);
    };
    set({"--node", "A1", "--year", "2025", "--status", "réalisé"});
    set({"--node", "A2", "--year", "2026", "--status", "reporté", "--comment", "Faute de crédits",
         "--narrative", "Report voté en mai"});
    set({"--node", "B1", "--year", "2027", "--status", "abandonné"}); // after the year: not shown
    set({"--node", "B", "--year", "2026", "--status", "en cours"});   // an axis, not an action
    jalon({"evaluate", "--scheme", "suivi-annuel", "--year", "2026"});
    const fs::path out = dir / "bilan.xlsx";
    jalon({"report", "annual", "--scheme", "suivi-annuel", "--year", "2026", "-o", out.string()});
    const RunResult read =
        test::run_python("import openpyxl, sys\n"
                         "wb = openpyxl.load_workbook(sys.argv[1])\n"
                         "for name in ('Actions', 'A Premier axe', 'Synthèse'):\n"
                         "    for row in wb[name].iter_rows(values_only=True):\n"
                         "        cells = [str(c) for c in row if c is not None]\n"
                         "        if cells: print(name + ' | ' + ' | '.join(cells))\n",
                         {out.string()});
    ASSERT_EQ(read.exit_code, 0) << read.err;
    EXPECT_CONTAINS(read.out, "Actions | A › A1 | A1 | Première action | non | réalisé\n");
    EXPECT_CONTAINS(read.out, "Actions | A › A2 | A2 | Deuxième action | non | reporté | "
                              "Faute de crédits\nReport voté en mai\n");
    EXPECT_CONTAINS(read.out, "Actions | A › A3 | A3 | Troisième action | non | non engagé\n");
    EXPECT_CONTAINS(read.out,
                    "Actions | B › B1 | B1 | Action du second axe | non | non renseigné\n");
    // The axis is not an action: its status is shown apart, never counted.
    EXPECT_CONTAINS(read.out, "Actions | B | B | Second axe | non | en cours\n");
    EXPECT_CONTAINS(read.out, "A Premier axe | A › A2 | A2 | Deuxième action | non | reporté");
    // Synthèse: réalisé, en cours, non engagé, reporté, abandonné, non renseigné.
    EXPECT_CONTAINS(read.out, "Synthèse | A | Premier axe | 1 | 0 | 1 | 1 | 0 | 0 |");
    EXPECT_CONTAINS(read.out, "Synthèse | B | Second axe | 0 | 0 | 0 | 0 | 0 | 1 |");
}
