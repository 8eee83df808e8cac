#!/usr/bin/python3
"""Reads an annual evaluation workbook (jalon report annual) back with openpyxl and checks it
against the run stored in the database.

Run with /usr/bin/python3 (Debian's python3-openpyxl):

    read_workbook.py --db jalon.db --xlsx FILE.xlsx --scheme ID --year Y --run RUN --lang fr
                     [--root CODE] [--hostile] [--missing-indicator CODE]

Every failure is printed as `FAIL [check] sheet!cell: expected …, got …`; the last line is
`read_workbook: N checks passed, M failed` and the exit status is 1 when any check failed.
"""

import argparse
import datetime
import math
import re
import os
import sqlite3
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import get_column_letter, column_index_from_string

STATUS_LABELS = {
    "fr": {
        "atteint": "atteint",
        "en-bonne-voie": "en bonne voie", "a-echeance": "à échéance",
        "en-retard": "en retard",
        "non-renseigne": "non renseigné",
        "sans-cible": "sans cible",
        "non-calcule": "non calculé",
    },
    "en": {
        "atteint": "reached",
        "en-bonne-voie": "on track", "a-echeance": "not yet due",
        "en-retard": "late",
        "non-renseigne": "missing",
        "sans-cible": "no target",
        "non-calcule": "not computed",
    },
}
STATUS_ORDER = ["atteint", "en-bonne-voie", "a-echeance", "en-retard", "non-renseigne", "sans-cible",
                "non-calcule"]
ACTION_STATUS_ORDER = ["realise", "en-cours", "non-engage", "reporte", "abandonne"]

WORDS = {
    "fr": {
        "sheets": ["Synthèse", "Indicateurs", "Territoires", "Actions", "Tendances",
                   "Qualité des données", "Méthode"],
        "path": "Chemin", "code": "Code", "indicator": "Indicateur", "unit": "Unité",
        "value": "Valeur", "attainment": "Taux d'atteinte", "status": "Statut",
        "baseline": "Valeur de référence", "reference": "Jalon ou cible en vigueur",
        "pilots": "Pilotes", "check": "Contrôle", "axis": "Axe", "total": "Total",
        "trend_value": "Valeur", "quality_missing": "Valeur manquante",
        "annual": "Bilan annuel", "actions": "Actions", "indicators": "Indicateurs",
        "action_none": "non renseigné", "not_applicable": "sans objet",
    },
    "en": {
        "sheets": ["Summary", "Indicators", "Territories", "Actions", "Trends", "Data quality",
                   "Method"],
        "path": "Path", "code": "Code", "indicator": "Indicator", "unit": "Unit",
        "value": "Value", "attainment": "Attainment", "status": "Status",
        "baseline": "Baseline", "reference": "Milestone or target in force",
        "pilots": "Pilots", "check": "Check", "axis": "Axis", "total": "Total",
        "trend_value": "Value", "quality_missing": "Missing value",
        "annual": "Annual evaluation", "actions": "Actions", "indicators": "Indicators",
        "action_none": "missing", "not_applicable": "not applicable",
    },
}
ACTION_STATUS_LABELS = {
    "fr": {"realise": "réalisé", "en-cours": "en cours", "non-engage": "non engagé",
           "reporte": "reporté", "abandonne": "abandonné"},
    "en": {"realise": "done", "en-cours": "in progress", "non-engage": "not started",
           "reporte": "postponed", "abandonne": "dropped"},
}
FORBIDDEN_SHEET_CHARS = set('[]:*?/\\')
INJECTION_STARTS = ("=", "+", "-", "@")

# The formulas Jalon writes; anything else in an 'f' cell is a failure.
REF = r"([A-Z]{1,3})(\d+)"
ATTAINMENT_RE = re.compile(
    r'^=IF\(OR\(' + REF + r'="",' + REF + r'="",' + REF + r'=' + REF + r'\),"",\(' + REF + r'-' +
    REF + r'\)/\(' + REF + r'-' + REF + r'\)\)$')
SHARE_RE = re.compile(
    r'^=IF\(\(' + REF + r'\+' + REF + r'\+' + REF + r'\)=0,"",\(' + REF + r'\+' + REF + r'\)/\(' +
    REF + r'\+' + REF + r'\+' + REF + r'\)\)$')
SUM_RE = re.compile(r'^=SUM\(' + REF + r':' + REF + r'\)$')

MAX_REPORTED = 25  # failures printed per check


class Checks:
    def __init__(self, label):
        self.label = label
        self.passed = 0
        self.failed = 0

    def check(self, name, failures, detail=""):
        """One named check: passes when `failures` is empty, else prints them."""
        if not failures:
            self.passed += 1
            print(f"ok   [{self.label}] {name}" + (f" ({detail})" if detail else ""))
            return True
        self.failed += 1
        print(f"FAIL [{self.label}] {name}: {len(failures)} problem(s)")
        for f in failures[:MAX_REPORTED]:
            print(f"       {f}")
        if len(failures) > MAX_REPORTED:
            print(f"       … and {len(failures) - MAX_REPORTED} more")
        return False


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def close(a, b, tol=1e-9):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def blank(v):
    return v is None or v == ""


def show(v):
    return "empty" if v is None else repr(v)


def ref(ws, row, col):
    return f"{ws.title}!{get_column_letter(col)}{row}"


# ---------------------------------------------------------------------------------------------
# The run, from the database


