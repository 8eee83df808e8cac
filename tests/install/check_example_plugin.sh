#!/usr/bin/env bash
# Builds the example plugin (examples/plugin-example) the way a plugin author would: against an
# installed Jalon found with find_package(Jalon), installed with cmake --install into that Jalon's
# plugin directory. Then runs the installed jalon: the plugin is found without --plugins, its
# methods evaluate the fixture to the hand-computed values, and a second copy of it is refused.
#
# usage: check_example_plugin.sh BUILD_DIR EXAMPLE_DIR
set -uo pipefail
build=$1
example=$(cd "$2" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

prefix="$work/prefix"
plugin_dir="$prefix/lib/jalon/plugins"
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
# Stops at once: what follows cannot run.
die() {
  echo "FAIL: $*"
  exit 1
}
# The installed jalon, with nothing from the caller's environment on its plugin search path.
jalon() {
  env -u JALON_PLUGIN_PATH LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/jalon" "$@"
}
# expect NAME TEXT PATTERN: PATTERN (fixed string) must occur in TEXT.
expect() {
  grep -qF -- "$3" <<< "$2" || { fail "$1: expected '$3' in:"; sed 's/^/    /' <<< "$2"; }
}
# expect_line NAME TEXT REGEX: a line of TEXT must match the extended REGEX.
expect_line() {
  grep -qE -- "$3" <<< "$2" || { fail "$1: expected a line matching '$3' in:"; sed 's/^/    /' <<< "$2"; }
}
# count_of TEXT PATTERN: number of lines of TEXT holding PATTERN (fixed string).
count_of() {
  grep -cF -- "$2" <<< "$1" || true
}

# ---- install Jalon, build and install the plugin against it ----------------------------------
cmake --install "$build" --prefix "$prefix" > "$work/install.log" 2>&1 \
  || { cat "$work/install.log"; die "cmake --install $build"; }
[ -x "$prefix/bin/jalon" ] || die "bin/jalon not installed"

cmake -S "$example" -B "$work/example" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_INSTALL_PREFIX="$prefix" > "$work/example-configure.log" 2>&1 \
  || { cat "$work/example-configure.log"; die "configuring the example plugin against the installed Jalon"; }
cmake --build "$work/example" > "$work/example-build.log" 2>&1 \
  || { cat "$work/example-build.log"; die "building the example plugin"; }
cmake --install "$work/example" > "$work/example-install.log" 2>&1 \
  || { cat "$work/example-install.log"; die "installing the example plugin"; }
[ -f "$plugin_dir/jalon-example.so" ] \
  || { cat "$work/example-install.log"; die "jalon-example.so not installed into $plugin_dir"; }

# ---- found in the installed plugin directory, next to the shipped plugins --------------------
list=$(jalon plugins list 2>&1) || fail "jalon plugins list exited with $?"
expect "plugins list" "$list" "search path: $plugin_dir"
expect_line "plugins list" "$list" "^example 1\.0\.0  $plugin_dir/jalon-example\.so$"
expect_line "plugins list" "$list" "^standard [^ ]+  $plugin_dir/"
expect_line "plugins list" "$list" "^politique-ville [^ ]+  $plugin_dir/"
# English first (the command line's language), then the French the reports show.
expect_line "plugins list" "$list" "^  take_up_rate Take-up rate: beneficiaries / eligible population × 100$"
expect_line "plugins list" "$list" "^ +in French: Taux de recours : bénéficiaires / population éligible × 100$"
expect_line "plugins list" "$list" "^  per_1000 +Per 1,000 inhabitants: a series per 1,000 inhabitants"
expect "plugins list" "$list" "parameters: beneficiaries (series, required); eligible (series, required); floor (number, default 0)"
case "$list" in *"failed:"*) fail "plugins list reports failures:"; sed 's/^/    /' <<< "$list" ;; esac

# ---- the fixture: import, evaluate, read the run back ----------------------------------------
db="sqlite:$work/x.db"
out=$(jalon --db "$db" scheme import "$example/fixture/scheme.yaml" 2>&1) \
  || { echo "$out"; die "scheme import of the fixture"; }
out=$(jalon --db "$db" data import "$example/fixture/data.csv" 2>&1) \
  || { echo "$out"; die "data import of the fixture"; }
expect "data import" "$out" "9 rows"
out=$(jalon --db "$db" evaluate --scheme exemple-plugin-2024-2026 --year 2025 2>&1) \
  || { echo "$out"; die "evaluate"; }
expect "evaluate" "$out" "run 1: exemple-plugin-2024-2026 2025"

