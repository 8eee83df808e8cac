#include "labels.hpp"

namespace jalon::reports {

namespace {

Labels french() {
    Labels l;
    l.language = "fr";
    l.sheet_summary = "Synthèse";
    l.sheet_indicators = "Indicateurs";
    l.sheet_territories = "Territoires";
    l.sheet_actions = "Actions";
    l.sheet_trends = "Tendances";
    l.sheet_quality = "Qualité des données";
    l.sheet_method = "Méthode";
    l.annual_evaluation = "Bilan annuel";
    l.owner = "Porteur";
    l.period = "Période";
    l.year = "Année évaluée";
    l.run = "Évaluation n°";
    l.run_date = "Date de l'évaluation";
    l.synthetic_banner = "Données et cibles synthétiques (illustratives) : ce bilan est une "
                         "démonstration, les chiffres ne viennent pas du territoire.";
    l.axis = "Axe";
    l.other_statuses =
        "Autres éléments du schéma dotés d'un statut (non comptés parmi les actions)";
    l.actions_by_status = "Actions par statut";
    l.indicators_by_status = "Indicateurs par statut";
    l.share_on_track = "Part en bonne voie";
    l.total = "Total";
    l.legend = "Légende des statuts";
    l.status = "Statut";
    l.meaning = "Signification";
    l.chart_title = "Indicateurs par statut et par axe";
    l.no_actions = "aucune action";
    l.path = "Chemin";
    l.code = "Code";
    l.node_title = "Intitulé";
    l.indicator = "Indicateur";
    l.level = "Niveau";
    l.direction = "Sens souhaité";
    l.unit = "Unité";
    l.baseline = "Valeur de référence";
    l.baseline_year = "Année de réf.";
    l.reference = "Jalon ou cible en vigueur";
    l.reference_year = "Échéance";
    l.reference_kind = "Type";
    l.value = "Valeur";
    l.attainment = "Taux d'atteinte";
    l.method = "Méthode";
    l.method_code = "Code méthode";
    l.parameters = "Paramètres";
    l.note = "Remarque";
    l.synthetic = "Synthétique";
    l.territory = "Territoire";
    l.kind = "Type";
    l.pilots = "Pilotes";
    l.partners = "Partenaires";
    l.calendar = "Calendrier";
    l.flagship = "Action phare";
    l.comment = "Commentaire";
    l.yes = "oui";
    l.no = "non";
    l.check = "Contrôle";
    l.detail = "Détail";
    l.previous_value = "Valeur précédente";
    l.new_value = "Nouvelle valeur";
    l.ratio = "Rapport";
    l.plugin = "Extension";
    l.version = "Version";
    l.file = "Fichier";
    l.rows = "Lignes";
    l.recorded = "Dernier enregistrement";
    l.source = "Source";
    l.producer = "Producteur des données";
    l.frequency = "Fréquence de collecte";
    l.remarks = "Remarques";
    l.code_inferred = "code attribué";
    l.level_inferred = "niveau déduit";
    l.inferred_note = "Code attribué : le document ne donne pas de code à l'indicateur, il lui a "
                      "été attribué lors de la description du schéma. Niveau déduit : le document "
                      "n'indique pas si l'indicateur est de réalisation, de résultat ou d'impact, "
                      "le niveau a été déduit de son libellé.";
    l.key_figures = "Chiffres clés des territoires";
    l.key_figures_note = "Chiffres cités par le document du schéma, avec leur année quand il la "
                         "donne.";
    l.figure = "Chiffre clé";
    l.figure_year = "Année";
    l.series = "Séries lues";
    l.action_status_none = "non renseigné";
    l.missing_legend = "Cellule grisée vide : valeur non renseignée (jamais comptée comme zéro).";
    l.not_applicable = "sans objet";
    l.not_applicable_legend = "« Sans objet » : l'indicateur n'a pas de sens pour ce territoire "
                              "(la part des habitants des QPV mesurée sur un QPV lui-même).";
    l.data_of_year = "Données";
    l.approved = "approuvées";
    l.pending = "en attente";
    l.milestone_word = "jalon";
    l.target_word = "cible";
    l.trends_note = "Indicateurs clés (ou, à défaut, le premier indicateur de chaque axe) : "
                    "valeurs au territoire du schéma, année par année, et jalon ou cible en "
                    "vigueur.";
    l.trend_value = "Valeur";
    l.trend_reference = "Jalon ou cible";
    l.quality_missing = "Valeur manquante";
    l.quality_changed = "Valeur modifiée depuis l'évaluation précédente";
    l.quality_outlier = "Écart important avec l'année précédente (×3 ou ÷3)";
    l.quality_no_target = "Indicateur sans cible";
    l.quality_not_computed = "Indicateur non calculé";
    l.quality_intro = "Contrôles de l'année évaluée : une ligne par point à vérifier.";
    l.quality_none = "Aucun point à signaler.";
    l.method_intro = "Comment ce bilan a été produit : chaque chiffre se retrouve dans les données "
                     "et la méthode indiquées ici.";
    l.run_id = "Évaluation n°";
    l.created = "Calculée le";
    l.database = "Base de données";
    l.jalon_version = "Version de Jalon";
    l.scheme_hash = "Empreinte du schéma";
    l.scheme_revision = "Révision du schéma";
    l.options = "Options";
    l.plugins = "Extensions de calcul";
    l.status_rules = "Règles de statut";
    l.data_sources = "Sources des données";
    l.indicator_methods = "Méthode de chaque indicateur";
    l.synthetic_sources = "données synthétiques";
    l.status_rule[0] = "la valeur a atteint le jalon ou la cible en vigueur (dans le sens "
                       "souhaité)";
    l.status_rule[1] = "pas encore atteint, échéance à venir, valeur au moins égale à la "
                       "trajectoire linéaire depuis la valeur de référence";
    l.status_rule[2] = "indicateur qualitatif (réalisé ou non) pas encore réalisé, dont le jalon "
                       "ou la cible n'est pas encore échu : il n'est pas jugé sur une trajectoire";
    l.status_rule[3] = "en deçà de la trajectoire, ou échéance passée sans atteinte";
    l.status_rule[4] = "aucune valeur pour ce territoire et cette année (cellule vide, jamais "
                       "zéro)";
    l.status_rule[5] = "ni jalon ni cible chiffrés ; sous le territoire du schéma, les cibles "
                       "ne s'appliquent pas";
    l.status_rule[6] = "méthode indisponible ou en erreur : la raison figure en remarque";
    l.footer = "Page &P / &N";
    return l;
}

Labels english() {
    Labels l = french();
    l.language = "en";
    l.sheet_summary = "Summary";
    l.sheet_indicators = "Indicators";
    l.sheet_territories = "Territories";
    l.sheet_actions = "Actions";
    l.sheet_trends = "Trends";
    l.sheet_quality = "Data quality";
    l.sheet_method = "Method";
    l.annual_evaluation = "Annual evaluation";
    l.owner = "Owner";
    l.period = "Period";
    l.year = "Year evaluated";
    l.run = "Run";
    l.run_date = "Run date";
    l.synthetic_banner = "Synthetic (illustrative) data and targets: this report is a "
                         "demonstration, the figures do not come from the territory.";
    l.axis = "Axis";
    l.other_statuses = "Other elements of the scheme with a status (not counted as actions)";
    l.actions_by_status = "Actions by status";
    l.indicators_by_status = "Indicators by status";
    l.share_on_track = "Share on track";
    l.total = "Total";
    l.legend = "Status legend";
    l.status = "Status";
    l.meaning = "Meaning";
    l.chart_title = "Indicators by status and axis";
    l.no_actions = "no action";
    l.path = "Path";
    l.code = "Code";
    l.node_title = "Title";
    l.indicator = "Indicator";
    l.level = "Level";
    l.direction = "Desired direction";
    l.unit = "Unit";
    l.baseline = "Baseline";
    l.baseline_year = "Baseline year";
    l.reference = "Milestone or target in force";
    l.reference_year = "Due";
    l.reference_kind = "Kind";
    l.value = "Value";
    l.attainment = "Attainment";
    l.method = "Method";
    l.method_code = "Method code";
    l.parameters = "Parameters";
    l.note = "Note";
    l.synthetic = "Synthetic";
    l.territory = "Territory";
    l.kind = "Kind";
    l.pilots = "Pilots";
    l.partners = "Partners";
    l.calendar = "Calendar";
    l.flagship = "Flagship";
    l.comment = "Comment";
    l.yes = "yes";
    l.no = "no";
    l.check = "Check";
    l.detail = "Detail";
    l.previous_value = "Previous value";
    l.new_value = "New value";
    l.ratio = "Ratio";
    l.plugin = "Plugin";
    l.version = "Version";
    l.file = "File";
    l.rows = "Rows";
    l.recorded = "Last recorded";
    l.source = "Source";
    l.producer = "Data producer";
    l.frequency = "Collection frequency";
    l.remarks = "Remarks";
    l.code_inferred = "code assigned";
    l.level_inferred = "level inferred";
    l.inferred_note = "Code assigned: the document gives the indicator no code; one was assigned "
                      "when the scheme was described. Level inferred: the document does not say "
                      "whether the indicator measures an output, an outcome or an impact; the "
                      "level was inferred from its label.";
    l.key_figures = "Territories' key figures";
    l.key_figures_note = "Figures cited by the scheme's document, with their year when it gives "
                         "one.";
    l.figure = "Key figure";
    l.figure_year = "Year";
    l.series = "Series read";
    l.action_status_none = "missing";
    l.missing_legend = "Empty grey cell: missing value (never counted as zero).";
    l.not_applicable = "not applicable";
    l.not_applicable_legend = "“Not applicable”: the indicator has no meaning at that territory (a "
                              "share of priority-neighbourhood residents measured on such a "
                              "neighbourhood itself).";
    l.data_of_year = "Data";
    l.approved = "approved";
    l.pending = "pending";
    l.milestone_word = "milestone";
    l.target_word = "target";
    l.trends_note = "Key indicators (or else the first indicator of each axis): values for the "
                    "scheme's territory, year by year, and the milestone or target in force.";
    l.trend_value = "Value";
    l.trend_reference = "Milestone or target";
    l.quality_missing = "Missing value";
    l.quality_changed = "Value changed since the previous run";
    l.quality_outlier = "Large change from the previous year (×3 or ÷3)";
    l.quality_no_target = "Indicator without target";
    l.quality_not_computed = "Indicator not computed";
    l.quality_intro = "Checks of the year evaluated: one row per point to verify.";
    l.quality_none = "Nothing to report.";
    l.method_intro = "How this report was made: every figure can be traced to the data and "
                     "method given here.";
    l.run_id = "Run";
    l.created = "Computed on";
    l.database = "Database";
    l.jalon_version = "Jalon version";
    l.scheme_hash = "Scheme content hash";
    l.scheme_revision = "Scheme revision";
    l.options = "Options";
    l.plugins = "Computation plugins";
    l.status_rules = "Status rules";
    l.data_sources = "Data sources";
    l.indicator_methods = "Method of each indicator";
    l.synthetic_sources = "synthetic data";
    l.status_rule[0] = "the value reached the milestone or target in force (in the desired "
                       "direction)";
    l.status_rule[1] = "not reached yet, due later, value at or beyond the straight trajectory "
                       "from the baseline";
    l.status_rule[2] = "a qualitative indicator (done or not) not done yet whose milestone or "
                       "target is not yet due: it is not judged on a trajectory";
    l.status_rule[3] = "below the trajectory, or due and not reached";
    l.status_rule[4] = "no value for that territory and year (empty cell, never zero)";
    l.status_rule[5] = "no milestone or target with a value; below the scheme's territory, "
                       "targets do not apply";
    l.status_rule[6] = "method unavailable or failed: the reason is in the note";
    return l;
}

} // namespace

const Labels& labels_for(const std::string& language) {
    static const Labels fr = french();
    static const Labels en = english();
    return language == "en" ? en : fr;
}

std::string status_label(ProgressStatus status, const Labels& labels) {
    return std::string(label(status, labels.language));
}

std::string date_text(const std::string& iso, const Labels& labels) {
    static const char* const fr[] = {"janvier",   "février", "mars",     "avril",
                                     "mai",       "juin",    "juillet",  "août",
                                     "septembre", "octobre", "novembre", "décembre"};
    static const char* const en[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};
    const auto digits = [&](std::size_t at, std::size_t n) {
        if (iso.size() < at + n)
            return -1;
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (iso[i] < '0' || iso[i] > '9')
                return -1;
            v = v * 10 + (iso[i] - '0');
        }
        return v;
    };
    const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || iso[4] != '-' ||
        iso[7] != '-' || (iso.size() != 10 && (iso.size() < 16 || iso[10] != 'T')))
        return iso;
    const bool english = labels.language == "en";
    std::string out = std::to_string(day) + (day == 1 && !english ? "er " : " ") +
                      (english ? en : fr)[month - 1] + " " + std::to_string(year);
    if (iso.size() >= 16) {
        const int hour = digits(11, 2), minute = digits(14, 2);
        if (hour < 0 || minute < 0)
            return iso;
        const std::string hh = iso.substr(11, 2), mm = iso.substr(14, 2);
        out += english ? ", " + hh + ":" + mm + " UTC" : " à " + hh + " h " + mm + " (UTC)";
    }
    return out;
}

