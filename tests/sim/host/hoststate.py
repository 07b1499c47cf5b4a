"""`pair state DIR`: JSON of both nodes for test oracles (documented in tests/sim/README.md)."""
import base64
import datetime
import json
import os
import secrets
import subprocess
import time

import hostfaults
import hostnode
import hostpair

PSQL = "/usr/lib/postgresql/15/bin/psql"


def _json(path, default):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return default


def _iso(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


def psql(ip, sql):
    """(ok, output) of SQL on the node's PostgreSQL."""
    try:
        proc = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", ip, "-U", "postgres",
                               "-d", "postgres", "-c", sql], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        return False, ""
    return proc.returncode == 0, proc.stdout.strip()


def commands(root):
    entries = []
    try:
        with open(root + "/opt/alation/sim/state/commands.log") as handle:
            for line in handle:
                parts = line.replace(",", ".", 1).split()  # EPOCHREALTIME follows the locale
                if len(parts) == 2:
                    epoch = float(parts[0])
                    entries.append({"time": _iso(epoch), "epoch": epoch,
                                    "command": base64.b64decode(parts[1]).decode(errors="replace")})
                elif len(parts) == 1:
                    entries.append({"time": _iso(float(parts[0])), "epoch": float(parts[0]), "command": ""})
    except OSError:
        pass
    return entries


def running_actions(root):
    actions = []
    folder = root + "/opt/alation/sim/run/actions"
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        record = _json(os.path.join(folder, name), None)
        if record and os.path.exists("/proc/%d" % record["pid"]):
            actions.append(record)
    return actions


def postgres_state(node, light, root):
    if light:
        running = os.path.exists(root + "/data/pgsql/light.running")
        try:
            with open(root + "/data/pgsql/data/marker") as handle:
                marker = handle.read().strip()
        except OSError:
            marker = None
        return {"running": running, "in_recovery": None, "streaming": None}, marker
    ok, out = psql(node.ip, "SELECT pg_is_in_recovery(), coalesce((SELECT status FROM pg_stat_wal_receiver), '')")
    if not ok:
        return {"running": False, "in_recovery": None, "streaming": False}, None
    recovery, receiver = out.split("|")
    ok, marker = psql(node.ip, "SELECT value FROM sim_marker WHERE id = 1")
    return {"running": True, "in_recovery": recovery == "t", "streaming": receiver == "streaming"}, \
        (marker if ok and marker else None)


def node_state(node, meta):
    root = node.root()
    out = {"address": node.ip, "up": root is not None, "marker_at_up": meta[node.name]["marker"]}
    sessions = node.ssh_sessions(meta[node.name].get("sshd_log_offset", 0))
    out.update({"sudo": meta[node.name].get("sudo") if meta.get("login", "root") != "root" else None,
                "ssh_sessions": sum(sessions.values()), "ssh_sessions_by_user": sessions,
                "login_users": sorted(sessions)})
    if root is None:
        return out
    state = root + "/opt/alation/sim/state"
    conf = _json(state + "/conf.json", {})
    cluster = root + "/opt/alation/cluster"
    differ = meta.get("differ", False)
    files = {"alation_version.py": root + ("/opt/alation/etc/alation_release.py" if differ
                                            else "/opt/alation/django/main/alation_version.py"),
             "id_cluster": cluster + "/id_cluster", "id_cluster.pub": cluster + "/id_cluster.pub",
             "authorized_keys": cluster + "/authorized_keys"}
    try:
        with open(cluster + "/id_cluster.pub") as handle:
            pubkey = handle.read().strip()
    except OSError:
        pubkey = None
    try:
        with open(cluster + "/authorized_keys") as handle:
            trusted = [line.strip() for line in handle if line.strip()]
    except OSError:
        trusted = []
    postgres, marker = postgres_state(node, meta["light"], root)
    hactl_dir = root + "/var/lib/hactl"
    hactl_files = sorted(os.path.relpath(os.path.join(d, f), hactl_dir)
                         for d, _, names in os.walk(hactl_dir) for f in names)
    out.update({
        "release": _json(state + "/node.json", {}).get("release"),
        "mode": conf.get("alation.cluster.replication_mode"),
        "conf": conf,
        "deployed": _json(state + "/deployed.json", {}),
        "files": {name: os.path.exists(path) for name, path in files.items()},
        "cluster_public_key": pubkey,
        "authorized_keys": trusted,
        "audit": _json(state + "/audit.json", {}),
        "commands": commands(root),
        "marker": marker,
        "postgres": postgres,
        "replicas": _json(state + "/replicas.json", {}),
        "faults": _json(state + "/faults.json", {}),
        "actions": running_actions(root),
        "held": hostfaults.held_runs(node),
        "boot_id": node.boot_id(),
        "services": {"sshd": node.sshd_pid() is not None and hostnode.port_open(node.ip, 22),
                     "monitor": hostnode.port_open(node.ip, 80)},
        "hactl_state_files": hactl_files,
    })
    return out


def replication(nodes_state, light, row_check):
    """Who replicates to whom, and (real PostgreSQL) whether a row written on the master reaches the standby."""
    result = {"master": None, "standby": None, "streaming": False, "row_check": "skipped"}
    for name, other in (("primary", "secondary"), ("secondary", "primary")):
        if nodes_state[name].get("mode") == "master" and nodes_state[other].get("mode") == "slave":
            result["master"], result["standby"] = name, other
    if result["master"] is None:
        return result
    master, standby = nodes_state[result["master"]], nodes_state[result["standby"]]
    if light:
        result["streaming"] = master.get("replicas", {}).get("postgres", {}).get("peer") == standby["address"]
        return result
    result["streaming"] = bool(standby.get("postgres", {}).get("streaming"))
    if not (row_check and result["streaming"] and master["postgres"].get("running")):
        return result
    token = secrets.token_hex(8)
    ok, _ = psql(master["address"], "CREATE TABLE IF NOT EXISTS sim_probe (token text, at timestamptz DEFAULT now());"
                 "INSERT INTO sim_probe (token) VALUES ('%s')" % token)
    result["row_check"] = "failed"
    end = time.time() + 5
    while ok and time.time() < end:
        seen, out = psql(standby["address"], "SELECT count(*) FROM sim_probe WHERE token = '%s'" % token)
        if seen and out == "1":
            result["row_check"] = "ok"
            break
        time.sleep(0.1)
    return result


def state(pair_dir, row_check=True):
    meta = hostpair.load(pair_dir)
    pair = hostpair.nodes(meta, pair_dir)
    nodes_state = {name: node_state(node, meta) for name, node in pair.items()}
    out = {"version": 1, "dir": pair_dir, "light": meta["light"], "quirks": meta.get("quirks", False),
           "differ": meta.get("differ", False),
           "preset": meta["preset"], "login": meta.get("login", "root")}
    out.update(nodes_state)
    out["replication"] = replication(nodes_state, meta["light"], row_check)
    return out