show=$(jalon --db "$db" runs show 1 2>&1) || fail "runs show 1 exited with $?"
expect "runs show 1" "$show" "plugins:"
expect_line "runs show 1" "$show" "plugins:.* example 1\.0\.0"
# dep, 2025: (420 + 90) / (600 + 150) × 100 = 68; trajectory 60 (2024) → 75 (2026) expects 67.5.
expect_line "runs show 1" "$show" "^  TR-RSA +68  ref +75 \(2026\) +53%  en bonne voie$"
# dep, 2025: (300 + 150) / (40 000 + 20 000) × 1000 = 7.5 (population: the latest value of 2025).
expect_line "runs show 1" "$show" "^  ACC-1000 +7\.50  ref +- .*sans cible$"

show=$(jalon --db "$db" runs show 1 --territory nord 2>&1) || fail "runs show 1 --territory nord exited with $?"
expect_line "runs show 1 --territory nord" "$show" "^  TR-RSA +70  "
show=$(jalon --db "$db" runs show 1 --territory sud 2>&1) || fail "runs show 1 --territory sud exited with $?"
# sud: 150 eligible people, under the floor of 200: no value, the method's note, never zero.
expect_line "runs show 1 --territory sud" "$show" \
  "^  TR-RSA +-  .*non renseigné  — population éligible \(150\) sous le seuil de 200 : taux non calculé$"
show=$(jalon --db "$db" runs show 1 --territory sud --lang en 2>&1) || fail "runs show 1 --territory sud --lang en exited with $?"
expect_line "runs show 1 --territory sud --lang en" "$show" \
  "^  TR-RSA +-  .*missing  — eligible population 150 below the floor of 200: rate not computed$"
expect_line "runs show 1 --territory sud" "$show" "^  ACC-1000 +7\.50  "

# ---- the same file named twice is loaded once -------------------------------------------------
list=$(jalon --plugins "$plugin_dir" plugins list 2>&1) || fail "plugins list --plugins $plugin_dir exited with $?"
[ "$(count_of "$list" "jalon-example.so")" = 1 ] \
  || { fail "--plugins naming the installed directory: jalon-example.so should appear once:"; sed 's/^/    /' <<< "$list"; }
case "$list" in *"failed:"*) fail "--plugins naming the installed directory reports failures:"; sed 's/^/    /' <<< "$list" ;; esac

mkdir -p "$work/linked"
ln -s "$plugin_dir/jalon-example.so" "$work/linked/jalon-example.so"
list=$(jalon --plugins "$work/linked" plugins list 2>&1) || fail "plugins list --plugins (symlink) exited with $?"
[ "$(count_of "$list" "jalon-example.so")" = 1 ] \
  || { fail "a symbolic link to the installed plugin should be loaded once:"; sed 's/^/    /' <<< "$list"; }
case "$list" in *"failed:"*) fail "a symbolic link to the installed plugin reports failures:"; sed 's/^/    /' <<< "$list" ;; esac

# ---- a second copy at another path: the first found wins, the other fails ---------------------
mkdir -p "$work/extra"
cp "$plugin_dir/jalon-example.so" "$work/extra/"
for how in option environment; do
  if [ "$how" = option ]; then
    list=$(jalon --plugins "$work/extra" plugins list 2>/dev/null) || fail "plugins list --plugins exited with $?"
  else
    list=$(JALON_PLUGIN_PATH="/nonexistent:$work/extra" LD_LIBRARY_PATH="$prefix/lib" \
           "$prefix/bin/jalon" plugins list 2>/dev/null) || fail "plugins list (JALON_PLUGIN_PATH) exited with $?"
  fi
  expect_line "copy ($how)" "$list" "^search path: (/nonexistent )?$work/extra $plugin_dir$"
  # The copy comes first in the search path: it is the one loaded…
  expect_line "copy ($how)" "$list" "^example 1\.0\.0  $work/extra/jalon-example\.so$"
  [ "$(count_of "$list" "take_up_rate Take-up rate")" = 1 ] \
    || fail "copy ($how): take_up_rate should be listed once"
  # …and the installed file, met second, registers names already taken.
  expect "copy ($how)" "$list" "failed:"
  expect_line "copy ($how)" "$list" \
    "^  $plugin_dir/jalon-example\.so: plugin 'example' registers method 'take_up_rate', already registered by plugin 'example' \($work/extra/jalon-example\.so\)$"
  expect_line "copy ($how)" "$list" "^standard "
done

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "example plugin: built against the installed Jalon, installed, found, evaluated, deduplicated: ok"