class Run:
    def __init__(self, db, scheme_id, year, run_id):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        q = lambda sql, *a: con.execute(sql, a).fetchall()
        s = q("SELECT * FROM scheme WHERE id = ?", scheme_id)
        if not s:
            raise SystemExit(f"read_workbook: no scheme {scheme_id} in {db}")
        self.scheme = s[0]
        r = q("SELECT * FROM evaluation_run WHERE id = ?", run_id)
        if not r or r[0]["scheme_id"] != scheme_id or r[0]["year"] != year:
            raise SystemExit(f"read_workbook: no run {run_id} of {scheme_id} for {year} in {db}")
        self.run = r[0]
        self.year = year
        self.territories = q("SELECT code, parent_code, name FROM territory WHERE scheme_id = ? "
                             "ORDER BY position", scheme_id)
        self.root = self.run["territory_code"] or (self.territories[0]["code"]
                                                    if self.territories else "")
        # The root's subtree in tree order, with depths.
        depth = {}
        self.subtree = []
        for t in self.territories:
            if t["code"] == self.root:
                depth[t["code"]] = 0
            elif t["parent_code"] is not None and t["parent_code"] in depth:
                depth[t["code"]] = depth[t["parent_code"]] + 1
            else:
                continue
            self.subtree.append((t["code"], t["name"], depth[t["code"]]))
        self.territory_name = {t["code"]: t["name"] for t in self.territories}
        self.nodes = q("SELECT code, parent_code, title, status, depth, action_flag FROM node "
                       "WHERE scheme_id = ? AND unplanned = 0 ORDER BY position", scheme_id)
        self.node_parent = {n["code"]: n["parent_code"] for n in self.nodes}
        # The groups of the synthesis (docs/scheme-format.md, steering level): the first nodes of
        # the steering level down each branch (the top-level nodes without one); nodes above them
        # belong to no group.
        steering = q("SELECT steering_level FROM scheme WHERE id = ?", scheme_id)[0]["steering_level"]
        self.steering_level = steering
        steering_depth = {lv["name"]: lv["depth"] for lv in
                          q("SELECT depth, name FROM scheme_level WHERE scheme_id = ?", scheme_id)
                          }.get(steering)
        self.group = {}
        for n in self.nodes:
            above = self.group.get(n["parent_code"])
            starts = (n["parent_code"] is None if not steering
                      else above is None and n["depth"] == steering_depth)
            self.group[n["code"]] = n["code"] if starts else above
        self.top_nodes = [n for n in self.nodes if self.group[n["code"]] == n["code"]]
        self.indicators = q("SELECT code, node_code, label, unit, key_indicator AS key "
                            "FROM indicator WHERE scheme_id = ? "
                            "ORDER BY position", scheme_id)
        # Actions (docs/scheme-format.md): a node's own flag, else its level among the action
        # levels, else the last level (strict levels) or carrying indicators or a status (free).
        strict = q("SELECT level_order FROM scheme WHERE id = ?", scheme_id)[0]["level_order"] == "strict"
        levels = q("SELECT depth, action_level FROM scheme_level WHERE scheme_id = ? ORDER BY depth",
                   scheme_id)
        action_levels = {lv["depth"] for lv in levels if lv["action_level"]}
        with_indicators = {i["node_code"] for i in self.indicators}

        def is_action(n):
            if n["action_flag"] is not None:
                return bool(n["action_flag"])
            if action_levels:
                return n["depth"] in action_levels
            if strict:
                return n["depth"] == len(levels) - 1
            return n["code"] in with_indicators or n["status"] is not None
        self.actions = [n for n in self.nodes if is_action(n)]
        self.results = {}
        for row in q("SELECT * FROM indicator_result WHERE run_id = ?", run_id):
            self.results[(row["indicator_code"], row["territory_code"], row["year"])] = row
        self.texts = q("SELECT owner_kind, owner_code, field, value FROM text_item "
                       "WHERE scheme_id = ? ORDER BY owner_kind, owner_code, field, position",
                       scheme_id)
        con.close()

    def top_of(self, node):
        """The code of the synthesis group a node belongs to, or None (above the groups)."""
        return self.group.get(node)

    def result(self, indicator, territory, year):
        return self.results.get((indicator, territory, year))


# ---------------------------------------------------------------------------------------------
# Reading tables


def find_header(ws, first, containing, after=0):
    """Row (1-based) of a table header whose column A is `first` and that holds `containing`."""
    for row in range(after + 1, ws.max_row + 1):
        if ws.cell(row, 1).value != first:
            continue
        values = [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]
        if containing in values:
            return row
    return None


def header_columns(ws, row):
    cols = {}
    for c in range(1, ws.max_column + 1):
        v = ws.cell(row, c).value
        if isinstance(v, str) and v not in cols:
            cols[v] = c
    return cols


def table_rows(ws, header, key_col):
    """Rows after the header while the key column is not empty."""
    rows = []
    r = header + 1
    while r <= ws.max_row and not blank(ws.cell(r, key_col).value):
        rows.append(r)
        r += 1
    return rows


def is_grey_fill(cell):
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return False
    rgb = fill.fgColor.rgb if fill.fgColor is not None else None
    if not isinstance(rgb, str) or len(rgb) < 6:
        return False
    r, g, b = rgb[-6:-4], rgb[-4:-2], rgb[-2:]
    return r == g == b and rgb[-6:].upper() != "FFFFFF"


# ---------------------------------------------------------------------------------------------
# Formulas, evaluated from the cells they name


def cell_number(ws, col_letters, row, wsv=None):
    """The value of a referenced cell for arithmetic (blank = 0), and whether it is blank; a
    formula cell counts for its cached value (from the data_only workbook `wsv`)."""
    v = ws[f"{col_letters}{row}"].value
    if isinstance(v, str) and v.startswith("=") and wsv is not None:
        v = wsv[f"{col_letters}{row}"].value
    if blank(v):
        return 0.0, True
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v), False
    raise ValueError(f"{col_letters}{row} holds {v!r}, not a number")


def eval_attainment(ws, m):
    """=IF(OR(V="",R="",R2=B),"",(V2-B2)/(R3-B3)) as Excel computes it: a blank cell is "" in a
    comparison with "" and 0 in arithmetic and in a comparison with a number."""
    g = m.groups()
    refs = [(g[i], int(g[i + 1])) for i in range(0, len(g), 2)]
    _, value_blank = cell_number(ws, *refs[0])
    _, reference_blank = cell_number(ws, *refs[1])
    left, _ = cell_number(ws, *refs[2])
    right, _ = cell_number(ws, *refs[3])
    if value_blank or reference_blank or left == right:
        return ""
    value, _ = cell_number(ws, *refs[4])
    base, _ = cell_number(ws, *refs[5])
    reference, _ = cell_number(ws, *refs[6])
    base2, _ = cell_number(ws, *refs[7])
    return (value - base) / (reference - base2)


def eval_share(ws, wsv, m):
    g = m.groups()
    vals = [cell_number(ws, g[i], int(g[i + 1]), wsv)[0] for i in range(0, len(g), 2)]
    if vals[0] + vals[1] + vals[2] == 0:
        return ""
    return (vals[3] + vals[4]) / (vals[5] + vals[6] + vals[7])


def eval_sum(ws, wsv, m):
    c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
    total = 0.0
    for col in range(column_index_from_string(c1), column_index_from_string(c2) + 1):
        for row in range(r1, r2 + 1):
            v = ws.cell(row, col).value
            if isinstance(v, str) and v.startswith("="):
                v = wsv.cell(row, col).value  # a formula inside the range: its cached value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                total += v
    return total


# ---------------------------------------------------------------------------------------------


