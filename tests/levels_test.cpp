// Levels as a scheme's vocabulary, its actions and its steering level (issue 17, items 1 and 2),
// on a scheme shaped like the ones evaluators write (tests/fixtures/schema-solidarites-sept-
// niveaux.yaml): the model, the file, the store, and the reports that count and group by them.
#include "test_support.hpp"

#include <jalon/error.hpp>
#include <jalon/model/scheme_validation.hpp>
#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

using namespace jalon;
using namespace jalon::test;
namespace fs = std::filesystem;

namespace {

const std::string fixture = "tests/fixtures/schema-solidarites-sept-niveaux.yaml";
const std::string scheme_id = "schema-sept-niveaux";

Node make_node(std::string code, std::optional<std::string> parent, std::string level) {
    Node node;
    node.code = std::move(code);
    node.parent = std::move(parent);
    node.level = std::move(level);
    node.title = "Node " + node.code;
    return node;
}

Scheme fixture_scheme() {
    return read_scheme_file(source_path(fixture));
}

std::vector<std::string> codes(const std::vector<const Node*>& nodes) {
    std::vector<std::string> out;
    for (const Node* node : nodes)
        out.push_back(node->code);
    return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos)
        text.replace(at, from.size(), to);
    return text;
}

// The diagnostics of a refused text, one "LINE:COL: KEY: MESSAGE" per line.
std::string refusal(const std::string& text) {
    try {
        read_scheme_text(text, "s.yaml");
    } catch (const InputError& e) {
        std::ostringstream out;
        for (const Diagnostic& d : e.diagnostics())
            out << d.where.line << ":" << d.where.column << ": " << d.key << ": " << d.message
                << "\n";
        return out.str();
    }
    return "accepted";
}

// The 1-based line of the first line holding `marker`.
int line_of(const std::string& text, const std::string& marker) {
    const auto at = text.find(marker);
    return at == std::string::npos
               ? -1
               : static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
}

// A database holding the fixture and a year of figures, evaluated on demand by the reports.
struct Imported {
    TempDir dir;
    TestDatabase database{dir};
    std::string db = database.arg();

    Imported() {
        const RunResult imported = run_jalon({db, "scheme", "import", source_path(fixture)});
        EXPECT_EQ(imported.exit_code, 0) << imported.err;
        write_file(dir / "d.csv", "series,territory,period,value\nI1,nord,2025,40\nI1,sud,2025,"
                                  "30\nI2,nord,2025,12\nI3,nord,2025,100\nI4,sud,2025,2\n");
        const RunResult data = run_jalon({db, "data", "import", (dir / "d.csv").string()});
        EXPECT_EQ(data.exit_code, 0) << data.err;
    }

    RunResult report(const std::string& kind, const std::string& file,
                     const std::vector<std::string>& more = {}) const {
        std::vector<std::string> args{db,       "report", kind, "--scheme",           scheme_id,
                                      "--year", "2025",   "-o", (dir / file).string()};
        args.insert(args.end(), more.begin(), more.end());
        return run_jalon(args);
    }
};

// Rows of a sheet holding something, as Python tuples printed one a line ("A1|x|1|…").
std::string sheet_rows(const fs::path& workbook, const std::string& sheet) {
    return run_python("import openpyxl,sys\n"
                      "ws=openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]\n"
                      "for r in ws.iter_rows(values_only=True):\n"
                      "    if any(v is not None for v in r):\n"
                      "        print('|'.join('' if v is None else str(v) for v in r))\n",
                      {workbook.string(), sheet})
        .out;
}

std::string sheet_names(const fs::path& workbook) {
    return run_python("import openpyxl,sys\n"
                      "print('|'.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))\n",
                      {workbook.string()})
        .out;
}

// The synthesis rows of the annual workbook: "CODE|TITLE|actions by status ×6|indicators ×6".
std::vector<std::string> summary_rows(const fs::path& workbook) {
    std::vector<std::string> out;
    std::istringstream rows(sheet_rows(workbook, "Synthèse"));
    bool in_table = false;
    for (std::string row; std::getline(rows, row);) {
        if (row.rfind("Code|", 0) == 0) {
            in_table = true;
            out.push_back(row.substr(0, row.find("|Actions")));
            continue;
        }
        if (!in_table)
            continue;
        if (row.rfind("Total|", 0) == 0)
            break;
        // Code, title and the six action counts.
        std::size_t cut = 0;
        for (int field = 0; field < 8 && cut != std::string::npos; ++field)
            cut = row.find('|', field ? cut + 1 : 0);
        out.push_back(row.substr(0, cut));
    }
    return out;
}

} // namespace

