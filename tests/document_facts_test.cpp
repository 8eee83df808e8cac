// What the documents say of indicators (inferred code, producer, source, collection frequency)
// and of territories (key figures): read, stored, shown in the reports; tools/convert-data
// carries them from the extraction format (issue 17, item 5).
#include "test_support.hpp"

#include <jalon/scheme/scheme_file.hpp>
#include <jalon/store/database.hpp>
#include <jalon/store/scheme_store.hpp>

#include <gtest/gtest.h>

#include <filesystem>

using namespace jalon;
using namespace jalon::test;

namespace {

const char* scheme_yaml = R"(format: jalon-scheme/1
id: faits
title: Schéma des faits
owner: Département de Test
period: {start: 2024, end: 2028}
levels: [axe, action]
territories:
  - code: dep
    name: Département de Test
    figures:
      - {label: habitants, value: 436876, unit: habitants, year: 2021}
      - {label: part des 75 ans et plus, value: 11.4, unit: '%'}
    children:
      - code: nord
        name: Territoire Nord
        figures:
          - {label: foyers allocataires, value: 18250, unit: foyers, year: 2023}
      - code: sud
        name: Territoire Sud
nodes:
  - code: '1'
    level: axe
    title: Accès aux droits
    children:
      - code: '1.1'
        level: action
        title: Aller vers les personnes
        indicators:
          - code: 1.1-I1
            code_inferred: true
            label: Foyers allocataires du RSA accompagnés
            level: realisation
            level_inferred: true
            unit: foyers
            producer: CAF de Test
            source: fichier des allocataires (FILEAS)
            frequency: trimestrielle
            method: sum
          - code: R2
            label: Rendez-vous tenus
            level: resultat
            unit: rendez-vous
            producer: service interne
            frequency: annual
            method: sum
          - code: R3
            label: Permanences ouvertes
            level: realisation
            method: sum
)";

struct Fixture {
    TempDir dir;
    TestDatabase database{dir};
    std::string db = database.arg();

    Fixture() {
        write_file(dir / "s.yaml", scheme_yaml);
        write_file(dir / "d.csv", "series,territory,period,value\n"
                                  "1.1-I1,nord,2025,10\n"
                                  "1.1-I1,sud,2025,20\n"
                                  "R2,nord,2025,5\n");
        EXPECT_EQ(run_jalon({db, "scheme", "import", (dir / "s.yaml").string()}).exit_code, 0);
        EXPECT_EQ(run_jalon({db, "data", "import", (dir / "d.csv").string()}).exit_code, 0);
    }
};

// `rows` rows of a sheet of an xlsx file, cells joined by `|` (None as empty), from the first
// row holding a cell `first_cell`, `columns` cells from that cell's column less `before`.
std::string sheet_rows(const std::string& file, const std::string& sheet,
                       const std::string& first_cell, int rows, int columns, int before = 0) {
    return run_python("import openpyxl,sys\n"
                      "ws=openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]\n"
                      "rows=list(ws.iter_rows(values_only=True))\n"
                      "i=[k for k,r in enumerate(rows) if sys.argv[3] in r][0]\n"
                      "c=list(rows[i]).index(sys.argv[3])-int(sys.argv[6])\n"
                      "for r in rows[i:i+int(sys.argv[4])]:\n"
                      "    print('|'.join('' if v is None else str(v) for v in "
                      "r[c:c+int(sys.argv[5])]))\n",
                      {file, sheet, first_cell, std::to_string(rows), std::to_string(columns),
                       std::to_string(before)})
        .out;
}

// Whether a cell of the sheet holds `part`.
bool sheet_holds(const std::string& file, const std::string& sheet, const std::string& part) {
    return run_python("import openpyxl,sys\n"
                      "ws=openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]\n"
                      "print(any(sys.argv[3] in str(v) for r in ws.iter_rows(values_only=True) "
                      "for v in r if v is not None))\n",
                      {file, sheet, part})
               .out == "True\n";
}

