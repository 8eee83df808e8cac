#!/usr/bin/env bash
# The mid-term review (jalon report midterm), read back.
#
# Usage: check_midterm_review.sh BUILD_DIR SOURCE_DIR
#
# In a temporary directory: imports the Blois review (samples/blois-bilan-mi-parcours-…; the
# document it was made from, 001_70c9522928094acd.txt, is compared too when it is found in
# /work/shared/seeds or samples/sources), writes its review for 2023 as .xlsx and as
# HTML in French and in English, and checks them element by element against the scheme file and
# the document with read_review.py (Debian's python3-openpyxl, python3-yaml and the standard
# library's html.parser): the sous-parties, the 20 engagements with their statuses, narratives and
# figures, the achievements outside the plan, the summary counts, the gaps, the method; then the
# HTML's structure (balanced tags, lang, headings in order, table headers, SVG text alternatives,
# no script, no external resource) and that writing it twice gives the same bytes. A purpose-built
# scheme with markup in its texts and an evaluative framework checks the escaping and the
# framework section. Last, headless Chromium prints the Blois page to PDF (installed with apt-get
# when missing). What cannot run here is skipped (ctest reports the test skipped), or fails
# under JALON_REQUIRE_ALL_TOOLS=1 (tests/support/checks.sh).
# Ends with "midterm review: N checks passed" and exit 0, or lists every failure and exits 1.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
source_dir=$(cd "$2" && pwd) || exit 2
jalon="$build/bin/jalon"
python=/usr/bin/python3
reader="$source_dir/tests/review/read_review.py"
blois_id="blois-bilan-mi-parcours-2020-2026-ville-solidaire"
blois_yaml="$source_dir/samples/$blois_id.yaml"
# The document the sample was made from (its `source:`); the shared seed when present.
document=""
for candidate in "/work/shared/seeds/001_70c9522928094acd.txt" \
                 "$source_dir/samples/sources/001_70c9522928094acd.txt"; do
  if [ -f "$candidate" ]; then
    document=$candidate
    break
  fi
done

for need in "$jalon" "$python" "$reader" "$blois_yaml"; do
  [ -e "$need" ] || { echo "FAIL: $need not found"; exit 1; }
