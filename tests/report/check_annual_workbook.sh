#!/usr/bin/env bash
# The annual evaluation workbook (jalon report annual), read back.
#
# Usage: check_annual_workbook.sh BUILD_DIR SOURCE_DIR
#
# In a temporary directory: builds a database like scripts/demo (Vienne and the Blois contrat de
# ville PERR with their synthetic overlays and data) plus two purpose-built schemes — a hostile one
# (texts beginning with = + - @, quotes, '&') and one at Excel's limits (a very long title, sheet
# names that collide or run past 31 characters) — evaluates them, writes the workbooks, and checks
# each against the run stored in the database with read_workbook.py (Debian's python3-openpyxl).
# Then the Vienne workbook is written again (byte-identical) and converted to PDF by LibreOffice.
# Ends with "annual workbook: N checks passed" and exit 0, or lists every failure and exits 1.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
source_dir=$(cd "$2" && pwd) || exit 2
jalon="$build/bin/jalon"
python=/usr/bin/python3
reader="$source_dir/tests/report/read_workbook.py"
samples="$source_dir/samples"
synthetic="$samples/synthetic"

for need in "$jalon" "$python" "$reader"; do
  [ -e "$need" ] || { echo "FAIL: $need not found"; exit 1; }
done
"$python" -c 'import openpyxl' 2> /dev/null \
  || { echo "FAIL: $python has no openpyxl (apt-get install python3-openpyxl)"; exit 1; }
