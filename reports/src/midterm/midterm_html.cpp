#include "midterm/midterm_html.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <iterator>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

namespace jalon::reports {

namespace {

// The one escape of the page: element text, attribute values and SVG text alike.
std::string esc(std::string_view text) {
    constexpr std::string_view special = "&<>\"'",
                               entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    std::string out;
    for (const char c : text)
        if (const auto k = special.find(c); k != std::string_view::npos)
            out += entities[k];
        else if (static_cast<unsigned char>(c) >= 0x20 || c == '\n' || c == '\t')
            out += c; // other control characters are not allowed in HTML
    return out;
}

// `pattern` with each `$` replaced by the next argument, which is HTML already.
std::string tpl(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    auto arg = args.begin();
    for (const char c : pattern)
        out += c == '$' && arg != args.end() ? *arg++ : std::string_view(&c, 1);
    return out;
}

// At most `chars` characters (UTF-8), with an ellipsis when cut.
std::string clip(const std::string& text, std::size_t chars) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == chars)
            return text.substr(0, text.find_last_not_of(' ', i - 1) + 1) + "…";
    return text;
}

constexpr const char* method_fr =
    "Le statut d'une action est celui de son dernier suivi enregistré jusqu'à l'année du bilan. "
    "Un indicateur est comparé, au territoire du schéma, au premier jalon ou à la cible à échoir : "
    "« atteint », « en bonne voie » s'il suit au moins la trajectoire linéaire depuis sa valeur "
    "de référence, « en retard » sinon ; un indicateur qualitatif (réalisé ou non) pas encore "
    "réalisé est « à échéance » tant que son jalon ou sa cible n'est pas échu ; sans valeur il est "
    "« non renseigné » (jamais zéro), sans jalon ni cible chiffrés « sans cible », « non "
    "calculé » si sa méthode manque ou échoue.";
constexpr const char* method_en =
    "An action's status is that of its latest follow-up recorded up to the review year. An "
    "indicator is compared, at the scheme's territory, with the first milestone or target not yet "
    "due: “reached”, “on track” when at or beyond the straight trajectory from its baseline, "
    "“late” otherwise; a qualitative indicator (done or not) not done yet is “not yet due” until "
    "its milestone or target is due; without a value it is “missing” (never zero), without a "
    "milestone or target value “no target”, and “not computed” when its method is missing or "
    "fails.";