TEST(SchemeLevels, TheFixtureImportsAsWrittenWithItsActionsAndSteeringLevel) {
    const Scheme scheme = fixture_scheme();
    EXPECT_EQ(scheme.levels.size(), 14u);
    EXPECT_EQ(scheme.level_order, LevelOrder::free);
    EXPECT_EQ(scheme.action_levels, (std::vector<std::string>{"fiche action", "action phare"}));
    EXPECT_EQ(scheme.steering_level, "axe");
    // Seven depths: P2 > P2.S1 > P2.S1.1 (a section in a section) > A1 > A1.O1 > A1.O1.1 > FA1.
    std::size_t deepest = 0;
    for (const Node& node : scheme.nodes) {
        std::size_t depth = 1;
        for (const Node* at = &node; at->parent; at = scheme.find_node(*at->parent))
            ++depth;
        deepest = std::max(deepest, depth);
    }
    EXPECT_EQ(deepest, 7u);
    // Actions at depths 7, 6, 4 and 3; a node's own flag wins over its level.
    EXPECT_EQ(codes(scheme.actions()),
              (std::vector<std::string>{"FA1", "FA2", "AP1", "FA3", "FA4", "PR1", "FA6"}));
    EXPECT_FALSE(scheme.is_action(*scheme.find_node("FA5")));
    EXPECT_TRUE(scheme.is_action(*scheme.find_node("PR1")));
    EXPECT_FALSE(scheme.is_action(*scheme.find_node("PIL"))) << "a status alone does not make one";
    // The axes at depths 4, 3 and 5; what is under none.
    EXPECT_EQ(codes(scheme.steering_nodes("axe")), (std::vector<std::string>{"A1", "A2", "A3"}));
    EXPECT_EQ(scheme.steering_node_of("FA1", "axe"), scheme.find_node("A1"));
    EXPECT_EQ(scheme.steering_node_of("A3", "axe"), scheme.find_node("A3"));
    EXPECT_EQ(scheme.steering_node_of("FA6", "axe"), nullptr);
    EXPECT_EQ(scheme.steering_node_of("P2", "axe"), nullptr);
    // A level nested in itself groups by its outermost node.
    EXPECT_EQ(codes(scheme.steering_nodes("section")),
              (std::vector<std::string>{"P1.S1", "P2.S1", "P2.S2"}));
    EXPECT_EQ(scheme.steering_node_of("FA1", "section"), scheme.find_node("P2.S1"));
    EXPECT_EQ(codes(scheme.steering_nodes("")), (std::vector<std::string>{"P1", "P2", "P3"}));
    EXPECT_EQ(scheme.steering_node_of("FA1", ""), scheme.find_node("P2"));
}

TEST(SchemeLevels, DefaultActionsFollowTheLevelOrder) {
    Scheme scheme = fixture_scheme();
    scheme.action_levels.clear();
    for (Node& node : scheme.nodes)
        node.action.reset();
    // Free levels: the nodes that carry indicators or a status (the axe A1, the enjeu EJ1 and the
    // drafting step E1 included: a scheme says which its actions are).
    EXPECT_EQ(codes(scheme.actions()), (std::vector<std::string>{"E1", "EJ1", "A1", "FA1", "FA2",
                                                                 "AP1", "FA3", "PIL", "FA6"}));
    // Strict levels: the nodes of the last level.
    Scheme strict;
    strict.levels = {"axe", "action"};
    strict.level_order = LevelOrder::strict;
    strict.nodes = {make_node("1", std::nullopt, "axe"), make_node("1.1", "1", "action")};
    strict.nodes[0].status = ActionStatus::done;
    EXPECT_EQ(codes(strict.actions()), (std::vector<std::string>{"1.1"}));
}