class WorkbookChecker:
    def __init__(self, args):
        self.args = args
        self.lang = args.lang
        self.w = WORDS[self.lang]
        self.labels = STATUS_LABELS[self.lang]
        self.run = Run(args.db, args.scheme, args.year, args.run)
        self.c = Checks(f"{args.xlsx.split('/')[-1]}")
        self.year = args.year
        self.path = self.check_package(args.xlsx)
        self.wb = openpyxl.load_workbook(self.path)
        self.wbv = openpyxl.load_workbook(self.path, data_only=True)

    # -- the package -----------------------------------------------------------------------------
    def check_package(self, path):
        """Every XML part must be well-formed UTF-8. A broken part is reported, then replaced in a
        temporary copy (bad bytes as U+FFFD) so that one defect does not hide the others."""
        fails, repaired = [], {}
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            for name in names:
                if not name.endswith((".xml", ".rels")):
                    continue
                data = z.read(name)
                try:
                    data.decode("utf-8")
                    ET.fromstring(data)
                except UnicodeDecodeError as e:
                    fails.append(f"{name}: not UTF-8 at byte {e.start}: "
                                 f"{data[max(0, e.start - 60):e.start + 10]!r}")
                    repaired[name] = data.decode("utf-8", errors="replace").encode("utf-8")
                except ET.ParseError as e:
                    fails.append(f"{name}: not well-formed XML: {e}")
            self.c.check("every XML part of the package is well-formed UTF-8", fails,
                         f"{len(names)} parts")
            if not repaired:
                return path
            fd, copy = tempfile.mkstemp(suffix=".xlsx")
            os.close(fd)
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
                for name in names:
                    out.writestr(name, repaired.get(name, z.read(name)))
        print(f"     (the remaining checks read a copy with {len(repaired)} part(s) repaired)")
        self._copy = copy
        return copy

    # -- sheets ----------------------------------------------------------------------------------
    def expected_axis_name(self, node):
        """The sheet name an axis should get: its code and title, forbidden characters
        replaced, cut to Excel's 31 characters (counted in UTF-16 units, as Excel does)."""
        wanted = f"{node['code']} {node['title']}"
        clean = "".join("-" if ch in FORBIDDEN_SHEET_CHARS else ch for ch in wanted)
        return clean.lstrip("'") or "Feuille"

    def file_sheet_names(self):
        """Sheet names as the file has them (openpyxl renames a duplicate), in order."""
        raw, ns = self._raw()
        return [name for name, _ in raw]

    def check_sheet_names(self):
        names = self.file_sheet_names()
        s = self.w["sheets"]
        fails = []
        n_axes = len(self.run.top_nodes)
        expected_len = 7 + n_axes
        if len(names) != expected_len:
            fails.append(f"expected {expected_len} sheets (7 + {n_axes} axes), got {len(names)}: "
                         f"{names}")
        fixed = names[:4] + names[4 + n_axes:]
        if fixed != s:
            fails.append(f"fixed sheets: expected {s}, got {fixed}")
        axes = names[4:4 + n_axes]
        for node, name in zip(self.run.top_nodes, axes):
            clean = self.expected_axis_name(node)
            m = re.match(r"^(.*) \(\d+\)$", name)
            base = m.group(1) if m and not clean.startswith(name) else name
            full = clean.rstrip(" '")
            if not base or not clean.startswith(base) or (base != full and utf16_len(base) < 20):
                fails.append(f"axis {node['code']!r}: expected a sheet named after {full!r} "
                             f"(cut to 31 characters), got {name!r}")
        seen = {}
        for name in names:
            if utf16_len(name) > 31:
                fails.append(f"sheet name {name!r} is {utf16_len(name)} characters long in "
                             f"Excel's count (UTF-16 units; limit 31)")
            bad = FORBIDDEN_SHEET_CHARS & set(name)
            if bad:
                fails.append(f"sheet name {name!r} holds {''.join(sorted(bad))}")
            if name.startswith("'") or name.endswith("'") or not name:
                fails.append(f"sheet name {name!r} begins or ends with an apostrophe")
            if name.casefold() in seen:
                fails.append(f"sheet name {name!r} is also the name of sheet "
                             f"{seen[name.casefold()]!r} (Excel compares names without case)")
            seen.setdefault(name.casefold(), name)
        self.axis_sheets = [(node, name, 4 + k) for k, (node, name) in
                            enumerate(zip(self.run.top_nodes, axes))]
        self.c.check("sheet names", fails, f"{len(names)} sheets, {n_axes} axis sheets")

    def sheet(self, i):
        """The fixed sheet number i (0 = summary … 6 = method), found by its exact name."""
        name = self.w["sheets"][i]
        names = self.file_sheet_names()
        if name not in names:
            raise LookupError(f"no sheet named {name!r} in {names}")
        k = names.index(name)
        return self.wb.worksheets[k], self.wbv.worksheets[k]

    # -- indicator tables ------------------------------------------------------------------------
    def check_indicator_table(self, ws, wsv, indicators, where):
        w = self.w
        value_header = f"{w['value']} {self.year}"
        hr = find_header(ws, w["path"], value_header)
        if hr is None:
            self.c.check(f"{where}: indicator table", [f"{ws.title}: no header row with "
                                                       f"{w['path']!r} and {value_header!r}"])
            return None
        cols = header_columns(ws, hr)
        fails = []
        need = [w["code"], w["indicator"], w["baseline"], w["reference"], value_header,
                w["attainment"], w["status"]]
        for h in need:
            if h not in cols:
                fails.append(f"{ws.title} row {hr}: no column {h!r}")
        start = self.run.scheme["period_start"]
        previous = [y for y in range(start, self.year)]
        prev_cols = []
        for y in previous:
            h = f"{w['value']} {y}"
            if h not in cols:
                fails.append(f"{ws.title} row {hr}: no column {h!r} (previous year)")
            else:
                prev_cols.append((y, cols[h]))
        if fails:
            self.c.check(f"{where}: indicator table columns", fails)
            return None
        code_c, value_c, att_c, status_c = (cols[w["code"]], cols[value_header],
                                            cols[w["attainment"]], cols[w["status"]])
        base_c, ref_c = cols[w["baseline"]], cols[w["reference"]]
        rows = table_rows(ws, hr, code_c)
        codes = [ws.cell(r, code_c).value for r in rows]
        expected_codes = [i["code"] for i in indicators]
        rows_fails = []
        if codes != expected_codes:
            missing = [c for c in expected_codes if c not in codes]
            extra = [c for c in codes if c not in expected_codes]
            rows_fails.append(f"{ws.title}: expected {len(expected_codes)} indicator rows in "
                              f"scheme order, got {len(codes)}; missing {missing[:10]}, "
                              f"extra {extra[:10]}"
                              + ("" if missing or extra else " (order differs)"))
        dup = {c for c in codes if codes.count(c) > 1}
        if dup:
            rows_fails.append(f"{ws.title}: indicators on several rows: {sorted(dup)[:10]}")
        self.c.check(f"{where}: one row per indicator", rows_fails, f"{len(rows)} rows")

        root = self.run.root
        value_fails, status_fails, prev_fails, att_fails, missing_fails = [], [], [], [], []
        n_formula = n_missing = n_prev = 0
        for r in rows:
            code = ws.cell(r, code_c).value
            res = self.run.result(code, root, self.year)
            # value of the year
            cell = ws.cell(r, value_c)
            exp_value = res["value"] if res else None
            self._check_value(ws, cell, exp_value, f"{code} at {root} in {self.year}",
                              value_fails, missing_fails)
            if exp_value is None:
                n_missing += 1
            # status
            exp_status = self.labels[res["status"] if res else "non-renseigne"]
            got = ws.cell(r, status_c).value
            if got != exp_status:
                status_fails.append(f"{ref(ws, r, status_c)} ({code}): expected status "
                                    f"{exp_status!r}, got {show(got)}")
            # previous years
            for y, c in prev_cols:
                pr = self.run.result(code, root, y)
                self._check_value(ws, ws.cell(r, c), pr["value"] if pr else None,
                                  f"{code} at {root} in {y}", prev_fails, missing_fails)
                n_prev += 1
            # attainment
            acell = ws.cell(r, att_c)
            exp_att = res["attainment"] if res else None
            n_formula += self._check_attainment(ws, wsv, acell, r, code, exp_att,
                                                (value_c, ref_c, base_c), att_fails)
        self.c.check(f"{where}: values {self.year} at {root}", value_fails, f"{len(rows)} values")
        self.c.check(f"{where}: status labels ({self.lang})", status_fails)
        self.c.check(f"{where}: previous years' values at {root}", prev_fails,
                     f"{n_prev} values, years {previous}")
        self.c.check(f"{where}: missing values are empty grey cells, never 0", missing_fails,
                     f"{n_missing} missing in {self.year}")
        self.c.check(f"{where}: attainment formulas, cached values and recomputation", att_fails,
                     f"{n_formula} formulas")
        return hr, rows, cols

    def _check_value(self, ws, cell, expected, what, fails, missing_fails):
        got = cell.value
        where = f"{ws.title}!{cell.coordinate}"
        if expected is None:
            if got is not None:
                missing_fails.append(f"{where} ({what}): missing value expected as an empty "
                                     f"cell, got {got!r}")
            elif not is_grey_fill(cell):
                missing_fails.append(f"{where} ({what}): missing value cell has no grey fill")
            return
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            fails.append(f"{where} ({what}): expected {expected!r}, got {show(got)}")
        elif not close(float(got), expected, 1e-12):
            fails.append(f"{where} ({what}): expected {expected!r}, got {got!r}")

    def _check_attainment(self, ws, wsv, cell, r, code, expected, columns, fails):
        """Checks one attainment cell; returns 1 when it holds a formula."""
        v = cell.value
        where = f"{ws.title}!{cell.coordinate} ({code})"
        if expected is None:
            if v is None:
                return 0
            if not (isinstance(v, str) and v.startswith("=")):
                fails.append(f"{where}: the run has no attainment, the cell holds {v!r}")
                return 0
        if v is None:
            fails.append(f"{where}: expected a formula with attainment {expected!r}, got empty")
            return 0
        if cell.data_type != "f" or not isinstance(v, str) or not v.startswith("="):
            fails.append(f"{where}: expected a formula, got {v!r} (type {cell.data_type})")
            return 0
        value_c, ref_c, base_c = (get_column_letter(c) for c in columns)
        expected_formula = (f'=IF(OR({value_c}{r}="",{ref_c}{r}="",{ref_c}{r}={base_c}{r}),"",'
                            f'({value_c}{r}-{base_c}{r})/({ref_c}{r}-{base_c}{r}))')
        if v != expected_formula:
            fails.append(f"{where}: expected formula {expected_formula}, got {v}")
        m = ATTAINMENT_RE.match(v)
        cached = wsv[cell.coordinate].value
        if m is None:
            fails.append(f"{where}: formula {v} is not the attainment formula")
        else:
            try:
                mine = eval_attainment(ws, m)
            except ValueError as e:
                mine = None
                fails.append(f"{where}: cannot evaluate {v}: {e}")
            if expected is None:
                if mine not in ("", None):
                    fails.append(f"{where}: the run has no attainment, the formula gives {mine!r}")
            elif mine is not None:
                if mine == "" or not close(mine, expected):
                    fails.append(f"{where}: formula {v} evaluated from the row's cells gives "
                                 f"{mine!r}, the run's attainment is {expected!r}")
        if expected is not None:
            if not isinstance(cached, (int, float)) or isinstance(cached, bool):
                fails.append(f"{where}: cached value expected {expected!r}, got {show(cached)}")
            elif not close(float(cached), expected):
                fails.append(f"{where}: cached value expected {expected!r}, got {cached!r}")
        return 1

    # -- Indicateurs -----------------------------------------------------------------------------
    def check_indicators(self):
        ws, wsv = self.sheet(1)
        self.indicator_header = None
        res = self.check_indicator_table(ws, wsv, self.run.indicators, ws.title)
        if res:
            hr, rows, cols = res
            self.indicator_header = (hr, rows, cols)
            # the traffic lights on the status column
            status_c = cols[self.w["status"]]
            letter = get_column_letter(status_c)
            fails = []
            covered = False
            rules_values = set()
            for cf in ws.conditional_formatting:
                for rng in cf.sqref.ranges:
                    min_col, min_row, max_col, max_row = rng.bounds
                    if min_col <= status_c <= max_col and min_row <= rows[0] and \
                            max_row >= rows[-1]:
                        covered = True
                        for rule in cf.rules:
                            for f in rule.formula or []:
                                rules_values.add(f.strip('"'))
            if not list(ws.conditional_formatting):
                fails.append(f"{ws.title}: no conditional formatting at all")
            elif not covered:
                fails.append(f"{ws.title}: no conditional format covers {letter}{rows[0]}:"
                             f"{letter}{rows[-1]} (status column)")
            else:
                missing = [l for l in self.labels.values() if l not in rules_values]
                if missing:
                    fails.append(f"{ws.title}!{letter}: no conditional format for {missing}")
            self.c.check(f"{ws.title}: conditional formats on the status column {letter}", fails)

    # -- axis sheets -----------------------------------------------------------------------------
    def check_axis_sheets(self):
        for node, name, k in getattr(self, "axis_sheets", []):
            ws, wsv = self.wb.worksheets[k], self.wbv.worksheets[k]
            inds = [i for i in self.run.indicators if self.run.top_of(i["node_code"]) == node["code"]]
            if inds:
                self.check_indicator_table(ws, wsv, inds, f"{name}")
            else:
                hr = find_header(ws, self.w["path"], f"{self.w['value']} {self.year}")
                self.c.check(f"{name}: no indicator table for an axis without indicators",
                             [] if hr is None else [f"{name} row {hr}: unexpected indicator table"])
            acts = [a for a in self.run.actions if self.run.top_of(a["code"]) == node["code"]]
            hr = find_header(ws, self.w["path"], self.w["pilots"])
            fails = []
            if hr is None:
                fails.append(f"{name}: no action table")
            else:
                cols = header_columns(ws, hr)
                rows = table_rows(ws, hr, cols[self.w["code"]])
                got = [ws.cell(r, cols[self.w["code"]]).value for r in rows]
                if got != [a["code"] for a in acts]:
                    fails.append(f"{name}: actions expected {[a['code'] for a in acts]}, "
                                 f"got {got}")
            self.c.check(f"{name}: actions of the axis", fails, f"{len(acts)} actions")

    # -- Territoires -----------------------------------------------------------------------------
    def check_territories(self):
        ws, wsv = self.sheet(2)
        w = self.w
        hr = find_header(ws, w["code"], w["indicator"])
        if hr is None:
            self.c.check(f"{ws.title}: table", [f"{ws.title}: no header row"])
            return
        self.territory_header = hr
        fails = []
        first = 4  # Code, Indicateur, Unité, then one column per territory
        names = []
        for i, (code, name, depth) in enumerate(self.run.subtree):
            got = ws.cell(hr, first + i).value
            shown = got.lstrip(" ") if isinstance(got, str) else got
            if isinstance(shown, str) and shown.startswith("› "):
                shown = shown[2:]
            names.append(shown)
            if shown != name:
                fails.append(f"{ref(ws, hr, first + i)}: expected territory {name!r} "
                             f"(tree order position {i}), got {show(got)}")
        extra = ws.cell(hr, first + len(self.run.subtree)).value
        if extra is not None:
            fails.append(f"{ref(ws, hr, first + len(self.run.subtree))}: unexpected column "
                         f"{extra!r} after the last territory")
        self.c.check(f"{ws.title}: header has the territory names in tree order", fails,
                     f"{len(self.run.subtree)} territories")

        rows = table_rows(ws, hr, 1)
        by_code = {ws.cell(r, 1).value: r for r in rows}
        fails = []
        codes = [ws.cell(r, 1).value for r in rows]
        if codes != [i["code"] for i in self.run.indicators]:
            fails.append(f"{ws.title}: expected one row per indicator in scheme order "
                         f"({len(self.run.indicators)}), got {len(codes)} rows")
        self.c.check(f"{ws.title}: one row per indicator", fails, f"{len(rows)} rows")

        value_fails, missing_fails, na_fails = [], [], []
        shown = n_missing = n_na = 0
        for ind in self.run.indicators:
            r = by_code.get(ind["code"])
            if r is None:
                continue
            for i, (code, name, depth) in enumerate(self.run.subtree):
                res = self.run.result(ind["code"], code, self.year)
                if res is None:  # the method said it does not apply there: "sans objet"
                    cell = ws.cell(r, first + i)
                    n_na += 1
                    if cell.value != w["not_applicable"] or is_grey_fill(cell):
                        na_fails.append(f"{ref(ws, r, first + i)} ({ind['code']} at {code}): no "
                                        f"result, expected {w['not_applicable']!r} without the "
                                        f"grey of a missing value, got {show(cell.value)}")
                    continue
                exp = res["value"]
                self._check_value(ws, ws.cell(r, first + i), exp,
                                  f"{ind['code']} at {code}", value_fails, missing_fails)
                shown += 1
                n_missing += exp is None
        # Every result of the run's year is somewhere on the sheet.
        in_subtree = {c for c, _, _ in self.run.subtree}
        not_shown = [k for k in self.run.results if k[2] == self.year and
                     (k[1] not in in_subtree or k[0] not in by_code)]
        for k in not_shown[:MAX_REPORTED]:
            value_fails.append(f"{ws.title}: result {k} of the run is not shown")
        self.c.check(f"{ws.title}: every indicator × territory value of {self.year}", value_fails,
                     f"{shown} cells")
        self.c.check(f"{ws.title}: missing values are empty grey cells, never 0", missing_fails,
                     f"{n_missing} missing")
        self.c.check(f"{ws.title}: an indicator that does not apply at a territory says so",
                     na_fails, f"{n_na} not applicable")
        self.territory_rows = rows

    # -- Actions ---------------------------------------------------------------------------------
    def check_actions(self):
        ws, _ = self.sheet(3)
        w = self.w
        hr = find_header(ws, w["path"], w["pilots"])
        fails = []
        if hr is None:
            self.c.check(f"{ws.title}: table", [f"{ws.title}: no header row"])
            return
        cols = header_columns(ws, hr)
        rows = table_rows(ws, hr, cols[w["code"]])
        got = [ws.cell(r, cols[w["code"]]).value for r in rows]
        exp = [a["code"] for a in self.run.actions]
        if got != exp:
            fails.append(f"{ws.title}: expected actions {exp[:10]}…, got {got[:10]}…")
        pilots = {}
        for t in self.run.texts:
            if t["owner_kind"] == "node" and t["field"] == "pilots":
                pilots.setdefault(t["owner_code"], []).append(t["value"])
        for r in rows:
            code = ws.cell(r, cols[w["code"]]).value
            want = ", ".join(pilots.get(code, [])) or None
            have = ws.cell(r, cols[w["pilots"]]).value
            if have != want:
                fails.append(f"{ref(ws, r, cols[w['pilots']])} ({code}): pilots expected "
                             f"{want!r}, got {show(have)}")
        self.c.check(f"{ws.title}: one row per action with its pilots", fails,
                     f"{len(rows)} actions")
        self.action_header = (hr, rows, cols)

    # -- Synthèse --------------------------------------------------------------------------------
    def check_summary(self):
        ws, wsv = self.sheet(0)
        w = self.w
        # The groups' column is named after the steering level ("Orientation"), else "Axe".
        steering = self.run.steering_level
        hr = find_header(ws, w["code"], steering[:1].upper() + steering[1:] if steering
                         else w["axis"])
        if hr is None:
            self.c.check(f"{ws.title}: table", [f"{ws.title}: no axis table"])
            return
        cols = header_columns(ws, hr)
        rows = table_rows(ws, hr, 1)
        fails = []
        codes = [ws.cell(r, 1).value for r in rows]
        exp_codes = [n["code"] for n in self.run.top_nodes] + [w["total"]]
        if codes != exp_codes:
            fails.append(f"{ws.title}: axis rows expected {exp_codes}, got {codes}")
        # indicator counts per axis and status, at the root
        counts = {}
        for ind in self.run.indicators:
            res = self.run.result(ind["code"], self.run.root, self.year)
            if res:
                top = self.run.top_of(ind["node_code"])
                counts.setdefault(top, {}).setdefault(res["status"], 0)
                counts[top][res["status"]] += 1
                counts.setdefault(w["total"], {}).setdefault(res["status"], 0)
                counts[w["total"]][res["status"]] += 1
        actions = {}
        for a in self.run.actions:
            top = self.run.top_of(a["code"])
            for key in (top, w["total"]):
                actions.setdefault(key, {}).setdefault(a["status"], 0)
                actions[key][a["status"]] += 1
        for r in rows:
            code = ws.cell(r, 1).value
            for s in STATUS_ORDER:
                h = f"{w['indicators']} : {self.labels[s]}"
                if h not in cols:
                    fails.append(f"{ws.title} row {hr}: no column {h!r}")
                    continue
                got = wsv.cell(r, cols[h]).value
                exp = counts.get(code, {}).get(s, 0)
                if got != exp:
                    fails.append(f"{ref(ws, r, cols[h])} ({code}, {self.labels[s]}): expected "
                                 f"{exp}, got {show(got)}")
            for s in ACTION_STATUS_ORDER + [None]:
                label = ACTION_STATUS_LABELS[self.lang][s] if s else w["action_none"]
                h = f"{w['actions']} : {label}"
                if h not in cols:
                    fails.append(f"{ws.title} row {hr}: no column {h!r}")
                    continue
                got = wsv.cell(r, cols[h]).value
                exp = actions.get(code, {}).get(s, 0)
                if got != exp:
                    fails.append(f"{ref(ws, r, cols[h])} ({code}, {label}): expected {exp}, "
                                 f"got {show(got)}")
        self.c.check(f"{ws.title}: actions and indicators by status per axis and in total",
                     fails, f"{len(rows)} rows")

    # -- every formula ---------------------------------------------------------------------------
    def check_all_formulas(self):
        fails = []
        n = {"attainment": 0, "share": 0, "sum": 0}
        for ws in self.wb.worksheets:
            wsv = self.wbv[ws.title]
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type != "f":
                        continue
                    v = cell.value
                    where = f"{ws.title}!{cell.coordinate}"
                    cached = wsv[cell.coordinate].value
                    m = ATTAINMENT_RE.match(v) if isinstance(v, str) else None
                    if m:
                        rows_ = {int(x) for x in m.groups()[1::2]}
                        if rows_ != {cell.row}:
                            fails.append(f"{where}: attainment formula {v} reads other rows")
                        n["attainment"] += 1
                        continue
                    m = SHARE_RE.match(v) if isinstance(v, str) else None
                    if m:
                        rows_ = {int(x) for x in m.groups()[1::2]}
                        if rows_ != {cell.row}:
                            fails.append(f"{where}: share formula {v} reads other rows")
                        try:
                            mine = eval_share(ws, wsv, m)
                        except ValueError as e:
                            fails.append(f"{where}: cannot evaluate {v}: {e}")
                            continue
                        if mine == "":
                            if not blank(cached):
                                fails.append(f"{where}: {v} gives \"\", cached {cached!r}")
                        elif not isinstance(cached, (int, float)) or not close(cached, mine):
                            fails.append(f"{where}: {v} gives {mine!r}, cached {show(cached)}")
                        n["share"] += 1
                        continue
                    m = SUM_RE.match(v) if isinstance(v, str) else None
                    if m:
                        c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
                        if c1 != c2 or c1 != cell.column_letter or r2 >= cell.row or r1 > r2:
                            fails.append(f"{where}: SUM {v} is not the column above the cell")
                        mine = eval_sum(ws, wsv, m)
                        if not isinstance(cached, (int, float)) or not close(cached, mine):
                            fails.append(f"{where}: {v} gives {mine!r}, cached {show(cached)}")
                        n["sum"] += 1
                        continue
                    fails.append(f"{where}: formula not written by Jalon: {v!r}")
        self.c.check("every formula is Jalon's (attainment, share, SUM) with a right cached value",
                     fails, ", ".join(f"{k} {v}" for k, v in n.items()))

    # -- charts ----------------------------------------------------------------------------------
    def check_charts(self):
        fails = []
        for i in (0, 4):
            ws, _ = self.sheet(i)
            if len(ws._charts) < 1:
                fails.append(f"{ws.title}: no chart")
        names = set(self.wb.sheetnames)
        n = 0
        for ws in self.wb.worksheets:
            for chart in ws._charts:
                for series in chart.series:
                    for part in (series.val, series.cat):
                        if part is None:
                            continue
                        data = part.numRef or getattr(part, "strRef", None)
                        if data is None or not data.f:
                            continue
                        n += 1
                        f = data.f.lstrip("=")
                        m = re.match(r"^(?:'((?:[^']|'')+)'|([^!]+))!(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)$",
                                     f)
                        if not m:
                            fails.append(f"{ws.title}: chart reference {data.f!r} unreadable")
                            continue
                        sheet = (m.group(1) or m.group(2)).replace("''", "'")
                        if sheet not in names:
                            fails.append(f"{ws.title}: chart reference {data.f!r} names no sheet")
        # Titles: the Summary's fixed title; on Trends "code — label" (cut), always plain text.
        chosen = [i for i in self.run.indicators if i["key"]]
        if not chosen:
            chosen = []
            for top in self.run.top_nodes:
                inds = [i for i in self.run.indicators
                        if self.run.top_of(i["node_code"]) == top["code"]]
                chosen += inds[:1]
        expected_titles = [f"{i['code']} — {i['label']}" for i in chosen]
        for i in (0, 4):
            ws, _ = self.sheet(i)
            for k, chart in enumerate(ws._charts):
                title = chart.title
                tx = title.tx if title is not None else None
                if tx is not None and tx.strRef is not None:
                    fails.append(f"{ws.title}: chart {k + 1} title is a cell reference "
                                 f"{tx.strRef.f!r}, not text (a title beginning with '=')")
                    continue
                text = ""
                if tx is not None and tx.rich is not None:
                    text = "".join(r.t or "" for p in tx.rich.p for r in (p.r or []))
                if i == 4:
                    # "code — label", or a beginning of it marked as cut ("…").
                    exp = expected_titles[k] if k < len(expected_titles) else None
                    # A title beginning with '=' is written after one space, so that
                    # libxlsxwriter keeps it as text rather than a reference.
                    shown = text[1:] if text.startswith(" =") else text
                    begin = shown.rstrip("\ufffd")
                    begin = begin[:-1] if begin.endswith("…") and begin != exp else begin
                    text = shown
                    if exp is None or not begin.strip() or not exp.startswith(begin):
                        fails.append(f"{ws.title}: chart {k + 1} title expected {exp!r} or a "
                                     f"beginning of it, got {text!r}")
                    elif "\ufffd" in text:
                        fails.append(f"{ws.title}: chart {k + 1} title {text!r} ends in a cut "
                                     f"character")
                elif not text:
                    fails.append(f"{ws.title}: chart {k + 1} has no title")
        if len(self.sheet(4)[0]._charts) != len(expected_titles):
            fails.append(f"{self.sheet(4)[0].title}: expected {len(expected_titles)} charts (key "
                         f"indicators or first of each axis), got {len(self.sheet(4)[0]._charts)}")
        self.c.check("charts (Summary ≥ 1, Trends ≥ 1), their references and titles", fails,
                     f"{len(self.sheet(0)[0]._charts)} + {len(self.sheet(4)[0]._charts)} charts, "
                     f"{n} references")

    # -- trends ----------------------------------------------------------------------------------
    def check_trends(self):
        ws, _ = self.sheet(4)
        fails = []
        years = list(range(self.run.scheme["period_start"], self.year + 1))
        n = 0
        by_code = {i["code"]: i for i in self.run.indicators}
        for r in range(1, ws.max_row + 1):
            v = ws.cell(r, 1).value
            if not isinstance(v, str) or " — " not in v:
                continue
            code = v.split(" — ")[0]
            if code not in by_code or ws.cell(r + 1, 1).value != self.w["indicator"]:
                continue
            got_years = [ws.cell(r + 1, 2 + i).value for i in range(len(years))]
            if got_years != [str(y) for y in years]:
                fails.append(f"{ref(ws, r + 1, 2)}: years expected {years}, got {got_years}")
            for i, y in enumerate(years):
                res = self.run.result(code, self.run.root, y)
                self._check_value(ws, ws.cell(r + 2, 2 + i), res["value"] if res else None,
                                  f"trend of {code} in {y}", fails, fails)
            n += 1
        if n == 0:
            fails.append(f"{ws.title}: no trend table")
        self.c.check(f"{ws.title}: trend values at {self.run.root}", fails, f"{n} indicators")

    # -- data quality ----------------------------------------------------------------------------
    def check_quality(self):
        ws, _ = self.sheet(5)
        w = self.w
        hr = find_header(ws, w["check"], w["code"])
        if hr is None:
            self.c.check(f"{ws.title}: table", [f"{ws.title}: no header row"])
            return
        rows = table_rows(ws, hr, 2)
        got = sorted((ws.cell(r, 2).value, ws.cell(r, 4).value) for r in rows
                     if ws.cell(r, 1).value == w["quality_missing"])
        exp = []
        for ind in self.run.indicators:
            at_root = self.run.result(ind["code"], self.run.root, self.year)
            if at_root and at_root["status"] == "non-calcule":
                continue
            for code, name, _ in self.run.subtree:
                res = self.run.result(ind["code"], code, self.year)
                if res and res["value"] is None and res["status"] != "non-calcule":
                    exp.append((ind["code"], name))
        exp.sort()
        fails = []
        if got != exp:
            fails.append(f"{ws.title}: '{w['quality_missing']}' rows expected {len(exp)}, "
                         f"got {len(got)}; missing {[e for e in exp if e not in got][:5]}, "
                         f"extra {[g for g in got if g not in exp][:5]}")
        self.c.check(f"{ws.title}: one '{w['quality_missing']}' row per missing value", fails,
                     f"{len(got)} rows")
        self.quality_header = (hr, rows)

    # -- layout: freeze panes, autofilter, print setup, footers ------------------------------------
    def _raw(self):
        if not hasattr(self, "_raw_cache"):
            z = zipfile.ZipFile(self.path)
            ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                  "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
            wbx = ET.fromstring(z.read("xl/workbook.xml"))
            rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            target = {r.get("Id"): r.get("Target") for r in rels}
            out = []
            for s in wbx.find("m:sheets", ns):
                t = target[s.get(f"{{{ns['r']}}}id")].lstrip("/")
                t = t if t.startswith("xl/") else "xl/" + t
                out.append((s.get("name"), ET.fromstring(z.read(t))))
            self._raw_cache = (out, ns)
        return self._raw_cache

    def check_layout(self):
        w = self.w
        s = w["sheets"]
        tables = {}
        if getattr(self, "indicator_header", None):
            hr, rows, cols = self.indicator_header
            tables[s[1]] = (hr, rows, max(cols.values()))
        if getattr(self, "territory_header", None):
            hr = self.territory_header
            tables[s[2]] = (hr, self.territory_rows, 3 + len(self.run.subtree))
        if getattr(self, "action_header", None):
            hr, rows, cols = self.action_header
            tables[s[3]] = (hr, rows, max(cols.values()))
        if getattr(self, "quality_header", None):
            hr, rows = self.quality_header
            tables[s[5]] = (hr, rows, 8)
        fails = []
        for i in (1, 2, 3, 5):
            name = s[i]
            ws = self.sheet(i)[0]
            if name not in tables:
                fails.append(f"{name}: table not found")
                continue
            hr, rows, last_col = tables[name]
            if ws.freeze_panes != f"A{hr + 1}":
                fails.append(f"{name}: freeze panes expected A{hr + 1} (below the header), got "
                             f"{ws.freeze_panes}")
            last_row = rows[-1] if rows else hr
            exp = f"A{hr}:{get_column_letter(last_col)}{last_row}"
            if ws.auto_filter.ref != exp:
                fails.append(f"{name}: autofilter expected {exp}, got {ws.auto_filter.ref}")
            if ws.print_title_rows not in (f"${hr}:${hr}", f"{hr}:{hr}"):
                fails.append(f"{name}: print title rows expected ${hr}:${hr}, got "
                             f"{ws.print_title_rows}")
        self.c.check("freeze panes, autofilter and print titles on the main tables", fails,
                     ", ".join(s[i] for i in (1, 2, 3, 5)))

        raw, ns = self._raw()
        fails = []
        trends = self.sheet(4)[0]
        for ws in self.wb.worksheets:
            ps = ws.page_setup
            if ps.orientation != "landscape":
                fails.append(f"{ws.title}: orientation expected landscape, got {ps.orientation}")
            pr = ws.sheet_properties.pageSetUpPr
            if pr is None or not pr.fitToPage:
                fails.append(f"{ws.title}: fit to page not set (sheetPr/pageSetUpPr fitToPage)")
            # fitToWidth defaults to 1 in ECMA-376 (CT_PageSetup): absent means 1.
            node = raw[self.wb.worksheets.index(ws)][1].find("m:pageSetup", ns)
            width = node.get("fitToWidth", "1") if node is not None else None
            height = node.get("fitToHeight", "1") if node is not None else None
            if width != "1":
                fails.append(f"{ws.title}: fitToWidth expected 1, got {width}")
            if height != "0":
                fails.append(f"{ws.title}: fitToHeight expected 0 (as many pages as needed), "
                             f"got {height}")
            if ws is not trends and not ws.print_title_rows:
                fails.append(f"{ws.title}: no print title rows")
        self.c.check("print setup: landscape, fit to 1 page wide, print titles", fails,
                     f"{len(self.wb.worksheets)} sheets")

        # footers: '&' of the title doubled, the title readable back
        fails = []
        title = f"{self.run.scheme['title']} — {w['annual']} {self.year}"
        for ws in self.wb.worksheets:
            node = raw[self.wb.worksheets.index(ws)][1].find("m:headerFooter/m:oddFooter", ns)
            if node is None or not node.text:
                fails.append(f"{ws.title}: no footer")
                continue
            sections = parse_header_footer(node.text)
            left = sections.get("L") or ""
            if len(node.text) > 255:
                fails.append(f"{ws.title}: footer is {len(node.text)} characters (Excel's limit "
                             f"is 255)")
            # A title too long for the limit may be cut; else it is there in full.
            cut = left.rstrip("…").rstrip()
            fits = len("&L&8" + title.replace("&", "&&") + "&R&8Page &P / &N") <= 255
            if left != title and (fits or not cut or not title.startswith(cut)):
                fails.append(f"{ws.title}: footer left section expected {title!r}"
                             f"{'' if fits else ' or a beginning of it'}, got {left!r} "
                             f"(raw {node.text!r})")
            if "&P" not in node.text:
                fails.append(f"{ws.title}: footer has no page number")
        self.c.check("footers hold the title ('&' escaped) and the page number", fails)

    # -- document properties ---------------------------------------------------------------------
    def check_properties(self):
        p = self.wb.properties
        fails = []
        if not p.title or self.run.scheme["title"] not in p.title:
            fails.append(f"title expected to contain {self.run.scheme['title']!r}, got {p.title!r}")
        if p.creator != self.run.scheme["owner"]:
            fails.append(f"creator expected {self.run.scheme['owner']!r}, got {p.creator!r}")
        created = datetime.datetime.strptime(self.run.run["created_at"], "%Y-%m-%dT%H:%M:%SZ")
        got = p.created
        if got is not None and got.tzinfo is not None:
            got = got.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        if got != created:
            fails.append(f"created expected {created} (the run's created_at), got {got}")
        self.c.check("document properties (title, creator, created)", fails)

    # -- hostile scheme --------------------------------------------------------------------------
    def check_injection(self):
        hostile = set()
        for n in self.run.nodes:
            hostile.update((n["title"], n["code"]))
        for i in self.run.indicators:
            hostile.update((i["label"], i["code"]))
        for t in self.run.territories:
            hostile.add(t["name"])
        for t in self.run.texts:
            if t["field"] in ("pilots", "partners"):
                hostile.add(t["value"])
        hostile = {h for h in hostile if h and h.startswith(INJECTION_STARTS)}
        fails = []
        if len(hostile) < 4:
            fails.append(f"the scheme has only {len(hostile)} strings beginning with = + - @")
        found = {h: 0 for h in hostile}
        text_cells = 0
        for ws in self.wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    v = cell.value
                    if not isinstance(v, str):
                        continue
                    if v.startswith(INJECTION_STARTS) and cell.data_type == "s":
                        text_cells += 1
                    for h in hostile:
                        if h in v:
                            if cell.data_type != "s":
                                fails.append(f"{ws.title}!{cell.coordinate}: {v!r} from the "
                                             f"scheme is a {cell.data_type!r} cell, not text")
                            elif v == h or v.startswith(h):
                                found[h] += 1
        for h, k in found.items():
            if k == 0:
                fails.append(f"scheme text {h!r} is in no text cell")
        self.c.check("scheme texts beginning with = + - @ stay text cells", fails,
                     f"{len(hostile)} strings, {text_cells} text cells beginning with = + - @")

    def check_missing_indicator(self, code):
        fails = []
        ws, _ = self.sheet(1)
        if not getattr(self, "indicator_header", None):
            fails.append(f"{ws.title}: no indicator table")
        else:
            hr, rows, cols = self.indicator_header
            row = [r for r in rows if ws.cell(r, cols[self.w["code"]]).value == code]
            res = self.run.result(code, self.run.root, self.year)
            if res is None or res["value"] is not None or res["status"] != "non-renseigne":
                fails.append(f"the run's result for {code} is not a missing value: "
                             f"{dict(res) if res else None}")
            if not row:
                fails.append(f"{ws.title}: no row for {code}")
            else:
                r = row[0]
                vc = cols[f"{self.w['value']} {self.year}"]
                v = ws.cell(r, vc).value
                if v is not None:
                    fails.append(f"{ref(ws, r, vc)} ({code}): expected an empty cell, got {v!r}")
                sc = cols[self.w["status"]]
                st = ws.cell(r, sc).value
                if st != self.labels["non-renseigne"]:
                    fails.append(f"{ref(ws, r, sc)} ({code}): expected "
                                 f"{self.labels['non-renseigne']!r}, got {show(st)}")
        self.c.check(f"missing indicator {code}: empty value cell and status "
                     f"{self.labels['non-renseigne']!r}", fails)

    # -- English ---------------------------------------------------------------------------------
    def check_status_language(self):
        other = STATUS_LABELS["fr" if self.lang == "en" else "en"]
        fails = []
        if not getattr(self, "indicator_header", None):
            return
        ws, _ = self.sheet(1)
        hr, rows, cols = self.indicator_header
        sc = cols[self.w["status"]]
        mine = set(self.labels.values())
        for r in rows:
            v = ws.cell(r, sc).value
            if v not in mine:
                fails.append(f"{ref(ws, r, sc)}: {v!r} is not a status in {self.lang}")
        for ws in self.wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value in other.values() and cell.value not in mine:
                        fails.append(f"{ws.title}!{cell.coordinate}: status {cell.value!r} is "
                                     f"not in {self.lang}")
        self.c.check(f"statuses written in {self.lang}", fails)

    def run_all(self):
        a = self.args
        if a.root and a.root != self.run.root:
            self.c.check("root territory", [f"expected root {a.root}, the run's is {self.run.root}"])
        checks = [self.check_sheet_names, self.check_summary, self.check_indicators,
                  self.check_axis_sheets, self.check_territories, self.check_actions,
                  self.check_trends, self.check_quality, self.check_all_formulas,
                  self.check_charts, self.check_layout, self.check_properties,
                  self.check_status_language]
        if a.hostile:
            checks.append(self.check_injection)
        if a.missing_indicator:
            checks.append(lambda: self.check_missing_indicator(a.missing_indicator))
        for check in checks:
            try:
                check()
            except Exception as e:  # a sheet or table not found: that check fails, not the rest
                name = getattr(check, "__name__", "check")
                self.c.check(name, [f"could not be run: {type(e).__name__}: {e}"])
        return self.c