// Status colours (--tone: bars, borders, badge outline; --ink: numbers on bars; --tint and
// --fg: badge background and text, above 4.5:1 (WCAG AA), as --ink on --tone), then the page.
constexpr const char* style_sheet = R"(
.a-none, .p-non-renseigne { --tone: #8E949A; --ink: #111; --tint: #F1F2F3; --fg: #3F4347; }
.a-realise, .p-atteint { --tone: #2E7D32; --ink: #FFF; --tint: #E4F2E5; --fg: #1B5E20; }
.a-en-cours { --tone: #1565C0; --ink: #FFF; --tint: #E3EEFB; --fg: #0D47A1; }
.a-non-engage, .p-en-retard { --tone: #C62828; --ink: #FFF; --tint: #FDE7E7; --fg: #8E1B1B; }
.a-reporte, .p-non-calcule { --tone: #CC7A00; --ink: #111; --tint: #FFF3D6; --fg: #6D4200; }
.a-abandonne { --tone: #616161; --ink: #FFF; --tint: #EEEEEE; --fg: #3A3A3A; }
.a-realise-non-prevu { --tone: #6A3FA0; --ink: #FFF; --tint: #F0E9F8; --fg: #4A2A75; }
.p-en-bonne-voie { --tone: #689F38; --ink: #111; --tint: #EEF7E3; --fg: #33691E; }
.p-a-echeance { --tone: #00796B; --ink: #FFF; --tint: #DFF3F0; --fg: #004D40; }
.p-sans-cible { --tone: #546E7A; --ink: #FFF; --tint: #E9EEF1; --fg: #37474F; }
.badge { display: inline-block; padding: .05em .55em; border: 1px solid var(--tone); border-radius: 1em;
  background: var(--tint); color: var(--fg); font-size: .85em; font-weight: 600; white-space: nowrap; }
rect { fill: var(--tone); } text { fill: #1F2328; } text.ink { fill: var(--ink); text-anchor: middle; }
figure > svg rect { stroke: #FFF; } text.total { fill: #57606A; font-weight: 600; }
:root { --muted: #57606A; --rule: #D0D7DE; --accent: #1F3864; } * { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial,
  sans-serif; color: #1F2328; line-height: 1.5; } body { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; color: var(--accent); margin: 1.6em 0 .5em; font-size: 1.05rem; }
h1 { font-size: 2rem; margin-top: 0; } h2 { font-size: 1.6rem; border-bottom: 2px solid var(--accent); }
h2.axis { font-size: 1.4rem; border-bottom: 1px solid var(--rule); } h3 { font-size: 1.15rem; }
h1 .sub, .kicker { display: block; font-size: 1.25rem; color: var(--muted); margin-top: .4rem; }
.kicker { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; margin: 0; }
.code, .muted, .status-text, .meta, .sublabel, dt, .pct { color: var(--muted); } .code { margin-right: .35em; }
.sr, .quiet caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; } dt { font-weight: 600; }
dd { margin: 0; } a { color: #0B4F9C; } nav li { margin: .2rem 0; } .status-text { font-weight: 500; }
.banner { border: 2px solid #9C5700; background: #FFF3D6; color: #5C3900; padding: .6rem .9rem; font-weight: 600; }
.counts .badge { margin: 0 .3em .3em 0; } td .counts { margin: 0; } ul.narrative li { margin: .3rem 0; }
article { border-left: 4px solid var(--tone); padding: .1rem 0 .3rem 1rem; margin: 1.4rem 0; }
article > :first-child { margin-top: .3rem; } .meta, .sublabel { margin: .2rem 0 .6rem; font-size: .9rem; }
.sublabel { font-weight: 600; margin: .6rem 0 .2rem; } .fig-value { font-weight: 700; }
ul.figures { list-style: none; padding: 0; } ul.figures li { padding-left: .8rem; border-left: 2px solid var(--rule); }
table { border-collapse: collapse; width: 100%; margin: .8rem 0 1.2rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; color: var(--accent); padding-bottom: .3rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { background: #EEF2F7; border-bottom: 2px solid var(--accent); font-size: .85rem; }
.num { text-align: right; font-variant-numeric: tabular-nums; } td.num { white-space: nowrap; } .zero { color: #6E7781; }
.pct { display: block; font-size: .8em; } .summary { font-size: .8rem; } .summary thead td { border: 0; }
.summary th, .summary td { padding: .3rem .25rem; } .summary tbody th { min-width: 10rem; font-weight: 500; }
.summary thead th { text-align: center; vertical-align: bottom; }
.summary tbody tr:last-child > * { border-top: 2px solid var(--accent); font-weight: 700; }
figure { margin: 1.4rem 0 1.8rem; } figure > svg { display: block; width: 100%; height: auto; font-size: 13px; }
figcaption { margin-bottom: .4rem; } .chart-title { font-weight: 600; color: var(--accent); }
.legend { list-style: none; padding: 0; margin: .3rem 0 0; display: flex; flex-wrap: wrap; gap: .2rem 1rem; }
.legend li::before { content: ""; display: inline-block; width: .8em; height: .8em; background: var(--tone);
  margin-right: .35em; vertical-align: -.05em; border-radius: 2px; }
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
@media print {
  html { font-size: 10pt; } body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; }
  h2.part, h2.axis { break-before: page; } h2.axis.first { break-before: auto; }
  h1, h2, h3, h4, h5, h6, .meta { break-after: avoid; break-inside: avoid; } thead { display: table-header-group; }
  tr, li, figure { break-inside: avoid; }
  .badge, .banner, thead th, .legend li::before { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)";

// A status as a column of the summary and a segment of a chart; counts by status (one per
// column) of a top-level node, or of all.
struct Column {
    std::string cls, label;
};
struct Counts {
    std::string label;
    std::vector<std::size_t> n;
    std::size_t total = 0;
};
using Rows = std::vector<std::vector<std::string>>;

template <class Key, class Keys>
Counts tally(std::string label, const std::map<Key, std::size_t>& by, const Keys& keys) {
    Counts c{std::move(label), {}, 0};
    for (const Key& key : keys)
        c.total += c.n.emplace_back(by.count(key) ? by.at(key) : 0);
    return c;
}

class Page {
public:
    explicit Page(const MidtermModel& model)
        : m(model), w(model.words), l(model.labels), en(l.language == "en"),
          colon(en ? ": " : "\u00a0: "), percent(en ? "%" : "\u202f%") {
        for (std::size_t i = 0; i < m.tree.size(); ++i)
            index_[m.tree[i].node->code] = i;
        for (const ActionStatus s : review_action_statuses) {
            action_keys_.emplace_back(to_code(s));
            actions_.push_back({"a-" + action_keys_.back(), action_status_label(s, l)});
        }
        action_keys_.emplace_back();
        actions_.push_back({"a-none", w.no_status});
        for (const ProgressStatus p : all_progress_statuses)
            indicators_.push_back({progress_cls(p), status_label(p, l)});
        head();
        tree_section();
        unplanned_section();
        summary_section();
        gaps_section();
        framework_section();
        if (m.has_key_figures())
            territories_section();
        method_section();
        out += "</main>\n</body>\n</html>\n";
    }
    std::string out;

private:
    const MidtermModel& m;
    const MidtermWords& w;
    const Labels& l;
    const bool en;
    const std::string colon, percent;
    std::vector<std::string> action_keys_; // action status codes, "" for no follow-up
    std::vector<Column> actions_, indicators_;
    std::map<std::string, std::size_t> index_; // node code → position in the tree

    // CSS classes of statuses: `a-en-cours` (an action; `a-none` without follow-up), `p-en-retard`.
    static std::string action_cls(const ActionFollowUp* f) {
        return f ? "a-" + std::string(to_code(f->status)) : "a-none";
    }
    static std::string progress_cls(ProgressStatus s) { return "p-" + std::string(to_code(s)); }
    static std::string badge(const std::string& cls, const std::string& text) {
        return tpl("<span class=\"badge $\">$</span>", {cls, esc(text)});
    }
    std::string action_badge(const ActionFollowUp* f) const {
        return badge(action_cls(f), m.action_status_text(f));
    }
    std::string year() const { return std::to_string(m.input.year); }
    // Ids are a prefix and a position, never a code: always unique, always [a-z0-9-].
    static std::string node_id(std::size_t i) { return "n-" + std::to_string(i); }
    std::string h(int depth) const { return "h" + std::to_string(std::min(6, 2 + depth)); }
    std::string pct(double share) const { return m.number_text(std::round(share * 100)) + percent; }
    std::string value_text(std::optional<double> v, const std::string& unit) const {
        return v ? m.value_text(*v, unit) : w.none;
    }
    std::string reference_text(const IndicatorResult* r, const std::string& unit) const {
        return !r || !r->reference
                   ? w.none
                   : value_text(r->reference, unit) + " (" +
                         (r->reference_kind == "target" ? l.target_word : l.milestone_word) +
                         (r->reference_year ? " " + std::to_string(*r->reference_year) : "") + ")";
    }
    // A link to a node of the tree by its code, or the code alone.
    std::string node_link(const std::string& code, bool with_title) const {
        const auto it = index_.find(code);
        return it == index_.end()
                   ? esc(code)
                   : tpl("<a href=\"#$\">$</a>",
                         {node_id(it->second),
                          esc(with_title ? code + " " + m.tree[it->second].node->title : code)});
    }
    // Actions by status as badges: "6 en cours", "1 réalisé".
    std::string badges(const std::map<std::string, std::size_t>& by_status) const {
        const Counts c = tally("", by_status, action_keys_);
        std::string html = "<p class=\"counts\">";
        for (std::size_t k = 0; k < c.n.size(); ++k)
            if (c.n[k])
                html += badge(actions_[k].cls, std::to_string(c.n[k]) + " " + actions_[k].label);
        return html + "</p>\n";
    }
    void section(const std::string& id, const std::string& title) {
        out += tpl("<section id=\"$\">\n<h2 class=\"part\">$</h2>\n", {id, esc(title)});
    }
    void sub(const std::string& id, const std::string& title) {
        out += tpl("<h3 id=\"$\">$</h3>\n", {id, esc(title)});
    }
    void para(const std::string& text) { out += "<p>" + esc(text) + "</p>\n"; }
    // A list of texts (of HTML with `html`), after a small label when there is one.
    void list(const std::vector<std::string>& items, const std::string& cls,
              const std::string& label = "", bool html = false) {
        if (items.empty())
            return;
        out += (label.empty() ? "" : tpl("<p class=\"sublabel\">$</p>\n", {esc(label)})) +
               tpl("<ul class=\"$\">\n", {cls});
        for (const std::string& item : items)
            out += "<li>" + (html ? item : esc(item)) + "</li>\n";
        out += "</ul>\n";
    }
    // A table of rows of HTML cells, the first heading its row; `align` has a letter per column,
    // 'r' for numbers. Class `quiet` leaves the caption to screen readers (a heading said it).
    void table(const std::string& caption, const std::vector<std::string>& heads,
               const std::string& align, const Rows& rows, const std::string& cls = "",
               const std::string& groups = "") {
        if (rows.empty())
            return;
        out += tpl("<table$>\n<caption>$</caption>\n<thead>$<tr>",
                   {cls.empty() ? "" : " class=\"" + cls + "\"", esc(caption),
                    groups.empty() ? "" : "<tr>" + groups + "</tr>\n"});
        for (std::size_t i = 0; i < heads.size(); ++i)
            out += tpl("<th scope=\"col\"$>$</th>",
                       {align[i] == 'r' ? " class=\"num\"" : "", esc(heads[i])});
        out += "</tr></thead>\n<tbody>\n";
        for (const auto& cells : rows) {
            out += "<tr><th scope=\"row\">" + cells.front() + "</th>";
            for (std::size_t i = 1; i < cells.size(); ++i)
                out += tpl("<td$>$</td>", {align[i] == 'r' ? " class=\"num\"" : "", cells[i]});
            out += "</tr>\n";
        }
        out += "</tbody>\n</table>\n";
    }
    // A sub-section made of a table, or of `none` without rows.
    void block(const std::string& id, const std::string& title,
               const std::vector<std::string>& heads, const std::string& align, const Rows& rows,
               const std::string& none) {
        sub(id, title);
        if (rows.empty())
            para(none);
        table(title, heads, align, rows, "quiet");
    }
    void fact(const std::string& term, const std::string& value) {
        out += tpl("<dt>$</dt><dd>$</dd>\n", {esc(term), esc(value)});
    }

    // The title, the identity of the review, the table of contents.
    void head() {
        out += tpl(
            "<!DOCTYPE html>\n<html lang=\"$\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>$</title>\n<style>$",
            {esc(l.language), esc(m.scheme.title + " — " + w.review + " " + year()), style_sheet});
        out += tpl("</style>\n</head>\n<body>\n<header>\n<h1>$<span class=\"sr\"> — </span>"
                   "<span class=\"sub\">$ $</span></h1>\n<dl>\n",
                   {esc(m.scheme.title), esc(w.review), year()});
        const Territory* territory = m.scheme.find_territory(m.root);
        const EvaluationRun* run = m.input.run;
        fact(w.owner, m.scheme.owner.empty() ? w.none : m.scheme.owner);
        fact(w.period,
             std::to_string(m.scheme.period.start) + "–" + std::to_string(m.scheme.period.end));
        fact(w.year, year());
        fact(w.territory, territory ? territory->name : m.root.empty() ? w.none : m.root);
        fact(w.run_id, run ? std::to_string(run->id) : w.none);
        fact(w.run_date, run ? date_text(run->created_at, l) : w.none);
        out += "</dl>\n";
        if (run && run->synthetic)
            out += tpl("<p class=\"banner\" role=\"note\">$</p>\n", {esc(w.synthetic_banner)});
        out += tpl(
            "</header>\n<nav class=\"toc\" aria-labelledby=\"h-toc\">\n<h2 id=\"h-toc\">$</h2>\n"
            "<ol>\n<li><a href=\"#realisations\">$</a></li>\n<li><a "
            "href=\"#non-prevus\">$</a></li>\n"
            "<li><a href=\"#synthese\">$</a></li>\n<li><a href=\"#ecarts\">$</a></li>\n"
            "<li><a href=\"#referentiel\">$</a></li>\n$<li><a href=\"#methode\">$</a></li>\n"
            "</ol>\n</nav>\n<main>\n",
            {esc(w.contents), esc(w.tree), esc(w.unplanned), esc(m.summary_title()), esc(w.gaps),
             esc(w.framework),
             m.has_key_figures()
                 ? tpl("<li><a href=\"#territoires\">$</a></li>\n", {esc(l.key_figures)})
                 : "",
             esc(w.method)});
    }

    // Every node in document order; each top-level node in its own section, on a new page.
    void tree_section() {
        section("realisations", w.tree);
        for (std::size_t i = 0; i < m.tree.size(); ++i) {
            const ReviewNode& n = m.tree[i];
            if (n.depth == 0)
                axis(i);
            else if (n.action || n.follow_up) // a non-action's status is shown all the same
                action(i);
            else
                out += tpl(
                    "<$ id=\"$\"><span class=\"code\">$</span>$</$>\n",
                    {h(n.depth), node_id(i), esc(n.node->code), esc(n.node->title), h(n.depth)});
        }
        out += m.tree.empty() ? "</section>\n" : "</section>\n</section>\n";
    }
    // A top-level node, "Sous-partie 1" above its title.
    void axis(std::size_t i) {
        const Node& node = *m.tree[i].node; // its level name is upper-cased by the style
        out += tpl("$<section aria-labelledby=\"$\">\n<h2 class=\"axis$\" id=\"$\"><span "
                   "class=\"kicker\">$</span>$</h2>\n",
                   {i ? "</section>\n" : "", node_id(i), i ? "" : " first", node_id(i),
                    esc(node.level.empty() ? node.code : node.level + " " + node.code),
                    esc(node.title)});
        if (m.tree[i].action || m.tree[i].follow_up) // an action itself, or followed all the same
            action_body(m.tree[i].follow_up);
    }
    // An action as the review writes it, "1.1 Améliorer … (en cours)", then what was done.
    void action(std::size_t i) {
        const ReviewNode& n = m.tree[i];
        article(node_id(i), h(n.depth), action_cls(n.follow_up), n.node->code,
                tpl("$ <span class=\"status-text\">($)</span>",
                    {esc(n.node->title), esc(m.action_status_text(n.follow_up))}));
        action_body(n.follow_up);
        out += "</article>\n";
    }
    void article(const std::string& id, const std::string& hx, const std::string& cls,
                 const std::string& code, const std::string& title_html) {
        out += tpl("<article class=\"$\" aria-labelledby=\"$\">\n<$ id=\"$\"><span class=\"code\">$"
                   "</span>$</$>\n",
                   {cls, id, hx, id, esc(code), title_html, hx});
    }
    void action_body(const ActionFollowUp* f) {
        body(action_badge(f) +
                 (f ? (en ? " follow-up " : " suivi ") + std::to_string(f->year) : ""),
             f, nullptr);
    }
    // The status line, then what the follow-up (or else the scheme file) says: comment,
    // narrative bullets, key figures.
    void body(const std::string& meta, const ActionFollowUp* f, const Node* declared) {
        out += "<p class=\"meta\">" + meta + "</p>\n";
        if (f && !f->comment.empty())
            out += tpl("<p><strong>$</strong>$</p>\n", {esc(w.comment + colon), esc(f->comment)});
        if (!f && !declared)
            return;
        list(f ? f->narrative : declared->narrative, "narrative");
        std::vector<std::string> items;
        for (const Figure& fig : f ? f->figures : declared->figures)
            items.push_back(
                tpl("$<span class=\"fig-value\">$</span>$",
                    {esc(fig.label + colon), esc(value_text(fig.value, fig.unit)),
                     fig.year ? " <span class=\"muted\">(" + std::to_string(*fig.year) + ")</span>"
                              : ""}));
        list(items, "figures", w.figures, true);
    }

    void unplanned_section() {
        section("non-prevus", w.unplanned);
        if (m.unplanned.empty())
            para(w.unplanned_none);
        const std::string cls = "a-" + std::string(to_code(ActionStatus::unplanned_done));
        for (std::size_t i = 0; i < m.unplanned.size(); ++i) {
            const ReviewUnplanned& u = m.unplanned[i];
            article("u-" + std::to_string(i), "h3", cls, u.code, esc(u.title));
            body(badge(cls, action_status_label(ActionStatus::unplanned_done, l)) +
                     (u.attached_to
                          ? " · " + esc(w.relates_to + colon) + node_link(*u.attached_to, true)
                          : ""),
                 u.follow_up, u.declared);
            out += "</article>\n";
        }
        out += "</section>\n";
    }

    // One table of the steering nodes by status (and the total), then a chart for the actions
    // and one for the indicators.
    void summary_section() {
        section("synthese", m.summary_title());
        std::vector<Counts> actions, indicators;
        ReviewSummary all; // the total row
        for (const ReviewSummary& s : m.summaries) {
            actions.push_back(tally(s.top ? s.top->code + " " + s.top->title : m.outside_title(),
                                    s.actions, action_keys_));
            indicators.push_back(tally(actions.back().label, s.indicators, all_progress_statuses));
            for (const auto& [k, n] : s.actions)
                all.actions[k] += n;
            for (const auto& [k, n] : s.indicators)
                all.indicators[k] += n;
        }
        actions.push_back(tally("", all.actions, action_keys_));
        indicators.push_back(tally("", all.indicators, all_progress_statuses));
        std::vector<std::string> heads{m.steering_title()};
        Rows rows(actions.size());
        for (std::size_t r = 0; r < rows.size(); ++r)
            rows[r].push_back(r >= m.summaries.size() ? esc(l.total)
                              : m.summaries[r].top    ? node_link(m.summaries[r].top->code, true)
                                                      : esc(m.outside_title()));
        for (const auto& [counts, columns] :
             {std::pair{&actions, &actions_}, std::pair{&indicators, &indicators_}}) {
            for (const Column& c : *columns)
                heads.push_back(c.label);
            heads.push_back(l.total);
            for (std::size_t r = 0; r < rows.size(); ++r) {
                const Counts& c = (*counts)[r]; // actions with their shares
                for (const std::size_t n : c.n)
                    rows[r].push_back(!n ? "<span class=\"zero\">0</span>"
                                         : std::to_string(n) +
                                               (counts == &actions
                                                    ? "<span class=\"pct\">" +
                                                          esc(pct(double(n) / c.total)) + "</span>"
                                                    : ""));
                rows[r].push_back(std::to_string(c.total));
            }
        }
        actions.pop_back(); // the charts show the steering nodes only
        indicators.pop_back();
        const std::string by = m.steering_level.empty() ? (en ? "axis" : "axe") : m.steering_level;
        table(en ? "Actions and indicators by status, by " + by
                 : "Actions et indicateurs par statut, par " + by,
              heads, "l" + std::string(heads.size() - 1, 'r'), rows, "summary",
              tpl("<td></td><th scope=\"colgroup\" colspan=\"$\">$</th><th scope=\"colgroup\" "
                  "colspan=\"$\">$</th>",
                  {std::to_string(actions_.size() + 1), esc(w.actions),
                   std::to_string(indicators_.size() + 1), esc(w.indicators)}));
        chart("chart-actions", w.chart_actions, actions, actions_);
        if (std::any_of(indicators.begin(), indicators.end(),
                        [](const Counts& c) { return c.total; }))
            chart("chart-indicators", w.chart_indicators, indicators, indicators_);
        else
            para(en ? "The scheme has no indicator." : "Le schéma ne compte aucun indicateur.");
        out += "</section>\n";
    }

    // A horizontal stacked bar per top-level node, its label above, lengths on one scale; the
    // numbers in words as the text alternative.
    void chart(const std::string& id, const std::string& title, const std::vector<Counts>& bars,
               const std::vector<Column>& columns) {
        std::size_t max = 1;
        for (const Counts& b : bars)
            max = std::max(max, b.total);
        const auto x = [&](std::size_t n) { return std::lround(640.0 * n / max); };
        const auto str = [](auto v) { return std::to_string(v); };
        std::string desc, svg;
        for (std::size_t r = 0, y = 0; r < bars.size(); ++r, y += 48) {
            const Counts& b = bars[r];
            desc += b.label + colon + str(b.total) + (en ? " in total" : " au total");
            svg += tpl("<text x=\"0\" y=\"$\">$</text>\n", {str(y + 15), esc(clip(b.label, 100))});
            for (std::size_t k = 0, before = 0; k < columns.size(); before += b.n[k++]) {
                if (!b.n[k])
                    continue;
                const long x0 = x(before), x1 = x(before + b.n[k]);
                const std::string n = str(b.n[k]), cls = columns[k].cls;
                desc += (before ? ", " : colon) + n + " " + columns[k].label;
                svg += tpl("<rect class=\"$\" x=\"$\" y=\"$\" width=\"$\" height=\"20\"/>\n",
                           {cls, str(x0), str(y + 21), str(x1 - x0)});
                if (x1 - x0 >= 18) // the count on the bar when it fits
                    svg += tpl("<text class=\"$ ink\" x=\"$\" y=\"$\">$</text>\n",
                               {cls, str((x0 + x1) / 2), str(y + 36), n});
            }
            svg += tpl("<text class=\"total\" x=\"$\" y=\"$\">$</text>\n",
                       {str(x(b.total) + 6), str(y + 36), str(b.total)});
            desc += ". ";
        }
        out +=
            tpl("<figure>\n<figcaption><span class=\"chart-title\" aria-hidden=\"true\">$</span>\n"
                "<ul class=\"legend\">\n",
                {esc(title)});
        for (const Column& c : columns)
            out += tpl("<li class=\"$\">$</li>\n", {c.cls, esc(c.label)});
        out += tpl(
            "</ul>\n</figcaption>\n<svg role=\"img\" aria-labelledby=\"$-t $-d\" viewBox=\"0 0 720 "
            "$\">\n<title id=\"$-t\">$</title>\n<desc id=\"$-d\">$</desc>\n$</svg>\n</figure>\n",
            {id, id, str(bars.size() * 48), id, esc(title), id, esc(desc), svg});
    }

    void gaps_section() {
        section("ecarts", w.gaps);
        Rows actions, late, missing;
        for (const ReviewNode* n : m.not_started)
            actions.push_back({node_link(n->node->code, false), esc(n->node->title),
                               action_badge(n->follow_up), esc(n->follow_up->comment)});
        for (const Indicator* ind : m.late)
            if (const IndicatorResult* r = m.result(ind->code)) // a late indicator has one
                late.push_back({esc(ind->code), esc(ind->label),
                                esc(value_text(r->value, ind->unit)),
                                esc(reference_text(r, ind->unit)),
                                esc(r->attainment ? pct(*r->attainment) : w.none)});
        for (const Indicator* ind : m.without_data)
            missing.push_back({esc(ind->code), esc(ind->label), node_link(ind->node, true)});
        block("ecarts-actions", w.gaps_actions, {l.code, l.node_title, w.status, w.comment}, "llll",
              actions, w.gaps_none);
        block("ecarts-retard", w.gaps_late,
              {l.code, l.indicator, w.value + " " + year(), l.reference, l.attainment}, "llrrr",
              late, w.gaps_none);
        block("ecarts-sans-donnee", w.gaps_missing, {l.code, l.indicator, w.relates_to}, "lll",
              missing, w.gaps_none);
        out += "</section>\n";
    }

    // One sub-section per criterion with questions, in the order of the criteria.
    void framework_section() {
        section("referentiel", w.framework);
        const auto& qs = m.scheme.questions;
        if (qs.empty())
            para(w.framework_none);
        for (std::size_t c = 0; c < std::size(all_evaluation_criteria); ++c)
            for (std::size_t i = 0, first = 1; i < qs.size(); ++i)
                if (qs[i].criterion == all_evaluation_criteria[c]) {
                    if (std::exchange(first,
                                      0)) // the criterion's heading, before its first question
                        sub("c-" + std::string(to_code(qs[i].criterion)), w.criterion_names[c]);
                    question(qs[i], i);
                }
        out += "</section>\n";
    }

    // A question: its judgement criteria, the indicators and nodes it rests on.
    void question(const EvaluativeQuestion& q, std::size_t i) {
        out += tpl("<h4 id=\"$\"><span class=\"code\">$</span>$</h4>\n",
                   {"q-" + std::to_string(i), esc(q.code), esc(q.question)});
        list(q.judgement_criteria, "criteria", w.judgement);
        Rows indicators, nodes;
        for (const std::string& code : q.indicators) {
            const Indicator* ind = m.scheme.find_indicator(code);
            const IndicatorResult* r = m.result(code);
            const std::string unit = ind ? ind->unit : std::string();
            const ProgressStatus s = r ? r->status : ProgressStatus::missing;
            indicators.push_back({esc(code), esc(ind ? ind->label : w.none),
                                  esc(value_text(r ? r->value : std::nullopt, unit)),
                                  esc(reference_text(r, unit)),
                                  badge(progress_cls(s), status_label(s, l))});
        }
        for (const std::string& code : q.nodes) {
            const auto it = index_.find(code);
            const ReviewNode* n = it == index_.end() ? nullptr : &m.tree[it->second];
            std::map<std::string, std::size_t> below; // the actions under a node, by status
            for (std::size_t j = n ? it->second + 1 : m.tree.size();
                 j < m.tree.size() && m.tree[j].depth > n->depth; ++j)
                if (const ReviewNode& a = m.tree[j]; a.action)
                    ++below[a.follow_up ? std::string(to_code(a.follow_up->status)) : ""];
            nodes.push_back({node_link(code, false), esc(n ? n->node->title : w.none),
                             !n                          ? ""
                             : n->action || n->follow_up ? action_badge(n->follow_up)
                                                         : badges(below)});
        }
        table(w.linked_indicators,
              {l.code, l.indicator, w.value + " " + year(), l.reference, w.status}, "llrrl",
              indicators);
        table(w.linked_nodes, {l.code, l.node_title, w.status}, "lll", nodes);
    }

    // The key figures the scheme gives for its territories, in the tree's order.
    void territories_section() {
        section("territoires", l.key_figures);
        para(l.key_figures_note);
        Rows rows;
        for (const Territory& t : m.scheme.territories)
            for (const Figure& f : t.figures)
                rows.push_back({esc(t.name), esc(f.label), esc(value_text(f.value, f.unit)),
                                f.year ? std::to_string(*f.year) : ""});
        table(l.key_figures, {l.territory, l.figure, l.value, l.figure_year}, "llrr", rows,
              "quiet");
        out += "</section>\n";
    }

    // How the review was made: the run, its plugins, the data and follow-up sources, the rules.
    void method_section() {
        section("methode", w.method);
        const EvaluationRun* run = m.input.run;
        out += "<dl>\n";
        fact(w.run_id, run ? std::to_string(run->id) : w.none);
        fact(w.run_date, run ? date_text(run->created_at, l) : w.none);
        fact(l.jalon_version, run && !run->jalon_version.empty() ? run->jalon_version : w.none);
        fact(l.database, m.input.database.empty() ? w.none : m.input.database);
        out += "</dl>\n";
        Rows plugins, data, follow_ups;
        for (const RunPlugin& p : run ? run->plugins : std::vector<RunPlugin>())
            plugins.push_back({esc(p.name), esc(p.version)});
        for (const ObservationSource& s : m.input.sources)
            data.push_back(
                {esc(s.file), esc(m.number_text(double(s.rows))), esc(s.synthetic ? l.yes : l.no)});
        std::map<std::string, std::size_t> sources;
        for (const ActionFollowUp& f : m.input.follow_ups)
            ++sources[f.source];
        for (const auto& [source, n] : sources)
            follow_ups.push_back({esc(source.empty() ? w.none : source), std::to_string(n)});
        block("methode-extensions", w.plugins, {l.plugin, l.version}, "ll", plugins, w.none);
        block("methode-donnees", w.data_sources, {l.file, l.rows, l.synthetic}, "lrl", data,
              w.none);
        block("methode-suivi", w.follow_up_sources, {l.source, w.count}, "lr", follow_ups, w.none);
        sub("methode-statuts", l.status_rules);
        para(en ? method_en : method_fr);
        out += "</section>\n";
    }
};

} // namespace

std::string midterm_html(const MidtermModel& model) {
    return std::move(Page(model).out);
}

} // namespace jalon::reports
