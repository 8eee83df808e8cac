#!/usr/bin/python3
"""Reads the mid-term review (jalon report midterm) back, as .xlsx (openpyxl) and as HTML (the
standard library's html.parser), and checks it element by element.

Run with /usr/bin/python3 (Debian's python3-openpyxl and python3-yaml):

    read_review.py structure FILE.html LANG
        the page as HTML: balanced tags, <html lang>, headings in order, table headers, SVG text
        alternatives, no script, no external resource, internal links that resolve
    read_review.py blois --yaml SCHEME.yaml --document DOC.txt --source PATH --xlsx FILE.xlsx
                         --html FILE.html --html-en FILE.html
        the Blois review against its scheme file and the document it was made from
    read_review.py hostile --yaml SCHEME.yaml --csv DATA.csv --xlsx FILE.xlsx --html FILE.html
        the purpose-built scheme with markup in its texts and an evaluative framework

Every failure is printed as `FAIL [part] what: expected …, got …`; the passing checks are counted
per part (`ok   [part] N checks`). The last line is `read_review: N checks passed, M failed` and
the exit status is 1 when any check failed.
"""

import argparse
import math
import os
import re
import sys
from collections import Counter
from html.parser import HTMLParser

import openpyxl
import yaml

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Checks  # noqa: E402  (tests/support/checks.py)

C = Checks()


