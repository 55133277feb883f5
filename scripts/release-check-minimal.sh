#!/usr/bin/env bash
# Checks the release tarball the way a user meets it: inside a minimal Debian 12 root
# (debootstrap --variant=minbase: glibc, GCC's runtime, apt and the essential tools), it untars
# dist/verdict-<version>-linux-<arch>.tar.gz with the root's own tar, checks with the root's ldd
# that the binary and every bundled library load each bundled library from lib/, then runs scripts/release-check.sh there (policies, a jq
# rule, a signature, a ledger), with /proc mounted and nothing from the build machine visible.
#
# Needs root (debootstrap, mount, chroot). The pristine root is built once from the Debian mirror
# apt uses (override with DEBIAN_MIRROR) and cached in .cache/minimal-root/ (ignored by git);
# every run works in a fresh copy of it, removed afterwards. Exit 0 passed, 1 failed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
suite=bookworm
say() { echo "release-check-minimal: $*"; }
fail() { echo "release-check-minimal: error: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root for debootstrap, mount and chroot (run it as root or with sudo)"
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/VerdictKit/Evaluation/Decision.swift)
name="verdict-${version}-linux-$(uname -m)"
tarball="$repo/dist/${name}.tar.gz"
[ -f "$tarball" ] || fail "no $tarball: run scripts/release.sh first"
command -v debootstrap >/dev/null || scripts/install-deps.sh debootstrap

cache="$repo/.cache/minimal-root"
arch=$(dpkg --print-architecture)
base="$cache/$suite-$arch"
mkdir -p "$cache"
trap 'exit 130' INT TERM   # so the EXIT traps below unmount and remove what they own

# Unmounts everything mounted at or under a directory, deepest first; fails if something stays.
unmount_under() {
  local dir mounts mount
  dir=$(realpath "$1")
  mounts=$(awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r)
  for mount in $mounts; do umount "$mount" 2>/dev/null || umount -l "$mount"; done
  ! awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {found = 1} END {exit !found}' /proc/self/mountinfo
}
# Removes a directory only when nothing is mounted inside it (never a host /proc through a root).
remove_root() {
  [ -e "$1" ] || return 0
  unmount_under "$1" || fail "$1 still has mounts; not removing it"
  rm -rf --one-file-system "$1"
}

if [ ! -x "$base/bin/bash" ]; then
  mirror=${DEBIAN_MIRROR:-$(apt-get indextargets --format '$(SITE) $(RELEASE) $(TARGET_OF)' 2>/dev/null |
    awk -v s="$suite" '$2 == s && $3 == "deb" {print $1; exit}')}
  [ -n "$mirror" ] || fail "apt has no '$suite' source to take the mirror from; set DEBIAN_MIRROR (e.g. http://deb.debian.org/debian)"
  say "building the minimal $suite root from $mirror (once; cached in ${base#"$repo"/})"
  remove_root "$base.partial"
  trap 'remove_root "$base.partial"' EXIT
  started=$SECONDS
  # A root is cached only once debootstrap has finished: an interrupted one is never reused.
  debootstrap --variant=minbase --arch="$arch" "$suite" "$base.partial" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
    { tail -20 "$cache/debootstrap.log" >&2; remove_root "$base.partial"; fail "debootstrap failed (log: ${cache#"$repo"/}/debootstrap.log)"; }
  mv "$base.partial" "$base"
  trap - EXIT
  say "debootstrap took $((SECONDS - started)) s"
fi

# A run killed outright (SIGKILL) leaves its copy: removed once it is an hour old.
while read -r stale; do remove_root "$stale"; done < <(find "$cache" -maxdepth 1 -name 'run.*' -mmin +60)
run=$(mktemp -d "$cache/run.XXXXXX")
trap 'remove_root "$run"' EXIT
started=$SECONDS
cp -a "$base/." "$run/"

mapfile -t bundled < <(tar -tzf "$tarball" | sed -n "s|^${name}/lib/\(.\{1,\}\)|\1|p")
[ ${#bundled[@]} -gt 0 ] || fail "$tarball bundles no library in ${name}/lib/"
# Libraries minbase has too (zlib, lzma) would hide a missing copy: loads are checked below.
also=()
for library in "${bundled[@]}"; do
  [ -z "$(find "$run" -xdev -name "$library" -print -quit)" ] || also+=("$library")
done
say "the root has ${#also[@]} of the ${#bundled[@]} bundled libraries itself${also[*]:+: ${also[*]}}"

check=/opt/verdict-check
mkdir -p "$run$check/scripts" "$run$check/samples" "$run$check/dist"
cp scripts/release-check.sh "$run$check/scripts/"
cp samples/trivy-fails.sarif samples/trivy-passes.sarif "$run$check/samples/"
cp "$tarball" "$run/tmp/"
mount -t proc proc "$run/proc"
in_root() { chroot "$run" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root LANG=C.UTF-8 "$@"; }

in_root tar -xzf "/tmp/${name}.tar.gz" -C "$check/dist"
# Every library a bundled file loads comes from the bundle, or (when not bundled) from glibc.
missing=0
for file in bin/verdict "${bundled[@]/#/lib/}"; do
  loads=$(in_root ldd "$check/dist/$name/$file" 2>&1) || fail "ldd $file in the root: $loads"
  while read -r dependency path; do
    if [ "$path" = "not" ]; then
      say "$file: $dependency not found"; missing=1
    elif [[ " ${bundled[*]} " == *" $dependency "* ]] &&
      [ "$(dirname "$(realpath -ms "$path")")" != "$check/dist/$name/lib" ]; then
      say "$file: $dependency loads from $path, not from the bundle"; missing=1
    fi
  done < <(awk '/=>/ {print $1, $3}' <<<"$loads")
done
if [ "$missing" -ne 0 ]; then
  say "what a user sees:"; in_root "$check/dist/$name/bin/verdict" version || true
  fail "the tarball does not start in a minimal $suite root"
fi
say "bin/verdict and its ${#bundled[@]} bundled libraries load every bundled library from lib/"
in_root /bin/bash "$check/scripts/release-check.sh" || fail "release-check.sh failed inside the minimal $suite root"
say "passed in a minimal $suite root ($((SECONDS - started)) s, ${#bundled[@]} bundled libraries)"
