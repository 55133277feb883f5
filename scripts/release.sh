#!/usr/bin/env bash
# Builds a self-contained Linux release of Verdict into dist/:
#   dist/verdict-<version>-linux-<arch>/bin/verdict   (Swift runtime linked statically)
#   dist/verdict-<version>-linux-<arch>/bin/verdict-comment   (what `verdict comment` runs)
#   dist/verdict-<version>-linux-<arch>/lib/          (libyaml, libxml2, libjq, … it loads, found via $ORIGIN)
#   each bundled library with RUNPATH $ORIGIN, so it finds the libraries it needs itself (libjq → libonig)
#   dist/verdict-<version>-linux-<arch>.tar.gz
# The tarball runs on a glibc Linux of the same or a newer generation (built here on Debian 12)
# with nothing else installed: download, untar, run bin/verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
# The static Swift runtime's FoundationNetworking links libcurl by name: it needs the -dev symlink.
# patchelf sets the bundled libraries' RUNPATH.
scripts/install-deps.sh libcurl4-openssl-dev patchelf

version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/VerdictKit/Evaluation/Decision.swift)
arch=$(uname -m)
name="verdict-${version}-linux-${arch}"
out="dist/${name}"

# verdict, and verdict-comment, which `verdict comment` runs: its HTTP client (libcurl) is kept
# out of verdict so that a check does not load it.
flags=(-c release --static-swift-stdlib -Xlinker -rpath -Xlinker '$ORIGIN/../lib')
executables=(verdict verdict-comment)
for product in "${executables[@]}"; do
  swift build "${flags[@]}" --product "$product"
done
bin_path=$(swift build "${flags[@]}" --show-bin-path)

rm -rf "$out" "dist/${name}.tar.gz"
mkdir -p "$out/bin" "$out/lib"
for product in "${executables[@]}"; do
  cp "$bin_path/$product" "$out/bin/$product"
  strip "$out/bin/$product" 2>/dev/null || true
done

# The libraries every glibc Linux has (glibc's own, the loader, GCC's runtime): never bundled.
system_library() {
  case "$(basename "$1")" in
    libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libresolv.so*|ld-linux*|libgcc_s.so*|libstdc++.so*) return 0 ;;
    *) return 1 ;;
  esac
}
# Bundle every shared library the binaries load (ldd lists the whole tree) except the system's.
for product in "${executables[@]}"; do
  ldd "$out/bin/$product" | awk '/=> \// {print $3}'
done | sort -u | while read -r library; do
  system_library "$library" || cp -L "$library" "$out/lib/"
done
# The binary's RUNPATH ($ORIGIN/../lib) serves its own direct dependencies only: the loader does
# not apply it to the libraries those load (libjq → libonig, libxml2 → libicuuc → libicudata).
# Each bundled library gets RUNPATH $ORIGIN, then must resolve every dependency inside lib/.
for library in "$out"/lib/*; do
  chmod u+w "$library"
  patchelf --set-rpath '$ORIGIN' "$library"
done
libdir=$(realpath "$out/lib")
unresolved=0
for library in "$(realpath "$out/bin/verdict")" "$(realpath "$out/bin/verdict-comment")" "$libdir"/*; do
  while read -r dependency path; do
    if [ "$path" = "not" ] || { ! system_library "$dependency" && [ "$(dirname "$(realpath "$path")")" != "$libdir" ]; }; then
      echo "release: $(basename "$library") needs $dependency from '$path', outside the bundle" >&2
      unresolved=1
    fi
  done < <(ldd "$library" | awk '/=>/ {print $1, $3}')
done
[ "$unresolved" -eq 0 ] || exit 1
cp README.md "$out/"
cp -r docs "$out/"
cp -r policies "$out/"

tar -C dist -czf "dist/${name}.tar.gz" "$name"
echo "built dist/${name}.tar.gz ($(du -h "dist/${name}.tar.gz" | cut -f1)); bundled: $(ls "$out/lib" | tr '\n' ' ')"