std::string level_label(IndicatorLevel level, const Labels& labels) {
    const bool en = labels.language == "en";
    switch (level) {
    case IndicatorLevel::output:
        return en ? "output (réalisation)" : "réalisation";
    case IndicatorLevel::outcome:
        return en ? "outcome (résultat)" : "résultat";
    case IndicatorLevel::impact:
        return "impact";
    }
    return {};
}

std::string action_status_label(ActionStatus status, const Labels& labels) {
    const bool en = labels.language == "en";
    switch (status) {
    case ActionStatus::done:
        return en ? "done" : "réalisé";
    case ActionStatus::in_progress:
        return en ? "in progress" : "en cours";
    case ActionStatus::not_started:
        return en ? "not started" : "non engagé";
    case ActionStatus::postponed:
        return en ? "postponed" : "reporté";
    case ActionStatus::dropped:
        return en ? "dropped" : "abandonné";
    case ActionStatus::unplanned_done:
        return en ? "done, unplanned" : "réalisé non prévu";
    }
    return {};
}

std::string frequency_label(Frequency frequency, const Labels& labels) {
    const bool en = labels.language == "en";
    switch (frequency) {
    case Frequency::annual:
        return en ? "annual" : "annuelle";
    case Frequency::semiannual:
        return en ? "half-yearly" : "semestrielle";
    case Frequency::quarterly:
        return en ? "quarterly" : "trimestrielle";
    case Frequency::monthly:
        return en ? "monthly" : "mensuelle";
    case Frequency::multiannual:
        return en ? "multiannual" : "pluriannuelle";
    case Frequency::one_off:
        return en ? "one-off" : "ponctuelle";
    }
    return {};
}

std::string producer_text(const Indicator& indicator) {
    if (indicator.producer.empty() || indicator.source.empty())
        return indicator.producer + indicator.source;
    return indicator.producer + " — " + indicator.source;
}

std::string inferred_text(const Indicator& indicator, const Labels& labels) {
    const std::string separator = labels.language == "en" ? "; " : " ; ";
    std::string text;
    if (indicator.code_inferred)
        text = labels.code_inferred;
    if (indicator.level_inferred)
        text += (text.empty() ? "" : separator) + labels.level_inferred;
    return text;
}

} // namespace jalon::reports
