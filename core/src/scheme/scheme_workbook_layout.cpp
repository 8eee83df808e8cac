#include "../model/folded_word.hpp"

#include <jalon/model/action_status.hpp>
#include <jalon/model/evaluative_question.hpp>
#include <jalon/scheme/scheme_workbook.hpp>

#include <map>

namespace jalon {

namespace {

using T = SchemeCellType;

SchemeWorkbookColumn column(std::string key, std::string fr, std::string en, double width,
                            T type = T::text, std::string choices = {}, bool required = false) {
    return {std::move(key), std::move(fr),      std::move(en), width,
            type,           std::move(choices), required};
}

SchemeWorkbookColumn field(std::string key, std::string fr, std::string en, T type,
                           std::string choices, bool required, std::string help_fr,
                           std::string help_en) {
    return {std::move(key), std::move(fr),      std::move(en),     0, type, std::move(choices),
            required,       std::move(help_fr), std::move(help_en)};
}

std::vector<SchemeWorkbookSheet> make_sheets() {
    std::vector<SchemeWorkbookSheet> sheets;
    sheets.push_back(
        {"scheme",
         "Schéma",
         "Scheme",
         {field("id", "Identifiant", "Id", T::code, "", true,
                "Lettres, chiffres, . _ - : utilisé par toutes les commandes (--scheme)",
                "Letters, digits, . _ -: used by every command (--scheme)"),
          field("title", "Titre", "Title", T::text, "", true, "Le titre du document",
                "The document's title"),
          field("kind", "Type", "Kind", T::text, "", false,
                "schema-departemental, projet-social-territoire, contrat-de-ville…",
                "schema-departemental, projet-social-territoire, contrat-de-ville…"),
          field("owner", "Porteur", "Owner", T::text, "", true,
                "Département, intercommunalité, ville…", "Département, intercommunality, city…"),
          field("period.start", "Première année", "First year", T::year, "", true,
                "Première année de la période", "First year of the period"),
          field("period.end", "Dernière année", "Last year", T::year, "", true,
                "Dernière année de la période (incluse)", "Last year of the period (included)"),
          field("language", "Langue", "Language", T::text, "", false, "fr", "fr"),
          field("source", "Document source", "Source document", T::text, "", false,
                "Le document dont le schéma est tiré", "The document the scheme comes from"),
          field("level_order", "Ordre des niveaux", "Level order", T::choice, "level_orders", false,
                "strict : chaque niveau sous le précédent (feuille Niveaux, de haut en bas) ; "
                "libre : tout niveau sous tout autre",
                "strict: each level below the previous one (Levels sheet, top to bottom); free: "
                "any level under any other"),
          field("steering_level", "Niveau de pilotage", "Steering level", T::choice, "levels",
                false, "Le niveau par lequel la synthèse regroupe (souvent les axes)",
                "The level the synthesis groups by (often the axes)"),
          field("status_year", "Année des statuts", "Status year", T::year, "", false,
                "L'année que décrivent les statuts de la feuille Arborescence",
                "The year the statuses of the Tree sheet describe"),
          field("domains", "Domaines", "Domains", T::list, "", false,
                "Champs d'intervention, un par ligne", "Fields of intervention, one a line"),
          field("notes", "Notes", "Notes", T::list, "", false, "Une par ligne", "One a line"),
          field("evaluation.notes", "Notes sur l'évaluation", "Evaluation notes", T::list, "",
                false, "Ce que dit le document de son suivi et de son évaluation, une par ligne",
                "What the document says of its follow-up and evaluation, one a line")},
         true});
    sheets.push_back({"levels",
                      "Niveaux",
                      "Levels",
                      {column("name", "Niveau", "Level", 30, T::text, "", true),
                       column("action", "Niveau d'actions", "Action level", 16, T::flag, "flags")},
                      true,
                      "Les noms de niveaux du document, de haut en bas ; « oui » pour ceux dont "
                      "les éléments sont les actions suivies (fiches action…)",
                      "The document's level names, top to bottom; “yes” for those whose nodes are "
                      "the actions followed (fiches action…)"});
    sheets.push_back(
        {"nodes",
         "Arborescence",
         "Tree",
         {column("code", "Code", "Code", 12, T::code, "", true),
          column("parent", "Parent", "Parent", 12, T::code, "nodes"),
          column("level", "Niveau", "Level", 16, T::choice, "levels", true),
          column("title", "Titre", "Title", 50, T::text, "", true),
          column("short_title", "Titre court", "Short title", 24),
          column("code_inferred", "Code attribué", "Code made up", 10, T::flag, "flags"),
          column("action", "Action", "Action", 9, T::flag, "flags"),
          column("flagship", "Action phare", "Flagship", 9, T::flag, "flags"),
          column("pilots", "Pilotes", "Pilots", 26, T::list),
          column("partners", "Partenaires", "Partners", 26, T::list),
          column("calendar.start", "Début", "Start", 8, T::year),
          column("calendar.end", "Fin", "End", 8, T::year),
          column("calendar.text", "Calendrier", "Calendar", 16),
          column("objective", "Objectif", "Objective", 40),
          column("modalities", "Modalités", "Modalities", 40, T::list),
          column("territorial_notes", "Déclinaison territoriale", "Territorial notes", 30, T::list),
          column("articulation", "Articulation", "Articulation", 30, T::list),
          column("participation", "Participation", "Participation", 30),
          column("levers", "Leviers", "Levers", 30, T::list),
          column("status", "Statut", "Status", 13, T::choice, "statuses"),
          column("narrative", "Réalisations", "Narrative", 40, T::list),
          column("notes", "Notes", "Notes", 30, T::list)},
         true,
         "Un élément du schéma par ligne (partie, axe, orientation, fiche action…), sous son "
         "parent ; les listes (pilotes, partenaires…) une valeur par ligne dans la cellule",
         "One element of the scheme a row (part, axis, objective, action…), under its parent; "
         "lists (pilots, partners…) one value a line in the cell"});
    sheets.push_back(
        {"indicators",
         "Indicateurs",
         "Indicators",
         {column("code", "Code", "Code", 14, T::code, "", true),
          column("code_inferred", "Code attribué", "Code made up", 10, T::flag, "flags"),
          column("node", "Élément", "Node", 12, T::code, "nodes", true),
          column("label", "Libellé", "Label", 45, T::text, "", true),
          column("level", "Niveau", "Level", 13, T::choice, "indicator_levels", true),
          column("level_inferred", "Niveau déduit", "Level inferred", 10, T::flag, "flags"),
          column("kind", "Nature", "Kind", 12), column("unit", "Unité", "Unit", 12),
          column("method", "Méthode", "Method", 14, T::choice, "methods"),
          column("params", "Paramètres", "Parameters", 30),
          column("direction", "Sens souhaité", "Direction", 11, T::choice, "directions"),
          column("key", "Indicateur clé", "Key indicator", 10, T::flag, "flags"),
          column("producer", "Producteur", "Producer", 20),
          column("source", "Source", "Source", 20),
          column("frequency", "Fréquence", "Frequency", 14, T::choice, "frequencies"),
          column("baseline.value", "Valeur de référence", "Baseline", 12, T::number),
          column("baseline.year", "Année de référence", "Baseline year", 10, T::year),
          column("notes", "Notes", "Notes", 30, T::list)},
         false,
         "Un indicateur par ligne, rattaché à un élément de l'arborescence ; méthodes et "
         "paramètres : feuille Méthodes",
         "One indicator a row, attached to a node of the tree; methods and parameters: Methods "
         "sheet"});
    sheets.push_back(
        {"targets",
         "Jalons et cibles",
         "Milestones and targets",
         {column("indicator", "Indicateur", "Indicator", 14, T::code, "indicators", true),
          column("type", "Type", "Type", 10, T::choice, "target_kinds", true),
          column("year", "Année", "Year", 8, T::year),
          column("value", "Valeur", "Value", 12, T::number), column("unit", "Unité", "Unit", 12),
          column("text", "Libellé", "Wording", 45)},
         false,
         "Valeurs intermédiaires (jalons : une par année) et cible (une par indicateur)",
         "Milestones (one a year) and target (one per indicator)"});
    sheets.push_back(
        {"territories",
         "Territoires",
         "Territories",
         {column("code", "Code", "Code", 14, T::code, "", true),
          column("parent", "Parent", "Parent", 14, T::code, "territories"),
          column("name", "Nom", "Name", 36, T::text, "", true), column("kind", "Type", "Kind", 24),
          column("notes", "Notes", "Notes", 36, T::list)},
         false,
         "Département, territoires, communes, quartiers (QPV), chacun sous son parent",
         "Département, territories, communes, neighbourhoods (QPV), each under its "
         "parent"});
    sheets.push_back(
        {"figures",
         "Chiffres clés",
         "Key figures",
         {column("element", "Élément", "Element", 12, T::choice, "element_kinds", true),
          column("code", "Code", "Code", 14, T::code, "", true),
          column("label", "Libellé", "Label", 36, T::text, "", true),
          column("value", "Valeur", "Value", 12, T::number, "", true),
          column("unit", "Unité", "Unit", 14), column("year", "Année", "Year", 8, T::year)},
         false,
         "Chiffres cités par le document pour un élément de l'arborescence, un "
         "réalisé non prévu ou un territoire",
         "Figures the document gives for a node, an unplanned achievement or a "
         "territory"});
    sheets.push_back(
        {"series",
         "Séries",
         "Series",
         {column("code", "Code", "Code", 18, T::code, "", true),
          column("label", "Libellé", "Label", 40), column("unit", "Unité", "Unit", 12),
          column("within_year", "Dans l'année", "Within the year", 14, T::choice, "rollups"),
          column("across_territories", "Entre territoires", "Across territories", 14, T::choice,
                 "rollups")},
         false,
         "Séries de données déclarées (facultatif : sans déclaration, une série est "
         "un flux, sommé)",
         "Declared data series (optional: undeclared, a series is a flow, summed)"});
    sheets.push_back(
        {"unplanned",
         "Réalisés non prévus",
         "Unplanned achievements",
         {column("code", "Code", "Code", 12, T::code, "", true),
          column("code_inferred", "Code attribué", "Code made up", 10, T::flag, "flags"),
          column("node", "Élément", "Node", 12, T::code, "nodes"),
          column("title", "Titre", "Title", 45, T::text, "", true),
          column("year", "Année", "Year", 8, T::year),
          column("pilots", "Pilotes", "Pilots", 24, T::list),
          column("partners", "Partenaires", "Partners", 24, T::list),
          column("territorial_notes", "Déclinaison territoriale", "Territorial notes", 28, T::list),
          column("narrative", "Réalisations", "Narrative", 40, T::list),
          column("notes", "Notes", "Notes", 28, T::list)},
         false,
         "Ce qui a été fait hors du plan",
         "What was done outside the plan"});
    sheets.push_back(
        {"questions",
         "Questions évaluatives",
         "Evaluative questions",
         {column("code", "Code", "Code", 10, T::code, "", true),
          column("criterion", "Critère", "Criterion", 14, T::choice, "criteria", true),
          column("question", "Question", "Question", 50, T::text, "", true),
          column("indicators", "Indicateurs", "Indicators", 20, T::list),
          column("nodes", "Éléments", "Nodes", 20, T::list),
          column("judgement_criteria", "Critères de jugement", "Judgement criteria", 40, T::list)},
         false,
         "Le référentiel d'évaluation : chaque question sous un critère, avec ses indicateurs "
         "et/ou éléments (un code par ligne)",
         "The evaluative framework: each question under a criterion, with its indicators and/or "
         "nodes (one code a line)"});
    sheets.push_back(
        {"governance",
         "Gouvernance",
         "Governance",
         {column("body", "Instance", "Body", 30, T::text, "", true),
          column("scope", "Périmètre", "Scope", 20),
          column("frequency", "Fréquence", "Frequency", 16), column("role", "Rôle", "Role", 50)},
         false,
         "COPIL, comité technique, commissions…",
         "Steering committee, technical committee, commissions…"});
    sheets.push_back(
        {"links",
         "Liens",
         "Links",
         {column("from", "Élément", "From node", 12, T::code, "nodes"),
          column("to", "Plan ou cadre lié", "Linked plan or framework", 50, T::text, "", true),
          column("kind", "Nature du lien", "Kind of link", 20)},
         false,
         "Autres plans et cadres auxquels le schéma (élément vide) ou un élément se "
         "rattache",
         "Other plans and frameworks the scheme (no node) or a node refers to"});
    sheets.push_back({"totals",
                      "Totaux déclarés",
                      "Stated totals",
                      {column("name", "Nom", "Name", 24, T::text, "", true),
                       column("value", "Valeur", "Value", 12, T::number, "", true)},
                      false,
                      "Les totaux que le document annonce de lui-même (nombre d'actions…)",
                      "Totals the document states about itself (number of actions…)"});
    return sheets;
}

} // namespace

const std::vector<SchemeWorkbookSheet>& scheme_workbook_sheets() {
    static const std::vector<SchemeWorkbookSheet> sheets = make_sheets();
    return sheets;
}

namespace {

// A word of a fixed list: the scheme file's code, and what the workbook shows in each language.
struct ChoiceWord {
    std::string_view code, fr, en;
};

const std::vector<ChoiceWord>* words_of(std::string_view list) {
    static const std::map<std::string_view, std::vector<ChoiceWord>> lists{
        {"indicator_levels",
         {{"realisation", "réalisation", "output"},
          {"resultat", "résultat", "outcome"},
          {"impact", "impact", "impact"}}},
        {"directions", {{"up", "hausse", "up"}, {"down", "baisse", "down"}}},
        {"frequencies",
         {{"annuelle", "annuelle", "annual"},
          {"semestrielle", "semestrielle", "semiannual"},
          {"trimestrielle", "trimestrielle", "quarterly"},
          {"mensuelle", "mensuelle", "monthly"},
          {"pluriannuelle", "pluriannuelle", "multiannual"},
          {"ponctuelle", "ponctuelle", "one-off"}}},
        {"statuses",
         {{"realise", "réalisé", "done"},
          {"en-cours", "en cours", "in progress"},
          {"non-engage", "non engagé", "not started"},
          {"reporte", "reporté", "postponed"},
          {"abandonne", "abandonné", "dropped"}}},
        {"rollups",
         {{"sum", "somme", "sum"},
          {"last", "dernière", "last"},
          {"mean", "moyenne", "mean"},
          {"min", "minimum", "min"},
          {"max", "maximum", "max"},
          {"count", "nombre", "count"}}},
        {"criteria",
         {{"pertinence", "pertinence", "relevance"},
          {"coherence", "cohérence", "coherence"},
          {"efficacite", "efficacité", "effectiveness"},
          {"efficience", "efficience", "efficiency"},
          {"impact", "impact", "impact"},
          {"durabilite", "durabilité", "sustainability"}}},
        {"level_orders", {{"strict", "strict", "strict"}, {"free", "libre", "free"}}},
        {"flags", {{"true", "oui", "yes"}, {"false", "non", "no"}}},
        {"target_kinds", {{"milestone", "jalon", "milestone"}, {"target", "cible", "target"}}},
        {"element_kinds", {{"node", "nœud", "node"}, {"territory", "territoire", "territory"}}},
    };
    const auto found = lists.find(list);
    return found == lists.end() ? nullptr : &found->second;
}

} // namespace

std::vector<std::string> scheme_workbook_choices(std::string_view list, std::string_view language) {
    std::vector<std::string> out;
    if (const auto* words = words_of(list))
        for (const ChoiceWord& w : *words)
            out.emplace_back(language == "en" ? w.en : w.fr);
    return out;
}

std::string scheme_workbook_choice_word(std::string_view list, std::string_view code,
                                        std::string_view language) {
    if (const auto* words = words_of(list))
        for (const ChoiceWord& w : *words)
            if (w.code == code)
                return std::string(language == "en" ? w.en : w.fr);
    return std::string(code);
}

std::optional<std::string> scheme_workbook_choice_code(std::string_view list,
                                                       std::string_view word) {
    const std::string folded = folded_word(word);
    if (const auto* words = words_of(list))
        for (const ChoiceWord& w : *words)
            if (folded == folded_word(w.fr) || folded == folded_word(w.en) ||
                folded == folded_word(w.code))
                return std::string(w.code);
    return std::nullopt;
}

} // namespace jalon
