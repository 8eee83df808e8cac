#!/usr/bin/python3
"""Hostile text through Jalon: the inputs, and the database and reports read back.

Run with /usr/bin/python3 (Debian's python3-openpyxl; html.parser and sqlite3 are the standard
library's; PostgreSQL is read with psql). Used by check_hostile_text.sh:

    read_hostile.py write DIR
        writes the hostile scheme (hostile.yaml), its data (a CSV whose name is hostile too), its
        follow-ups (status.csv), one scheme per code Jalon should refuse, and the invalid UTF-8
        files; prints one line per file the script runs: `KIND NAME FILE [OFFSET|MESSAGE]`
    read_hostile.py state DB
        one digest of every table's rows and of the schema (to tell "unchanged")
    read_hostile.py tables DB
        the number of tables
    read_hostile.py db DB --tables N
        the stored texts, byte for byte, the dimension keys, the counts, every table still there
    read_hostile.py annual FILE.xlsx [--utf16]
    read_hostile.py midterm-xlsx FILE.xlsx [--utf16]
    read_hostile.py midterm-html FILE.html
    read_hostile.py template FILE.xlsx
        the reports: hostile texts as plain text (string cells, escaped HTML), no formula but
        Jalon's own, no markup from the inputs, long texts cut with Jalon's mark (cells are read
        as Excel shows them: _xHHHH_ escapes decoded). Excel's limit counted in UTF-16 units is
        a check with --utf16, else a NOTE line

DB is `sqlite:PATH`, or `pg:SCHEMA` with the PG* variables of the test cluster in the environment.
Every failure is printed as `FAIL [part] what: detail`; the passing checks are counted per part
(`ok   [part] N checks`). The last line is `read_hostile: N checks passed, M failed`, and the exit
status is 1 when a check failed.
"""

import argparse
import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from html.parser import HTMLParser

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import Checks, short  # noqa: E402  (tests/support/checks.py)

C = Checks()


# ---- the hostile texts ---------------------------------------------------------------------------

QUOTES = "l'apostrophe \"guillemets\" ''doublés'' `accent grave`"
SQL_DROP = "'); DROP TABLE observation; --"
SQL_OR = "' OR '1'='1"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ENTITIES = "&amp; &lt;b&gt; &#60;i&#62; &quot;x&quot; &nbsp;"
RTL = "\u202Eexe.txt\u200F droite\u200F"
EMOJI = "🎉 👩\u200d👩\u200d👧 café e\u0301 n\u0303 Å"  # a ZWJ sequence, combining accents
# Text that looks like the _xHHHH_ escapes of spreadsheet text (ECMA-376 ST_Xstring): Excel and
# Jalon's own xlsx reader decode them, so a writer must write a literal one as _x005F_xHHHH_.
XESC = "_x0041_ _x000D_ _x005F_"

# Texts that a spreadsheet would read as a formula, or that begin with white space a reader may
# take away: `=`, `+`, `-`, `@`, a tab, a carriage return.
F_EQ = '=HYPERLINK("http://x","y")'
F_PLUS = "+1+1"
F_MINUS = "-2"
F_AT = "@SUM(A1)"
F_TAB = "\t=1+1"
F_CR = "\r=2+2"

# Markers of the inputs' hostile texts: a cell or an attribute holding one holds text from them.
MARKERS = [SQL_DROP, SQL_OR, SCRIPT, IMG, "&amp;", "HYPERLINK", "@SUM", "\u202E", "🎉", "_x0041_"]


def mix(prefix, *parts):
    return prefix + " " + " ".join(parts)


# The scheme, as Python values: it is written as YAML (every scalar a JSON string, which YAML
# reads as is: escapes for the tab and the carriage return) and is what the database must hold.
SCHEME_ID = "hostile-text-test"
YEAR = 2025
LONG_NARRATIVE = ("Récit très long é " * 2300)[:39999] + "."       # 40 000 characters
LONG_TITLE = "=" + ("Titre 🎉 long " * 3100)[:39999]                # 40 000, astral included

ROOT_T = "t'; DROP TABLE territory; --"
T1 = IMG
T2 = "=t;%2"
T3 = "🎉e\u0301\u202E"

AXIS1 = SQL_DROP
ACT1 = SQL_OR
ACT2 = "=A2;x%y"
ACT3 = "@A3 " + SCRIPT
AXIS2 = "+2 \"<b>\" &amp;"
ACT4 = "-A4"
UNPLANNED = "NP'; DELETE FROM node; --"
IND1 = "=I1;'--"
IND2 = "@I2 <i> _x0041_"
Q1 = "Q'1;--"