std::string sheet_names(const std::string& file) {
    return run_python("import openpyxl,sys; "
                      "print('|'.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))",
                      {file})
        .out;
}

std::string convert_data() {
    return source_path("tools/convert-data").string();
}

} // namespace

TEST(DocumentFacts, RoundTripThroughTheStore) {
    TempDir dir;
    const TestDatabase database(dir);
    Database db = Database::open(DatabaseUrl::parse(database.url()));
    const Scheme scheme = read_scheme_text(scheme_yaml, "s.yaml");
    SchemeStore store(db);
    store.save(scheme, "s.yaml");
    const auto loaded = store.load("faits");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->territories, scheme.territories);
    EXPECT_EQ(loaded->indicators, scheme.indicators);
    EXPECT_TRUE(*loaded == scheme);
    const Indicator& i1 = *loaded->find_indicator("1.1-I1");
    EXPECT_TRUE(i1.code_inferred);
    EXPECT_EQ(i1.producer, "CAF de Test");
    EXPECT_EQ(i1.source, "fichier des allocataires (FILEAS)");
    EXPECT_EQ(i1.frequency, Frequency::quarterly);
    EXPECT_EQ(loaded->find_indicator("R2")->frequency, Frequency::annual);
    EXPECT_EQ(loaded->find_indicator("R3")->frequency, std::nullopt);
    ASSERT_EQ(loaded->find_territory("dep")->figures.size(), 2u);
    EXPECT_EQ(loaded->find_territory("dep")->figures[1],
              (Figure{"part des 75 ans et plus", 11.4, "%", std::nullopt}));
    EXPECT_EQ(query_rows(database.url(), "SELECT code, code_inferred, frequency FROM indicator "
                                         "WHERE scheme_id = 'faits' ORDER BY position"),
              (std::vector<std::string>{"1.1-I1|1|trimestrielle", "R2|0|annuelle", "R3|0|NULL"}));

    // A re-import replaces the figures: changed on one territory, gone with a removed one.
    Scheme changed = scheme;
    changed.territories.erase(changed.territories.begin() + 1); // nord
    changed.territories[0].figures.pop_back();
    changed.territories[1].figures = {{"communes", 84, "communes", 2024}};
    changed.indicators[0].frequency = Frequency::monthly;
    changed.indicators[0].code_inferred = false;
    changed.indicators[0].producer.clear();
    store.save(changed, "s.yaml");
    const auto reloaded = store.load("faits");
    ASSERT_TRUE(reloaded);
    EXPECT_EQ(reloaded->territories, changed.territories);
    EXPECT_EQ(reloaded->indicators, changed.indicators);
    EXPECT_EQ(query_rows(database.url(), "SELECT territory_code, position, label, value, unit, "
                                         "year FROM territory_figure ORDER BY 1, 2"),
              (std::vector<std::string>{"dep|0|habitants|436876|habitants|2021",
                                        "sud|0|communes|84|communes|2024"}));
}

TEST(DocumentFacts, TheTerritoryFigureTableIsAReferenceTable) {
    TempDir dir;
    const TestDatabase database(dir);
    { Database db = Database::open(DatabaseUrl::parse(database.url())); }
    EXPECT_EQ(query_rows(database.url(), "SELECT access_class FROM jalon_table WHERE table_name = "
                                         "'territory_figure'"),
              std::vector<std::string>{"reference"});
}

