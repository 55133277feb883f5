#!/usr/bin/env bash
# Builds a self-contained Linux release of Verdict into dist/:
#   dist/verdict-<version>-linux-<arch>/bin/verdict   (Swift runtime linked statically)
#   dist/verdict-<version>-linux-<arch>/lib/          (libyaml, libxml2, libjq, … it loads, found via $ORIGIN)
#   dist/verdict-<version>-linux-<arch>.tar.gz
# The tarball runs on a glibc Linux of the same or a newer generation (built here on Debian 12)
# with nothing else installed: download, untar, run bin/verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
# The static Swift runtime's FoundationNetworking links libcurl by name: it needs the -dev symlink.
scripts/install-deps.sh libcurl4-openssl-dev

version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/VerdictKit/Evaluation/Decision.swift)
arch=$(uname -m)
name="verdict-${version}-linux-${arch}"
out="dist/${name}"

flags=(-c release --product verdict --static-swift-stdlib -Xlinker -rpath -Xlinker '$ORIGIN/../lib')
swift build "${flags[@]}"
binary=$(swift build "${flags[@]}" --show-bin-path)/verdict

rm -rf "$out" "dist/${name}.tar.gz"
mkdir -p "$out/bin" "$out/lib"
cp "$binary" "$out/bin/verdict"
strip "$out/bin/verdict" 2>/dev/null || true

# Bundle every shared library the binary needs except glibc's own (and the loader).
ldd "$out/bin/verdict" | awk '/=> \// {print $3}' | while read -r library; do
  case "$(basename "$library")" in
    libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libresolv.so*|ld-linux*|libgcc_s.so*|libstdc++.so*) ;;
    *) cp -L "$library" "$out/lib/" ;;
  esac
done
cp README.md "$out/"
cp -r policies "$out/"

tar -C dist -czf "dist/${name}.tar.gz" "$name"
echo "built dist/${name}.tar.gz ($(du -h "dist/${name}.tar.gz" | cut -f1)); bundled: $(ls "$out/lib" | tr '\n' ' ')"
