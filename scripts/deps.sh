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
  # benchmarks
  hyperfine ansible-core time
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages already installed"
  exit 0
fi

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
echo "deps: done"
