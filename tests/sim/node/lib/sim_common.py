"""Shared state of one simulated Alation node (runs inside the node's mount namespace).

Layout inside the node:
  /opt/alation/sim/state/   node.json, conf.json, deployed.json, audit.json,
                            faults.json, replicas.json, commands.log
  /opt/alation/sim/run/     monitor.pid, actions/<pid>.json
  /opt/alation/cluster/     id_cluster, id_cluster.pub, authorized_keys
  /data/                    pgsql/, kvstore/, catalog/
"""
import fcntl
import json
import os
import sys
import time

# Kept to cheap imports: every alation_conf call starts a Python process.

ROOT = os.environ.get("SIM_NODE_ROOT", "")  # host-side readers prefix /proc/PID/root
INSTALL = ROOT + "/opt/alation"
SIM = INSTALL + "/sim"
STATE = SIM + "/state"
RUN = SIM + "/run"
CLUSTER = INSTALL + "/cluster"
DATA = ROOT + "/data"
VERSION_FILE = INSTALL + "/django/main/alation_version.py"

MODES = ("standalone", "master", "slave")

# ---- `pair up --differ`: where this node departs from the contract's [assumed] details ----
# The contract's name -> this node's. Everything inside the node keeps the contract's names (conf.json,
# the action table, faults); only what a client sees differs. tests/sim/profiles/differ.yaml adapts to it.
DIFFER_RELEASE_FILE = "/opt/alation/etc/alation_release.py"            # releaseFile
DIFFER_CONF_KEYS = {"alation.cluster.hosts": "alation.cluster.members"}  # confKeys.clusterHosts
DIFFER_ACTIONS = {"cluster_kvstore_copy": "cluster_copy_kvstore"}        # actions.kvstoreCopy
# The monitor's PostgreSQL lag: /pgsql/replication_lag_bytes, not /postgres/lag_bytes (monitor.postgresLag).


def release_tuple(release):
    """'2021.3.2' -> (2021, 3)."""
    parts = str(release).split(".")
    return int(parts[0]), int(parts[1])


def is_ipv4(text):
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for part in parts:
        if not (part.isascii() and part.isdigit()) or (len(part) > 1 and part[0] == "0") or int(part) > 255:
            return False
    return True


# ---- alation_conf keys: name -> (kind, fresh default) -------------------------------
def conf_schema(release):
    backup_default = "True" if release_tuple(release) >= (2021, 2) else "False"
    return {
        "alation.cluster.replication_mode": ("mode", "standalone"),
        "alation.cluster.protected_instance": ("bool", "True"),
        "alation.cluster.override_ip": ("ipv4_or_empty", ""),
        "alation.cluster.enable_override_ip": ("bool", "False"),
        "alation.cluster.hosts": ("ipv4_list", ""),
        "pgsql.config.max_wal_senders": ("int", "10"),
        "pgsql.config.port": ("int", "5432"),
        "alation.feature_flags.enable_backup_v2": ("bool", backup_default),
        "alation.kvstore.port": ("int", "8088"),
    }


FRESH_WAL_SENDERS = "10"


def normalize(kind, value):
    """Returns the stored form of VALUE for KIND, or None when the key does not accept it."""
    value = value.strip()
    if kind == "bool":
        low = value.lower()
        return {"true": "True", "false": "False"}.get(low)
    if kind == "mode":
        return value if value in MODES else None
    if kind == "ipv4_or_empty":
        return value if value == "" or is_ipv4(value) else None
    if kind == "ipv4_list":
        if value == "":
            return ""
        items = [item.strip() for item in value.split(",")]
        return ",".join(items) if all(is_ipv4(item) for item in items) else None
    if kind == "int":
        if value.isdigit() and 1 <= int(value) <= 1000:
            return str(int(value))
        return None
    return value


# ---- JSON files with a node-wide lock ------------------------------------------------
def read_json(name, default=None):
    try:
        with open(os.path.join(STATE, name)) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {} if default is None else default


def write_json(name, value):
    tmp = os.path.join(STATE, ".%s.%d" % (name, os.getpid()))
    with open(tmp, "w") as handle:
        json.dump(value, handle, indent=1, sort_keys=True)
    os.rename(tmp, os.path.join(STATE, name))


class locked:  # noqa: N801 - used as `with c.locked():`
    """Node-wide lock around read-modify-write of the state files."""

    def __enter__(self):
        self.handle = open(os.path.join(STATE, ".lock"), "a")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        return False


def node():
    return read_json("node.json")


def conf():
    return read_json("conf.json")


def release():
    return node()["release"]


def my_ip():
    return node()["ip"]


def is_light():
    return bool(node().get("light"))


def quirky():
    """`pair up --quirks`: outputs vary within what the contract allows (blank lines, trailing spaces,
    lower-case booleans, other prompt wording, extra monitor fields, a redirect)."""
    return bool(node().get("quirks"))


def differs():
    """`pair up --differ`: the node departs from the contract in the DIFFER_* details."""
    return bool(node().get("differ"))


def version_file():
    """The release file as this node keeps it (ROOT-prefixed for host-side readers)."""
    return ROOT + DIFFER_RELEASE_FILE if differs() else VERSION_FILE


def conf_names():
    """{name alation_conf answers to: key in conf.json}: the contract's names, or the differing ones."""
    table = DIFFER_CONF_KEYS if differs() else {}
    return {table.get(key, key): key for key in conf()}


def action_names(actions):
    """{name alation_action answers to: the contract's action name}."""
    table = DIFFER_ACTIONS if differs() else {}
    return {table.get(name, name): name for name in actions}


def conf_get(key):
    return conf()[key]


def conf_set(values):
    with locked():
        current = conf()
        current.update(values)
        write_json("conf.json", current)


def deployed():
    return read_json("deployed.json")


def deploy_all():
    with locked():
        write_json("deployed.json", {"pgsql.config.max_wal_senders": conf()["pgsql.config.max_wal_senders"]})


def audit_bump(*keys):
    with locked():
        audit = read_json("audit.json")
        for key in keys:
            audit[key] = int(audit.get(key, 0)) + 1
        write_json("audit.json", audit)


def other_hosts():
    """Hosts of alation.cluster.hosts other than this node."""
    hosts = [h for h in conf()["alation.cluster.hosts"].split(",") if h]
    mine = my_ip()
    return [h for h in hosts if h != mine]


def replicas_update(kind, peer, present):
    with locked():
        replicas = read_json("replicas.json")
        if present:
            replicas[kind] = {"peer": peer, "time": time.time()}
        else:
            replicas.pop(kind, None)
        write_json("replicas.json", replicas)


def replicas_clear():
    with locked():
        write_json("replicas.json", {})


def fail(message, code=1):
    sys.stdout.flush()
    sys.stderr.write("error: " + message + "\n")
    sys.stderr.flush()
    sys.exit(code)


def say(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def cluster_pubkey():
    try:
        with open(os.path.join(CLUSTER, "id_cluster.pub")) as handle:
            return handle.read().strip()
    except OSError:
        return None


def key_id(line):
    """'ssh-ed25519 AAAA... comment' -> 'ssh-ed25519 AAAA...' (type and blob), or None."""
    fields = line.split()
    if len(fields) < 2 or not fields[0].startswith(("ssh-", "ecdsa-", "sk-")):
        return None
    return fields[0] + " " + fields[1]


def authorized_key_ids():
    try:
        with open(os.path.join(CLUSTER, "authorized_keys")) as handle:
            return {key_id(line) for line in handle if key_id(line)}
    except OSError:
        return set()
