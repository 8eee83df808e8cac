#!/usr/bin/env bash
# jalon-scale-data: the same arguments give the same bytes, exactly --rows data rows, another seed
# other data, bad arguments exit 2; and what it writes imports and evaluates cleanly in Jalon.
# Usage: check_scale_data.sh BUILD_DIR
set -uo pipefail
build=$1
gen=$build/bin/jalon-scale-data
jalon=$build/bin/jalon
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

"$gen" --rows 5000 --out "$work/a" || fail "generation a"
"$gen" --rows 5000 --out "$work/b" || fail "generation b"
"$gen" --rows 5000 --seed 7 --out "$work/c" || fail "generation c"
cmp -s "$work/a/scale-5000.csv" "$work/b/scale-5000.csv" || fail "same seed, different CSV"
cmp -s "$work/a/scale-5000.yaml" "$work/b/scale-5000.yaml" || fail "same seed, different scheme"
cmp -s "$work/a/scale-5000.csv" "$work/c/scale-5000.csv" && fail "another seed gave the same CSV"
lines=$(wc -l < "$work/a/scale-5000.csv")
[ "$lines" -eq 5001 ] || fail "expected a header and 5000 rows, found $lines lines"
head -n 1 "$work/a/scale-5000.csv" | grep -qx 'series,territory,period,value,comment,sexe,tranche_age' ||
  fail "unexpected header: $(head -n 1 "$work/a/scale-5000.csv")"
# Some rows split by the two dimensions, some not.
grep -q ',F,0-2$' "$work/a/scale-5000.csv" || fail "no row with both dimensions"
grep -q ',,$' "$work/a/scale-5000.csv" || fail "no row without dimensions"

"$gen" --rows 0 --out "$work/z" > /dev/null 2>&1
[ $? -eq 2 ] || fail "--rows 0 should exit 2"
"$gen" --out "$work/z" > /dev/null 2>&1
[ $? -eq 2 ] || fail "a missing --rows should exit 2"
"$gen" --rows 99999999999 --out "$work/z" > "$work/big.out" 2>&1
[ $? -eq 2 ] || fail "more rows than the cube should exit 2"
grep -q 'between 1 and 10008000' "$work/big.out" || fail "the limit is not named: $(cat "$work/big.out")"

db=sqlite:$work/scale.db
out=$("$jalon" -q --db "$db" scheme import "$work/a/scale-5000.yaml") || fail "scheme import"
grep -q '500 indicators, 67 territories' <<< "$out" || fail "scheme import said: $out"
out=$("$jalon" -q --db "$db" data import "$work/a/scale-5000.csv") || fail "data import"
grep -q ': 5000 rows' <<< "$out" || fail "data import said: $out"
out=$("$jalon" -q --db "$db" evaluate --scheme echelle-synthetique --year 2029) || fail "evaluate"
grep -q '167500 results (500 indicators, years 2025-2029)' <<< "$out" || fail "evaluate said: $out"

[ "$failures" -eq 0 ] && echo "jalon-scale-data: all checks passed"
exit $((failures > 0))
