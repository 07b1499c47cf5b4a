#!/usr/bin/env bash
# hactl's main job, end to end on this machine: installs what is missing,
# builds, brings up a fresh simulated Alation pair (real OpenSSH and real
# PostgreSQL on 127.0.0.2/127.0.0.3), and runs
#   validate -> plan -> apply -> plan -> status
# then shows a row written on the primary read back on the secondary.
# The pair is torn down at the end, whatever happens.
#   DEMO_RELEASE=2021.3 scripts/demo.sh      # another release
#   DEMO_KEEP=1 scripts/demo.sh              # leave the pair running to explore
#   DEMO_LOGIN=root scripts/demo.sh          # log in as root (default: alationops with sudo)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
BUILD_TARGET=hactl "$root/scripts/build.sh"
hactl="${BUILD_DIR:-$root/build}/hactl"
pair="$root/tests/sim/pair"
primary_ip=${DEMO_PRIMARY_IP:-127.0.0.2}
secondary_ip=${DEMO_SECONDARY_IP:-127.0.0.3}
dir=$(mktemp -d /tmp/hactl-demo-XXXXXX)

cleanup() {
  if [ -z "${DEMO_KEEP:-}" ]; then
    "$pair" down "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
  else
    echo "The pair is still running: $pair down $dir"
  fi
}
trap cleanup EXIT

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; }
run() {  # run a command, show it, report its exit status without stopping
  step "$*"
  set +e
  "$@"
  local rc=$?
  set -e
  echo "(exit $rc)"
  return 0
}

step "tests/sim/pair up $dir --release ${DEMO_RELEASE:-2023.1} --login ${DEMO_LOGIN:-alationops}"
"$pair" up "$dir" --release "${DEMO_RELEASE:-2023.1}" --login "${DEMO_LOGIN:-alationops}" \
  --primary-ip "$primary_ip" --secondary-ip "$secondary_ip"

run "$hactl" validate "$root"/examples/*.yaml "$dir/pair.yaml"
run "$hactl" plan --detailed-exitcode "$dir/pair.yaml"
run "$hactl" apply --auto-approve --allow-destructive "$dir/pair.yaml"
run "$hactl" plan --detailed-exitcode "$dir/pair.yaml"
run "$hactl" status "$dir/pair.yaml"

psql=(/usr/lib/postgresql/15/bin/psql -X -q -A -t -U postgres -d postgres)
row="written on the primary at $(date -u +%H:%M:%S)"
step "psql -h $primary_ip -c \"INSERT INTO demo VALUES ('$row')\""
"${psql[@]}" -h "$primary_ip" -c "CREATE TABLE IF NOT EXISTS demo (v text); INSERT INTO demo VALUES ('$row')"
step "psql -h $secondary_ip -c 'SELECT v FROM demo'"
for _ in $(seq 50); do
  seen=$("${psql[@]}" -h "$secondary_ip" -c "SELECT v FROM demo" 2>/dev/null || true)
  case "$seen" in *"$row"*) break ;; esac
  sleep 0.1
done
echo "$seen"
case "$seen" in
  *"$row"*) echo "The row written on the primary was replicated to the secondary." ;;
  *) echo "The row did not reach the secondary." >&2; exit 1 ;;
esac