TEST(SchemeLevels, StoredAndLoadedUnchanged) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    const Scheme scheme = fixture_scheme();
    SchemeStore(db).save(scheme, fixture);
    const auto loaded = SchemeStore(db).load(scheme_id);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->level_order, LevelOrder::free);
    EXPECT_EQ(loaded->action_levels, scheme.action_levels);
    EXPECT_EQ(loaded->steering_level, "axe");
    EXPECT_EQ(loaded->find_node("FA5")->action, false);
    EXPECT_EQ(loaded->find_node("PR1")->action, true);
    EXPECT_EQ(loaded->find_node("FA1")->action, std::nullopt);
    EXPECT_TRUE(*loaded == scheme);
    // A strict sample stays strict.
    const Scheme sample = read_scheme_file(sample_files()[0]);
    SchemeStore(db).save(sample, "sample.yaml");
    EXPECT_EQ(SchemeStore(db).load(sample.id)->level_order, LevelOrder::strict);
}

TEST(SchemeLevels, StrictSchemesStillRefuseAChildNotBelowItsParent) {
    const std::string text = read_file(source_path(fixture));
    const std::string strict = replaced(text, "actions:\n", "level_order: strict\nactions:\n");
    const std::string problems = refusal(strict);
    // The section inside a section, the focus under an axe (declared before it), the fiche
    // action under a volet (declared after it): each at its `level`.
    EXPECT_EQ(problems,
              std::to_string(line_of(strict, "code: P2.S1.1") + 1) +
                  ":20: level: node 'P2.S1.1': level 'section' is not below its parent's level "
                  "'section' (the scheme's levels are strictly ordered: level_order: strict)\n" +
                  std::to_string(line_of(strict, "code: A1.F1")) +
                  ":42: level: node 'A1.F1': level 'focus' is not below its parent's level 'axe' "
                  "(the scheme's levels are strictly ordered: level_order: strict)\n" +
                  std::to_string(line_of(strict, "code: FA6") + 1) +
                  ":20: level: node 'FA6': level 'fiche action' is not below its parent's level "
                  "'volet' (the scheme's levels are strictly ordered: level_order: strict)\n");
}

TEST(SchemeLevels, SixtyFourLevelsAreAcceptedNotSixtyFive) {
    std::string levels;
    for (int i = 1; i <= 64; ++i)
        levels += (i > 1 ? ", " : "") + std::string("l") + std::to_string(i);
    const std::string text = "format: jalon-scheme/1\nid: s\ntitle: S\nowner: O\nperiod: {start: "
                             "2024, end: 2028}\nlevels: [" +
                             levels + "]\nnodes:\n  - {code: A, level: l64, title: A}\n";
    EXPECT_EQ(refusal(text), "accepted");
    const std::string problems = refusal(replaced(text, "l64]", "l64, l65]"));
    EXPECT_EQ(problems, "6:9: levels: more than 64 levels are declared\n");
}

TEST(SchemeLevels, NodesNestAtMostSixtyFourDeep) {
    Scheme scheme;
    scheme.id = "s";
    scheme.title = "S";
    scheme.owner = "O";
    scheme.period = {2024, 2028};
    scheme.levels = {"section"};
    for (int i = 0; i < 65; ++i)
        scheme.nodes.push_back(make_node(
            "n" + std::to_string(i),
            i ? std::optional<std::string>("n" + std::to_string(i - 1)) : std::nullopt, "section"));
    const auto problems = validate_scheme(scheme);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].element.index, 64u);
    EXPECT_EQ(problems[0].message, "node 'n64': nodes nest more than 64 deep");
    scheme.nodes.pop_back();
    EXPECT_TRUE(validate_scheme(scheme).empty());
}

TEST(SchemeLevels, BadLevelOrderActionsAndSteeringLevelAreRefusedWithTheirLine) {
    const std::string text = read_file(source_path(fixture));
    const auto refused_at = [&](const std::string& from, const std::string& to,
                                const std::string& expected) {
        const std::string broken = replaced(text, from, to);
        const std::string problems = refusal(broken);
        const std::string where = std::to_string(line_of(broken, to.substr(0, to.find('\n'))));
        EXPECT_EQ(problems.rfind(where + ":", 0), 0u) << to << "\n" << problems;
        EXPECT_NE(problems.find(expected), std::string::npos) << problems;
        EXPECT_EQ(std::count(problems.begin(), problems.end(), '\n'), 1) << problems;
    };
    refused_at("steering_level: axe", "steering_level: axes",
               "steering_level: steering level 'axes' is not one of the scheme's levels (partie, "
               "section, étape");
    refused_at("  levels: [fiche action, action phare]", "  levels: [fiche action, fiche]",
               "levels: action level 'fiche' is not one of the scheme's levels");
    refused_at("  levels: [fiche action, action phare]", "  levels: [fiche action, fiche action]",
               "action level 'fiche action' is given twice");
    refused_at("actions:\n", "level_order: stricte\nactions:\n",
               "level_order: unknown level order 'stricte' (expected strict or free)");
    refused_at("actions:\n  levels: [fiche action, action phare]\n",
               "actions: [fiche action, action phare]\n",
               "actions must be a mapping of keys to values");
    refused_at("        action: false", "        action: non",
               "action: 'non' is not true or false");
}

