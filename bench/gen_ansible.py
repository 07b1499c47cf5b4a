#!/usr/bin/python3
"""Writes what bench/plan.sh needs from hactl's probe commands of one pair.

    gen_ansible.py OUTDIR PAIR_DIR PRIMARY_IP SECONDARY_IP PRIMARY.cmd SECONDARY.cmd

PRIMARY.cmd / SECONDARY.cmd hold hactl's exact probe command for each host
(`sh -c '<script>'`, printed by probe_script). Writes into OUTDIR:

  ansible.cfg, inventory.ini, host_vars/{primary,secondary}.json
  one_raw.yml     one `raw` task per host: hactl's probe command as it is
  one_shell.yml   one `shell` task per host: hactl's probe command as it is
  per_fact.yml    one `shell` task per probe section (fact), the section's own
                  command (after the script's shell functions), same order
  sections.json   {"primary": [names], "secondary": [names]}
  timed_primary.cmd, timed_secondary.cmd
                  the same script with its section markers replaced by timers:
                  prints "T NAME RC MICROSECONDS" per section, "T total 0 US" and
                  "C USER SYS": the CPU time of the script's children (sh `times`)
  wall_primary.cmd, wall_secondary.cmd
                  hactl's probe command as it is (sections concurrent), timed
                  as a whole on the host: prints "W MICROSECONDS"

Playbooks are written as JSON (valid YAML), so no quoting is involved.
Exit 1 when a probe command does not have the expected shape.
"""
import json
import os
import re
import shlex
import sys

SECTION = re.compile(r"^hactl_p_(\w+)\(\) \{ ")
RUN = re.compile(r"^hactl_run( hactl_p_\w+)+$")
ALATION_SHELL = "alation_shell"


def quotes_closed(text):
    try:
        shlex.split(text)
        return True
    except ValueError:
        return False


def script_sections(script):
    """(text before the first section, [(name, command)]) of one probe script.
    A section is `hactl_p_NAME() { COMMAND; }`, on one line unless COMMAND
    holds a quoted multi-line script."""
    lines = script.split("\n")
    header, sections, rest = [], [], []
    i = 0
    while i < len(lines):
        m = SECTION.match(lines[i])
        if not m:
            (rest if sections else header).append(lines[i])
            i += 1
            continue
        if rest:
            raise ValueError("unexpected lines between sections: %r" % rest[:2])
        text = lines[i]
        while not quotes_closed(text) and i + 1 < len(lines):
            i += 1
            text += "\n" + lines[i]
        if not text.endswith("; }"):
            raise ValueError("section %s does not end with '; }'" % m.group(1))
        sections.append((m.group(1), text[m.end():-3]))
        i += 1
    rest = [line for line in rest if line]
    if not sections or not rest or not RUN.match(rest[0]) or rest[1:] not in ([], ["exit 0"]):
        raise ValueError("no sections, or unexpected lines after them: %r" % rest[:3])
    return "\n".join(header), sections


def split_script(command):
    """(header lines, [(name, command)]) of one probe command. The sections run
    inside the Alation shell (one wrapper call in hactl's script) come out as one
    wrapper call each: the shape a hand-written script or playbook would have."""
    argv = shlex.split(command)
    if len(argv) != 3 or argv[0] != "sh" or argv[1] != "-c":
        raise ValueError("not `sh -c SCRIPT`: %r" % argv[:2])
    header, outer = script_sections(argv[2])
    sections = []
    for name, cmd in outer:
        if name != ALATION_SHELL:
            sections.append((name, cmd))
            continue
        words = shlex.split(cmd)
        wrapper = shlex.join(words[:-1])
        _, inner = script_sections(words[-1])
        sections += [(n, wrapper + " " + shlex.quote(c)) for n, c in inner]
    header = header.rstrip("\n").split("\n")
    if not header[0].startswith("hactl_t="):
        raise ValueError("no token line")
    return header, sections