def scheme():
    return {
        "format": "jalon-scheme/1",
        "id": SCHEME_ID,
        "title": mix(F_EQ, QUOTES, SCRIPT, "&", RTL),
        "kind": SQL_OR,
        "owner": mix(F_AT, IMG, SQL_DROP),
        "period": {"start": 2024, "end": 2026},
        "language": "fr",
        "source": mix(ENTITIES, SQL_OR),
        "levels": ["=Axe <b>x</b>", "action'; DROP TABLE node; --"],
        "level_order": "strict",
        "status_year": YEAR,
        "domains": [mix(F_MINUS, "domaine", SCRIPT)],
        "notes": [mix(F_TAB, "note", SQL_DROP)],
        "evaluation": {
            "notes": [mix(F_CR, "évaluation", IMG)],
            "questions": [{
                "code": Q1,
                "criterion": "pertinence",
                "question": mix(F_PLUS, "question", SCRIPT, QUOTES, "?"),
                "indicators": [IND1],
                "nodes": [ACT1],
                "judgement_criteria": [mix(F_EQ, "critère", IMG), mix(F_CR, "critère", RTL)],
            }],
        },
        "governance": [{"body": mix(F_AT, "comité", SQL_DROP), "scope": SQL_OR,
                        "frequency": ENTITIES, "role": mix(F_MINUS, SCRIPT)}],
        "links": [{"from": ACT1, "to": mix(F_EQ, "plan", SCRIPT), "kind": SQL_OR}],
        "stated_totals": {"actions'; --": 4},
        "territories": [{
            "code": ROOT_T, "name": mix(F_EQ, "Ville", SCRIPT), "kind": SQL_OR,
            "notes": [mix(F_AT, "territoire", IMG)],
            "children": [
                {"code": T1, "name": mix(F_PLUS, "Quartier", RTL, XESC), "kind": "QPV"},
                {"code": T2, "name": mix(F_TAB, "Quartier tab", SQL_DROP), "kind": "QPV"},
                {"code": T3, "name": mix(F_CR, "Quartier cr", EMOJI), "kind": "QPV"},
            ],
        }],
        "series": [
            {"code": IND1, "label": mix(F_MINUS, "série", SCRIPT, QUOTES), "unit": "'; --"},
            {"code": IND2, "label": mix(F_AT, "série", IMG, RTL), "unit": "<u>"},
        ],
        "nodes": [
            {
                "code": AXIS1, "level": "=Axe <b>x</b>",
                "title": mix(F_EQ, "axe", SCRIPT, QUOTES),
                "short_title": mix(F_AT, "court", SQL_OR),
                "children": [
                    {
                        "code": ACT1, "level": "action'; DROP TABLE node; --",
                        "title": mix(F_PLUS, "action", IMG, SQL_OR, XESC),
                        "short_title": mix(F_MINUS, "court", EMOJI),
                        "pilots": [mix(F_MINUS, "pilote", SQL_DROP), mix(F_AT, "pilote", RTL)],
                        "partners": [mix(F_TAB, "partenaire", SCRIPT), mix(F_CR, "partenaire")],
                        "calendar": {"start": 2024, "end": 2026, "text": mix(F_EQ, "calendrier")},
                        "objective": mix(F_EQ, "objectif", SCRIPT),
                        "modalities": [mix(F_PLUS, "modalité", IMG)],
                        "territorial_notes": [mix(F_MINUS, "déclinaison", RTL)],
                        "articulation": [mix(F_AT, "articulation", SQL_OR)],
                        "participation": mix(F_TAB, "participation", ENTITIES),
                        "levers": [mix(F_CR, "levier", SQL_DROP)],
                        "flagship": True,
                        "status": "en-cours",
                        "narrative": [mix(F_EQ, "récit", SCRIPT), mix(F_CR, "récit", IMG),
                                      mix(F_TAB, "récit", EMOJI)],
                        "figures": [{"label": mix(F_AT, "chiffre", SCRIPT), "value": 42,
                                     "unit": "'; --", "year": YEAR}],
                        "notes": [mix(F_MINUS, "note", ENTITIES)],
                        "indicators": [
                            {"code": IND1, "label": mix(F_EQ, "indicateur", SCRIPT, QUOTES),
                             "level": "realisation", "unit": "<b>pers.</b>", "method": "sum",
                             "key": True, "baseline": {"value": 10, "year": 2024},
                             "target": {"value": 30, "year": 2026,
                                        "text": mix(F_PLUS, "cible", IMG)},
                             "notes": [mix(F_CR, "note indicateur", SQL_OR)]},
                            {"code": IND2, "label": mix(F_MINUS, "indicateur", IMG, RTL, EMOJI,
                                                        ENTITIES, XESC),
                             "level": "resultat", "unit": "'; --", "method": "sum",
                             "target": {"value": 5, "year": 2026}},
                        ],
                    },
                    {
                        "code": ACT2, "level": "action'; DROP TABLE node; --",
                        "title": mix(F_TAB, "action tab", SQL_DROP),
                        "pilots": [mix(F_CR, "pilote cr", ENTITIES)],
                        "status": "Non engagé",
                        "narrative": [LONG_NARRATIVE],
                    },
                    {
                        "code": ACT3, "level": "action'; DROP TABLE node; --",
                        "title": mix(RTL, "action", EMOJI, SQL_OR),
                    },
                ],
            },
            {
                "code": AXIS2, "level": "=Axe <b>x</b>",
                "title": mix(F_MINUS, "Axe 'deux' [x] : ? / \\ *", EMOJI, SCRIPT),
                "children": [
                    {"code": ACT4, "level": "action'; DROP TABLE node; --", "title": LONG_TITLE,
                     "pilots": [SQL_OR]},
                ],
            },
        ],
        "unplanned": [{
            "code": UNPLANNED, "node": ACT1, "title": mix(F_AT, "non prévu", IMG, SQL_DROP),
            "year": YEAR, "partners": [mix(F_EQ, "partenaire", QUOTES)],
            "narrative": [mix(F_PLUS, "réalisé", SCRIPT)],
            "figures": [{"label": mix(F_MINUS, "colis", RTL), "value": 7, "unit": "<i>"}],
        }],
    }


def yaml_text(value, indent=0):
    """YAML block style with every scalar a JSON string (JSON strings are YAML strings)."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for k, v in value.items():
            key = json.dumps(k, ensure_ascii=False)
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{key}:\n{yaml_text(v, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {scalar(v)}")
        return "\n".join(lines)
    lines = []
    for item in value:
        if isinstance(item, (dict, list)) and item:
            inner = yaml_text(item, indent + 2)
            lines.append(f"{pad}- {inner[indent + 2:]}")
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return "\n".join(lines)


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, (dict, list)):
        return "{}" if isinstance(v, dict) else "[]"
    return json.dumps(v, ensure_ascii=False)


# The data: a dimension column whose name needs escaping in the key (`=`, `;`, `%`), hostile
# dimension values and comments. Fields are trimmed of spaces and tabs (docs/data-format.md).
DIM_NAMES = ["sexe", "=dim;nom%'\""]
DATA_ROWS = [  # series, territory, period, value, comment, sexe, other dimension
    (IND1, T1, "2024", "4", mix(F_EQ, "commentaire", SCRIPT), "F", SQL_DROP),
    (IND1, T1, "2024", "3", SQL_OR, "H", SQL_DROP),
    (IND1, T1, "2025", "7", mix(F_TAB, "commentaire tab", QUOTES), "F", "=a;b%c=d"),
    (IND1, T2, "2025", "5", mix(F_CR, "commentaire cr", IMG), SCRIPT, mix(EMOJI, RTL)),
    (IND1, T3, "2025", "", mix(SQL_OR, "sans valeur", ENTITIES), "", F_AT),
    (IND1, T2, "2024", "2", "", "", ""),
    (IND1, T3, "2026", "9", mix(F_MINUS, "commentaire", RTL), "F", F_PLUS),
    (IND2, T1, "2025", "1", mix(F_AT, "commentaire", IMG), "F", QUOTES),
    (IND2, T2, "2025", "2", "", "H", "%25;%3D"),
]
# The data file's name is hostile too: the reports list their data sources.
DATA_FILE = "données '; DROP TABLE observation_import; -- =1+1 <img src=x onerror=alert(1)>.csv"
IMPORTED_BY = '=HYPERLINK("http://x","y") \'; DROP TABLE observation; --'

STATUS_ROWS = [  # node, year, status, comment, narrative (bullets split at a lone |)
    (ACT3, str(YEAR), "Réalisé", mix(F_AT, "suivi", SCRIPT, QUOTES, ENTITIES, XESC),
     "=1+1 puce | -2 puce " + IMG + " | " + SQL_DROP),
]
STATUS_BULLETS = {ACT3: ["=1+1 puce", "-2 puce " + IMG, SQL_DROP]}


def trimmed(text):
    return text.strip(" \t")


def escaped(text):
    return text.replace("%", "%25").replace(";", "%3B").replace("=", "%3D")


def dimensions_key(values):
    """As core/src/store/observation_store.cpp's dimensions_key: names in byte order."""
    pairs = sorted(zip(DIM_NAMES, values), key=lambda p: p[0].encode("utf-8"))
    return ";".join(escaped(n) + "=" + escaped(v) for n, v in pairs)