TEST(SchemeLevels, TheCommandLineRefusesABadSchemeWithItsLineAndWritesNothing) {
    TempDir dir;
    const TestDatabase database(dir);
    const std::string broken =
        replaced(read_file(source_path(fixture)), "steering_level: axe", "steering_level: axes");
    write_file(dir / "s.yaml", broken);
    ASSERT_EQ(run_jalon({database.arg(), "init"}).exit_code, 0);
    const auto before = stored_state(database.url());
    const RunResult r = run_jalon({database.arg(), "scheme", "import", (dir / "s.yaml").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find((dir / "s.yaml").string() + ":" +
                         std::to_string(line_of(broken, "steering_level: axes")) +
                         ":17: steering_level: steering level 'axes' is not one of"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(stored_state(database.url()), before);
}

TEST(SchemeLevels, TheAnnualWorkbookCountsTheActionsAndGroupsByTheSteeringLevel) {
    const Imported s;
    const RunResult made = s.report("annual", "a.xlsx");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const fs::path workbook = s.dir / "a.xlsx";
    // Columns: code, axe, réalisé, en cours, non engagé, reporté, abandonné, non renseigné.
    EXPECT_EQ(summary_rows(workbook), (std::vector<std::string>{
                                          "Code|Axe",
                                          "A1|Axe 1 — Favoriser le maintien à domicile|1|1|0|0|0|1",
                                          "A2|Axe 2 — Garantir l'accès aux droits|0|0|1|0|0|0",
                                          "A3|Axe 3 — Insérer les jeunes|0|0|0|0|0|2",
                                          "|Hors axe|0|0|0|0|0|1",
                                      }));
    EXPECT_NE(sheet_names(workbook).find("|Actions|A1 Axe 1 — Favoriser le maintie|A2 Axe 2 — "
                                         "Garantir l'accès aux|A3 Axe 3 — Insérer les "
                                         "jeunes|Hors axe|Tendances|"),
              std::string::npos)
        << sheet_names(workbook);
    // The Actions sheet lists the 7 actions, then the statuses of two nodes that are not actions.
    const std::string actions = sheet_rows(workbook, "Actions");
    std::vector<std::string> listed;
    std::istringstream rows(actions);
    for (std::string row; std::getline(rows, row);)
        if (row.find(" › ") != std::string::npos)
            listed.push_back(row.substr(row.find('|') + 1,
                                        row.find('|', row.find('|') + 1) - row.find('|') - 1));
    EXPECT_EQ(listed, (std::vector<std::string>{"FA1", "FA2", "AP1", "FA3", "FA4", "PR1", "FA6",
                                                "E1", "PIL"}));
    EXPECT_NE(actions.find("Autres éléments du schéma dotés d'un statut (non comptés parmi les "
                           "actions)"),
              std::string::npos)
        << actions;
    EXPECT_NE(actions.find("|PIL|Pilier — le numérique||||non|reporté|"), std::string::npos)
        << actions;
    // The axis sheet of A2 shows its action and the pillar's status.
    const std::string a2 = sheet_rows(workbook, "A2 Axe 2 — Garantir l'accès aux");
    EXPECT_NE(a2.find("|FA3|"), std::string::npos) << a2;
    EXPECT_NE(a2.find("|PIL|"), std::string::npos) << a2;
}

TEST(SchemeLevels, ByRegroupsTheAnnualWorkbookAndAnUnknownLevelIsRefused) {
    const Imported s;
    const RunResult made = s.report("annual", "s.xlsx", {"--by", "section"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_EQ(summary_rows(s.dir / "s.xlsx"),
              (std::vector<std::string>{
                  "Code|Section",
                  "P1.S1|Les étapes de l'élaboration|0|0|0|0|0|0",
                  "P2.S1|Section 1 — Autonomie et accès aux droits|1|1|1|0|0|1",
                  "P2.S2|Section 2 — Les territoires|0|0|0|0|0|2",
                  "|Hors section|0|0|0|0|0|1",
              }));
    for (const char* kind : {"annual", "midterm"}) {
        const std::string file = std::string(kind) + "-x.xlsx";
        const RunResult refused = s.report(kind, file, {"--by", "axes"});
        EXPECT_EQ(refused.exit_code, 2) << kind;
        EXPECT_NE(refused.err.find("--by: 'axes' is not a level of scheme 'schema-sept-niveaux' "
                                   "(its levels: partie, section, étape, enjeu, territoire, focus, "
                                   "axe, orientation, objectif, fiche action, action phare, "
                                   "pilier, priorité, volet)"),
                  std::string::npos)
            << refused.err;
        EXPECT_FALSE(fs::exists(s.dir / file));
    }
    // Refused before anything is evaluated: no run was stored.
    EXPECT_EQ(query_rows(s.database.url(), "SELECT COUNT(*) FROM evaluation_run"),
              (std::vector<std::string>{"1"}));
}

TEST(SchemeLevels, TheMidtermReviewCountsTheActionsByTheSteeringLevelInXlsxAndHtml) {
    const Imported s;
    ASSERT_EQ(s.report("midterm", "m.xlsx").exit_code, 0);
    const std::string summary = sheet_rows(s.dir / "m.xlsx", "Synthèse par axe");
    // Code, axe, réalisé, en cours, non engagé, reporté, abandonné, non renseigné, total.
    for (const char* row :
         {"A1|Axe 1 — Favoriser le maintien à domicile|1|1|0|0|0|1|3|",
          "A2|Axe 2 — Garantir l'accès aux droits|0|0|1|0|0|0|1|",
          "A3|Axe 3 — Insérer les jeunes|0|0|0|0|0|2|2|", "|Hors axe|0|0|0|0|0|1|1|"})
        EXPECT_NE(summary.find(row), std::string::npos) << row << "\n" << summary;
    // The review's tree shows the pillar's status although it is not an action.
    const std::string review = sheet_rows(s.dir / "m.xlsx", "Bilan à mi-parcours");
    EXPECT_NE(review.find("|PIL|Pilier — le numérique (reporté)|pilier|reporté|"),
              std::string::npos)
        << review;

    ASSERT_EQ(s.report("midterm", "p.html", {"--by", "partie"}).exit_code, 0);
    const std::string html = read_file(s.dir / "p.html");
    EXPECT_NE(html.find("Synthèse par partie"), std::string::npos);
    EXPECT_NE(html.find("Actions et indicateurs par statut, par partie"), std::string::npos);
    EXPECT_NE(html.find("<th scope=\"col\">Partie</th>"), std::string::npos)
        << html.substr(html.find("id=\"synthese\""), 3000);
    ASSERT_EQ(s.report("midterm", "p.xlsx", {"--by", "partie"}).exit_code, 0);
    const std::string by_part = sheet_rows(s.dir / "p.xlsx", "Synthèse par partie");
    for (const char* row : {"P1|Partie 1 — Le diagnostic et la démarche|0|0|0|0|0|0|0|",
                            "P2|Partie 2 — Les orientations|1|1|1|0|0|3|6|",
                            "P3|Partie 3 — Gouvernance et "
                            "évaluation|0|0|0|0|0|1|1|"})
        EXPECT_NE(by_part.find(row), std::string::npos) << row << "\n" << by_part;
    EXPECT_EQ(by_part.find("Hors partie"), std::string::npos) << by_part;
}

TEST(SchemeLevels, TheDataEntryTemplateAsksForTheActionsOnly) {
    const Imported s;
    const std::string out = (s.dir / "t.xlsx").string();
    const RunResult made =
        run_jalon({s.db, "data", "template", "--scheme", scheme_id, "--year", "2025", "-o", out});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find(", 7 actions)"), std::string::npos) << made.out;
    const std::string listed = run_python("import openpyxl,sys\n"
                                          "a=openpyxl.load_workbook(sys.argv[1])['Actions']\n"
                                          "print(' '.join(str(r[0]) for r in "
                                          "a.iter_rows(min_row=2, values_only=True) if r[0]))\n",
                                          {out})
                                   .out;
    EXPECT_EQ(listed, "FA1 FA2 AP1 FA3 FA4 PR1 FA6\n");
}