def timed(header, sections):
    body = ["exec 3>&1 >/dev/null 2>&1"] + header[1:]
    body.append("hactl_now() { date +%s%N; }")
    body.append("hactl_t0=$(hactl_now)")
    for name, cmd in sections:
        body.append("hactl_s=$(hactl_now); %s; hactl_rc=$?; "
                    "printf 'T %%s %%s %%s\\n' %s $hactl_rc $(( ($(hactl_now) - hactl_s) / 1000 )) >&3"
                    % (cmd, name))
    body.append("printf 'T total 0 %s\\n' $(( ($(hactl_now) - hactl_t0) / 1000 )) >&3")
    # `times` in the script's own shell (a subshell would report its own, zero, times).
    body.append("hactl_tf=$(mktemp); times >\"$hactl_tf\"; "
                "printf 'C %s\\n' \"$(tail -n 1 \"$hactl_tf\")\" >&3; rm -f \"$hactl_tf\"")
    body.append("exit 0")
    return "sh -c " + shlex.quote("\n".join(body) + "\n")


def wall(command):
    return ("exec 3>&1 >/dev/null 2>&1; hactl_w=$(date +%s%N); " + command +
            "; printf 'W %s\\n' $(( ($(date +%s%N) - hactl_w) / 1000 )) >&3")


def check_no_jinja(text, what):
    for marker in ("{{", "{%", "{#"):
        if marker in text:
            raise ValueError("%s contains %r, which Ansible would template" % (what, marker))


def main():
    if len(sys.argv) != 7:
        print(__doc__.strip().split("\n")[2], file=sys.stderr)
        return 2
    out, pair_dir, ips = sys.argv[1], sys.argv[2], {"primary": sys.argv[3], "secondary": sys.argv[4]}
    cmds = {}
    for role, path in (("primary", sys.argv[5]), ("secondary", sys.argv[6])):
        with open(path) as f:
            cmds[role] = f.read()
    os.makedirs(os.path.join(out, "host_vars"), exist_ok=True)
    names = {}
    order = []
    try:
        for role, command in cmds.items():
            header, sections = split_script(command)
            functions = "\n".join(header[1:])  # without the token line
            per_fact = {name: functions + "\n" + cmd for name, cmd in sections}
            for name, _ in sections:
                if name not in order:
                    order.append(name)
            names[role] = [name for name, _ in sections]
            check_no_jinja(command, role + " probe command")
            host_vars = {"probe_cmd": command, "probe_sections": per_fact}
            with open(os.path.join(out, "host_vars", role + ".json"), "w") as f:
                json.dump(host_vars, f, indent=1)
            with open(os.path.join(out, "timed_%s.cmd" % role), "w") as f:
                f.write(timed(header, sections))
            with open(os.path.join(out, "wall_%s.cmd" % role), "w") as f:
                f.write(wall(command))
    except ValueError as e:
        print("gen_ansible.py: %s" % e, file=sys.stderr)
        return 1

    with open(os.path.join(out, "sections.json"), "w") as f:
        json.dump(names, f)
    with open(os.path.join(out, "ansible.cfg"), "w") as f:
        f.write("""[defaults]
inventory = {out}/inventory.ini
host_key_checking = True
interpreter_python = /usr/bin/python3
gathering = explicit
retry_files_enabled = False
forks = 5

[ssh_connection]
pipelining = True
control_path_dir = {out}/cp
# ssh_args left at Ansible's default: -C -o ControlMaster=auto -o ControlPersist=60s
""".format(out=out))
    with open(os.path.join(out, "inventory.ini"), "w") as f:
        f.write("[pair]\n")
        for role in ("primary", "secondary"):
            f.write("%s ansible_host=%s\n" % (role, ips[role]))
        f.write("\n[pair:vars]\nansible_user=root\nansible_port=22\n")
        f.write("ansible_ssh_private_key_file=%s/id_ed25519\n" % pair_dir)
        f.write("ansible_ssh_extra_args='-o BatchMode=yes -o UserKnownHostsFile=%s/known_hosts'\n" % pair_dir)

    def play(tasks):
        return [{"name": "probe the pair", "hosts": "pair", "gather_facts": False, "tasks": tasks}]

    common = {"check_mode": False, "changed_when": False}
    playbooks = {
        "one_raw.yml": play([dict({"name": "probe (raw)", "raw": "{{ probe_cmd }}"}, **common)]),
        "one_shell.yml": play([dict({"name": "probe (shell)", "shell": {"cmd": "{{ probe_cmd }}"}}, **common)]),
        "per_fact.yml": play([
            dict({"name": name, "shell": {"cmd": "{{ probe_sections['%s'] }}" % name},
                  "when": "'%s' in probe_sections" % name}, **common)
            for name in order
        ]),
    }
    for name, doc in playbooks.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(doc, f, indent=1)
    os.makedirs(os.path.join(out, "cp"), exist_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