# Codes Jalon refuses (docs/scheme-format.md: visible and single-line; the id an identifier).
REFUSED_CODES = [
    ("node-tab", "node", "\t=1", "code contains a control character"),
    ("node-cr", "node", "\r=1", "code contains a control character"),
    ("node-newline", "node", "a\nb", "code contains a control character"),
    ("node-space", "node", " =1", "code begins or ends with a space"),
    ("territory-tab", "territory", "\tt", "territory: code contains a control character"),
    ("indicator-cr", "indicator", "I\r1", "code contains a control character"),
    ("scheme-id", "id", "x'; DROP TABLE scheme; --",
     "must be 1 to 200 letters, digits, '.', '_' or '-'"),
]


def refused_scheme(where, code):
    s = {"format": "jalon-scheme/1", "id": "refused-code-test", "title": "t", "owner": "o",
         "period": {"start": 2024, "end": 2026}, "levels": ["axe"],
         "territories": [{"code": "r", "name": "r"}],
         "nodes": [{"code": "n", "level": "axe", "title": "t",
                    "indicators": [{"code": "i", "label": "l", "level": "realisation"}]}]}
    if where == "node":
        s["nodes"][0]["code"] = code
    elif where == "territory":
        s["territories"][0]["code"] = code
    elif where == "indicator":
        s["nodes"][0]["indicators"][0]["code"] = code
    else:
        s["id"] = code
    return s


# Invalid UTF-8: a lone lead byte, an overlong '/', a UTF-16 surrogate.
BAD_UTF8 = [("lone-c3", b"\xc3"), ("overlong-c0af", b"\xc0\xaf"), ("surrogate-eda080", b"\xed\xa0\x80")]


