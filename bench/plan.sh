#!/usr/bin/env bash
# Benchmark of `hactl plan` on converged simulated pairs (light mode), side by side with
# OpenSSH and ansible-playbook gathering the same facts. Prints one table; see bench/README.md.
#
#   bench/plan.sh [--hactl PATH] [--results DIR] [--runs N] [--many-runs N] [--ansible-runs N]
#                 [--pairs N] [--net 127.X.Y] [--update-results-md]
#
# Needs root (the simulated pairs), a release build of hactl
# (BUILD_DIR=build-bench scripts/build.sh -DHACTL_TESTS=OFF), hyperfine, ansible-core,
# GNU time (/usr/bin/time), g++. Touches only 127.0.0.0/8: pair i listens on
# NET.(2i) and NET.(2i+1). Starts its pairs and always tears them down. Bounded in time
# (HACTL_BENCH_TIMEOUT seconds, default 570, then stopped and cleaned up).
set -Eeuo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$root/bench

# Run under a time bound: the inner run gets TERM (with its hyperfine and ssh children,
# one process group), tears down in its EXIT trap, and is killed 40 s later at worst.
if [[ -z ${HACTL_BENCH_INNER:-} ]]; then
    export HACTL_BENCH_INNER=1
    exec timeout -k 40 "${HACTL_BENCH_TIMEOUT:-570}" "$0" "$@" </dev/null
fi

hactl=$root/build-bench/hactl
results_base=$bench/results
runs=10
many_runs=5
ansible_runs=3
npairs=16
net=127.0.1
update_md=0
usage() { sed -n '5,6p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case $1 in
        --hactl) hactl=$2; shift 2 ;;
        --results) results_base=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --many-runs) many_runs=$2; shift 2 ;;
        --ansible-runs) ansible_runs=$2; shift 2 ;;
        --pairs) npairs=$2; shift 2 ;;
        --net) net=$2; shift 2 ;;
        --update-results-md) update_md=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench/plan.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

die() { echo "bench/plan.sh: $*" >&2; exit 1; }
[[ $net =~ ^127\.([0-9]{1,3})\.([0-9]{1,3})$ ]] && ((BASH_REMATCH[1] <= 255 && BASH_REMATCH[2] <= 255)) \
    || die "--net must be 127.X.Y (addresses stay in 127.0.0.0/8), got '$net'"
for n in "$runs" "$many_runs" "$ansible_runs"; do
    [[ $n =~ ^[1-9][0-9]{0,2}$ ]] || die "--runs, --many-runs and --ansible-runs must be 1..999"
done
[[ $npairs =~ ^[0-9]+$ ]] && ((npairs >= 2 && npairs <= 100)) || die "--pairs must be 2..100"
((EUID == 0)) || die "needs root (the simulated pairs use mount namespaces and port 22)"
[[ -x $hactl ]] || die "no hactl at $hactl; build it: cd $root && BUILD_DIR=build-bench scripts/build.sh -DHACTL_TESTS=OFF"
build=$(cd "$(dirname "$hactl")" && pwd)
[[ -f $build/src/libhactl_core.a && -d $build/generated ]] || die "$build has no src/libhactl_core.a or generated/"
for tool in hyperfine ansible-playbook ssh g++ /usr/bin/time /usr/bin/python3 timeout; do
    command -v "$tool" >/dev/null || die "missing $tool (apt-get install hyperfine ansible-core openssh-client g++ time python3)"
done

