#!/usr/bin/python3
"""Turns one run's raw results (bench/plan.sh's results directory) into the table.

    report.py RESULTS_DIR NPAIRS [--results-md]

Reads the hyperfine JSON files (one_pair, many_pairs, ansible_cold, ansible_warm),
rss-1.txt / rss-NPAIRS.txt (GNU time %M, KiB), sections.txt and machine.txt.
Prints Markdown: the table, the targets with PASS/FAIL, where the remote time goes.
With --results-md: a whole bench/RESULTS.md (date and machine facts first).
A group whose hyperfine run failed shows its rows as n/a, and its targets as n/a.
"""
import json
import os
import statistics
import sys

out, npairs = sys.argv[1], int(sys.argv[2])
results_md = "--results-md" in sys.argv[3:]


def load_group(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return {}
    try:
        with open(path) as f:
            return {r["command"]: r for r in json.load(f)["results"]}
    except (ValueError, KeyError, TypeError):  # a group stopped before hyperfine wrote its results
        return {}


groups = {g: load_group(g) for g in ("one_pair", "many_pairs", "ansible_cold", "ansible_warm")}


def get(group, name):
    return groups[group].get(name)


def ms(x):
    return "%.0f" % (x * 1000) if x >= 0.1 else "%.1f" % (x * 1000)


def mean_sd(r):
    return "n/a" if r is None else "%s ± %s" % (ms(r["mean"]), ms(r["stddev"] or 0.0))


def ratio(r, base):
    if r is None or base is None:
        return "n/a"
    return "%.2fx" % (r["mean"] / base["mean"])


def cpu(r):
    if r is None or r.get("user") is None:
        return "n/a"
    return ms(r["user"] + r["system"])


def machine():
    facts = {}
    path = os.path.join(out, "machine.txt")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    facts[k] = v
    return facts


def rss(n):
    path = os.path.join(out, "rss-%d.txt" % n)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        values = [int(line) for line in f if line.strip().isdigit()]
    return max(values) if values else None


a = get("one_pair", "a: ssh true")
a_kex = get("one_pair", "a: ssh true, curve25519")
b = get("one_pair", "b: ssh probe")
b_kex = get("one_pair", "b: ssh probe, curve25519")
hactl = get("one_pair", "hactl plan")
hprobe = get("one_pair", "hactl probe")
one = get("many_pairs", "hactl plan, 1 pair")
many = get("many_pairs", "hactl plan, %d pairs" % npairs)
b_many = get("many_pairs", "b: ssh probe, curve25519, %d pairs" % npairs)
a_one = get("many_pairs", "a: ssh true, curve25519, 1 pair")
a_many = get("many_pairs", "a: ssh true, curve25519, %d pairs" % npairs)

rows = [
    ("(a)", "`ssh true`, both hosts in parallel (OpenSSH default kex)", a),
    ("(a')", "`ssh true`, both hosts, `-o KexAlgorithms=curve25519-sha256`", a_kex),
    ("(b)", "hactl's probe script, one OpenSSH exec per host, in parallel (default kex)", b),
    ("(b')", "the same, curve25519-sha256", b_kex),
    ("**hactl**", "**`hactl plan` (1 pair)**", hactl),
    ("", "`hactl probe` (1 pair)", hprobe),
]
for mode, group in (("cold", "ansible_cold"), ("warm", "ansible_warm")):
    for variant, what in (("raw", "one `raw` task per host: hactl's probe script"),
                          ("shell", "one `shell` task per host: hactl's probe script"),
                          ("per fact", "one `shell` task per fact (15 tasks; 2 skipped on the secondary)")):
        rows.append(("(c)", "ansible-playbook, %s, %s ControlPersist" % (what, mode),
                     get(group, "c: ansible %s, %s" % (variant, mode))))
rows += [
    ("(d)", "`hactl plan`, 1 pair (same group as the next row)", one),
    ("(d)", "`hactl plan` with %d pair files in one call" % npairs, many),
    ("(d)", "reference: (b') for all %d pairs at once (%d OpenSSH execs, curve25519)" % (npairs, 2 * npairs), b_many),
    ("(d)", "floor: (a') `ssh true`, 1 pair (same group)", a_one),
    ("(d)", "floor: (a') `ssh true` to all %d hosts at once" % (2 * npairs), a_many),
]

lines = []
lines.append("| row | what | mean ± σ (ms) | local CPU user+sys (ms) | × (a) | × (b) |")
lines.append("|---|---|---:|---:|---:|---:|")
for tag, what, r in rows:
    lines.append("| %s | %s | %s | %s | %s | %s |" % (tag, what, mean_sd(r), cpu(r), ratio(r, a), ratio(r, b)))
rss1, rssn = rss(1), rss(npairs)
for n, v in ((1, rss1), (npairs, rssn)):
    lines.append("| (e) | peak RSS of `hactl plan`, %d pair%s (max of 5, GNU time) | %s | | | |"
                 % (n, "" if n == 1 else "s", "n/a" if v is None else "%.1f MiB" % (v / 1024)))

targets = []    # the targets, with its baselines as it names them
stricter = []   # the same limits against stricter baselines hactl chose to add


def target(what, value, limit, ok, table=None):
    (targets if table is None else table).append(
        "| %s | %s | %s | %s |" % (what, value, limit, "n/a" if ok is None else ("PASS" if ok else "FAIL")))


def check_ratio(what, r, base, limit, table=None):
    if r is None or base is None:
        target(what, "n/a", "<= %.1fx" % limit, None, table)
        return
    x = r["mean"] / base["mean"]
    target(what, "%.2fx" % x, "<= %.1fx" % limit, x <= limit, table)


def check_faster(what, r, limit, table=None):
    if r is None or hactl is None:
        target(what, "n/a", ">= %dx" % limit, None, table)
        return
    x = r["mean"] / hactl["mean"]
    target(what, "%.1fx" % x, ">= %dx" % limit, x >= limit, table)


check_ratio("hactl plan vs (b): the same probe over OpenSSH", hactl, b, 1.0)
check_ratio("hactl plan vs (a): `ssh true` with OpenSSH", hactl, a, 1.5)
for mode, group in (("cold", "ansible_cold"), ("warm", "ansible_warm")):
    check_faster("hactl plan faster than (c): Ansible command tasks gathering the facts, %s" % mode,
                 get(group, "c: ansible per fact, %s" % mode), 15)
check_ratio("%d pairs in one call vs 1 pair" % npairs, many, one, 3.0)
for n, v in ((1, rss1), (npairs, rssn)):
    target("peak RSS, %d pair%s" % (n, "" if n == 1 else "s"), "n/a" if v is None else "%.1f MiB" % (v / 1024),
           "<= 20 MiB", None if v is None else v <= 20 * 1024)

check_ratio("hactl plan vs (b'): OpenSSH with hactl's key exchange", hactl, b_kex, 1.0, stricter)
check_ratio("hactl plan vs (a'): `ssh true` with hactl's key exchange", hactl, a_kex, 1.5, stricter)
for mode, group in (("cold", "ansible_cold"), ("warm", "ansible_warm")):
    for variant in ("raw", "shell"):
        check_faster("hactl plan faster than Ansible running hactl's own script (%s), %s" % (variant, mode),
                     get(group, "c: ansible %s, %s" % (variant, mode)), 15, stricter)
if a_many is not None and a_one is not None:
    target("(the machine's floor) `ssh true` to %d hosts vs to 2" % (2 * npairs),
           "%.2fx" % (a_many["mean"] / a_one["mean"]), "<= 3.0x", a_many["mean"] / a_one["mean"] <= 3.0, stricter)

# Remote time per section of hactl's probe script and the script's CPU time (medians of 3 runs).
# sections.txt lines: "ROLE N T NAME RC MICROSECONDS" and "ROLE N C USER SYS" (sh `times`: 0m0.26s).
def seconds(t):
    m, rest = t.rstrip("s").split("m")
    return int(m) * 60 + float(rest)


sections, remote_cpu, remote_wall = {}, {}, {}
path = os.path.join(out, "sections.txt")
if os.path.exists(path):
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 6 and parts[2] == "T":
                sections.setdefault(parts[3], {}).setdefault(parts[0], []).append(int(parts[5]))
            elif len(parts) == 5 and parts[2] == "C":
                remote_cpu.setdefault(parts[0], []).append(seconds(parts[3]) + seconds(parts[4]))
            elif len(parts) == 4 and parts[2] == "W":
                remote_wall.setdefault(parts[0], []).append(int(parts[3]))
sec_lines = []
if sections:
    sec_lines.append("| section | primary (ms) | secondary (ms) |")
    sec_lines.append("|---|---:|---:|")
    for name, by_role in sections.items():
        cell = lambda role: "%.0f" % (statistics.median(by_role[role]) / 1000) if role in by_role else "-"
        label = "total, one section after another" if name == "total" else name
        sec_lines.append("| %s | %s | %s |" % (label, cell("primary"), cell("secondary")))
    if remote_wall:
        cell = lambda role: "%.0f" % (statistics.median(remote_wall[role]) / 1000) if role in remote_wall else "-"
        sec_lines.append("| **the script as hactl sends it (sections concurrent)** | %s | %s |"
                         % (cell("primary"), cell("secondary")))
    if remote_cpu:
        cell = lambda role: "%.0f" % (statistics.median(remote_cpu[role]) * 1000) if role in remote_cpu else "-"
        sec_lines.append("| CPU time of the script (user+sys) | %s | %s |" % (cell("primary"), cell("secondary")))

facts = machine()
floor_line = None
if "primary" in remote_cpu and "secondary" in remote_cpu and facts.get("nproc", "").isdigit():
    per_pair = statistics.median(remote_cpu["primary"]) + statistics.median(remote_cpu["secondary"])
    floor = npairs * per_pair / int(facts["nproc"])
    floor_line = ("For (d): one pair's probe scripts take %.0f ms of CPU on the hosts; here all %d pairs' hosts share "
                  "this machine's %s cores, so %d pairs cannot be probed in less than %d x %.0f ms / %s = %.1f s of "
                  "wall time (%.1fx the 1-pair `hactl plan`), whatever the client does; sshd's own work comes on top."
                  % (per_pair * 1000, npairs, facts["nproc"], npairs, npairs, per_pair * 1000, facts["nproc"], floor,
                     floor / one["mean"] if one else float("nan")))
text = []
if results_md:
    text.append("# Benchmark results: `hactl plan`")
    text.append("")
    text.append("Produced by `bench/plan.sh --update-results-md` (see bench/README.md for what each row means).")
    text.append("")
    for k in ("date_utc", "nproc", "cpu", "mem", "kernel", "loadavg_start", "loadavg_end", "hactl", "hactl_build",
              "hactl_binary_built", "git_head", "git", "openssh", "ansible", "hyperfine", "runs"):
        if k in facts:
            text.append("- %s: %s" % (k, facts[k]))
    text.append("")
    text.append("## Table")
    text.append("")
else:
    text.append("")
    text.append("hactl plan benchmark, %s, %s cores (%s), load %s -> %s" % (
        facts.get("date_utc", "?"), facts.get("nproc", "?"), facts.get("cpu", "?"),
        facts.get("loadavg_start", "?"), facts.get("loadavg_end", "?")))
    text.append("")
text += lines
text.append("")
text.append("| target (issue 4, its baselines) | measured | limit | |")
text.append("|---|---:|---:|---|")
text += targets
text.append("")
text.append("| the same limits against stricter baselines (not the issue's) | measured | limit | |")
text.append("|---|---:|---:|---|")
text += stricter
if sec_lines:
    text.append("")
    text.append("Remote time per section of hactl's probe script, each timed alone one after another, "
                "and of the script as sent, whose sections run concurrently (pair 1, curve25519, median of 3):")
    text.append("")
    text += sec_lines
if floor_line:
    text.append("")
    text.append(floor_line)
text.append("")
text.append("Notes: light converged simulated pairs on loopback, all on this machine (the nodes' work "
            "competes with the client for the same cores). Ratios are of means. (b) and (c) run hactl's exact "
            "probe commands (printed by bench/probe_script.cpp through hactl::facts::build_probe_script). "
            "(c) uses ansible-core with pipelining and its default ssh_args (ControlMaster=auto, "
            "ControlPersist=60s), the pair's key and known_hosts, check_mode: false, gather_facts: false, "
            "a clean environment and /usr/bin/python3; \"cold\" closes the ControlPersist masters before "
            "every run, \"warm\" keeps them between runs. \"per fact\" runs each probe section's command "
            "as its own task (the shell functions prepended; an Alation fact enters the Alation shell in its "
            "own task), the natural Ansible shape. "
            "Local CPU is hyperfine's user+sys of the measured process tree (not the sshd side).")
print("\n".join(text))