TEST(DocumentFacts, AnUnknownFrequencyIsRefusedAndNothingIsWritten) {
    TempDir dir;
    const TestDatabase database(dir);
    std::string text = scheme_yaml;
    text.replace(text.find("frequency: annual"), 17, "frequency: yearly");
    write_file(dir / "s.yaml", text);
    ASSERT_EQ(run_jalon({database.arg(), "init"}).exit_code, 0);
    const std::vector<std::string> before = stored_state(database.url());
    const RunResult result =
        run_jalon({database.arg(), "scheme", "import", (dir / "s.yaml").string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_CONTAINS(result.err, (dir / "s.yaml").string() +
                                    ":44:24: frequency: unknown frequency 'yearly' (expected "
                                    "annuelle, semestrielle, trimestrielle, mensuelle, "
                                    "pluriannuelle or ponctuelle)");
    EXPECT_EQ(stored_state(database.url()), before);
}

TEST(DocumentFacts, ATerritoryFigureWithoutAValueIsRefusedAndNothingIsWritten) {
    TempDir dir;
    const TestDatabase database(dir);
    std::string text = scheme_yaml;
    text.replace(text.find("value: 18250, "), 14, "");
    write_file(dir / "s.yaml", text);
    ASSERT_EQ(run_jalon({database.arg(), "init"}).exit_code, 0);
    const std::vector<std::string> before = stored_state(database.url());
    const RunResult result =
        run_jalon({database.arg(), "scheme", "import", (dir / "s.yaml").string()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_CONTAINS(result.err,
                    (dir / "s.yaml").string() + ":17:13: value: missing required key in a figure");
    EXPECT_EQ(stored_state(database.url()), before);
}

TEST(DocumentFacts, TheAnnualWorkbookShowsProducerFrequencyInferredCodesAndKeyFigures) {
    Fixture f;
    const std::string output = (f.dir / "bilan.xlsx").string();
    ASSERT_EQ(
        run_jalon({f.db, "report", "annual", "--scheme", "faits", "--year", "2025", "-o", output})
            .exit_code,
        0);
    // Méthode: one row per indicator, producer and frequency beside it, inferred code remarked.
    EXPECT_EQ(sheet_rows(output, "Méthode", "Producteur des données", 4, 3),
              "Producteur des données|Fréquence de collecte|Remarques\n"
              "CAF de Test — fichier des allocataires (FILEAS)|trimestrielle|code attribué ; "
              "niveau déduit\n"
              "service interne|annuelle|\n"
              "||\n");
    EXPECT_EQ(sheet_rows(output, "Méthode", "1.1-I1", 1, 2),
              "1.1-I1|Foyers allocataires du RSA accompagnés\n");
    EXPECT_TRUE(sheet_holds(output, "Méthode",
                            "Code attribué : le document ne donne pas de code à l'indicateur"));
    // Territoires: the key figures of the report's territories, under each territory.
    EXPECT_EQ(sheet_rows(output, "Territoires", "Chiffres clés des territoires", 1, 1),
              "Chiffres clés des territoires\n");
    EXPECT_EQ(sheet_rows(output, "Territoires", "Chiffre clé", 6, 5, 1),
              "Territoire|Chiffre clé|Valeur|Unité|Année\n"
              "dep|Département de Test|||\n"
              "|habitants|436876|habitants|2021\n"
              "|part des 75 ans et plus|11.4|%|\n"
              "nord|Territoire Nord|||\n"
              "|foyers allocataires|18250|foyers|2023\n");

    const std::string english = (f.dir / "annual-en.xlsx").string();
    ASSERT_EQ(run_jalon({f.db, "report", "annual", "--scheme", "faits", "--year", "2025", "--lang",
                         "en", "-o", english})
                  .exit_code,
              0);
    EXPECT_EQ(sheet_rows(english, "Method", "Data producer", 3, 3),
              "Data producer|Collection frequency|Remarks\n"
              "CAF de Test — fichier des allocataires (FILEAS)|quarterly|code assigned; level "
              "inferred\n"
              "service interne|annual|\n");
    EXPECT_EQ(sheet_rows(english, "Territories", "Territories' key figures", 1, 1),
              "Territories' key figures\n");
}

TEST(DocumentFacts, TheMidtermReviewListsTheKeyFiguresOfTheTerritories) {
    Fixture f;
    const std::string xlsx = (f.dir / "review.xlsx").string();
    const std::string html = (f.dir / "review.html").string();
    for (const std::string& output : {xlsx, html})
        ASSERT_EQ(run_jalon({f.db, "report", "midterm", "--scheme", "faits", "--year", "2025", "-o",
                             output})
                      .exit_code,
                  0);
    EXPECT_CONTAINS(sheet_names(xlsx), "|Référentiel d'évaluation|Territoires|Méthode");
    EXPECT_EQ(sheet_rows(xlsx, "Territoires", "Code", 4, 6),
              "Code|Territoire|Chiffre clé|Valeur|Unité|Année\n"
              "dep|Département de Test|habitants|436876|habitants|2021\n"
              "dep|Département de Test|part des 75 ans et plus|11.4|%|\n"
              "nord|Territoire Nord|foyers allocataires|18250|foyers|2023\n");
    const std::string page = read_file(html);
    EXPECT_CONTAINS(page, "<li><a href=\"#territoires\">Chiffres clés des territoires</a></li>");
    EXPECT_CONTAINS(page, "<tr><th scope=\"row\">Territoire Nord</th><td>foyers "
                          "allocataires</td><td class=\"num\">18\u202f250\u00a0foyers</td><td "
                          "class=\"num\">2023</td></tr>");
}

TEST(DocumentFacts, ReviewsOfSchemesWithoutKeyFiguresHaveNoTerritoriesPart) {
    TempDir dir;
    const TestDatabase database(dir);
    std::string text = scheme_yaml;
    for (const char* line :
         {"    figures:\n      - {label: habitants, value: 436876, unit: "
          "habitants, year: 2021}\n      - {label: part des 75 ans et plus, "
          "value: 11.4, unit: '%'}\n",
          "        figures:\n          - {label: foyers allocataires, value: "
          "18250, unit: foyers, year: 2023}\n",
          "            code_inferred: true\n", "            level_inferred: true\n"}) {
        const auto at = text.find(line);
        ASSERT_NE(at, std::string::npos) << line;
        text.erase(at, std::string(line).size());
    }
    write_file(dir / "s.yaml", text);
    ASSERT_EQ(run_jalon({database.arg(), "scheme", "import", (dir / "s.yaml").string()}).exit_code,
              0);
    const std::string xlsx = (dir / "review.xlsx").string();
    const std::string html = (dir / "review.html").string();
    const std::string annual = (dir / "annual.xlsx").string();
    for (const std::string& output : {xlsx, html})
        ASSERT_EQ(run_jalon({database.arg(), "report", "midterm", "--scheme", "faits", "--year",
                             "2025", "-o", output})
                      .exit_code,
                  0);
    ASSERT_EQ(run_jalon({database.arg(), "report", "annual", "--scheme", "faits", "--year", "2025",
                         "-o", annual})
                  .exit_code,
              0);
    EXPECT_EQ(sheet_names(xlsx).find("Territoires"), std::string::npos);
    EXPECT_EQ(read_file(html).find("territoires"), std::string::npos);
    EXPECT_FALSE(sheet_holds(annual, "Territoires", "Chiffres clés"));
    EXPECT_FALSE(sheet_holds(annual, "Méthode", "Code attribué :"));
}

// ---- tools/convert-data -----------------------------------------------------------------------

TEST(ConvertData, EveryExtractionConvertsAndImports) {
    TempDir dir;
    const TestDatabase database(dir);
    const RunResult converted =
        run_program("/usr/bin/python3", {convert_data(), "--out", (dir / "yaml").string()});
    ASSERT_EQ(converted.exit_code, 0) << converted.err;
    EXPECT_EQ(converted.err, "") << "the four extractions hold no key the converter ignores";
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "yaml")) {
        ++files;
        const RunResult imported =
            run_jalon({database.arg(), "scheme", "import", entry.path().string()});
        EXPECT_EQ(imported.exit_code, 0) << entry.path() << imported.err;
    }
    EXPECT_EQ(files, 4u);
    // The converter made the indicator codes up, and says so; the seeds' facts are carried.
    EXPECT_EQ(query_rows(database.url(), "SELECT COUNT(*), SUM(code_inferred) FROM indicator"),
              std::vector<std::string>{"126|126"});
    EXPECT_EQ(query_rows(database.url(), "SELECT scheme_id, territory_code, value FROM "
                                         "territory_figure ORDER BY 1"),
              (std::vector<std::string>{"blois-contrat-de-ville-perr-2020-2022|kennedy|2",
                                        "vienne-schema-unique-solidarites-2025-2029|vienne|152"}));
    EXPECT_EQ(query_rows(database.url(), "SELECT code, frequency FROM indicator WHERE frequency IS "
                                         "NOT NULL"),
              std::vector<std::string>{"2.2.4-I2|annuelle"});
}

TEST(ConvertData, UnknownKeysAtEveryLevelBecomeNotesWithAWarning) {
    TempDir dir;
    write_file(dir / "x.json", R"({
  "id": "inconnu", "title": "Schéma à clés inconnues", "kind": "schema", "owner": "Test",
  "period": {"start": 2024, "end": 2028, "revised": "2026"},
  "source": "x.txt", "levels": ["axe", "action"], "status_year": 2025,
  "signature": "signé le 3 mai 2024",
  "territories": [
    {"id": "dep", "name": "Département", "kind": "departement", "area_km2": 6990,
     "figures": [{"label": "habitants", "value": 436876, "unit": "habitants", "year": 2021,
                  "source": "INSEE"}]},
    {"id": "nord", "name": "Nord", "kind": "territoire", "parent": "dep",
     "figures": [{"label": "communes", "value": 84, "unit": "communes"}]}],
  "governance": [{"body": "COPIL", "frequency": "annuelle", "chair": "Président"}],
  "links": [{"from": "1", "to": "PDI", "kind": "plan", "weight": "fort"}],
  "evaluation": {"notes": ["Évaluation annuelle."], "budget": "12 000 €"},
  "nodes": [
    {"code": "1", "level": "axe", "title": "Axe", "colour": "bleu",
     "children": [
       {"code": "1.1", "level": "action", "title": "Action", "status": "en-cours",
        "calendar": {"start": 2024, "end": 2026, "text": "2024-2026", "phase": "2"},
        "figures": [{"label": "personnes", "value": 300, "unit": "personnes", "verified": true}],
        "budget": {"amount": 12000, "unit": "€"},
        "indicators": [
          {"label": "Personnes accompagnées", "level": "realisation", "kind": "count",
           "unit": "personnes", "producer": "CAF", "source": "FILEAS", "frequency": "Annuel",
           "data_owner": "DGAS"},
          {"code": "R-2", "code_inferred": false, "label": "Taux de retour à l'emploi",
           "level": "resultat", "kind": "rate", "unit": "%", "frequency": "tous les deux ans",
           "target": {"value": 40, "by": 2028, "basis": "2023"}},
          {"label": "Jugement qualitatif", "level": "impact", "kind": "narrative"}]}]}]
})");
    const RunResult converted =
        run_program("/usr/bin/python3",
                    {convert_data(), "--out", (dir / "yaml").string(), (dir / "x.json").string()});
    ASSERT_EQ(converted.exit_code, 0) << converted.err;
    for (const char* warning :
         {"x.json: inconnu: key 'signature' not handled, kept as a note",
          "x.json: period: key 'revised' not handled",
          "x.json: territory dep: key 'area_km2' not handled",
          "x.json: territory dep.figures: key 'source' not handled",
          "x.json: governance: key 'chair' not handled", "x.json: links: key 'weight' not handled",
          "x.json: evaluation: key 'budget' not handled", "x.json: 1: key 'colour' not handled",
          "x.json: 1.1.calendar: key 'phase' not handled",
          "x.json: 1.1.figures: key 'verified' not handled",
          "x.json: 1.1: key 'budget' not handled", "x.json: 1.1-I1: key 'data_owner' not handled",
          "x.json: R-2.target: key 'basis' not handled",
          "x.json: R-2: frequency 'tous les deux ans' is not one the format knows",
          "x.json: 1.1-I3: indicator kind 'narrative' has no method here"})
        EXPECT_CONTAINS(converted.err, std::string("convert-data: warning: ") + warning);
    const std::filesystem::path yaml = dir / "yaml" / "inconnu.yaml";
    const std::string text = read_file(yaml);
    for (const char* note :
         {"- 'signature : signé le 3 mai 2024'", "- 'revised : 2026'", "- 'area_km2 : 6990'",
          "- 'habitants — source : INSEE'", "- 'chair : Président'", "- 'weight : fort'",
          "- 'budget : 12 000 €'", "- 'colour : bleu'", "- 'phase : 2'",
          "- 'personnes — verified : oui'", "- 'budget : {\"amount\": 12000, \"unit\": \"€\"}'",
          "- 'data_owner : DGAS'", "- 'basis : 2023'", "- 'fréquence : tous les deux ans'"})
        EXPECT_CONTAINS(text, note);
    // The keys the format knows are mapped, not kept as notes.
    const Scheme scheme = read_scheme_file(yaml);
    ASSERT_EQ(scheme.indicators.size(), 3u);
    EXPECT_TRUE(scheme.indicators[0].code_inferred);
    EXPECT_EQ(scheme.indicators[0].code, "1.1-I1");
    EXPECT_EQ(scheme.indicators[0].producer, "CAF");
    EXPECT_EQ(scheme.indicators[0].source, "FILEAS");
    EXPECT_EQ(scheme.indicators[0].frequency, Frequency::annual);
    EXPECT_EQ(scheme.indicators[1].code, "R-2");
    EXPECT_FALSE(scheme.indicators[1].code_inferred);
    EXPECT_EQ(scheme.indicators[1].frequency, std::nullopt);
    EXPECT_EQ(scheme.indicators[2].method, "sum");
    EXPECT_EQ(scheme.status_year, 2025);
    EXPECT_EQ(scheme.find_node("1.1")->status, ActionStatus::in_progress);
    ASSERT_EQ(scheme.find_territory("dep")->figures.size(), 1u);
    EXPECT_EQ(scheme.find_territory("dep")->figures[0],
              (Figure{"habitants", 436876, "habitants", 2021}));
    EXPECT_EQ(scheme.find_territory("nord")->figures[0],
              (Figure{"communes", 84, "communes", std::nullopt}));
    // And the converted file imports.
    TempDir db_dir;
    const TestDatabase database(db_dir);
    const RunResult imported = run_jalon({database.arg(), "scheme", "import", yaml.string()});
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
}

TEST(ConvertData, StatusesWithoutAYearForThemAreKeptAsNotes) {
    TempDir dir;
    write_file(dir / "s.json", R"({"id": "sans-annee", "title": "Sans année", "owner": "Test",
  "period": {"start": 2024, "end": 2028}, "levels": ["action"],
  "nodes": [{"code": "1", "level": "action", "title": "Action", "status": "realise"}]})");
    const RunResult converted =
        run_program("/usr/bin/python3",
                    {convert_data(), "--out", (dir / "yaml").string(), (dir / "s.json").string()});
    ASSERT_EQ(converted.exit_code, 0) << converted.err;
    EXPECT_CONTAINS(converted.err, "1: status 'realise' without a year for it (--status-year)");
    const Scheme without = read_scheme_file(dir / "yaml" / "sans-annee.yaml");
    EXPECT_EQ(without.nodes[0].status, std::nullopt);
    EXPECT_EQ(without.nodes[0].notes, std::vector<std::string>{"statut : realise"});

    const RunResult with_year =
        run_program("/usr/bin/python3", {convert_data(), "--status-year", "2026", "--out",
                                         (dir / "yaml").string(), (dir / "s.json").string()});
    ASSERT_EQ(with_year.exit_code, 0) << with_year.err;
    EXPECT_EQ(with_year.err, "");
    const Scheme with = read_scheme_file(dir / "yaml" / "sans-annee.yaml");
    EXPECT_EQ(with.status_year, 2026);
    EXPECT_EQ(with.nodes[0].status, ActionStatus::done);
}