done
"$python" -c 'import openpyxl, yaml, html.parser' 2> /dev/null \
  || { echo "FAIL: $python lacks openpyxl or yaml (apt-get install python3-openpyxl python3-yaml)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LC_ALL=C.UTF-8
export JALON_DB="sqlite:$work/jalon.db"

. "$source_dir/tests/support/checks.sh" # pass, fail, step, read_back, finish

# --- 1. The Blois review ---------------------------------------------------------------------
step "scheme import of the Blois review" "$jalon" -q scheme import "$blois_yaml"
for output in blois.xlsx blois.html; do
  step "report midterm --year 2023 -o $output" \
    "$jalon" -q report midterm --scheme "$blois_id" --year 2023 -o "$work/$output"
done
step "report midterm --year 2023 --lang en -o blois-en.html" \
  "$jalon" -q report midterm --scheme "$blois_id" --year 2023 --lang en -o "$work/blois-en.html"
step "report midterm --year 2023 -o blois-again.html" \
  "$jalon" -q report midterm --scheme "$blois_id" --year 2023 -o "$work/blois-again.html"
if [ -f "$work/blois.html" ] && [ -f "$work/blois-again.html" ]; then
  if cmp -s "$work/blois.html" "$work/blois-again.html"; then
    pass "the HTML written twice is byte-identical"
  else
    fail "the HTML written twice differs: $(cmp "$work/blois.html" "$work/blois-again.html" 2>&1 | head -1)"
  fi
fi

document_args=()
if [ -n "$document" ]; then
  document_args=(--document "$document")
else
  skip_required "../shared/seeds" "the Blois document (001_70c9522928094acd.txt) is not in" \
    "/work/shared/seeds nor samples/sources: the review is checked against the scheme file only"
fi
if [ -f "$work/blois.xlsx" ] && [ -f "$work/blois.html" ] && [ -f "$work/blois-en.html" ]; then
  read_back "blois content" "$reader" blois --yaml "$blois_yaml" "${document_args[@]}" \
    --source "$blois_yaml" --xlsx "$work/blois.xlsx" --html "$work/blois.html" \
    --html-en "$work/blois-en.html"
fi
for page in blois.html:fr blois-en.html:en; do
  file=${page%%:*}
  [ -f "$work/$file" ] &&
    read_back "$file structure" "$reader" structure "$work/$file" "${page##*:}" --label "$file"
done

# --- 2. Markup in the texts, and an evaluative framework --------------------------------------
# A node title and an indicator label with <script> and "quotes" & ampersands, a comment with
# <b>, one question under each of two criteria (one written with its accent), each linking an
# indicator and a node. H-I1 is on track (180 in 2023 against 150 expected on the way from 100 in
# 2020 to 200 in 2026), H-I2 late (10 against 50), H-I3 without data.
cat > "$work/hostile.yaml" <<'YAML'
format: jalon-scheme/1
id: echappement-test
title: 'Schéma <i>échappé</i> & "cité" </title><script>alert(0)</script>'
owner: Ville <d'essai> & Cie
period: {start: 2020, end: 2026}
language: fr
levels: [axe, action]
level_order: strict
territories:
  - {code: ville, name: 'Ville <essai> & "quartiers"', kind: commune}
nodes:
  - code: H
    level: axe
    title: 'Axe "quotes" & ampersands <hr>'
    children:
      - code: H.1
        level: action
        title: 'Action <script>alert(1)</script> "quotes" & ampersands'
        indicators:
          - code: H-I1
            label: 'Indicateur <script>alert(1)</script> "quotes" & ampersands'
            level: realisation
            unit: personnes
            method: sum
            baseline: {value: 100, year: 2020}
            target: {value: 200, year: 2026}
      - code: H.2
        level: action
        title: "Action reportée <img src=x onerror=alert(2)>"
        indicators:
          - code: H-I2
            label: Sorties & <em>retours</em> à l'emploi
            level: resultat
            unit: sorties
            method: sum
            baseline: {value: 0, year: 2020}
            target: {value: 100, year: 2026}
      - code: H.3
        level: action
        title: Action sans suivi
        indicators:
          - code: H-I3
            label: Indicateur sans donnée <a href="https://evil.example/">lien</a>
            level: impact
            unit: ménages
            method: sum
            baseline: {value: 10, year: 2020}
            target: {value: 50, year: 2026}
evaluation:
  questions:
    - code: Q1
      criterion: pertinence
      question: 'L''action <script>alert(1)</script> répond-elle aux "besoins" & attentes ?'
      indicators: [H-I1]
      nodes: [H.1]
      judgement_criteria:
        - Les besoins <b>exprimés</b> sont couverts & suivis.
        - 'Le "public cible" est atteint.'
    - code: Q2
      criterion: Efficacité
      question: Les sorties vers l'emploi progressent-elles <u>assez</u> ?
      indicators: [H-I2]
      nodes: [H.2]
      judgement_criteria: [La cible 2026 est en vue.]
YAML
cat > "$work/hostile.csv" <<'CSV'
series,territory,period,value
H-I1,ville,2023,180
H-I2,ville,2023,10
CSV
comment_h1='<b>gras</b> & "cité" </p><script>alert(3)</script>'
comment_h2='Report <b>faute</b> de porteur & de "moyens"'
step "scheme import of the escaping scheme" "$jalon" -q scheme import "$work/hostile.yaml"
step "data import of its CSV" "$jalon" -q data import "$work/hostile.csv" --scheme echappement-test
step "status set H.1 2023 en cours with a <b> comment" \
  "$jalon" -q status set --scheme echappement-test --node H.1 --year 2023 --status "en cours" \
  --comment "$comment_h1"
step "status set H.2 2023 non engagé" \
  "$jalon" -q status set --scheme echappement-test --node H.2 --year 2023 --status "Non engagé" \
  --comment "$comment_h2"
step "evaluate echappement-test 2023" "$jalon" -q evaluate --scheme echappement-test --year 2023
for output in hostile.xlsx hostile.html; do
  step "report midterm echappement-test -o $output" \
    "$jalon" -q report midterm --scheme echappement-test --year 2023 -o "$work/$output"
done
if [ -f "$work/hostile.xlsx" ] && [ -f "$work/hostile.html" ]; then
  read_back "escaping" "$reader" hostile --yaml "$work/hostile.yaml" --csv "$work/hostile.csv" \
    --xlsx "$work/hostile.xlsx" --html "$work/hostile.html" \
    --comment-h1 "$comment_h1" --comment-h2 "$comment_h2"
  read_back "hostile.html structure" "$reader" structure "$work/hostile.html" fr \
    --label hostile.html
fi

# --- 3. Printed by Chromium ------------------------------------------------------------------
# install_if_missing COMMAND PACKAGE: prints why it cannot, and fails, when it cannot be had.
install_if_missing() {
  local command=$1 package=$2
  command -v "$command" > /dev/null 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "not root, cannot apt-get install $package"
    return 1
  fi
  if ! command -v apt-get > /dev/null 2>&1; then
    echo "no apt-get to install $package"
    return 1
  fi
  local log="$work/apt.log"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" \
      > "$log" 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq > "$log" 2>&1
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "$package" > "$log" 2>&1; then
      echo "apt-get install $package failed: $(tail -3 "$log" | tr '\n' ' ' | cut -c1-300)"
      return 1
    fi
  fi
  command -v "$command" > /dev/null 2>&1 || { echo "$package installed no $command"; return 1; }
}

if ! reason=$(install_if_missing chromium chromium); then
  skip_required "chromium (scripts/install-deps)" "the review printed by Chromium: chromium" \
    "cannot be installed here: $reason"
elif ! reason=$(install_if_missing pdfinfo poppler-utils); then
  skip_required "poppler-utils (scripts/install-deps)" "the review printed by Chromium: its PDF cannot be read here" \
    "(pdfinfo, pdftotext): $reason"
elif [ -f "$work/blois.html" ]; then
  pdf="$work/blois.pdf"
  rc=0
  timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/chromium-profile" --print-to-pdf="$pdf" "file://$work/blois.html" \
    > "$work/chromium.log" 2>&1 || rc=$?
  if [ "$rc" -eq 0 ]; then
    pass "chromium printed the Blois review to PDF"
  else
    fail "chromium --print-to-pdf exited $rc: $(tail -5 "$work/chromium.log" | tr '\n' ' ' | cut -c1-400)"
  fi
  if [ -s "$pdf" ]; then
    pages=$(pdfinfo "$pdf" 2> /dev/null | sed -n 's/^Pages: *//p')
    if [ -n "$pages" ] && [ "$pages" -ge 2 ]; then
      pass "the PDF has $pages pages (at least 2)"
    else
      fail "the PDF has '${pages:-?}' pages, expected at least 2"
    fi
    pdftotext -enc UTF-8 "$pdf" "$work/blois.txt" 2> /dev/null
    while IFS= read -r title; do
      if "$python" - "$work/blois.txt" "$title" <<'PY'
import re, sys
text = re.sub(r"\s+", " ", open(sys.argv[1], encoding="utf-8").read().replace("\u00a0", " "))
sys.exit(0 if re.sub(r"\s+", " ", sys.argv[2]) in text else 1)
PY
      then
        pass "the PDF's text holds the sous-partie '$title'"
      else
        fail "the PDF's text lacks the sous-partie '$title'"
      fi
    done < <("$python" -c 'import sys, yaml
for n in yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["nodes"]: print(n["title"])' "$blois_yaml")
  else
    fail "chromium wrote no PDF"
  fi
fi

# --- Result ----------------------------------------------------------------------------------
finish "midterm review"