def write(args):
    d = args.dir
    text = yaml_text(scheme()) + "\n"
    with open(os.path.join(d, "hostile.yaml"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    print("scheme hostile hostile.yaml")

    with open(os.path.join(d, DATA_FILE), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(["series", "territory", "period", "value", "comment"] + DIM_NAMES)
        # A comment beginning with a tab is trimmed, as documented (docs/data-format.md).
        for row in DATA_ROWS:
            w.writerow(list(row))
    print(f"data hostile {DATA_FILE}")

    with open(os.path.join(d, "status.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["node", "year", "status", "comment", "narrative"])
        for row in STATUS_ROWS:
            w.writerow(list(row))
    print("status hostile status.csv")

    for name, where, code, message in REFUSED_CODES:
        file = f"refused-{name}.yaml"
        with open(os.path.join(d, file), "w", encoding="utf-8", newline="") as f:
            f.write(yaml_text(refused_scheme(where, code)) + "\n")
        print(f"refused-scheme {name} {file} {message}")

    # The bad bytes inside a title of an otherwise valid scheme, and inside a comment of an
    # otherwise valid data file (for the hostile scheme): the offset of the first bad byte.
    good = yaml_text(refused_scheme("node", "n")).encode("utf-8") + b"\n"
    for name, bad in BAD_UTF8:
        before = good.split(b'"title": "t"', 1)
        data = before[0] + b'"title": "t' + bad + b'x"' + before[1]
        offset = len(before[0]) + len(b'"title": "t')
        file = f"bad-{name}.yaml"
        with open(os.path.join(d, file), "wb") as f:
            f.write(data)
        print(f"bad-scheme {name} {file} {offset}")
    header = '"series","territory","period","value","comment"\n'.encode("utf-8")

    def row_start(period):
        return f'"{IND1}","{T2}","{period}","6","é'.encode("utf-8")
    for name, bad in BAD_UTF8:
        data = header + row_start("2025") + bad + b'x"\n'
        offset = len(header) + len(row_start("2025"))
        file = f"bad-{name}.csv"
        with open(os.path.join(d, file), "wb") as f:
            f.write(data)
        print(f"bad-data {name} {file} {offset}")
    # Refused after a good line: the offset counts the byte-order mark and the lines before.
    first, second = row_start("2025") + b'"\n', row_start("2026")
    data = b"\xef\xbb\xbf" + header + first + second + b"\xc3\x28" + b'"\n'
    offset = 3 + len(header) + len(first) + len(second)
    with open(os.path.join(d, "bad-bom-second-row.csv"), "wb") as f:
        f.write(data)
    print(f"bad-data bom-second-row bad-bom-second-row.csv {offset}")
    # A follow-up file: the same reading of CSV files.
    header = b"node,year,status,comment\n"
    start = f'"{ACT2}",2024,en cours,"é'.encode("utf-8")
    with open(os.path.join(d, "bad-status.csv"), "wb") as f:
        f.write(header + start + b"\xed\xa0\x80" + b'"\n')
    print(f"bad-status surrogate-eda080 bad-status.csv {len(header) + len(start)}")


# ---- the database --------------------------------------------------------------------------------


class Db:
    def __init__(self, spec):
        self.kind, _, self.target = spec.partition(":")
        if self.kind == "sqlite":
            self.conn = sqlite3.connect(f"file:{self.target}?mode=ro", uri=True)
            # Bytes that are not UTF-8 (a refused file that was not refused) stay readable.
            self.conn.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
        elif self.kind != "pg":
            raise SystemExit(f"unknown database {spec!r}")

    def rows(self, sql):
        """Every value as text (None for NULL), byte for byte."""
        if self.kind == "sqlite":
            return [tuple(None if v is None else str(v) for v in r)
                    for r in self.conn.execute(sql).fetchall()]
        env = dict(os.environ, PGOPTIONS=f"-csearch_path={self.target}")
        out = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
             f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *, NULL '\\N')"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        if out.returncode != 0:
            raise RuntimeError(f"psql: {out.stderr.decode('utf-8', 'replace').strip()}")
        text = out.stdout.decode("utf-8")
        result = []
        # Quoted fields keep their line breaks and carriage returns; NULL is an unquoted \N.
        for r in csv.reader(io.StringIO(text, newline="")):
            result.append(tuple(None if v == "\\N" else v for v in r))
        return result

    def tables(self):
        if self.kind == "sqlite":
            return sorted(r[0] for r in self.rows(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        return sorted(r[0] for r in self.rows(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE'"))

    def count(self, table, where=""):
        return int(self.rows(f"SELECT count(*) FROM {table}" + (f" WHERE {where}" if where else ""))[0][0])

    def state(self):
        h = hashlib.sha256()
        if self.kind == "sqlite":
            for r in self.rows("SELECT type, name, sql FROM sqlite_master ORDER BY type, name"):
                h.update(repr(r).encode())
        if self.kind == "pg":  # one query for every table: a psql per table is slow
            tables = self.tables()
            h.update(repr(sorted(self.rows(" UNION ALL ".join(
                f"SELECT '{t}', count(*), md5(coalesce(string_agg(x::text, E'\\n' ORDER BY "
                f"x::text), '')) FROM {t} AS x" for t in tables)))).encode())
            return h.hexdigest()
        for t in self.tables():
            rows = sorted(repr(r) for r in self.rows(f"SELECT * FROM {t}"))
            h.update(f"{t}:{len(rows)}\n".encode())
            for r in rows:
                h.update(r.encode())
        return h.hexdigest()


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def check_db(args):
    db = Db(args.db)
    s = scheme()
    sid = lit(SCHEME_ID)

    C.begin("tables")
    tables = db.tables()
    C.eq(len(tables), args.tables, "as many tables as a fresh database ('jalon init')")
    for t in ["scheme", "node", "indicator", "territory", "series", "text_item", "observation",
              "observation_comment", "observation_import", "action_follow_up", "evaluation_run",
              "indicator_result", "evaluative_question"]:
        C.check(t in tables, f"table {t} exists", tables)

    C.begin("scheme texts")
    row = db.rows(f"SELECT title, kind, owner, source FROM scheme WHERE id = {sid}")
    C.eq(row, [(s["title"], s["kind"], s["owner"], s["source"])], "title, kind, owner, source")
    C.eq(db.rows(f"SELECT name FROM scheme_level WHERE scheme_id = {sid} ORDER BY depth"),
         [(n,) for n in s["levels"]], "level names")
    C.eq(db.rows(f"SELECT body, scope, frequency, role FROM governance_body WHERE scheme_id = {sid}"),
         [tuple(s["governance"][0][k] for k in ("body", "scope", "frequency", "role"))],
         "governance body")
    C.eq(db.rows(f"SELECT from_code, to_ref, kind FROM scheme_link WHERE scheme_id = {sid}"),
         [(ACT1, s["links"][0]["to"], SQL_OR)], "link")
    C.eq(db.rows(f"SELECT name, value FROM stated_total WHERE scheme_id = {sid}"),
         [("actions'; --", "4")], "stated total")

    C.begin("territories")
    got = {r[0]: r[1:] for r in db.rows(
        f"SELECT code, parent_code, name, kind FROM territory WHERE scheme_id = {sid}")}
    root = s["territories"][0]
    expected = {root["code"]: (None, root["name"], root["kind"])}
    for t in root["children"]:
        expected[t["code"]] = (root["code"], t["name"], t["kind"])
    C.eq(got, expected, "codes, parents, names and kinds, byte for byte")

    C.begin("series")
    got = {r[0]: r[1:] for r in db.rows(f"SELECT code, label, unit FROM series WHERE scheme_id = {sid}")}
    C.eq(got, {x["code"]: (x["label"], x["unit"]) for x in s["series"]}, "codes, labels, units")

    C.begin("nodes")
    nodes = {}

    def walk(items, parent):
        for n in items:
            nodes[n["code"]] = (n, parent)
            walk(n.get("children", []), n["code"])
    walk(s["nodes"], None)
    got = {r[0]: r[1:] for r in db.rows(
        "SELECT code, parent_code, title, short_title, objective, participation, calendar_text "
        f"FROM node WHERE scheme_id = {sid} AND unplanned = 0")}
    expected = {c: (p, n["title"], n.get("short_title", ""), n.get("objective", ""),
                    n.get("participation", ""), n.get("calendar", {}).get("text", ""))
                for c, (n, p) in nodes.items()}
    C.eq(sorted(got), sorted(expected), "node codes")
    for code in expected:
        C.eq(got.get(code), expected[code], f"node {code!r}: parent, titles, objective, "
             "participation, calendar, byte for byte")
    u = s["unplanned"][0]
    C.eq(db.rows(f"SELECT code, title FROM node WHERE scheme_id = {sid} AND unplanned = 1"),
         [(u["code"], u["title"])], "the unplanned achievement")

    C.begin("indicators")
    got = {r[0]: r[1:] for r in db.rows(
        f"SELECT code, node_code, label, unit, target_text FROM indicator WHERE scheme_id = {sid}")}
    inds = nodes[ACT1][0]["indicators"]
    C.eq(got, {i["code"]: (ACT1, i["label"], i["unit"], i["target"].get("text", ""))
               for i in inds}, "codes, nodes, labels, units, target texts")

    C.begin("lists of texts")
    got = sorted(r[0] for r in db.rows(f"SELECT value FROM text_item WHERE scheme_id = {sid}"))
    expected = list(s["domains"]) + list(s["notes"]) + list(s["evaluation"]["notes"])
    expected += root["notes"]
    for n, _ in nodes.values():
        for k in ("pilots", "partners", "modalities", "territorial_notes", "articulation",
                  "levers", "narrative", "notes"):
            expected += n.get(k, [])
        for i in n.get("indicators", []):
            expected += i.get("notes", [])
    expected += u["partners"] + u["narrative"]
    missing = [t for t in expected if t not in got]
    C.check(not missing, f"the {len(expected)} list texts are stored byte for byte",
            f"missing {short(missing)}")
    C.check(LONG_NARRATIVE in got, "the 40 000-character narrative is stored whole")
    got = sorted(db.rows(f"SELECT label, unit FROM figure WHERE scheme_id = {sid}"))
    fig = nodes[ACT1][0]["figures"][0]
    C.check((fig["label"], fig["unit"]) in got, "the action's figure label and unit", got)
    q = s["evaluation"]["questions"][0]
    C.eq(db.rows(f"SELECT code, question FROM evaluative_question WHERE scheme_id = {sid}"),
         [(Q1, q["question"])], "the evaluative question")
    got = sorted(r[0] for r in db.rows(f"SELECT value FROM question_item WHERE scheme_id = {sid}"))
    C.eq(got, sorted([IND1, ACT1] + q["judgement_criteria"]), "its items, byte for byte")

    C.begin("follow-ups")
    got = {r[0]: r[1:] for r in db.rows(
        f"SELECT node_code, status, comment, narrative FROM action_follow_up WHERE scheme_id = {sid}")}
    C.eq(sorted(got), sorted([ACT1, ACT2, ACT3, UNPLANNED]), "follow-ups of 2025 (file and CSV)")
    if ACT3 in got:
        C.eq(got[ACT3][:2], ("realise", STATUS_ROWS[0][3]), "the CSV follow-up's comment")
        for b in STATUS_BULLETS[ACT3]:
            C.check(b in (got[ACT3][2] or ""), f"the CSV follow-up's bullet {b!r} is stored",
                    short(got[ACT3][2]))
    if ACT2 in got:
        C.check(LONG_NARRATIVE in (got[ACT2][2] or ""), "the long narrative is in the follow-up")

    C.begin("observations")
    got = {}
    for r in db.rows("SELECT series, territory_code, period, dimensions, value FROM observation "
                     f"WHERE scheme_id = {sid}"):
        got[r[:4]] = float(r[4])
    expected = {}
    for series, terr, period, value, _, *dims in DATA_ROWS:
        if value:
            expected[(series, terr, period, dimensions_key([trimmed(x) for x in dims]))] = float(value)
    C.eq(len(got), len(expected), "observation rows (rows with a value)")
    for k, v in expected.items():
        C.eq(got.get(k), v, f"observation {k!r}: series, territory and dimensions as keyed")
    C.check(any(";" in k[3] and "%3B" in k[3] and "%3D" in k[3] and "%25" in k[3] for k in got),
            "'%', ';' and '=' of a dimension are escaped in the key", sorted(got))

    C.begin("comments")
    got = {r[:4]: r[4:] for r in db.rows(
        "SELECT series, territory_code, period, dimensions, comment, recorded_by "
        f"FROM observation_comment WHERE scheme_id = {sid}")}
    expected = {}
    for series, terr, period, _, comment, *dims in DATA_ROWS:
        if trimmed(comment):
            key = (series, terr, period, dimensions_key([trimmed(x) for x in dims]))
            expected[key] = (trimmed(comment), IMPORTED_BY)
    C.eq(len(got), len(expected), "one comment per row with a comment (with or without a value)")
    for k, v in expected.items():
        C.eq(got.get(k), v, f"comment of {k[:3]!r}: byte for byte (trimmed), and its author")

    C.begin("import log")
    got = db.rows(f"SELECT source_file, imported_by, rows_with_value FROM observation_import "
                  f"WHERE scheme_id = {sid}")
    C.eq(len(got), 1, "one import")
    if got:
        C.check(got[0][0].endswith(DATA_FILE), "the file's hostile name is kept", short(got[0][0]))
        C.eq(got[0][1:], (IMPORTED_BY, str(sum(1 for r in DATA_ROWS if r[3]))),
             "its author (--by) and rows with a value")

    C.begin("counts")
    C.eq(db.count("scheme"), 1, "one scheme")
    C.eq(db.count("node", f"scheme_id = {sid}"), len(nodes) + 1, "nodes (with the unplanned one)")
    C.eq(db.count("indicator", f"scheme_id = {sid}"), 2, "indicators")
    C.eq(db.count("territory", f"scheme_id = {sid}"), 4, "territories")
    C.eq(db.count("observation"), sum(1 for r in DATA_ROWS if r[3]), "observations")
    C.eq(db.count("observation_comment"), sum(1 for r in DATA_ROWS if trimmed(r[4])), "comments")
    runs = db.rows(f"SELECT id FROM evaluation_run WHERE scheme_id = {sid} AND year = {YEAR}")
    C.check(len(runs) >= 1, "an evaluation run of 2025")
    if runs:
        got = {r[0]: r[1:] for r in db.rows(
            "SELECT indicator_code, value, status FROM indicator_result WHERE run_id = "
            f"{max(int(r[0]) for r in runs)} AND territory_code = {lit(ROOT_T)} AND year = {YEAR}")}
        C.eq(sorted(got), sorted([IND1, IND2]), "results of both indicators at the root")
        # 2025: 7 (T1, F) + 5 (T2) = 12 for IND1; 1 + 2 = 3 for IND2.
        C.eq(float(got.get(IND1, ("nan",))[0] or "nan"), 12.0, f"{IND1!r} 2025 at the root")
        C.eq(float(got.get(IND2, ("nan",))[0] or "nan"), 3.0, f"{IND2!r} 2025 at the root")


# ---- reports -------------------------------------------------------------------------------------

MARK = " […]"
EXCEL_MAX = 32767


def cell_text(text):
    """As reports/src/xlsx_workbook.cpp's cell_text: at most 32 767 UTF-16 units (Excel's count),
    else cut on a character boundary with the mark."""
    if utf16_units(text) <= EXCEL_MAX:
        return text
    limit, units, kept = EXCEL_MAX - utf16_units(MARK), 0, []
    for ch in text:
        n = 2 if ord(ch) > 0xFFFF else 1
        if units + n > limit:
            break
        kept.append(ch)
        units += n
    return "".join(kept) + MARK


def utf16_units(text):
    return len(text.encode("utf-16-le")) // 2


def hostile(value):
    return isinstance(value, str) and any(m in value for m in MARKERS)


FORMULA_TOKEN = re.compile(r'\$?[A-Z]{1,3}\$?[0-9]+|IFERROR|IF|SUM|ABS|MIN|MAX|AND|OR|NOT|""|'
                           r'[0-9.]+|[-+*/(),:=<> ]')


def own_formula(f):
    """Jalon's own formulas: functions, cell references, numbers, operators, and "" only."""
    rest = FORMULA_TOKEN.sub("", f)
    return f.startswith("=") and rest == "" and not hostile(f)


def raw_string_table(xml_source):
    """openpyxl's read_string_table without its `replace('x005F_', '')`, which undoes only one
    of the _xHHHH_ escapes (and loses the difference between `_x005F_x0041_` and `_x0041_`):
    excel_text decodes them all, as Excel does."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse
    strings = []
    for _, node in iterparse(xml_source):
        if node.tag == "{%s}si" % SHEET_MAIN_NS:
            strings.append(Text.from_tree(node).content)
            node.clear()
    return strings


def load_xlsx(path):
    import openpyxl
    import openpyxl.reader.excel
    openpyxl.reader.excel.read_string_table = raw_string_table
    return openpyxl.load_workbook(path)


XSTRING_ESCAPE = re.compile(r"(?:_x[0-9A-Fa-f]{4}_)+")


def excel_text(text):
    """A cell's text as Excel (and Jalon's xlsx reader) shows it: the _xHHHH_ escapes decoded,
    which openpyxl leaves as they are (`_x000D_` is a carriage return, `_x005F_` an underscore,
    a pair of surrogates one character)."""
    out, i = [], 0
    for m in XSTRING_ESCAPE.finditer(text):
        out.append(text[i:m.start()])
        codes = [int(h, 16) for h in re.findall(r"_x([0-9A-Fa-f]{4})_", m.group(0))]
        raw = b"".join(c.to_bytes(2, "little") for c in codes)
        out.append(raw.decode("utf-16-le", "surrogatepass"))
        i = m.end()
    out.append(text[i:])
    return "".join(out)


def scan_cells(wb, what):
    """Every cell: no formula but Jalon's own, every hostile text a string cell. String cells are
    returned as Excel shows them (escapes decoded)."""
    cells, formulas, bad = [], [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if c.data_type == "f":
                    formulas.append((ws.title, c.coordinate, c.value))
                    if not own_formula(str(c.value)):
                        bad.append(f"{ws.title}!{c.coordinate} formula {short(c.value, 120)}")
                    continue
                value = excel_text(c.value) if isinstance(c.value, str) else c.value
                if hostile(value) and c.data_type != "s":
                    bad.append(f"{ws.title}!{c.coordinate} is {c.data_type!r}: {short(value, 120)}")
                if isinstance(value, str):
                    cells.append((ws.title, c.coordinate, value, c.data_type))
    return cells, formulas, bad


def check_raw_parts(path, what):
    """The archive's XML: no formula element holds hostile text, chart titles are text."""
    bad = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            xml = z.read(name).decode("utf-8")
            for f in re.findall(r"<(?:c:)?f>(.*?)</(?:c:)?f>", xml, re.S):
                if "HYPERLINK" in f or "@SUM" in f or "DROP TABLE" in f or "&lt;script" in f:
                    bad.append(f"{name}: formula or reference {short(f, 120)}")
    C.check(not bad, f"{what}: no formula or chart reference in the archive holds hostile text",
            "; ".join(bad[:5]))
    with zipfile.ZipFile(path) as z:
        raw = [(n, z.read(n).decode("utf-8")) for n in z.namelist()
               if n.endswith(".xml") and ("sharedStrings" in n or "worksheets/" in n)]
    plain = [n for n, xml in raw if re.search(r"(?<!_x005F)_x0041_", xml)]
    C.check(not plain, f"{what}: the inputs' literal '_x0041_' is written '_x005F_x0041_' "
            "(else Excel and Jalon's reader show 'A')", ", ".join(plain))


def expect_cells(cells, expected, what):
    """Each expected text is the whole of a string cell somewhere (after Excel's cut)."""
    values = {}
    for sheet, coord, v, t in cells:
        values.setdefault(v, []).append((sheet, coord, t))
    for label, text in expected:
        want = cell_text(text)
        found = values.get(want, [])
        near = [(sh, c, v) for v, places in values.items() for sh, c, _ in places
                if v[:12] == want[:12]][:1]
        C.check(found and all(t == "s" for _, _, t in found),
                f"{what}: {label} is a string cell, exactly",
                f"expected {short(want, 160)}" +
                (f"; {near[0][0]}!{near[0][1]} holds {short(near[0][2], 160)}" if near else ""))


def check_long(cells, prefix, what):
    """Cells that begin with a long text's start: cut at 32 767 characters, with Jalon's mark."""
    long_cells = [(s, c, v) for s, c, v, _ in cells if v.startswith(prefix)]
    C.check(long_cells, f"{what}: a cell holds the long text")
    for s, c, v in long_cells:
        C.check(len(v) <= EXCEL_MAX, f"{what}: {s}!{c} holds at most 32 767 characters",
                f"{len(v)} characters")
        C.check(v.endswith(MARK), f"{what}: {s}!{c} ends with the mark '{MARK.strip()}'",
                short(v[-20:]))
    return long_cells


def check_utf16(cells, what, strict=True):
    """Excel counts a cell's characters in UTF-16 units (a character beyond U+FFFF counts
    twice), as reports/src/xlsx_workbook.cpp's cell_text does. Always a check (--utf16 is kept
    for compatibility and changes nothing)."""
    strict = True
    over = [f"{s}!{c}: {len(v)} characters, {utf16_units(v)} UTF-16 units"
            for s, c, v, _ in cells if utf16_units(v) > EXCEL_MAX]
    what = f"{what}: no cell holds more than 32 767 UTF-16 units (Excel's count)"
    if strict:
        C.check(not over, what, "; ".join(over[:3]))
    elif over:
        print(f"NOTE [{C.part}] not counted (no --utf16): {what}: " + "; ".join(over[:3]))


def check_annual(args):
    s = scheme()
    C.begin("annual: opens")
    wb = load_xlsx(args.file)
    C.check(len(wb.worksheets) >= 8, "the workbook opens with its sheets",
            [ws.title for ws in wb.worksheets])
    C.begin("annual: cells")
    cells, formulas, bad = scan_cells(wb, "annual")
    C.check(not bad, "every hostile text is a string cell, every formula Jalon's own",
            "; ".join(bad[:6]))
    C.check(formulas, "Jalon's own formulas are there (attainment, share on track, totals)")
    hostile_cells = [x for x in cells if hostile(x[2])]
    C.check(len(hostile_cells) >= 30, "many cells hold hostile text", len(hostile_cells))
    check_raw_parts(args.file, "annual")

    C.begin("annual: texts")
    act1 = s["nodes"][0]["children"][0]
    act2 = s["nodes"][0]["children"][1]
    ind1, ind2 = act1["indicators"]
    root = s["territories"][0]
    expected = [
        ("axis 1 title", s["nodes"][0]["title"]),
        ("action 1 title", act1["title"]),
        ("action 2 title (begins with a tab)", act2["title"]),
        ("action 3 title (begins with U+202E)", s["nodes"][0]["children"][2]["title"]),
        ("indicator 1 label", ind1["label"]),
        ("indicator 2 label", ind2["label"]),
        ("indicator 1 code", IND1),
        ("indicator 2 code", IND2),
        ("action 1 code", ACT1),
        ("action 2 code", ACT2),
        ("action 3 code", ACT3),
        ("indicator 1 unit", ind1["unit"]),
        ("action 1 pilots", ", ".join(act1["pilots"])),
        ("action 1 partners (tab, carriage return)", ", ".join(act1["partners"])),
        ("action 2 pilots (carriage return)", ", ".join(act2["pilots"])),
        ("action 1 calendar", act1["calendar"]["text"]),
        ("action 1 narrative as comment", "\n".join(act1["narrative"])),
    ]
    expect_cells(cells, expected, "annual")
    strings = [v for _, _, v, _ in cells]
    for t in [root] + root["children"]:
        C.check(any(t["name"] in v for v in strings),
                f"annual: territory name {t['name']!r} is in a string cell")
    C.check(any(s["nodes"][1]["title"] in v for v in strings), "annual: axis 2 title is in a cell")

    C.begin("annual: long texts")
    longs = check_long(cells, act2["narrative"][0][:200], "annual: the 40 000-character narrative")
    for sh, c, v in longs:
        C.eq(v, cell_text(LONG_NARRATIVE), f"annual: {sh}!{c} is the narrative cut to 32 767 "
             "UTF-16 units with the mark")
    longs = check_long(cells, LONG_TITLE[:200], "annual: the 40 000-character title")
    for sh, c, v in longs:
        C.eq(v, cell_text(LONG_TITLE), f"annual: {sh}!{c} is the title's start and the mark")
    check_utf16(cells, "annual", args.utf16)

    C.begin("annual: properties")
    C.check(s["title"] in (wb.properties.title or ""), "the document title holds the scheme's",
            short(wb.properties.title))
    C.eq(wb.properties.creator, s["owner"], "the document's creator is the owner, as text")


def check_template(args):
    C.begin("template: cells")
    wb = load_xlsx(args.file)
    cells, formulas, bad = scan_cells(wb, "template")
    C.check(not bad, "every hostile text is a string cell, every formula Jalon's own",
            "; ".join(bad[:6]))
    check_raw_parts(args.file, "template")
    expect_cells(cells, [("series 1 code", IND1), ("series 2 code", IND2),
                         ("territory 1 code", T1), ("territory 2 code", T2)], "template")


def check_midterm_xlsx(args):
    s = scheme()
    C.begin("midterm xlsx: opens")
    wb = load_xlsx(args.file)
    C.check(len(wb.worksheets) >= 4, "the workbook opens with its sheets",
            [ws.title for ws in wb.worksheets])
    C.begin("midterm xlsx: cells")
    cells, formulas, bad = scan_cells(wb, "midterm")
    C.check(not formulas, "no formula cell at all",
            "; ".join(f"{a}!{b} {short(c, 80)}" for a, b, c in formulas[:5]))
    C.check(not bad, "every hostile text is a string cell", "; ".join(bad[:6]))
    check_raw_parts(args.file, "midterm")

    C.begin("midterm xlsx: texts")
    act1, act2, act3 = s["nodes"][0]["children"]
    u = s["unplanned"][0]
    q = s["evaluation"]["questions"][0]
    expected = [
        ("axis 1 title", s["nodes"][0]["title"]),
        ("axis 2 title", s["nodes"][1]["title"]),
        ("action 1 title with its status", act1["title"] + " (en cours)"),
        ("action 2 title with its status", act2["title"] + " (non engagé)"),
        ("action 3 title with its status", act3["title"] + " (réalisé)"),
        ("action 3 comment (status import)", STATUS_ROWS[0][3]),
        ("action 3 narrative (status import)", "\n".join("• " + b for b in STATUS_BULLETS[ACT3])),
        ("action 1 narrative", "\n".join("• " + b for b in act1["narrative"])),
        ("indicator 1 label", act1["indicators"][0]["label"]),
        ("unplanned title", u["title"]),
        ("question", f"{Q1} — {q['question']}"),
        ("judgement criteria", "\n".join("• " + j for j in q["judgement_criteria"])),
        ("owner", s["owner"]),
        ("action codes", ACT1),
        ("node code with '=' ';' '%'", ACT2),
    ]
    expect_cells(cells, expected, "midterm xlsx")

    C.begin("midterm xlsx: long texts")
    longs = check_long(cells, "• " + LONG_NARRATIVE[:200], "midterm xlsx: the long narrative")
    for sh, c, v in longs:
        C.eq(v, cell_text("• " + LONG_NARRATIVE), f"midterm xlsx: {sh}!{c} is the bullet cut "
             "with the mark")
    longs = check_long(cells, LONG_TITLE[:200], "midterm xlsx: the long title")
    for sh, c, v in longs:
        C.check(v in (cell_text(LONG_TITLE), cell_text(LONG_TITLE + " (sans suivi)")),
                f"midterm xlsx: {sh}!{c} is the title's start and the mark", short(v[-30:]))
    check_utf16(cells, "midterm xlsx", args.utf16)


# ---- HTML ----------------------------------------------------------------------------------------

DANGEROUS_TAGS = {"script", "img", "iframe", "object", "embed", "link", "base", "form", "input",
                  "button", "frame", "frameset", "applet", "audio", "video", "source", "b", "i",
                  "u", "meta-refresh"}


class Page(HTMLParser):
    """Every start tag with its attributes, and every text node (entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.texts = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.texts.append((self.stack[-1] if self.stack else "", data))


def html_text(text):
    """What the page holds of a text: Jalon's esc() drops control characters but tab and line
    feed (the carriage return among them)."""
    return "".join(c for c in text if ord(c) >= 0x20 or c in "\n\t")


def check_midterm_html(args):
    s = scheme()
    raw = open(args.file, encoding="utf-8", newline="").read()
    page = Page()
    page.feed(raw)
    page.close()

    C.begin("midterm html: no markup from the inputs")
    tags = {t for t, _ in page.tags}
    C.check(not (tags & DANGEROUS_TAGS), "no script, img, b, i, u… element", sorted(tags & DANGEROUS_TAGS))
    on = [(t, a) for t, attrs in page.tags for a, _ in attrs if a.lower().startswith("on")]
    C.check(not on, "no on* attribute", on[:5])
    hrefs = [v for t, attrs in page.tags for a, v in attrs if a in ("href", "src", "xlink:href")]
    C.check(all(v and v.startswith("#") for v in hrefs), "every link is internal", hrefs[:5])
    C.check("<script" not in raw.lower(), "the literal '<script' never appears")
    C.check("<img" not in raw.lower(), "the literal '<img' never appears")
    C.check("\r" not in raw, "no carriage return in the page")
    C.check("&amp;amp;" in raw, "an '&amp;' of the inputs is written '&amp;amp;'")
    C.check("&lt;script&gt;alert(1)&lt;/script&gt;" in raw, "'<script>' is written escaped")
    style = [d for t, d in page.texts if t == "style"]
    C.check(all("HYPERLINK" not in d and "DROP" not in d for d in style),
            "no input text inside <style>")

    C.begin("midterm html: texts")
    texts = [d for t, d in page.texts if t not in ("style",)]
    act1, act2, act3 = s["nodes"][0]["children"]
    act4 = s["nodes"][1]["children"][0]
    u = s["unplanned"][0]
    q = s["evaluation"]["questions"][0]
    expected = [
        ("scheme title", s["title"]),
        ("owner", s["owner"]),
        ("axis 1 title", s["nodes"][0]["title"]),
        ("axis 2 title", s["nodes"][1]["title"]),
        ("action 1 title", act1["title"]),
        ("action 2 title (tab)", act2["title"]),
        ("action 3 title (U+202E)", act3["title"]),
        ("the 40 000-character title, whole", act4["title"]),
        ("the 40 000-character narrative, whole", LONG_NARRATIVE),
        ("action 3 comment", STATUS_ROWS[0][3]),
        ("unplanned title", u["title"]),
        ("unplanned narrative", u["narrative"][0]),
        ("figure label", act1["figures"][0]["label"]),
        ("question", q["question"]),
        ("indicator 1 label", act1["indicators"][0]["label"]),
        ("indicator 2 label", act1["indicators"][1]["label"]),
    ]
    for b in act1["narrative"] + STATUS_BULLETS[ACT3] + q["judgement_criteria"]:
        expected.append((f"bullet {b[:12]!r}", b))
    for code in (ACT1, ACT2, ACT3, AXIS1, IND1, IND2, Q1):
        expected.append((f"code {code!r}", code))
    for label, text in expected:
        want = html_text(text)
        C.check(any(want in d for d in texts), f"{label}: in one text node, as written",
                short(want, 160))
    # Nothing of the inputs became an attribute value.
    values = " ".join(v or "" for _, attrs in page.tags for _, v in attrs)
    C.check(not hostile(values), "no input text in an attribute value",
            short([v for _, attrs in page.tags for _, v in attrs if hostile(v)][:3]))


# ---- main ----------------------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    w = sub.add_parser("write")
    w.add_argument("dir")
    st = sub.add_parser("state")
    st.add_argument("db")
    tb = sub.add_parser("tables")
    tb.add_argument("db")
    d = sub.add_parser("db")
    d.add_argument("db")
    d.add_argument("--tables", type=int, required=True)
    for name in ("annual", "midterm-xlsx", "midterm-html", "template"):
        r = sub.add_parser(name)
        r.add_argument("file")
        r.add_argument("--utf16", action="store_true",
                       help="also check Excel's limit in UTF-16 units")
    args = p.parse_args()

    if args.mode == "write":
        write(args)
        return 0
    if args.mode == "state":
        print(Db(args.db).state())
        return 0
    if args.mode == "tables":
        print(len(Db(args.db).tables()))
        return 0
    try:
        {"db": check_db, "annual": check_annual, "midterm-xlsx": check_midterm_xlsx,
         "midterm-html": check_midterm_html, "template": check_template}[args.mode](args)
    except Exception as e:  # a crash is a failure with a count, not a silent stop
        import traceback
        traceback.print_exc()
        C.check(False, f"reading stopped: {type(e).__name__}: {e}")
    return C.summary("read_hostile")


if __name__ == "__main__":
    sys.exit(main())