def norm(text):
    """Spaces as a reader sees them: no-break and narrow no-break spaces are spaces, runs of
    white space are one space."""
    if text is None:
        return ""
    text = str(text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip()


# ---- a small DOM from html.parser ----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class El:
    def __init__(self, tag, attrs, parent, line):
        self.tag = tag
        self.attrs = {k: (v if v is not None else "") for k, v in attrs}
        self.parent = parent
        self.line = line
        self.children = []

    def classes(self):
        return self.attrs.get("class", "").split()

    def has_class(self, cls):
        return cls in self.classes()

    def elements(self):
        return [c for c in self.children if isinstance(c, El)]

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, El):
                yield from c.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        out = []
        for e in self.iter():
            if e is self:
                continue
            if tag and e.tag != tag:
                continue
            if cls and not e.has_class(cls):
                continue
            if any(e.attrs.get(k) != v for k, v in attrs.items()):
                continue
            out.append(e)
        return out

    def find(self, tag=None, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def children_of(self, tag):
        return [c for c in self.elements() if c.tag == tag]

    def text(self, skip=()):
        """All the text below, without the elements whose class is in `skip`."""
        parts = []
        for c in self.children:
            if isinstance(c, str):
                parts.append(c)
            elif not any(c.has_class(s) for s in skip):
                parts.append(c.text(skip))
        return "".join(parts)

    def own_text(self):
        return "".join(c for c in self.children if isinstance(c, str))


class Dom(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = El("#document", [], None, 0)
        self.stack = [self.root]
        self.errors = []
        self.declarations = []
        self.feed(text)
        self.close()
        for e in self.stack[1:]:
            self.errors.append(f"<{e.tag}> opened at line {e.line} is never closed")

    def handle_starttag(self, tag, attrs):
        e = El(tag, attrs, self.stack[-1], self.getpos()[0])
        self.stack[-1].children.append(e)
        if tag not in VOID:
            self.stack.append(e)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(El(tag, attrs, self.stack[-1], self.getpos()[0]))

    def handle_endtag(self, tag):
        line = self.getpos()[0]
        if tag in VOID:
            self.errors.append(f"line {line}: end tag </{tag}> of a void element")
            return
        top = self.stack[-1]
        if top.tag == tag:
            self.stack.pop()
            return
        self.errors.append(f"line {line}: </{tag}> while <{top.tag}> (line {top.line}) is open")
        if any(e.tag == tag for e in self.stack[1:]):
            while self.stack[-1].tag != tag:
                self.stack.pop()
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def handle_decl(self, decl):
        self.declarations.append(decl)


def read_html(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    return raw, Dom(raw)


# ---- the page's structure ------------------------------------------------------------------------

HEADINGS = {f"h{i}": i for i in range(1, 7)}


def check_structure(path, lang, label):
    C.begin(f"{label} structure")
    raw, dom = read_html(path)
    C.check(not dom.errors, "the tags are balanced", "; ".join(dom.errors[:10]))
    C.eq([d.lower() for d in dom.declarations], ["doctype html"], "one <!DOCTYPE html>")
    htmls = dom.root.children_of("html")
    C.eq(len(htmls), 1, "one <html> element at the top")
    if not htmls:
        return C.end()
    html = htmls[0]
    C.eq(html.attrs.get("lang"), lang, "<html lang>")
    C.check(raw.startswith("<!DOCTYPE html>\n<html lang=\"" + lang + "\">"),
            f'the file begins with <!DOCTYPE html> and <html lang="{lang}">', raw[:60])
    head = html.find("head")
    C.check(head is not None and head.find("meta", charset="utf-8") is not None,
            "<meta charset=utf-8> in <head>")
    C.check(head is not None and head.find("title") is not None
            and norm(head.find("title").text()) != "", "a non-empty <title>")

    # Headings: one h1, first; never a level skipped on the way down.
    levels = [(HEADINGS[e.tag], e) for e in html.iter() if e.tag in HEADINGS]
    C.check(levels and levels[0][0] == 1, "the first heading is the h1")
    C.eq(sum(1 for lv, _ in levels if lv == 1), 1, "exactly one h1")
    skips = []
    for (before, _), (level, e) in zip(levels, levels[1:]):
        if level > before + 1:
            skips.append(f"h{before} then h{level} '{norm(e.text())[:60]}' (line {e.line})")
    C.check(not skips, f"headings never skip a level ({len(levels)} headings)", "; ".join(skips[:5]))
    C.check(all(norm(e.text()) for _, e in levels), "no empty heading")

    # Tables: header cells, with a scope.
    tables = html.find_all("table")
    for i, t in enumerate(tables):
        ths = t.find_all("th")
        caption = norm(t.find("caption").text()) if t.find("caption") else f"table {i + 1}"
        C.check(ths, f"table '{caption}' has <th> headers")
        C.check(t.find("thead") is not None and t.find("thead").find("th") is not None,
                f"table '{caption}' has a header row in <thead>")
        C.check(all(th.attrs.get("scope") in ("col", "row", "colgroup", "rowgroup") for th in ths),
                f"every <th> of table '{caption}' has a scope")

    # SVG charts: role="img" and a <title> (and what aria-labelledby names exists).
    ids = Counter(e.attrs["id"] for e in html.iter() if "id" in e.attrs)
    dupes = [i for i, n in ids.items() if n > 1]
    C.check(not dupes, "ids are unique", ", ".join(dupes[:5]))
    for i, svg in enumerate(html.find_all("svg")):
        C.eq(svg.attrs.get("role"), "img", f"svg {i + 1} has role=img")
        title = svg.children_of("title")
        C.check(title and norm(title[0].text()), f"svg {i + 1} has a non-empty <title>")
        for ref in svg.attrs.get("aria-labelledby", "").split():
            C.check(ref in ids, f"svg {i + 1} aria-labelledby '{ref}' names an element")

    # No script, no external resource.
    C.check(not html.find_all("script"), "no <script> element")
    C.check(re.search(r"<\s*script", raw, re.I) is None, "no '<script' anywhere in the file")
    C.check(not any(a.lower().startswith("on") for e in html.iter() for a in e.attrs),
            "no event handler attribute")
    external = []
    for e in html.iter():
        for name, value in e.attrs.items():
            if name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
                v = value.strip().lower()
                if v.startswith(("http:", "https:", "//")) or v.startswith("javascript:"):
                    external.append(f"<{e.tag} {name}={value!r}>")
    C.check(not external, "no src/href to an external resource", ", ".join(external[:5]))
    C.check(not html.find_all("link") and not html.find_all("iframe")
            and not html.find_all("object") and not html.find_all("embed")
            and not html.find_all("img"), "no <link>, <iframe>, <object>, <embed> or <img>")
    style = "".join(s.text() for s in html.find_all("style"))
    C.check("@import" not in style and re.search(r"url\(", style) is None,
            "the style sheet loads nothing (no @import, no url())")
    # Internal links resolve.
    broken = [e.attrs["href"] for e in html.find_all("a")
              if e.attrs.get("href", "").startswith("#") and e.attrs["href"][1:] not in ids]
    C.check(not broken, "every #link names an id of the page", ", ".join(broken[:5]))
    return C.end()


# ---- words of the review -------------------------------------------------------------------------

WORDS = {
    "fr": {
        "review": "Bilan à mi-parcours",
        "tree": "Réalisations par axe", "unplanned": "Réalisés mais non prévus",
        "summary": "Synthèse par axe", "gaps": "Écarts à mi-parcours",
        "gaps_titles": ["Actions non engagées ou reportées",
                        "Indicateurs en retard sur le jalon en vigueur", "Indicateurs sans donnée"],
        "none": "Aucun.", "framework": "Référentiel d'évaluation",
        "framework_none": "Le schéma ne déclare pas de questions évaluatives.",
        "method": "Méthode", "follow_up_sources": "Sources du suivi des actions",
        "plugins": "Extensions de calcul", "data_sources": "Sources des données",
        "status_rules": "Règles de statut", "rules_start": "Le statut d'une action est celui",
        "contents": "Sommaire", "unplanned_badge": "réalisé non prévu", "follow_up": "suivi",
        "no_status": "non renseigné", "colon": " : ", "figures": "Chiffres clés",
        "comment": "Commentaire", "in_total": "au total", "no_indicator":
            "Le schéma ne compte aucun indicateur.",
        "owner": "Porteur", "period": "Période", "year": "Année du bilan",
        "run_id": "Évaluation n°", "database": "Base de données", "total": "Total",
        "axis": "Axe", "percent": "\u202f%", "group": "\u202f", "decimal": ",",
        "actions": {"realise": "réalisé", "en-cours": "en cours", "non-engage": "non engagé",
                    "reporte": "reporté", "abandonne": "abandonné"},
        "progress": {"atteint": "atteint", "en-bonne-voie": "en bonne voie",
                     "a-echeance": "à échéance",
                     "en-retard": "en retard", "non-renseigne": "non renseigné",
                     "sans-cible": "sans cible", "non-calcule": "non calculé"},
        "criteria": {"pertinence": "Pertinence", "coherence": "Cohérence",
                     "efficacite": "Efficacité", "efficience": "Efficience",
                     "impact": "Impact", "durabilite": "Durabilité"},
        "linked_indicators": "Indicateurs mobilisés", "linked_nodes": "Actions et axes mobilisés",
        "judgement": "Critères de jugement", "target": "cible", "milestone": "jalon",
    },
    "en": {
        "review": "Mid-term review",
        "tree": "Achievements by axis", "unplanned": "Achieved but not planned",
        "summary": "Summary by axis", "gaps": "Gaps at mid-term",
        "gaps_titles": ["Actions not started or postponed",
                        "Indicators late on the milestone in force", "Indicators without data"],
        "none": "None.", "framework": "Evaluative framework",
        "framework_none": "The scheme declares no evaluative question.",
        "method": "Method", "follow_up_sources": "Sources of the action follow-up",
        "plugins": "Computation plugins", "data_sources": "Data sources",
        "status_rules": "Status rules", "rules_start": "An action's status is that",
        "contents": "Contents", "unplanned_badge": "done, unplanned", "follow_up": "follow-up",
        "no_status": "missing", "colon": ": ", "figures": "Key figures", "comment": "Comment",
        "in_total": "in total", "no_indicator": "The scheme has no indicator.",
        "owner": "Owner", "period": "Period", "year": "Review year", "run_id": "Run",
        "database": "Database", "total": "Total", "axis": "Axis", "percent": "%",
        "group": ",", "decimal": ".",
        "actions": {"realise": "done", "en-cours": "in progress", "non-engage": "not started",
                    "reporte": "postponed", "abandonne": "dropped"},
        "progress": {"atteint": "reached", "en-bonne-voie": "on track",
                     "a-echeance": "not yet due", "en-retard": "late",
                     "non-renseigne": "missing", "sans-cible": "no target",
                     "non-calcule": "not computed"},
        "criteria": {"pertinence": "Relevance", "coherence": "Coherence",
                     "efficacite": "Effectiveness", "efficience": "Efficiency",
                     "impact": "Impact", "durabilite": "Sustainability"},
        "linked_indicators": "Indicators used", "linked_nodes": "Actions and axes used",
        "judgement": "Judgement criteria", "target": "target", "milestone": "milestone",
    },
}
ACTION_ORDER = ["realise", "en-cours", "non-engage", "reporte", "abandonne"]
PROGRESS_ORDER = ["atteint", "en-bonne-voie", "a-echeance", "en-retard", "non-renseigne",
                  "sans-cible", "non-calcule"]
SECTION_IDS = ["realisations", "non-prevus", "synthese", "ecarts", "referentiel", "methode"]
SHEETS = ["Bilan à mi-parcours", "Réalisés mais non prévus", "Synthèse par axe",
          "Écarts à mi-parcours", "Référentiel d'évaluation", "Méthode"]


def status_code(word):
    """The code of a status as the scheme file writes it (`en-cours`, `Réalisé`…)."""
    w = word.lower().replace("é", "e").replace("_", "-").replace(" ", "-")
    return w


def number_in(text, lang):
    """The number a figure's text starts with, as a float (None when there is none), and the rest
    of the text."""
    w = WORDS[lang]
    group = "[\u202f\u00a0 ]" if lang == "fr" else ","
    decimal = "," if lang == "fr" else r"\."
    m = re.match(rf"\s*(-?(?:[0-9]{{1,3}}(?:{group}[0-9]{{3}})+|[0-9]+)(?:{decimal}[0-9]+)?)"
                 rf"(?![0-9])(.*)$", text, re.S)
    if not m:
        return None, text
    digits = re.sub(group, "", m.group(1))
    if w["decimal"] != ".":
        digits = digits.replace(w["decimal"], ".")
    return float(digits), m.group(2)


def pct_text(n, total, lang):
    return str(int(math.floor(100.0 * n / total + 0.5))) + WORDS[lang]["percent"]


# ---- one figure, as HTML and as an xlsx line -----------------------------------------------------


def check_figure_text(where, label_and_value, figure, lang, colon):
    """`label : value unit (year)`: the label exactly, the value as a number, the unit, the year;
    a year written as a value (unit année) keeps its four digits."""
    label = figure["label"]
    ok = C.check(label_and_value.startswith(label + colon),
                 f"{where}: figure '{label[:50]}' shows its label then '{colon.strip()}'",
                 repr(label_and_value[:120]))
    if not ok:
        return
    rest = label_and_value[len(label + colon):]
    value, after = number_in(rest, lang)
    C.check(value is not None and math.isclose(value, float(figure["value"]), rel_tol=1e-9),
            f"{where}: figure '{label[:50]}' has the value {figure['value']}", repr(rest[:60]))
    unit = figure.get("unit", "")
    year = figure.get("year")
    expected_after = (" " + unit if unit else "") + (f" ({year})" if year is not None else "")
    C.eq(norm(after), norm(expected_after), f"{where}: figure '{label[:50]}' unit and year")
    if unit == "année":
        shown = re.match(r"[0-9][0-9\u202f\u00a0 ,.]*[0-9]|[0-9]", rest)
        C.eq(shown.group(0) if shown else rest[:8], str(int(figure["value"])),
             f"{where}: figure '{label[:50]}' is a year (unit année), shown as the document "
             f"writes it")


# ---- the Blois review as HTML --------------------------------------------------------------------


def heading_text(h):
    """A heading's text without its code."""
    return norm(h.text(skip=("code",)))


def check_body(where, article, follow_up, lang, status_label, meta_suffix):
    """An article's status line, narrative bullets and figures against the scheme file."""
    w = WORDS[lang]
    meta = article.find("p", cls="meta")
    badge = meta.find("span", cls="badge") if meta else None
    C.eq(norm(badge.text()) if badge else None, status_label, f"{where}: status badge")
    if meta_suffix is not None:
        C.eq(norm(meta.text()) if meta else None, norm(status_label + meta_suffix),
             f"{where}: status line")
    bullets = [li.text() for ul in article.find_all("ul", cls="narrative")
               for li in ul.children_of("li")]
    C.eq(bullets, list(follow_up.get("narrative", [])), f"{where}: narrative bullets")
    figures = follow_up.get("figures", [])
    items = [li for ul in article.find_all("ul", cls="figures") for li in ul.children_of("li")]
    C.eq(len(items), len(figures), f"{where}: number of figures")
    if figures:
        label = article.find("p", cls="sublabel")
        C.eq(norm(label.text()) if label else None, w["figures"], f"{where}: figures' label")
    for li, fig in zip(items, figures):
        check_figure_text(where, li.text().replace("\u00a0:", " :") if lang == "fr" else li.text(),
                          fig, lang, w["colon"])
        value = li.find("span", cls="fig-value")
        C.check(value is not None, f"{where}: figure '{fig['label'][:40]}' value in .fig-value")


def section_by_id(main, ident):
    for s in main.children_of("section"):
        if s.attrs.get("id") == ident:
            return s
    return None


def table_rows(table):
    """Header texts (last header row) and body rows (lists of cells) of a table."""
    thead = table.find("thead")
    head_rows = thead.children_of("tr") if thead else []
    heads = [norm(c.text()) for c in head_rows[-1].elements()] if head_rows else []
    body = table.find("tbody")
    rows = [r.elements() for r in body.children_of("tr")] if body else []
    return heads, rows


def following(section, element):
    """The element children of a section after `element`, up to the next heading of the same
    level."""
    kids = section.elements()
    i = kids.index(element)
    out = []
    for e in kids[i + 1:]:
        if e.tag == element.tag:
            break
        out.append(e)
    return out


def check_blois_html(path, scheme, document, source, lang):
    w = WORDS[lang]
    label = f"blois html {lang}"
    C.begin(f"{label} head")
    raw, dom = read_html(path)
    html = dom.root.find("html")
    labels = w["actions"]
    title = html.find("title")
    C.eq(norm(title.text()), norm(f"{scheme['title']} — {w['review']} 2023"), "<title>")
    h1 = html.find("h1")
    C.eq(norm(h1.text(skip=("sr",))), norm(f"{scheme['title']}{w['review']} 2023"), "h1")
    header = html.find("header")
    facts = dict(zip([norm(e.text()) for e in header.find_all("dt")],
                     [norm(e.text()) for e in header.find_all("dd")]))
    C.eq(facts.get(w["owner"]), scheme["owner"], "owner in the header")
    C.eq(facts.get(w["period"]), "2020–2026", "period in the header")
    C.eq(facts.get(w["year"]), "2023", "review year in the header")
    C.check(re.fullmatch(r"[0-9]+", facts.get(w["run_id"], "")), "run id in the header", facts)
    nav = html.find("nav")
    titles = [w["tree"], w["unplanned"], w["summary"], w["gaps"], w["framework"], w["method"]]
    C.eq(norm(nav.find("h2").text()) if nav else None, w["contents"], "table of contents heading")
    C.eq([(a.attrs.get("href"), norm(a.text())) for a in nav.find_all("a")] if nav else [],
         [("#" + i, t) for i, t in zip(SECTION_IDS, titles)], "table of contents entries")
    main = html.find("main")
    C.eq([s.attrs.get("id") for s in main.children_of("section")], SECTION_IDS,
         "the six sections, in order")
    for ident, t in zip(SECTION_IDS, titles):
        s = section_by_id(main, ident)
        h2 = s.children_of("h2") if s else []
        C.eq(norm(h2[0].text()) if h2 else None, t, f"section #{ident} title")

    # 1. Réalisations par axe: the 4 sous-parties, the 20 engagements.
    C.begin(f"{label} tree")
    tree = section_by_id(main, "realisations")
    axes = tree.children_of("section")
    tops = scheme["nodes"]
    C.eq(len(axes), len(tops), "number of sous-parties")
    doc_lines = {norm(line) for line in document.splitlines()} if document else set()
    doc_text = norm(document) if document else ""
    against_document = lang == "fr" and document is not None
    engagements = 0
    for top, axis in zip(tops, axes):
        h2 = axis.children_of("h2")[0]
        kicker = h2.find("span", cls="kicker")
        C.eq(norm(kicker.text()) if kicker else None, f"{top['level']} {top['code']}",
             f"sous-partie {top['code']}: level and code above the title")
        if against_document:
            C.check(f"Sous-partie {top['code']}" in doc_lines,
                    f"sous-partie {top['code']}: 'Sous-partie {top['code']}' is a line of the "
                    "document")
        C.eq(norm(h2.text(skip=("kicker",))), top["title"], f"sous-partie {top['code']}: title")
        if against_document:
            C.check(norm(top["title"]) in doc_lines,
                    f"sous-partie {top['code']}: its title is a line of the document")
        articles = axis.children_of("article")
        C.eq([norm(a.find("span", cls="code").text()) for a in articles],
             [c["code"] for c in top["children"]], f"sous-partie {top['code']}: its engagements")
        for child, article in zip(top["children"], articles):
            engagements += 1
            code = child["code"]
            where = f"engagement {code}"
            status = labels[status_code(child["status"])]
            h3 = article.children_of("h3")
            C.check(h3, f"{where}: an h3 heading")
            if not h3:
                continue
            heading = heading_text(h3[0])
            C.eq(heading, norm(f"{child['title']} ({status})"), f"{where}: title (status)")
            if against_document:
                C.check(heading in doc_lines,
                        f"{where}: '{heading[:60]}…' is written so in the document")
            C.eq(norm(h3[0].find("span", cls="status-text").text()), f"({status})",
                 f"{where}: status after the title")
            C.check(article.has_class("a-" + status_code(child["status"])),
                    f"{where}: article class", article.attrs.get("class"))
            check_body(where, article, child, lang, status, f" {w['follow_up']} 2023")
            if against_document:
                for b in child.get("narrative", []):
                    C.check(norm(b) in doc_text, f"{where}: bullet '{b[:50]}…' is in the document")
    C.eq(engagements, 20, "number of engagements")
    statuses = Counter(norm(a.find("span", cls="status-text").text())
                       for a in tree.find_all("article"))
    C.eq(statuses, Counter({f"({labels['en-cours']})": 15, f"({labels['realise']})": 5}),
         "15 engagements en cours, 5 réalisés")

    # 2. Réalisés mais non prévus.
    C.begin(f"{label} unplanned")
    unplanned = section_by_id(main, "non-prevus")
    if against_document:
        C.check(w["unplanned"] in doc_lines, "the section's title is a line of the document")
    articles = unplanned.children_of("article")
    C.eq([norm(a.find("span", cls="code").text()) for a in articles],
         [u["code"] for u in scheme["unplanned"]], "NP.1 and NP.2, in order")
    for item, article in zip(scheme["unplanned"], articles):
        where = f"unplanned {item['code']}"
        h3 = article.children_of("h3")
        C.eq(heading_text(h3[0]) if h3 else None, item["title"], f"{where}: title")
        if against_document:
            C.check(norm(item["title"]) in doc_lines,
                    f"{where}: its title is a line of the document")
            for b in item.get("narrative", []):
                C.check(norm(b) in doc_text, f"{where}: bullet '{b[:50]}…' is in the document")
        C.check(article.has_class("a-realise-non-prevu"), f"{where}: article class")
        check_body(where, article, item, lang, w["unplanned_badge"], "")

    # 3. Synthèse par axe.
    C.begin(f"{label} summary")
    summary = section_by_id(main, "synthese")
    table = summary.find("table", cls="summary")
    C.check(table is not None, "the summary table")
    heads, rows = table_rows(table)
    action_labels = [labels[s] for s in ACTION_ORDER] + [w["no_status"], w["total"]]
    C.eq(heads[:1 + len(action_labels)], [w["axis"]] + action_labels, "summary's action columns")
    progress_labels = [w["progress"][s] for s in PROGRESS_ORDER] + [w["total"]]
    C.eq(heads[1 + len(action_labels):], progress_labels, "summary's indicator columns")
    C.eq(len(rows), len(tops) + 1, "a row per sous-partie and a total row")
    totals = Counter()
    for i, row in enumerate(rows):
        is_total = i == len(tops)
        counts = Counter(status_code(c["status"]) for c in tops[i]["children"]) if not is_total \
            else totals
        n = sum(counts.values())
        name = "total" if is_total else f"sous-partie {tops[i]['code']}"
        C.eq(norm(row[0].text()), w["total"] if is_total else
             norm(f"{tops[i]['code']} {tops[i]['title']}"), f"summary {name}: row heading")
        cells = row[1:]
        for k, s in enumerate(ACTION_ORDER):
            cell = cells[k]
            C.eq(norm(cell.text(skip=("pct",))), str(counts.get(s, 0)),
                 f"summary {name}: {labels[s]}")
            pct = cell.find("span", cls="pct")
            if counts.get(s, 0):
                C.eq(pct.text() if pct else None, pct_text(counts[s], n, lang),
                     f"summary {name}: share {labels[s]}")
        C.eq(norm(cells[5].text()), "0", f"summary {name}: {w['no_status']}")
        C.eq(norm(cells[6].text()), str(n), f"summary {name}: total")
        C.eq([norm(c.text()) for c in cells[7:]], ["0"] * (len(PROGRESS_ORDER) + 1),
             f"summary {name}: no indicators")
        if not is_total:
            totals.update(counts)
    C.eq(dict(totals), {"en-cours": 15, "realise": 5}, "summary: 15 en cours, 5 réalisés")
    desc = summary.find("desc")
    desc_text = norm(desc.text()) if desc else ""
    for top in tops:
        counts = Counter(status_code(c["status"]) for c in top["children"])
        expected = norm(f"{top['code']} {top['title']}{w['colon']}{sum(counts.values())} "
                        f"{w['in_total']}")
        parts = [f"{counts[s]} {labels[s]}" for s in ACTION_ORDER if counts.get(s)]
        expected = norm(f"{top['code']} {top['title']}{w['colon']}{sum(counts.values())} "
                        f"{w['in_total']}{w['colon']}{', '.join(parts)}.")
        C.check(expected in desc_text,
                f"chart of actions: text alternative for sous-partie {top['code']}",
                f"expected {expected!r} in {desc_text[:300]!r}")
    C.check(any(norm(p.text()) == w["no_indicator"] for p in summary.children_of("p")),
            "summary says the scheme has no indicator")

    # 4. Écarts.
    C.begin(f"{label} gaps")
    gaps = section_by_id(main, "ecarts")
    h3s = gaps.children_of("h3")
    C.eq([norm(h.text()) for h in h3s], w["gaps_titles"], "the three kinds of gap")
    for h in h3s:
        after = following(gaps, h)
        C.eq([(e.tag, norm(e.text())) for e in after], [("p", w["none"])],
             f"gap '{norm(h.text())}': none")
    C.check(not gaps.find_all("table"), "no gap table")

    # 5. Référentiel d'évaluation.
    C.begin(f"{label} framework")
    framework = section_by_id(main, "referentiel")
    C.eq([(e.tag, norm(e.text())) for e in framework.elements()],
         [("h2", w["framework"]), ("p", w["framework_none"])], "no evaluative question")

    # 6. Méthode.
    C.begin(f"{label} method")
    method = section_by_id(main, "methode")
    facts = dict(zip([norm(e.text()) for e in method.find_all("dt")],
                     [norm(e.text()) for e in method.find_all("dd")]))
    C.check(re.fullmatch(r"[0-9]+", facts.get(w["run_id"], "")), "method: run id", facts)
    C.check(facts.get(w["database"], "").endswith(".db") and "/" not in facts.get(w["database"], ""), "method: database", facts)
    subs = {norm(h.text()): h for h in method.children_of("h3")}
    C.eq(list(subs), [w["plugins"], w["data_sources"], w["follow_up_sources"], w["status_rules"]],
         "method's sub-sections")
    if w["follow_up_sources"] in subs:
        after = following(method, subs[w["follow_up_sources"]])
        t = [e for e in after if e.tag == "table"]
        C.check(t, "method: a table of the follow-up sources")
        if t:
            _, rows = table_rows(t[0])
            C.eq([[norm(c.text()) for c in r] for r in rows], [[source, "22"]],
                 "method: the scheme file is the source of the 22 follow-ups")
    if w["plugins"] in subs:
        after = following(method, subs[w["plugins"]])
        t = [e for e in after if e.tag == "table"]
        names = [norm(r[0].text()) for r in table_rows(t[0])[1]] if t else []
        C.check("standard" in names, "method: the standard plugin is listed", names)
    if w["data_sources"] in subs:
        after = following(method, subs[w["data_sources"]])
        C.eq([(e.tag, norm(e.text())) for e in after], [("p", "—")], "method: no data source")
    if w["status_rules"] in subs:
        after = following(method, subs[w["status_rules"]])
        C.check(after and norm(after[0].text()).startswith(w["rules_start"]),
                "method: the status rules")
    C.end()


# ---- the Blois review as xlsx --------------------------------------------------------------------


def find_header(ws, names):
    """The row whose cells hold all the names, and the column of each name (its first cell)."""
    for row in ws.iter_rows():
        values = [c.value for c in row]
        if all(n in values for n in names):
            return row[0].row, {v: i + 1 for i, v in reversed(list(enumerate(values)))
                                if isinstance(v, str)}
    return None, {}


def rows_after(ws, header_row, first_column=1):
    """The rows of a table after its header, up to the first row whose first cell is empty."""
    out = []
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, first_column).value in (None, ""):
            break
        out.append(r)
    return out


def value(ws, r, columns, name):
    return ws.cell(r, columns[name]).value if name in columns else "<no column " + name + ">"


def check_blois_xlsx(path, scheme, source):
    C.begin("blois xlsx sheets")
    wb = openpyxl.load_workbook(path)
    C.eq(wb.sheetnames, SHEETS, "sheet names, in order")
    formulas = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
                for c in row if c.data_type == "f"]
    C.check(not formulas, "no formula cell", ", ".join(formulas[:5]))
    labels = WORDS["fr"]["actions"]

    C.begin("blois xlsx review")
    ws = wb[SHEETS[0]]
    C.eq(norm(ws["A1"].value), norm(f"{scheme['title']} — Bilan à mi-parcours 2023"), "A1 title")
    lines = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 8)}
    C.eq(lines.get("Porteur"), scheme["owner"], "owner line")
    C.eq(lines.get("Année du bilan"), 2023, "review year line")
    header, cols = find_header(ws, ["Code", "Intitulé", "Statut", "Récit", "Chiffres clés"])
    C.check(header, "the tree's header row")
    if header:
        rows = rows_after(ws, header, cols["Code"])
        expected = []
        for top in scheme["nodes"]:
            expected.append((top, None))
            expected.extend((c, top) for c in top["children"])
        C.eq(len(rows), len(expected), "a row per sous-partie and engagement")
        statuses = Counter()
        for r, (node, top) in zip(rows, expected):
            code = node["code"]
            where = f"{ws.title}!row {r} ({code})"
            C.eq(value(ws, r, cols, "Code"), code, f"{where}: code")
            if top is None:
                C.eq(value(ws, r, cols, "Intitulé"), node["title"], f"{where}: sous-partie title")
                C.eq(value(ws, r, cols, "Niveau"), "sous-partie", f"{where}: level")
                C.eq(value(ws, r, cols, "Statut") or "", "", f"{where}: no status")
                continue
            status = labels[status_code(node["status"])]
            statuses[status] += 1
            C.eq(value(ws, r, cols, "Chemin"), f"{top['code']} › {code}", f"{where}: path")
            C.eq(value(ws, r, cols, "Intitulé"), f"{node['title']} ({status})",
                 f"{where}: title (status)")
            C.eq(value(ws, r, cols, "Niveau"), "engagement", f"{where}: level")
            C.eq(value(ws, r, cols, "Statut"), status, f"{where}: status")
            C.eq(value(ws, r, cols, "Commentaire") or "", "", f"{where}: no comment")
            C.eq(value(ws, r, cols, "Récit") or "",
                 "\n".join("• " + b for b in node.get("narrative", [])), f"{where}: narrative")
            check_xlsx_figures(where, value(ws, r, cols, "Chiffres clés"), node.get("figures", []))
        C.eq(statuses, Counter({labels["en-cours"]: 15, labels["realise"]: 5}),
             "15 engagements en cours, 5 réalisés")

    C.begin("blois xlsx unplanned")
    ws = wb[SHEETS[1]]
    C.eq(ws["A1"].value, SHEETS[1], "A1 title")
    header, cols = find_header(ws, ["Code", "Intitulé", "Rattaché à", "Récit", "Chiffres clés"])
    C.check(header, "the header row")
    if header:
        rows = rows_after(ws, header, cols["Code"])
        C.eq([ws.cell(r, cols["Code"]).value for r in rows],
             [u["code"] for u in scheme["unplanned"]], "NP.1 and NP.2")
        for r, item in zip(rows, scheme["unplanned"]):
            where = f"{ws.title}!row {r} ({item['code']})"
            C.eq(value(ws, r, cols, "Intitulé"), item["title"], f"{where}: title")
            C.eq(value(ws, r, cols, "Rattaché à") or "", "", f"{where}: relates to the scheme")
            C.eq(ws.cell(r, cols["Rattaché à"] + 1).value, 2023, f"{where}: year")
            C.eq(value(ws, r, cols, "Récit"), "\n".join("• " + b for b in item["narrative"]),
                 f"{where}: narrative")
            check_xlsx_figures(where, value(ws, r, cols, "Chiffres clés"), item.get("figures", []))

    C.begin("blois xlsx summary")
    ws = wb[SHEETS[2]]
    C.eq(ws["A1"].value, "Synthèse par axe — 2023", "A1 title")
    names = [labels[s] for s in ACTION_ORDER]
    header, cols = find_header(ws, ["Code", "Intitulé"] + names + ["non renseigné", "Total"])
    C.check(header, "the actions' header row")
    if header:
        rows = rows_after(ws, header, cols["Code"])
        C.eq([ws.cell(r, cols["Code"]).value for r in rows], [t["code"] for t in scheme["nodes"]],
             "a row per sous-partie")
        for r, top in zip(rows, scheme["nodes"]):
            counts = Counter(status_code(c["status"]) for c in top["children"])
            n = sum(counts.values())
            where = f"{ws.title}!row {r} (sous-partie {top['code']})"
            C.eq(value(ws, r, cols, "Intitulé"), top["title"], f"{where}: title")
            for s in ACTION_ORDER:
                C.eq(value(ws, r, cols, labels[s]), counts.get(s, 0), f"{where}: {labels[s]}")
                share = value(ws, r, cols, "% " + labels[s])
                C.check(isinstance(share, (int, float))
                        and math.isclose(share, counts.get(s, 0) / n, abs_tol=1e-9),
                        f"{where}: % {labels[s]}", f"expected {counts.get(s, 0) / n}, got {share!r}")
            C.eq(value(ws, r, cols, "non renseigné"), 0, f"{where}: non renseigné")
            C.eq(value(ws, r, cols, "Total"), n, f"{where}: total")

    C.begin("blois xlsx gaps")
    ws = wb[SHEETS[3]]
    C.eq(ws["A1"].value, "Écarts à mi-parcours — 2023", "A1 title")
    header, cols = find_header(ws, ["Contrôle", "Code", "Intitulé", "Statut", "Détail"])
    C.check(header, "the header row")
    if header:
        C.eq(rows_after(ws, header), [], "no gap")

    C.begin("blois xlsx framework")
    ws = wb[SHEETS[4]]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    C.check(WORDS["fr"]["framework_none"] in texts, "says there is no evaluative question")
    header, cols = find_header(ws, ["Critère", "Question évaluative", "Critères de jugement"])
    C.check(header, "the header row")

    C.begin("blois xlsx method")
    ws = wb[SHEETS[5]]
    lines = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    C.check(isinstance(lines.get("Évaluation n°"), (int, float)), "run id",
            repr(lines.get("Évaluation n°")))
    C.check(str(lines.get("Base de données", "")).endswith(".db") and "/" not in str(lines.get("Base de données", "")), "database")
    header, cols = find_header(ws, ["Source", "Lignes"])
    C.check(header, "the follow-up sources' table")
    if header:
        rows = rows_after(ws, header)
        C.eq([(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in rows], [(source, 22)],
             "the scheme file is the source of the 22 follow-ups")
    C.end()


def check_xlsx_figures(where, text, figures):
    lines = (text or "").split("\n") if text else []
    C.eq(len(lines), len(figures), f"{where}: number of figures")
    for line, fig in zip(lines, figures):
        check_figure_text(where, line, fig, "fr", " : ")


# ---- the purpose-built scheme with markup in its texts -------------------------------------------

# The follow-ups and results the script records for it (see check_midterm_review.sh).
HOSTILE_FOLLOW_UPS = {"H.1": "en-cours", "H.2": "non-engage"}
HOSTILE_RESULTS = {"H-I1": ("en-bonne-voie", 180, 200), "H-I2": ("en-retard", 10, 100),
                   "H-I3": ("non-renseigne", None, 50)}


def check_hostile(args):
    scheme = yaml.safe_load(open(args.yaml, encoding="utf-8"))
    comments = {"H.1": args.comment_h1, "H.2": args.comment_h2}
    nodes = {}

    def walk(items, parent=None):
        for n in items:
            nodes[n["code"]] = n
            walk(n.get("children", []), n)
    walk(scheme["nodes"])
    indicators = {i["code"]: i for n in nodes.values() for i in n.get("indicators", [])}
    questions = scheme["evaluation"]["questions"]
    hostile_title = nodes["H.1"]["title"]
    hostile_label = indicators["H-I1"]["label"]
    w = WORDS["fr"]

    C.begin("hostile html escaping")
    raw, dom = read_html(args.html)
    html = dom.root.find("html")
    C.check("<script" not in raw.lower(), "the literal <script never appears")
    C.check("<b>" not in raw and "<i>" not in raw, "the literal <b> and <i> never appear")
    C.check(not any(e.tag in ("script", "b", "i") for e in html.iter()),
            "html.parser sees no script, b or i element")
    C.check("&lt;script&gt;alert(1)&lt;/script&gt;" in raw, "<script> is written &lt;script&gt;")
    C.check("&quot;quotes&quot; &amp; ampersands" in raw,
            '"quotes" & ampersands are written &quot;quotes&quot; &amp; ampersands')
    C.check("&lt;b&gt;gras&lt;/b&gt;" in raw, "the comment's <b> is written &lt;b&gt;")
    C.eq(norm(html.find("title").text()), norm(f"{scheme['title']} — {w['review']} 2023"),
         "<title> keeps the scheme's title as text")
    C.eq(norm(html.find("h1").text(skip=("sr",))), norm(f"{scheme['title']}{w['review']} 2023"),
         "h1 keeps the scheme's title as text")

    C.begin("hostile html tree")
    main = html.find("main")
    articles = {norm(a.find("span", cls="code").text()): a
                for a in section_by_id(main, "realisations").find_all("article")}
    C.eq(sorted(articles), ["H.1", "H.2", "H.3"], "the three actions")
    for code, node in nodes.items():
        if code not in articles:
            continue
        status = HOSTILE_FOLLOW_UPS.get(code)
        label = w["actions"][status] if status else w["no_status"]
        a = articles[code]
        C.eq(heading_text(a.find("h3")), norm(f"{node['title']} ({label})"),
             f"action {code}: title as text")
        if code in comments:
            p = [p for p in a.children_of("p") if p.find("strong")]
            C.eq(p[0].text() if p else None, f"{w['comment']}\u00a0: {comments[code]}",
                 f"action {code}: the comment as text")
    axis = section_by_id(main, "realisations").children_of("section")[0].find("h2")
    C.eq(norm(axis.text(skip=("kicker",))), nodes["H"]["title"], "axis title as text")

    C.begin("hostile html framework")
    fw = section_by_id(main, "referentiel")
    kids = fw.elements()
    h3 = [e for e in kids if e.tag == "h3"]
    used = [w["criteria"][code] for code in
            ["pertinence", "coherence", "efficacite", "efficience", "impact", "durabilite"]
            if any(status_code(q["criterion"]) == code for q in questions)]
    C.eq([norm(h.text()) for h in h3], used, "a heading per criterion with questions, in order")
    C.check(len(used) == 2, "two criteria", used)
    for h in h3:
        after = following(fw, h)
        h4s = [e for e in after if e.tag == "h4"]
        mine = [q for q in questions if w["criteria"].get(status_code(q["criterion"])) ==
                norm(h.text())]
        C.eq([norm(e.text(skip=("code",))) for e in h4s], [norm(q["question"]) for q in mine],
             f"criterion {norm(h.text())}: its questions")
        C.eq([norm(e.find("span", cls="code").text()) for e in h4s], [q["code"] for q in mine],
             f"criterion {norm(h.text())}: their codes")
        for q in mine:
            h4 = [e for e in h4s if norm(e.find("span", cls="code").text()) == q["code"]][0]
            block = []
            for e in after[after.index(h4) + 1:]:
                if e.tag == "h4":
                    break
                block.append(e)
            where = f"question {q['code']}"
            lists = [e for e in block if e.tag == "ul" and e.has_class("criteria")]
            C.eq([li.text() for li in lists[0].children_of("li")] if lists else [],
                 q.get("judgement_criteria", []), f"{where}: judgement criteria as text")
            labels_before = [norm(e.text()) for e in block if e.tag == "p"
                             and e.has_class("sublabel")]
            C.check(w["judgement"] in labels_before, f"{where}: judgement criteria labelled")
            tables = [e for e in block if e.tag == "table"]
            captions = [norm(t.find("caption").text()) for t in tables]
            C.eq(captions, [w["linked_indicators"], w["linked_nodes"]],
                 f"{where}: a table of indicators and one of nodes")
            if len(tables) != 2:
                continue
            _, rows = table_rows(tables[0])
            C.eq([norm(r[0].text()) for r in rows], q["indicators"], f"{where}: indicators")
            for r in rows:
                code = norm(r[0].text())
                ind = indicators[code]
                status, v, ref = HOSTILE_RESULTS[code]
                C.eq(r[1].text(), ind["label"], f"{where} {code}: label as text")
                C.eq(norm(r[2].text()), norm(f"{v} {ind['unit']}") if v is not None else "—",
                     f"{where} {code}: value")
                target = ind["target"]
                C.eq(norm(r[3].text()), norm(f"{ref} {ind['unit']} ({w['target']} "
                                             f"{target['year']})"), f"{where} {code}: reference")
                badge = r[4].find("span", cls="badge")
                C.eq(norm(badge.text()) if badge else None, w["progress"][status],
                     f"{where} {code}: status")
            _, rows = table_rows(tables[1])
            C.eq([norm(r[0].text()) for r in rows], q["nodes"], f"{where}: nodes")
            for r in rows:
                code = norm(r[0].text())
                C.eq(r[1].text(), nodes[code]["title"], f"{where} {code}: title as text")
                badge = r[2].find("span", cls="badge")
                C.eq(norm(badge.text()) if badge else None,
                     w["actions"][HOSTILE_FOLLOW_UPS[code]], f"{where} {code}: status")

    C.begin("hostile html gaps")
    gaps = section_by_id(main, "ecarts")
    blocks = {norm(h.text()): [e for e in following(gaps, h) if e.tag == "table"]
              for h in gaps.children_of("h3")}
    actions = blocks.get(w["gaps_titles"][0], [])
    rows = table_rows(actions[0])[1] if actions else []
    C.eq([[norm(r[0].text()), r[1].text(), norm(r[2].text()), r[3].text()] for r in rows],
         [["H.2", nodes["H.2"]["title"], w["actions"]["non-engage"], comments["H.2"]]],
         "actions not started: H.2 with its comment as text")
    late = blocks.get(w["gaps_titles"][1], [])
    rows = table_rows(late[0])[1] if late else []
    C.eq([(norm(r[0].text()), r[1].text(), norm(r[2].text())) for r in rows],
         [("H-I2", indicators["H-I2"]["label"], norm(f"10 {indicators['H-I2']['unit']}"))],
         "late indicators: H-I2")
    if rows:
        C.eq(norm(rows[0][4].text()), norm("10" + w["percent"]), "late indicator H-I2: attainment")
    missing = blocks.get(w["gaps_titles"][2], [])
    rows = table_rows(missing[0])[1] if missing else []
    C.eq([(norm(r[0].text()), r[1].text()) for r in rows],
         [("H-I3", indicators["H-I3"]["label"])], "indicators without data: H-I3")

    C.begin("hostile html summary")
    table = section_by_id(main, "synthese").find("table", cls="summary")
    heads, rows = table_rows(table)
    cells = [norm(c.text(skip=("pct",))) for c in rows[0][1:]]
    C.eq(norm(rows[0][0].text()), norm("H " + nodes["H"]["title"]), "axis row heading as text")
    C.eq(cells, ["0", "1", "1", "0", "0", "1", "3", "0", "1", "0", "1", "1", "0", "0", "3"],
         "axis H: 1 en cours, 1 non engagé, 1 without status; 1 on track, 1 late, 1 missing")

    C.begin("hostile html method")
    method = section_by_id(main, "methode")
    subs = {norm(h.text()): h for h in method.children_of("h3")}
    t = [e for e in following(method, subs[w["data_sources"]]) if e.tag == "table"]
    rows = table_rows(t[0])[1] if t else []
    C.eq([[norm(c.text()) for c in r] for r in rows], [[args.csv, "2", "non"]],
         "the data file is listed")

    C.begin("hostile xlsx")
    wb = openpyxl.load_workbook(args.xlsx)
    formulas = [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows()
                for c in row if c.data_type == "f"]
    C.check(not formulas, "no formula cell", ", ".join(formulas[:5]))
    ws = wb[SHEETS[0]]
    header, cols = find_header(ws, ["Code", "Intitulé", "Statut", "Commentaire"])
    rows = {ws.cell(r, cols["Code"]).value: r for r in rows_after(ws, header, cols["Code"])}
    for code in ("H.1", "H.2"):
        r = rows.get(code)
        C.check(r, f"{ws.title}: a row for {code}")
        if not r:
            continue
        status = w["actions"][HOSTILE_FOLLOW_UPS[code]]
        title = ws.cell(r, cols["Intitulé"])
        C.eq((title.value, title.data_type), (f"{nodes[code]['title']} ({status})", "s"),
             f"{ws.title}!{title.coordinate}: {code}'s title as plain text")
        comment = ws.cell(r, cols["Commentaire"])
        C.eq((comment.value, comment.data_type), (comments[code], "s"),
             f"{ws.title}!{comment.coordinate}: {code}'s comment as plain text")
    r = rows.get("H")
    C.eq(ws.cell(r, cols["Intitulé"]).value if r else None, nodes["H"]["title"],
         "the axis' title as plain text")

    ws = wb[SHEETS[4]]
    header, cols = find_header(ws, ["Critère", "Question évaluative", "Élément du schéma",
                                    "Intitulé", "Valeur", "Statut", "Critères de jugement"])
    C.check(header, f"{ws.title}: the header row")
    got = []
    for r in rows_after(ws, header):
        got.append(tuple(ws.cell(r, cols[n]).value if ws.cell(r, cols[n]).value != "" else None
                         for n in
                         ["Critère", "Question évaluative", "Élément du schéma", "Intitulé",
                          "Valeur", "Statut", "Critères de jugement"]))
    expected = []
    for code in ["pertinence", "coherence", "efficacite", "efficience", "impact", "durabilite"]:
        for q in questions:
            if status_code(q["criterion"]) != code:
                continue
            judgement = "\n".join("• " + j for j in q.get("judgement_criteria", []))
            for i in q.get("indicators", []):
                status, v, _ = HOSTILE_RESULTS[i]
                expected.append((w["criteria"][code], f"{q['code']} — {q['question']}", i,
                                 indicators[i]["label"], v, w["progress"][status], judgement))
            for n in q.get("nodes", []):
                expected.append((w["criteria"][code], f"{q['code']} — {q['question']}", n,
                                 nodes[n]["title"], None,
                                 w["actions"][HOSTILE_FOLLOW_UPS[n]], judgement))
    C.eq(got, expected, f"{ws.title}: the questions under their criteria, with the linked "
                        "indicators' values and statuses and the nodes' statuses")
    strings = [ws.cell(r, c).data_type for r in rows_after(ws, header)
               for c in (cols["Question évaluative"], cols["Intitulé"], cols["Critères de jugement"])]
    C.check(all(t == "s" for t in strings), f"{ws.title}: texts are plain string cells", strings)

    ws = wb[SHEETS[3]]
    header, cols = find_header(ws, ["Contrôle", "Code", "Intitulé", "Statut", "Détail"])
    got = [(ws.cell(r, cols["Code"]).value, ws.cell(r, cols["Intitulé"]).value)
           for r in rows_after(ws, header)]
    C.eq(got, [("H.2", nodes["H.2"]["title"]), ("H-I2", indicators["H-I2"]["label"]),
               ("H-I3", indicators["H-I3"]["label"])], f"{ws.title}: H.2, H-I2 and H-I3")
    C.check(any(isinstance(c.value, str) and c.value.startswith(hostile_title)
                for row in wb[SHEETS[0]].iter_rows() for c in row),
            "the action's title with <script> is a plain text cell")
    C.check(any(c.value == hostile_label for ws in wb.worksheets for row in ws.iter_rows()
                for c in row), "the indicator's label with <script> is a plain text cell")
    C.end()


# ---- main ----------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("structure")
    s.add_argument("html")
    s.add_argument("lang")
    s.add_argument("--label", default=None)
    b = sub.add_parser("blois")
    for name in ("yaml", "source", "xlsx", "html", "html_en"):
        b.add_argument("--" + name.replace("_", "-"), dest=name, required=True)
    b.add_argument("--document", default=None,
                   help="the document the scheme file was made from (compared when given)")
    h = sub.add_parser("hostile")
    for name in ("yaml", "csv", "xlsx", "html", "comment_h1", "comment_h2"):
        h.add_argument("--" + name.replace("_", "-"), dest=name, required=True)
    args = parser.parse_args()

    try:
        if args.mode == "structure":
            check_structure(args.html, args.lang, args.label or args.html)
        elif args.mode == "blois":
            scheme = yaml.safe_load(open(args.yaml, encoding="utf-8"))
            document = open(args.document, encoding="utf-8").read() if args.document else None
            check_blois_html(args.html, scheme, document, args.source, "fr")
            check_blois_html(args.html_en, scheme, document, args.source, "en")
            check_blois_xlsx(args.xlsx, scheme, args.source)
        else:
            check_hostile(args)
    except Exception as e:  # a broken page is a failure, not a crash without a count
        import traceback
        traceback.print_exc()
        C.check(False, f"reading stopped: {type(e).__name__}: {e}")
    return C.summary("read_review")


if __name__ == "__main__":
    sys.exit(main())