def parse_header_footer(text):
    """Sections L, C, R of a header/footer string, as literal text ('&&' is one '&')."""
    sections = {"L": "", "C": "", "R": ""}
    current = "C"
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "&":
            sections[current] += ch
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt == "&":
            sections[current] += "&"
            i += 2
        elif nxt in "LCR":
            current = nxt
            i += 2
        elif nxt.isdigit():
            i += 1
            while i < len(text) and text[i].isdigit():
                i += 1
        elif nxt == '"':
            end = text.find('"', i + 2)
            i = len(text) if end < 0 else end + 1
        else:  # &P, &N, &D, &T, &F, &A, &B, &I, &U…
            sections[current] += "&" + nxt
            i += 2
    return sections


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--xlsx", required=True)
    p.add_argument("--scheme", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--run", type=int, required=True)
    p.add_argument("--lang", choices=["fr", "en"], default="fr")
    p.add_argument("--root")
    p.add_argument("--hostile", action="store_true")
    p.add_argument("--missing-indicator")
    args = p.parse_args()
    checker = WorkbookChecker(args)
    try:
        c = checker.run_all()
    finally:
        if getattr(checker, "_copy", None):
            os.unlink(checker._copy)
    print(f"read_workbook: {c.passed} checks passed, {c.failed} failed")
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()
