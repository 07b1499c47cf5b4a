#!/usr/bin/env bash
# The Debian package, end to end: scripts/package.sh builds it (release build,
# cpack, lintian: no error allowed) into BUILD_DIR; it is unpacked into a
# throwaway root (dpkg -x) and what it installed is used there: hactl
# --version and validate on an installed example, the man page (NAME and
# every command), and the bash completion, sourced as bash-completion loads it.
#   package_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1
build_dir=$2
tmp=$(mktemp -d /tmp/hactl-package-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
start=$SECONDS

PACKAGE_BUILD_DIR=$build_dir "$source_dir/scripts/package.sh" >"$tmp/package.log" 2>&1 || {
  cat "$tmp/package.log"; fail "scripts/package.sh failed"; }
grep -v '^\[' "$tmp/package.log" | grep -v '^Consolidate compiler generated dependencies' || true
if grep -q '^E: ' "$tmp/package.log"; then fail "lintian reported errors"; fi
deb=$(sed -n 's/^package: \(.*\.deb\)$/\1/p' "$tmp/package.log")
[ -f "$deb" ] || fail "no package named in the output"
echo "built and linted in $((SECONDS - start)) s"

# The control fields: computed library dependencies, section, maintainer.
version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libssh libyaml-cpp libfmt libstdc++6; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Section)" = admin ] || fail "section: $(dpkg-deb -f "$deb" Section)"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no maintainer"

# Only the hactl executable, owned by root, with Debian's usual modes.
dpkg-deb -c "$deb" >"$tmp/contents"
if grep -E '\.(a|so|h|hpp)$|_tests$' "$tmp/contents"; then fail "the package holds more than the executable"; fi
grep -Eq '^-rwxr-xr-x root/root .* \./usr/bin/hactl$' "$tmp/contents" || fail "usr/bin/hactl: $(grep bin/ "$tmp/contents")"
if grep -v ' root/root ' "$tmp/contents"; then fail "files not owned by root"; fi
if grep -E '^-' "$tmp/contents" | grep -v '^-rw-r--r--' | grep -v '/usr/bin/hactl$'; then fail "unusual file modes"; fi

root=$tmp/root
dpkg -x "$deb" "$root"
hactl=$root/usr/bin/hactl
file "$hactl" | grep -q ', stripped' || fail "hactl is not stripped: $(file "$hactl")"
for f in usr/share/man/man1/hactl.1.gz usr/share/bash-completion/completions/hactl \
         usr/share/zsh/vendor-completions/_hactl usr/share/hactl/schemas/hapair.schema.json \
         usr/share/hactl/schemas/version.schema.json usr/share/doc/hactl/examples/minimal.yaml \
         usr/share/doc/hactl/copyright usr/share/doc/hactl/changelog.gz; do
  [ -f "$root/$f" ] || fail "$f is not installed"
done

# The installed hactl runs.
[ "$("$hactl" --version)" = "hactl $version" ] || fail "--version: $("$hactl" --version)"
"$hactl" version --json | grep -q '"format":"hactl.version/v1"' || fail "version --json: $("$hactl" version --json)"
for example in "$root"/usr/share/doc/hactl/examples/*.yaml; do
  out=$("$hactl" validate "$example") || fail "validate $example: $out"
  [ "$out" = "$example: ok" ] || fail "validate $example: $out"
done
commands=$("$hactl" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "no commands in hactl --help"

# The man page: NAME, and a section for every command hactl lists.
man=$root/usr/share/man/man1/hactl.1.gz
gzip -t "$man" || fail "the man page is not gzip"
page=$(MANWIDTH=100 man -P cat -l "$man" 2>"$tmp/man.err")
grep -q '^NAME$' <<<"$page" || fail "no NAME section in the man page"
grep -Eq '^ +hactl - ' <<<"$page" || fail "no 'hactl - ' line under NAME"
for c in $commands; do
  grep -Eq "^ +hactl $c\$" <<<"$page" || fail "the man page has no section for 'hactl $c'"
done
[ ! -s "$tmp/man.err" ] || fail "man: $(cat "$tmp/man.err")"

# bash: complete the line as bash would, with bash-completion loaded (as it is
# when it finds the script in its completions directory) and without it.
completion=$root/usr/share/bash-completion/completions/hactl
mkdir "$tmp/work"
touch "$tmp/work/pair.yaml" "$tmp/work/saved.json" "$tmp/work/notes.txt"
complete_line() {  # complete_line WITH_BASH_COMPLETION(0|1) WORDS... : the words bash offers
  local with=$1; shift
  (cd "$tmp/work" && bash --norc --noprofile -c '
    with=$1 completion=$2; shift 2
    if [ "$with" = 1 ]; then source /usr/share/bash-completion/bash_completion; fi
    source "$completion"
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    function=$(complete -p hactl | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
    "$function" hactl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$with" "$completion" "$@")
}
for with in 1 0; do
  got=$(complete_line $with hactl pl)
  [ "$got" = plan ] || fail "hactl pl<TAB> (bash-completion $with): '$got'"
  got=$(complete_line $with hactl plan --de)
  [ "$got" = --detailed-exitcode ] || fail "hactl plan --de<TAB> (bash-completion $with): '$got'"
  got=$(complete_line $with hactl plan '')
  [ "$got" = pair.yaml ] || fail "hactl plan <TAB> (bash-completion $with): '$got'"
  got=$(complete_line $with hactl apply '')
  [ "$got" = $'pair.yaml\nsaved.json' ] || fail "hactl apply <TAB> (bash-completion $with): '$got'"
  got=$(complete_line $with hactl plan -o '')
  [ "$got" = $'notes.txt\npair.yaml\nsaved.json' ] || fail "hactl plan -o <TAB> (bash-completion $with): '$got'"
done
# Every option of every command, as its --help lists it, is offered.
for c in $commands; do
  offered=$(complete_line 1 hactl "$c" -)
  for o in $("$hactl" "$c" --help | sed -n '/^Options:/,/^$/s/^  \(-[^ ]*\).*/\1/p' | tr , ' '); do
    grep -qx -- "$o" <<<"$offered" || fail "hactl $c -<TAB> does not offer $o"
  done
done

# zsh: the completion function at least parses.
if command -v zsh >/dev/null; then
  zsh -n "$root/usr/share/zsh/vendor-completions/_hactl" || fail "_hactl is not valid zsh"
fi
echo "package test: ok ($((SECONDS - start)) s, $(stat -c %s "$deb") bytes)"