run_id=$(date -u +%Y%m%dT%H%M%SZ)
out=$results_base/$run_id
mkdir -p "$out"
work=$(mktemp -d /tmp/hactl-bench.XXXXXX)
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# --- teardown (always) --------------------------------------------------------------
pair_dirs=()
up_pids=()
reported=0
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if ((!reported)) && compgen -G "$out/*.json" >/dev/null; then
        echo "bench/plan.sh: stopped early (exit $rc); the table of what was measured:" >&2
        /usr/bin/python3 "$bench/report.py" "$out" "$npairs" >"$out/table-partial.md" && cat "$out/table-partial.md"
    fi
    # Ansible's ControlPersist masters: close them by their sockets.
    for s in "$work"/ansible/cp/*; do
        [[ -S $s ]] && ssh -o ControlPath="$s" -O exit bench-master >/dev/null 2>&1
    done
    for pid in "${up_pids[@]}"; do wait "$pid" 2>/dev/null; done
    if ((${#pair_dirs[@]})); then
        log "tearing down ${#pair_dirs[@]} pairs"
        local pids=()
        for d in "${pair_dirs[@]}"; do
            "$root/tests/sim/pair" down "$d" >>"$out/pairs-down.log" 2>&1 &
            pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid" || echo "bench/plan.sh: a pair down failed (see $out/pairs-down.log)" >&2; done
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# --- machine facts -------------------------------------------------------------------
{
    echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel=$(uname -r)"
    echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "hactl=$("$hactl" version 2>/dev/null | head -1)"
    echo "hactl_build=$build ($(grep -m1 '^CMAKE_BUILD_TYPE' "$build/CMakeCache.txt" 2>/dev/null | cut -d= -f2))"
    echo "hactl_binary_built=$(date -u -r "$hactl" +%Y-%m-%dT%H:%M:%SZ)"
    echo "git_head=$(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet HEAD -- src include 2>/dev/null || echo ' (src/ or include/ modified in the tree)')"
    echo "openssh=$(ssh -V 2>&1)"
    echo "ansible=$(ansible-playbook --version 2>/dev/null | head -1)"
    echo "hyperfine=$(hyperfine --version)"
    echo "runs=$runs many_runs=$many_runs ansible_runs=$ansible_runs pairs=$npairs net=$net"
} >"$out/machine.txt"
log "results in $out"

# --- the probe-script printer (links hactl_core, prints build_probe_script's output) -
g++ -std=c++20 -O2 -I"$root/include" -I"$build/generated" "$bench/probe_script.cpp" \
    "$build/src/libhactl_core.a" -lyaml-cpp -lfmt -lpthread -o "$work/probe_script" \
    || die "cannot build bench/probe_script.cpp against $build"

# --- start the pairs (all at once) ------------------------------------------------------
log "starting $npairs light converged pairs on $net.2-$net.$((2 * npairs + 1))"
for ((i = 1; i <= npairs; i++)); do
    d=$work/pair$i
    pair_dirs+=("$d")
    "$root/tests/sim/pair" up "$d" --light --preset converged \
        --primary-ip "$net.$((2 * i))" --secondary-ip "$net.$((2 * i + 1))" >"$out/pair$i-up.log" 2>&1 &
    up_pids+=($!)
done
failed=0
for pid in "${up_pids[@]}"; do wait "$pid" || failed=1; done
up_pids=()
((failed == 0)) || die "a pair did not start: $(grep -h -v '^pair up' "$out"/pair*-up.log | head -5)"
log "pairs up ($(grep -ho 'ready in [0-9.]*s' "$out"/pair*-up.log | sort -t' ' -k3 -V | tail -1 | sed 's/ready in /slowest /'))"

p1=$work/pair1
pip=$net.2
sip=$net.3
files16=()
for d in "${pair_dirs[@]}"; do files16+=("$d/pair.yaml"); done

# --- sanity: every pair is converged, hactl plans no change ------------------------------
"$hactl" plan --no-color --detailed-exitcode "${files16[@]}" >"$out/hactl-plan-all.txt" 2>&1 \
    || die "hactl plan on the converged pairs did not exit 0 (see $out/hactl-plan-all.txt)"

# --- hactl's probe commands, and the helpers that run them over OpenSSH ------------------
"$work/probe_script" "$p1/pair.yaml" primary >"$work/primary.cmd"
"$work/probe_script" "$p1/pair.yaml" secondary >"$work/secondary.cmd"
cp "$work/primary.cmd" "$work/secondary.cmd" "$out/"
/usr/bin/python3 "$bench/gen_ansible.py" "$work/ansible" "$p1" "$pip" "$sip" "$work/primary.cmd" "$work/secondary.cmd"
for d in "${pair_dirs[@]}"; do
    "$work/probe_script" "$d/pair.yaml" primary >"$d/primary.cmd"
    "$work/probe_script" "$d/pair.yaml" secondary >"$d/secondary.cmd"
done

# OpenSSH helpers: both hosts in parallel, fail if either fails.
cat >"$work/ssh_pair.sh" <<'EOF'
#!/bin/bash
# ssh_pair.sh true|probe PAIR_DIR PRIMARY_IP SECONDARY_IP [ssh options...]
what=$1 d=$2 p=$3 s=$4; shift 4
o=(-o BatchMode=yes -i "$d/id_ed25519" -o UserKnownHostsFile="$d/known_hosts" "$@")
if [[ $what == true ]]; then pc=true sc=true; else pc=$(<"$d/primary.cmd") sc=$(<"$d/secondary.cmd"); fi
ssh "${o[@]}" "root@$p" "$pc" >/dev/null 2>&1 & a=$!
ssh "${o[@]}" "root@$s" "$sc" >/dev/null 2>&1 & b=$!
wait $a && wait $b
EOF
# The same for every pair at once (2 x pairs OpenSSH execs in parallel): ssh_all.sh runs
# the probe scripts, ssh_all_true.sh `ssh true` (the machine's floor for N pairs).
for what in probe true; do
    script=$work/ssh_all.sh
    [[ $what == true ]] && script=$work/ssh_all_true.sh
    cat >"$script" <<EOF
#!/bin/bash
pids=()
$(for ((i = 1; i <= npairs; i++)); do
    echo "$work/ssh_pair.sh $what $work/pair$i $net.$((2 * i)) $net.$((2 * i + 1)) -o KexAlgorithms=curve25519-sha256 & pids+=(\$!)"
done)
rc=0; for p in "\${pids[@]}"; do wait \$p || rc=1; done; exit \$rc
EOF
done
cat >"$work/ansible.sh" <<EOF
#!/bin/bash
# ansible.sh PLAYBOOK: ansible-playbook with a clean environment and the system python.
exec env -i PATH=/usr/bin:/bin HOME=$work/home LANG=C.UTF-8 ANSIBLE_CONFIG=$work/ansible/ansible.cfg \\
    /usr/bin/python3 /usr/bin/ansible-playbook "$work/ansible/\$1"
EOF
cat >"$work/close_masters.sh" <<EOF
#!/bin/bash
# Closes Ansible's ControlPersist masters (a cold start for the next run).
for s in $work/ansible/cp/*; do
    [[ -S \$s ]] && ssh -o ControlPath="\$s" -O exit bench-master >/dev/null 2>&1
    rm -f "\$s"
done
exit 0
EOF
mkdir -p "$work/home"
chmod +x "$work"/*.sh
cp "$work/ansible"/*.yml "$work/ansible/ansible.cfg" "$work/ansible/inventory.ini" "$out/"

kex=(-o KexAlgorithms=curve25519-sha256)
# Sanity of (b): every section of hactl's script ends with exit 0 on a converged pair.
for role in primary secondary; do
    ip=$pip; [[ $role == secondary ]] && ip=$sip
    ssh -o BatchMode=yes -i "$p1/id_ed25519" -o UserKnownHostsFile="$p1/known_hosts" "root@$ip" \
        "$(<"$work/$role.cmd")" >"$out/probe-$role.out" 2>/dev/null || die "probe script failed on $role"
    want=$(/usr/bin/python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))[sys.argv[2]]))" \
        "$work/ansible/sections.json" "$role")
    got=$(grep " end [a-z0-9_]* 0$" "$out/probe-$role.out" | grep -vc " end alation_shell " || true)
    ((got == want)) || die "probe script on $role: $got of $want sections ended with 0"
done
# Sanity of (c): each playbook runs without a failed or unreachable host.
for pb in one_raw.yml one_shell.yml per_fact.yml; do
    "$work/ansible.sh" "$pb" >"$out/ansible-$pb.log" 2>&1 || die "ansible-playbook $pb failed (see $out/ansible-$pb.log)"
    grep -Eq 'primary +: ok=[1-9].*unreachable=0 +failed=0' "$out/ansible-$pb.log" \
        && grep -Eq 'secondary +: ok=[1-9].*unreachable=0 +failed=0' "$out/ansible-$pb.log" \
        || die "ansible-playbook $pb: a host failed (see $out/ansible-$pb.log)"
done
"$work/close_masters.sh"

# Where the remote time goes: hactl's script with its sections timed one after another,
# and the script as hactl sends it (sections concurrent) timed as a whole (3 runs per host).
for n in 1 2 3; do
    for role in primary secondary; do
        ip=$pip; [[ $role == secondary ]] && ip=$sip
        ssh -o BatchMode=yes -i "$p1/id_ed25519" -o UserKnownHostsFile="$p1/known_hosts" "${kex[@]}" "root@$ip" \
            "$(<"$work/ansible/timed_$role.cmd")" | sed "s/^/$role $n /" >>"$out/sections.txt"
        ssh -o BatchMode=yes -i "$p1/id_ed25519" -o UserKnownHostsFile="$p1/known_hosts" "${kex[@]}" "root@$ip" \
            "$(<"$work/ansible/wall_$role.cmd")" | sed "s/^/$role $n /" >>"$out/sections.txt"
    done
done

# --- timing ---------------------------------------------------------------------------
hf() {  # hf NAME [hyperfine options and commands...]; a failed group leaves its rows empty
    local name=$1; shift
    log "hyperfine: $name"
    if ! hyperfine --style basic -N --export-json "$out/$name.json" "$@" >"$out/$name.log" 2>&1; then
        echo "bench/plan.sh: hyperfine group '$name' failed (see $out/$name.log)" >&2
        rm -f "$out/$name.json"
    fi
}
sp="$work/ssh_pair.sh"
hf one_pair --warmup 2 --runs "$runs" \
    -n "a: ssh true" "$sp true $p1 $pip $sip" \
    -n "a: ssh true, curve25519" "$sp true $p1 $pip $sip ${kex[*]}" \
    -n "b: ssh probe" "$sp probe $p1 $pip $sip" \
    -n "b: ssh probe, curve25519" "$sp probe $p1 $pip $sip ${kex[*]}" \
    -n "hactl plan" "$hactl plan --no-color $p1/pair.yaml" \
    -n "hactl probe" "$hactl probe --no-color $p1/pair.yaml"
hf many_pairs --warmup 1 --runs "$many_runs" \
    -n "hactl plan, 1 pair" "$hactl plan --no-color $p1/pair.yaml" \
    -n "hactl plan, $npairs pairs" "$hactl plan --no-color ${files16[*]}" \
    -n "b: ssh probe, curve25519, $npairs pairs" "$work/ssh_all.sh" \
    -n "a: ssh true, curve25519, 1 pair" "$sp true $p1 $pip $sip ${kex[*]}" \
    -n "a: ssh true, curve25519, $npairs pairs" "$work/ssh_all_true.sh"
# No warm-up runs: the sanity runs above warmed the local caches; cold closes the masters
# before every run, warm starts from masters opened by one run here.
hf ansible_cold --runs "$ansible_runs" --prepare "$work/close_masters.sh" \
    -n "c: ansible raw, cold" "$work/ansible.sh one_raw.yml" \
    -n "c: ansible shell, cold" "$work/ansible.sh one_shell.yml" \
    -n "c: ansible per fact, cold" "$work/ansible.sh per_fact.yml"
"$work/ansible.sh" one_raw.yml >/dev/null 2>&1 || true
hf ansible_warm --runs "$ansible_runs" \
    -n "c: ansible raw, warm" "$work/ansible.sh one_raw.yml" \
    -n "c: ansible shell, warm" "$work/ansible.sh one_shell.yml" \
    -n "c: ansible per fact, warm" "$work/ansible.sh per_fact.yml"
"$work/close_masters.sh"

# --- peak RSS ---------------------------------------------------------------------------
log "peak RSS (GNU time, 5 runs each)"
for n in 1 2 3 4 5; do
    /usr/bin/time -f %M -a -o "$out/rss-1.txt" "$hactl" plan --no-color "$p1/pair.yaml" >/dev/null
    /usr/bin/time -f %M -a -o "$out/rss-$npairs.txt" "$hactl" plan --no-color "${files16[@]}" >/dev/null
done

echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"

# --- the table -----------------------------------------------------------------------------
/usr/bin/python3 "$bench/report.py" "$out" "$npairs" >"$out/table.md"
cat "$out/table.md"
reported=1
ln -sfn "$run_id" "$results_base/latest"
if ((update_md)); then
    /usr/bin/python3 "$bench/report.py" "$out" "$npairs" --results-md >"$bench/RESULTS.md"
    log "wrote bench/RESULTS.md"
fi