command -v sqlite3 > /dev/null || { echo "FAIL: the sqlite3 command is not installed"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8 LC_NUMERIC=C
export JALON_DB="sqlite:$work/jalon.db"
db="$work/jalon.db"

. "$source_dir/tests/support/checks.sh" # pass, fail, step, read_back, finish

# --- 1. The database -------------------------------------------------------------------------
vienne="vienne-schema-unique-solidarites-2025-2029"
perr="blois-contrat-de-ville-perr-2020-2022"
hostile="hostile-injection-test"
edge="edge-excel-limits-test"

for id in "$vienne" "$perr"; do
  step "scheme import $id with its synthetic overlay" \
    "$jalon" -q scheme import "$samples/$id.yaml" --overlay "$synthetic/$id.targets.yaml"
  step "data import $id synthetic CSV" \
    "$jalon" -q data import "$synthetic/$id.csv" --scheme "$id" --synthetic
done

# The hostile scheme: texts that a spreadsheet would take for formulas, quotes in codes, '&' and
# "'" in the title (footers escape '&'). "=H1" has data and a target; H-I2 has none (missing). Both
# are key indicators, so both have a chart on the trends sheet; H-I2's label is long enough for
# its chart title to be cut, and made of three-byte characters where a cut at 70 or 80 bytes
# would fall inside one.
cat > "$work/hostile.yaml" <<'YAML'
format: jalon-scheme/1
id: hostile-injection-test
title: "Schéma d'essai & <hostile> l'injection \"quotée\""
kind: test
owner: "Ville d'Essai & Cie"
period: {start: 2024, end: 2026}
language: fr
levels: [axe, action]
level_order: strict
territories:
  - code: h-root
    name: "=HYPERLINK(\"http://evil\",\"x\")"
    kind: commune
    children:
      - {code: h-plus, name: "+33 1 23", kind: quartier}
      - {code: h-minus, name: "-2+3", kind: quartier}
      - {code: h-at, name: "@SUM(A1)", kind: quartier}
nodes:
  - code: "=1"
    level: axe
    title: "=HYPERLINK(\"http://evil\",\"x\")"
    children:
      - code: "1'a"
        level: action
        title: "+33 1 23 action"
        pilots: ["-2+3", "@SUM(A1)"]
        partners: ["=cmd|' /C calc'!A0"]
        indicators:
          - code: "=H1"
            label: "=1+1 avec données"
            level: realisation
            unit: personnes
            method: sum
            key: true
            baseline: {value: 10, year: 2024}
            target: {value: 30, year: 2026}
          - code: H-I2
            label: "@SUM(A1) sans données, montants en € : €€€€€€€€€€€€€€€€€€€€"
            level: resultat
            unit: personnes
            method: sum
            key: true
            target: {value: 5, year: 2026}
  - code: "'2"
    level: axe
    title: "-Axe: deux / [trois] * quatre ? \\ avec un titre bien plus long que trente et un caractères"
    children:
      - code: 2"b
        level: action
        title: "@Action sans indicateur"
        pilots: ["+Pilote"]
YAML
cat > "$work/hostile.csv" <<'CSV'
series,territory,period,value
=H1,h-plus,2024,4
=H1,h-plus,2025,7
=H1,h-plus,2026,9
=H1,h-minus,2024,3
=H1,h-minus,2025,5
=H1,h-minus,2026,
=H1,h-at,2024,3
=H1,h-at,2025,6
=H1,h-at,2026,12
CSV
step "scheme import of the hostile scheme" "$jalon" -q scheme import "$work/hostile.yaml"
step "data import of the hostile CSV" \
  "$jalon" -q data import "$work/hostile.csv" --scheme "$hostile"

# At Excel's limits: a title too long for a 255-character footer as it stands (with '&' to
# escape), an axis whose sheet name is a fixed sheet's name in capitals (Excel compares sheet
# names without case, accents included), an axis whose name has letters outside the Basic
# Multilingual Plane (two UTF-16 units each in Excel's 31-character count).
cat > "$work/edge.yaml" <<'YAML'
format: jalon-scheme/1
id: edge-excel-limits-test
title: "Contrat de ville & de cohésion urbaine « Quartiers 2030 » : engagements de l'État, de la Région, du Département, de l'agglomération & des communes pour l'emploi, l'éducation, la santé, le logement & le cadre de vie — protocole d'engagements renforcés"
owner: "Commune d'Essai"
period: {start: 2024, end: 2026}
levels: [axe, action]
level_order: strict
territories:
  - {code: e-root, name: "Commune d'Essai"}
nodes:
  - code: "QUALITÉ"
    level: axe
    title: "DES DONNÉES"
    children:
      - code: e1
        level: action
        title: Action un
        indicators:
          - {code: E-I1, label: Indicateur avec données, level: realisation, baseline: {value: 1, year: 2024}, target: {value: 5, year: 2026}}
  - code: "2"
    level: axe
    title: "Axe 𝔸𝔹ℂ avec des lettres 𝕏𝕐ℤ hors du plan de base"
    children:
      - {code: e2, level: action, title: Action deux}
YAML
printf 'series,territory,period,value\nE-I1,e-root,2025,2\nE-I1,e-root,2026,4\n' > "$work/edge.csv"
step "scheme import of the edge scheme" "$jalon" -q scheme import "$work/edge.yaml"
step "data import of the edge CSV" "$jalon" -q data import "$work/edge.csv" --scheme "$edge"

# --- 2. Evaluations and workbooks --------------------------------------------------------------
declare -A year=([$vienne]=2027 [$perr]=2022 [$hostile]=2026 [$edge]=2026)
declare -A root=([$vienne]=vienne [$perr]=agglopolys [$hostile]=h-root [$edge]=e-root)
declare -A run=()
for id in "$vienne" "$perr" "$hostile" "$edge"; do
  step "evaluate $id ${year[$id]}" "$jalon" -q evaluate --scheme "$id" --year "${year[$id]}"
  run[$id]=$(sqlite3 "$db" "SELECT max(id) FROM evaluation_run WHERE scheme_id = '$id' AND year = ${year[$id]}")
  if [ -z "${run[$id]}" ]; then
    fail "no run of $id for ${year[$id]} in the database"
  fi
done

# report NAME ID LANG: writes $work/NAME.xlsx from the run of ID.
report() {
  local name=$1 id=$2 lang=$3
  step "report annual $id ${year[$id]} --lang $lang -> $name.xlsx" \
    "$jalon" -q report annual --scheme "$id" --year "${year[$id]}" --run "${run[$id]}" \
    --lang "$lang" -o "$work/$name.xlsx" || return 1
  if [ ! -s "$work/$name.xlsx" ]; then
    fail "report annual $id exited 0 but $name.xlsx is missing or empty"
    return 1
  fi
}
written=()
report vienne-fr "$vienne" fr && written+=(vienne-fr)
report vienne-en "$vienne" en && written+=(vienne-en)
report perr-fr "$perr" fr && written+=(perr-fr)
report hostile-fr "$hostile" fr && written+=(hostile-fr)
report edge-fr "$edge" fr && written+=(edge-fr)
sleep 2 # a second write later on: a time stamp in the file would show
report vienne-fr-again "$vienne" fr
if [ -s "$work/vienne-fr.xlsx" ] && [ -s "$work/vienne-fr-again.xlsx" ]; then
  if cmp "$work/vienne-fr.xlsx" "$work/vienne-fr-again.xlsx"; then
    pass "two writes of the Vienne workbook are byte-identical"
  else
    fail "two writes of the Vienne workbook differ"
  fi
fi

# --- 3. Reading the workbooks back -------------------------------------------------------------
# read_workbook NAME ID LANG [options…]: read_workbook.py's checks of NAME.xlsx against the run.
read_workbook() {
  local name=$1 id=$2 lang=$3
  shift 3
  echo "== $name.xlsx ($id ${year[$id]}, run ${run[$id]}, $lang)"
  read_back "$name.xlsx" "$reader" --db "$db" --xlsx "$work/$name.xlsx" --scheme "$id" \
    --year "${year[$id]}" --run "${run[$id]}" --lang "$lang" --root "${root[$id]}" "$@"
}
for name in "${written[@]}"; do
  case $name in
    vienne-fr) read_workbook "$name" "$vienne" fr ;;
    vienne-en) read_workbook "$name" "$vienne" en ;;
    perr-fr) read_workbook "$name" "$perr" fr ;;
    hostile-fr) read_workbook "$name" "$hostile" fr --hostile --missing-indicator H-I2 ;;
    edge-fr) read_workbook "$name" "$edge" fr ;;
  esac
