#include "midterm/midterm_model.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace jalon::reports {

namespace {

MidtermWords french() {
    MidtermWords w;
    w.review = "Bilan à mi-parcours";
    w.owner = "Porteur";
    w.period = "Période";
    w.year = "Année du bilan";
    w.run = "Évaluation des indicateurs";
    w.tree = "Réalisations par axe";
    w.unplanned = "Réalisés mais non prévus";
    w.unplanned_none = "Aucune réalisation hors programme n'est enregistrée.";
    w.summary = "Synthèse par axe";
    w.actions = "Actions";
    w.indicators = "Indicateurs";
    w.share = "Part";
    w.gaps = "Écarts à mi-parcours";
    w.gaps_actions = "Actions non engagées ou reportées";
    w.gaps_late = "Indicateurs en retard sur le jalon en vigueur";
    w.gaps_missing = "Indicateurs sans donnée";
    w.gaps_none = "Aucun.";
    w.framework = "Référentiel d'évaluation";
    w.framework_none = "Le schéma ne déclare pas de questions évaluatives.";
    w.question = "Question évaluative";
    w.judgement = "Critères de jugement";
    w.linked_indicators = "Indicateurs mobilisés";
    w.linked_nodes = "Actions et axes mobilisés";
    w.method = "Méthode";
    w.run_id = "Évaluation n°";
    w.run_date = "Calculée le";
    w.plugins = "Extensions de calcul";
    w.data_sources = "Sources des données";
    w.follow_up_sources = "Sources du suivi des actions";
    w.comment = "Commentaire";
    w.figures = "Chiffres clés";
    w.value = "Valeur";
    w.status = "Statut";
    w.node = "Élément du schéma";
    w.indicator = "Indicateur";
    w.relates_to = "Rattaché à";
    w.count = "Nombre";
    w.percent = "%";
    w.none = "—";
    w.synthetic_banner = "Données et cibles synthétiques (illustratives) : les chiffres des "
                         "indicateurs ne viennent pas du territoire.";
    w.territory = "Territoire";
    w.no_status = "non renseigné";
    w.chart_actions = "Actions par statut";
    w.chart_indicators = "Indicateurs par statut";
    w.contents = "Sommaire";
    const char* criteria[6] = {"Pertinence", "Cohérence", "Efficacité",
                               "Efficience", "Impact",    "Durabilité"};
    for (int i = 0; i < 6; ++i)
        w.criterion_names[i] = criteria[i];
    return w;
}

MidtermWords english() {
    MidtermWords w = french();
    w.review = "Mid-term review";
    w.owner = "Owner";
    w.period = "Period";
    w.year = "Review year";
    w.run = "Indicators' evaluation";
    w.tree = "Achievements by axis";
    w.unplanned = "Achieved but not planned";
    w.unplanned_none = "No achievement outside the plan is recorded.";
    w.summary = "Summary by axis";
    w.actions = "Actions";
    w.indicators = "Indicators";
    w.share = "Share";
    w.gaps = "Gaps at mid-term";
    w.gaps_actions = "Actions not started or postponed";
    w.gaps_late = "Indicators late on the milestone in force";
    w.gaps_missing = "Indicators without data";
    w.gaps_none = "None.";
    w.framework = "Evaluative framework";
    w.framework_none = "The scheme declares no evaluative question.";
    w.question = "Evaluative question";
    w.judgement = "Judgement criteria";
    w.linked_indicators = "Indicators used";
    w.linked_nodes = "Actions and axes used";
    w.method = "Method";
    w.run_id = "Run";
    w.run_date = "Computed on";
    w.plugins = "Computation plugins";
    w.data_sources = "Data sources";
    w.follow_up_sources = "Sources of the action follow-up";
    w.comment = "Comment";
    w.figures = "Key figures";
    w.value = "Value";
    w.status = "Status";
    w.node = "Scheme element";
    w.indicator = "Indicator";
    w.relates_to = "Relates to";
    w.count = "Count";
    w.synthetic_banner = "Synthetic (illustrative) data and targets: the indicators' figures do "
                         "not come from the territory.";
    w.territory = "Territory";
    w.no_status = "missing";
    w.chart_actions = "Actions by status";
    w.chart_indicators = "Indicators by status";
    w.contents = "Contents";
    const char* criteria[6] = {"Relevance",  "Coherence", "Effectiveness",
                               "Efficiency", "Impact",    "Sustainability"};
    for (int i = 0; i < 6; ++i)
        w.criterion_names[i] = criteria[i];
    return w;
}

} // namespace

const MidtermWords& midterm_words(const std::string& language) {
    static const MidtermWords fr = french();
    static const MidtermWords en = english();
    return language == "en" ? en : fr;
}

