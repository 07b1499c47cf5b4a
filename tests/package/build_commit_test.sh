#!/usr/bin/env bash
# cmake/build_commit.cmake, run as the build runs it, on real git checkouts:
# "unknown" outside git and in a directory that is not the top of a checkout,
# the commit in a checkout, -dirty with uncommitted changes, and the header
# left untouched (same mtime) when the commit did not change.
#   build_commit_test.sh PATH/TO/cmake/build_commit.cmake
set -euo pipefail
script=$1
tmp=$(mktemp -d /tmp/hactl-commit-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/build_commit.hpp
fail() { echo "FAIL: $*" >&2; exit 1; }
commit_of() {  # runs the script on $1, prints the HACTL_COMMIT it wrote
  cmake -DSOURCE_DIR="$1" -DOUT="$out" -P "$script"
  sed -n 's/^#define HACTL_COMMIT "\(.*\)"$/\1/p' "$out"
}

mkdir "$tmp/plain"
[ "$(commit_of "$tmp/plain")" = unknown ] || fail "outside git: $(cat "$out")"

export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
git init -q "$tmp/repo"
echo one > "$tmp/repo/file"
git -C "$tmp/repo" add file
git -C "$tmp/repo" commit -q -m one
head=$(git -C "$tmp/repo" rev-parse HEAD)
got=$(commit_of "$tmp/repo")
[ "$got" = "${head:0:12}" ] || fail "clean checkout: got '$got', HEAD is $head"

# Unchanged: the header keeps its old mtime, so nothing recompiles.
touch -d '2001-01-01 00:00:00' "$out"
commit_of "$tmp/repo" >/dev/null
[ "$(stat -c %Y "$out")" = "$(date -d '2001-01-01 00:00:00' +%s)" ] || fail "unchanged commit rewrote the header"

echo two > "$tmp/repo/file"
got=$(commit_of "$tmp/repo")
[ "$got" = "${head:0:12}-dirty" ] || fail "modified checkout: got '$got'"

# A tree inside some other repository is not that repository's commit.
mkdir "$tmp/repo/sub"
[ "$(commit_of "$tmp/repo/sub")" = unknown ] || fail "subdirectory: $(cat "$out")"
echo "build_commit.cmake: ok"