done

# --- 3b. Two judgements read where the committee reads them ---------------------------------------
# workbook_check NAME TEXT ID ARGS…: one check; the Python on stdin, given the workbook, the
# database, ID's run and ARGS, prints what is wrong.
workbook_check() {
  local name=$1 text=$2 id=$3 out
  shift 3
  if [ ! -s "$work/$name.xlsx" ]; then
    fail "$text: no $name.xlsx"
    return
  fi
  out=$("$python" - "$work/$name.xlsx" "$db" "${run[$id]}" "$@" 2>&1)
  if [ -z "$out" ]; then pass "$text"; else fail "$text: $(echo "$out" | head -5 | tr '\n' ' ')"; fi
}

# A qualitative milestone (method milestone) not reached in 2027 whose target falls due in 2029 is
# "à échéance" in the Indicateurs sheet, in its own colour, never "en retard".
workbook_check vienne-fr "a milestone due in 2029 is à échéance in 2027 (Indicateurs)" "$vienne" \
  1.3.1-I3 <<'PY'
import sqlite3, sys, openpyxl
path, db, run, code = sys.argv[1:5]
con = sqlite3.connect(db)
method, = con.execute("SELECT method FROM indicator WHERE code = ?", (code,)).fetchone()
status, value, ref_year = con.execute(
    "SELECT r.status, r.value, r.reference_year FROM indicator_result r JOIN evaluation_run e "
    "ON e.id = r.run_id WHERE r.run_id = ? AND r.indicator_code = ? AND r.year = e.year AND "
    "r.territory_code = 'vienne'", (run, code)).fetchone()
if (method, value, ref_year, status) != ("milestone", 0.0, 2029, "a-echeance"):
    print(f"the run has {code} as {method}, value {value}, due {ref_year}, {status}")
ws = openpyxl.load_workbook(path)["Indicateurs"]
rows = [r for r in ws.iter_rows() if any(c.value == code for c in r)]
if len(rows) != 1:
    print(f"{code}: {len(rows)} rows in Indicateurs")
else:
    cells = [c for c in rows[0] if c.value in ("à échéance", "en retard")]
    if [c.value for c in cells] != ["à échéance"]:
        print(f"{code}: status cells {[c.value for c in cells]}")
    else:  # its colour: a conditional format of its own on the status cell, teal
        fills = {(f.fgColor.rgb or "")[-6:].upper() for cf in ws.conditional_formatting
                 if cells[0].coordinate in cf.sqref for rule in cf.rules
                 if rule.formula == ['"à échéance"'] and rule.dxf and rule.dxf.fill
                 for f in [rule.dxf.fill]} | \
                {(f.bgColor.rgb or "")[-6:].upper() for cf in ws.conditional_formatting
                 if cells[0].coordinate in cf.sqref for rule in cf.rules
                 if rule.formula == ['"à échéance"'] and rule.dxf and rule.dxf.fill
                 for f in [rule.dxf.fill]}
        if "D5EFEC" not in fills:
            print(f"{code}: no teal conditional format for 'à échéance' on "
                  f"{cells[0].coordinate} ({fills})")
PY