MidtermModel::MidtermModel(const MidtermReviewInput& in, const MidtermReviewOptions& options)
    : input(in), scheme(*in.scheme), labels(labels_for(options.language)),
      words(midterm_words(options.language)) {
    for (const ActionFollowUp& f : input.follow_ups)
        follow_ups_[f.node] = &f;
    root = scheme.territories.empty() ? std::string() : scheme.territories.front().code;
    if (input.run) {
        if (input.run->territory)
            root = *input.run->territory;
        for (const IndicatorResult& r : input.run->results)
            if (r.territory == root && r.year == input.year)
                results_[r.indicator] = &r;
    }

    std::map<std::string, int> depth;
    std::set<const Node*> actions;
    for (const Node* action : scheme.actions())
        actions.insert(action);
    for (const Node& node : scheme.nodes) {
        depth[node.code] = node.parent ? depth[*node.parent] + 1 : 0;
        const auto f = follow_ups_.find(node.code);
        tree.push_back({&node, depth[node.code], actions.count(&node) > 0,
                        f == follow_ups_.end() ? nullptr : f->second});
    }

    std::set<std::string> declared;
    for (const Node& item : scheme.unplanned) {
        declared.insert(item.code);
        const auto f = follow_ups_.find(item.code);
        unplanned.push_back({item.code, item.title, item.parent,
                             f == follow_ups_.end() ? nullptr : f->second, &item});
    }
    for (const ActionFollowUp& f : input.follow_ups)
        if (f.unplanned && !declared.count(f.node))
            unplanned.push_back({f.node, f.title, f.attached_to, &f, nullptr});

    // One summary per steering node, and one for what is under none (dropped when empty).
    steering_level =
        options.steering_level.empty() ? scheme.steering_level : options.steering_level;
    const auto group = scheme.steering_groups(steering_level);
    std::map<const Node*, std::size_t> index_of;
    for (const Node* node : scheme.steering_nodes(steering_level)) {
        index_of[node] = summaries.size();
        summaries.push_back({node, {}, 0, {}});
    }
    index_of[nullptr] = summaries.size();
    summaries.push_back({nullptr, {}, 0, {}});
    const auto summary_of = [&](const std::string& code) -> ReviewSummary& {
        const auto it = group.find(code);
        return summaries[index_of[it == group.end() ? nullptr : it->second]];
    };
    for (const ReviewNode& n : tree) {
        if (!n.action)
            continue;
        ReviewSummary& s = summary_of(n.node->code);
        ++s.action_count;
        ++s.actions[n.follow_up ? std::string(to_code(n.follow_up->status)) : std::string()];
        if (n.follow_up && (n.follow_up->status == ActionStatus::not_started ||
                            n.follow_up->status == ActionStatus::postponed))
            not_started.push_back(&n);
    }
    for (const Indicator& ind : scheme.indicators) {
        const IndicatorResult* r = result(ind.code);
        const ProgressStatus status = r ? r->status : ProgressStatus::missing;
        ++summary_of(ind.node).indicators[status];
        if (status == ProgressStatus::late)
            late.push_back(&ind);
        if (status == ProgressStatus::missing)
            without_data.push_back(&ind);
    }
    if (summaries.back().action_count == 0 && summaries.back().indicators.empty())
        summaries.pop_back();
}

std::string MidtermModel::summary_title() const {
    if (steering_level.empty())
        return words.summary;
    return (labels.language == "en" ? "Summary by " : "Synthèse par ") + steering_level;
}

std::string MidtermModel::steering_title() const {
    std::string title = steering_level.empty() ? labels.axis : steering_level;
    if (!title.empty() && title.front() >= 'a' && title.front() <= 'z')
        title.front() = static_cast<char>(title.front() - 'a' + 'A');
    return title;
}

std::string MidtermModel::outside_title() const {
    const std::string level = steering_level.empty() ? labels.axis : steering_level;
    return labels.language == "en" ? "Outside any " + level : "Hors " + level;
}

const IndicatorResult* MidtermModel::result(const std::string& indicator) const {
    const auto it = results_.find(indicator);
    return it == results_.end() ? nullptr : it->second;
}

std::string MidtermModel::action_status_text(const ActionFollowUp* follow_up) const {
    return follow_up ? action_status_label(follow_up->status, labels) : words.no_status;
}

std::string MidtermModel::number_text(double value) const {
    // French readers expect 13 700 and 12,5; English 13,700 and 12.5.
    const bool en = labels.language == "en";
    const double rounded = std::round(value * 100) / 100;
    std::ostringstream out;
    out.precision(2);
    out << std::fixed << std::fabs(rounded);
    std::string digits = out.str();
    while (digits.back() == '0')
        digits.pop_back();
    if (digits.back() == '.')
        digits.pop_back();
    const auto point = digits.find('.');
    std::string whole = digits.substr(0, point);
    std::string grouped;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i && (whole.size() - i) % 3 == 0)
            grouped += en ? "," : "\u202f";
        grouped += whole[i];
    }
    if (point != std::string::npos)
        grouped += (en ? "." : ",") + digits.substr(point + 1);
    return (rounded < 0 ? "-" : "") + grouped;
}

std::string MidtermModel::value_text(double value, const std::string& unit) const {
    // A year given as a figure ("depuis 2021", unit "année") is not a quantity: no grouping.
    const bool is_year =
        (unit.rfind("ann", 0) == 0 || unit == "year") && value == std::floor(value);
    std::string text = is_year ? std::to_string(static_cast<long long>(value)) : number_text(value);
    return unit.empty() ? text : text + "\u00a0" + unit;
}

std::string MidtermModel::figure_text(const Figure& figure) const {
    std::string text = figure.label + (labels.language == "en" ? ": " : " : ") +
                       value_text(figure.value, figure.unit);
    if (figure.year)
        text += " (" + std::to_string(*figure.year) + ")";
    return text;
}

bool MidtermModel::has_key_figures() const {
    return std::any_of(scheme.territories.begin(), scheme.territories.end(),
                       [](const Territory& t) { return !t.figures.empty(); });
}

std::string MidtermModel::path_codes(const Node& node) const {
    std::string path = node.code;
    const Node* at = &node;
    while (at->parent && (at = scheme.find_node(*at->parent)))
        path = at->code + " › " + path;
    return path;
}

} // namespace jalon::reports
