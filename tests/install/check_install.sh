#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds a consumer project against it with
# find_package(Jalon), runs it on a sample, and checks the .deb CPack makes.
set -euo pipefail
build=$1
consumer=$2
source_dir=$(cd "$consumer/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
for f in bin/jalon include/jalon/scheme/scheme_file.hpp include/jalon/export.hpp \
         include/jalon/version.hpp lib/cmake/Jalon/JalonConfig.cmake; do
  [ -e "$work/prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
ls "$work"/prefix/lib/libjalon.so* > /dev/null || { echo "FAIL: libjalon not installed"; exit 1; }
[ -d "$work/prefix/lib/jalon/plugins" ] || { echo "FAIL: plugin directory not installed"; exit 1; }
"$work/prefix/bin/jalon" --version | grep -q '^jalon ' || { echo "FAIL: installed jalon does not run"; exit 1; }

cmake -S "$consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/consumer.log"
cmake --build "$work/consumer" > "$work/consumer-build.log"
out=$(LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/consumer" \
      "$source_dir/samples/vienne-schema-unique-solidarites-2025-2029.yaml")
echo "$out"
case "$out" in
  *"vienne-schema-unique-solidarites-2025-2029 nodes 49 indicators 117 plugins $work/prefix/lib/jalon/plugins"*) ;;
  *) echo "FAIL: consumer output unexpected"; exit 1 ;;
esac

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work/package" > "$work/cpack.log") \
  || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/package/*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libsoci-core4.0 libsoci-sqlite3-4.0 libsoci-postgresql4.0 libyaml-cpp0.7 libspdlog1.10 \
           libboost-program-options1.74.0; do
  case "$depends" in *"$lib"*) ;; *) echo "FAIL: .deb does not depend on $lib"; exit 1 ;; esac
done
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/jalon ./usr/lib/jalon/plugins/ ./usr/include/jalon/error.hpp; do
  grep -qF "$f" <<< "$contents" || { echo "FAIL: .deb lacks $f"; exit 1; }
done
echo "install, find_package(Jalon) and .deb: ok"