# A share of QPV residents measured on the QPV itself is not shown (no 100 %), counted nowhere and
# not listed as missing; the share at Blois, its commune, is still the run's value.
workbook_check perr-fr "no share of QPV residents at the QPV itself (Territoires, Qualité)" "$perr" <<'PY'
import sqlite3, sys, openpyxl
path, db, run = sys.argv[1:4]
con = sqlite3.connect(db)
shares = [c for c, in con.execute("SELECT code FROM indicator WHERE method = 'qpv_share' "
                                  "AND scheme_id = 'blois-contrat-de-ville-perr-2020-2022'")]
qpv, = con.execute("SELECT name FROM territory WHERE code = 'qpv-quartiers-nord'").fetchone()
blois, = con.execute("SELECT name FROM territory WHERE code = 'blois'").fetchone()
if len(shares) != 3:
    print(f"expected the three QPV shares of the PERR, found {shares}")
for code in shares:
    n, = con.execute("SELECT count(*) FROM indicator_result WHERE run_id = ? AND indicator_code = ? "
                     "AND territory_code = 'qpv-quartiers-nord'", (run, code)).fetchone()
    if n:
        print(f"{code}: {n} results at the QPV in the run")
wb = openpyxl.load_workbook(path)
ws = wb["Territoires"]
header = next(r for r in ws.iter_rows() if r[0].value == "Code")
col = {str(c.value).lstrip(" ›"): c.column for c in header}
if qpv not in col or blois not in col:
    print(f"no column for {qpv!r} or {blois!r}")
else:
    for row in ws.iter_rows():
        if row[0].value in shares:
            at_qpv = ws.cell(row[0].row, col[qpv]).value
            at_blois = ws.cell(row[0].row, col[blois]).value
            if at_qpv != "sans objet":
                print(f"{row[0].value} at the QPV: {at_qpv!r}, expected 'sans objet'")
            want, = con.execute("SELECT value FROM indicator_result r JOIN evaluation_run e ON "
                                "e.id = r.run_id WHERE r.run_id = ? AND r.indicator_code = ? "
                                "AND r.territory_code = 'blois' AND r.year = e.year",
                                (run, row[0].value)).fetchone()
            if want is None or not isinstance(at_blois, float) or abs(at_blois - want) > 1e-9 \
                    or not 0 < at_blois < 100:
                print(f"{row[0].value} at Blois: {at_blois!r}, the run has {want!r}")
for name in wb.sheetnames:
    if name.startswith("Qualit"):
        for row in wb[name].iter_rows(values_only=True):
            if any(v in shares for v in row) and any(v == qpv or v == "qpv-quartiers-nord"
                                                     for v in row):
                print(f"{name}: {row}")
PY

# --- 4. LibreOffice: the workbook opens and prints -----------------------------------------------
echo "== LibreOffice"
find_soffice() { command -v soffice || command -v libreoffice; }
if ! find_soffice > /dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "installing libreoffice-calc-nogui"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui > "$work/apt.log" 2>&1 \
      || { apt-get update -qq >> "$work/apt.log" 2>&1 \
           && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui \
              >> "$work/apt.log" 2>&1; } \
      || tail -5 "$work/apt.log"
  fi
fi
soffice=$(find_soffice)
if [ -z "$soffice" ]; then
  fail "LibreOffice is not installed and could not be installed (libreoffice-calc-nogui)"
elif [ ! -s "$work/vienne-fr.xlsx" ]; then
  fail "no Vienne workbook to convert to PDF"
else
  mkdir -p "$work/lo-home" "$work/pdf"
  lo_rc=0
  HOME="$work/lo-home" timeout 300 "$soffice" --headless --convert-to pdf \
    --outdir "$work/pdf" "$work/vienne-fr.xlsx" > "$work/lo.log" 2>&1 || lo_rc=$?
  if [ "$lo_rc" -eq 0 ]; then
    pass "LibreOffice converts the Vienne workbook to PDF (exit 0)"
  else
    fail "LibreOffice conversion exited $lo_rc: $(tr '\n' ' ' < "$work/lo.log" | cut -c1-400)"
  fi
  if [ -s "$work/pdf/vienne-fr.pdf" ]; then
    pass "the PDF is not empty ($(stat -c %s "$work/pdf/vienne-fr.pdf") bytes)"
    if command -v pdfinfo > /dev/null; then
      echo "     PDF pages: $(pdfinfo "$work/pdf/vienne-fr.pdf" 2> /dev/null | awk '/^Pages:/ {print $2}')"
    fi
  else
    fail "LibreOffice wrote no PDF (or an empty one) for the Vienne workbook"
  fi
fi

# --- Result ------------------------------------------------------------------------------------
finish "annual workbook"
