"""`pair up` / `pair down`: a simulated HA pair (two nodes) and its client-side files."""
import fcntl
import ipaddress
import json
import os
import re
import secrets
import shutil
import subprocess
import threading
import time

import hostlogin
import hostnode
from hostnode import Node

REGISTRY = "/run/hactl-sim/ip"
TEMPLATE = "/var/tmp/hactl-sim/pg15-template-v1"
PGBIN = "/usr/lib/postgresql/15/bin"
SHADOWED = ("/root", "/data", "/opt/alation", "/var/lib/hactl")
WRAPPER = "/opt/alation/bin/alation_shell -c"

TEMPLATE_CONF = """
# simulated Alation node (tests/sim)
unix_socket_directories = ''
max_connections = 30
shared_buffers = 8MB
wal_level = replica
max_wal_senders = 10
max_replication_slots = 10
hot_standby = on
wal_keep_size = 16MB
min_wal_size = 4MB
max_wal_size = 32MB
fsync = off
synchronous_commit = off
wal_retrieve_retry_interval = 1s
log_min_messages = warning
include_if_exists = 'sim.conf'
"""
PG_HBA = """local all all trust
host all all 127.0.0.0/8 trust
host replication all 127.0.0.0/8 trust
"""


class PairError(Exception):
    pass


def ensure_template():
    """A PostgreSQL 15 cluster initialised once per machine and copied into each node."""
    if os.path.isdir(TEMPLATE):
        return
    base = os.path.dirname(TEMPLATE)
    os.makedirs(base, mode=0o755, exist_ok=True)
    with open(os.path.join(base, ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.isdir(TEMPLATE):
            return
        tmp = TEMPLATE + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.mkdir(tmp, 0o700)
        shutil.chown(tmp, "postgres", "postgres")
        subprocess.run(["runuser", "-u", "postgres", "--", PGBIN + "/initdb", "-D", tmp, "-U", "postgres",
                        "-A", "trust", "-E", "UTF8", "--locale=C", "--wal-segsize=1", "--no-sync",
                        "--no-instructions"], check=True, capture_output=True, cwd="/")
        with open(tmp + "/postgresql.conf", "a") as handle:
            handle.write(TEMPLATE_CONF)
        with open(tmp + "/pg_hba.conf", "w") as handle:
            handle.write(PG_HBA)
        os.rename(tmp, TEMPLATE)


def loopback(ip):
    try:
        return ipaddress.IPv4Address(ip) in ipaddress.IPv4Network("127.0.0.0/8")
    except ValueError:
        return False


def load(pair_dir):
    try:
        with open(os.path.join(pair_dir, "sim.json")) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        raise PairError("%s holds no simulated pair (no sim.json)" % pair_dir)


def nodes(meta, pair_dir):
    return {name: Node(pair_dir, name, meta[name]["ip"]) for name in ("primary", "secondary")}


def pair_yaml(pair_dir, meta):
    login = meta.get("login", "root")
    # A hardened host: an ordinary login, the Alation shell through sudo.
    wrapper = WRAPPER if login == "root" else '"sudo %s"' % WRAPPER

    def host(name):
        return """  {name}:
    address: {ip}
    ssh:
      user: {login}
      port: 22
      identityFile: {dir}/id_ed25519
      knownHostsFile: {dir}/known_hosts
    alationShell: {wrapper}
""".format(name=name, ip=meta[name]["ip"], dir=pair_dir, wrapper=wrapper, login=login)
    return ("# A simulated Alation HA pair on loopback, written by tests/sim/pair up.\n"
            "apiVersion: hactl/v1\nkind: HAPair\nmetadata:\n  name: sim-%s\nspec:\n  release: \"%s\"\n"
            % (meta["primary"]["ip"].replace(".", "-"), meta["primary"]["release"])
            + host("primary") + host("secondary")
            + "  replication:\n    maxWalSenders: 4\n    postgres: true\n    kvstore: true\n    eventBus: true\n"
            "  paths:\n    data: /data\n    install: /opt/alation\n    state: /var/lib/hactl\n"
            "  monitorUrl: http://%s/monitor/replication\n  policy:\n    allowDestructive: false\n"
            % meta["primary"]["ip"])


def registry_owner(ip):
    try:
        with open(os.path.join(REGISTRY, ip)) as handle:
            return handle.read().strip()
    except OSError:
        return None


def running(pair_dir):
    """Whether a node of the pair in PAIR_DIR still runs."""
    try:
        meta = load(pair_dir)
    except PairError:
        return False
    return any(node.holder_pid() or node.ns_processes() for node in nodes(meta, pair_dir).values())


def check_args(pair_dir, opts):
    if not os.path.isabs(pair_dir):
        raise PairError("DIR must be absolute")
    for prefix in SHADOWED:
        if pair_dir == prefix or pair_dir.startswith(prefix + "/"):
            raise PairError("DIR must not be under %s (each node has its own %s)" % (prefix, prefix))
    if not re.fullmatch(r"[A-Za-z0-9_./+-]+", pair_dir):
        raise PairError("DIR may hold only letters, digits and _ . / + -")
    for key in ("primary_ip", "secondary_ip"):
        if not loopback(opts[key]):
            raise PairError("%s must be a 127.0.0.0/8 address, not %r" % (key.replace("_", "-"), opts[key]))
    if opts["primary_ip"] == opts["secondary_ip"]:
        raise PairError("the two nodes need different addresses")
    for key in ("data_size_primary", "data_size_secondary", "install_size_primary", "install_size_secondary"):
        if not re.fullmatch(r"[1-9][0-9]*[kKmMgG]?", opts[key]):
            raise PairError("bad size %r (e.g. 64M, 1G)" % opts[key])
    for key in ("release", "release_secondary"):
        if not re.fullmatch(r"20[0-9][0-9]\.[0-9]+(\.[0-9]+)?", opts[key]):
            raise PairError("bad release %r (YEAR.N or YEAR.N.PATCH)" % opts[key])
    try:
        hostlogin.check(opts["login"], (opts["sudo_primary"], opts["sudo_secondary"]))
    except hostlogin.LoginError as exc:
        raise PairError(str(exc))
    for ip in (opts["primary_ip"], opts["secondary_ip"]):
        owner = registry_owner(ip)
        if owner and owner != pair_dir and running(owner):
            raise PairError("%s is used by the pair in %s (run: pair down %s)" % (ip, owner, owner))
        if hostnode.port_open(ip, 22) or hostnode.port_open(ip, 80):
            raise PairError("%s already has a listener on port 22 or 80" % ip)


def up(pair_dir, opts):
    started = time.time()
    pair_dir = os.path.abspath(pair_dir)
    opts = dict(opts)
    opts.setdefault("login", "alationops")
    for name in ("primary", "secondary"):
        opts["sudo_" + name] = opts.get("sudo_" + name) or opts.get("sudo") or "nopasswd"
    check_args(pair_dir, opts)
    os.makedirs(pair_dir, exist_ok=True)
    if running(pair_dir):
        raise PairError("a pair is already running in %s (run: pair down %s)" % (pair_dir, pair_dir))
    if not opts["light"]:
        ensure_template()
    key = os.path.join(pair_dir, "id_ed25519")
    if not os.path.exists(key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hactl-sim-client", "-f", key],
                       check=True, stdin=subprocess.DEVNULL)
    with open(key + ".pub") as handle:
        client_pub = handle.read()
    meta = {"version": 1, "light": opts["light"], "quirks": opts.get("quirks", False),
            "differ": opts.get("differ", False), "preset": opts["preset"],
            "started": started, "login": opts["login"]}
    sizes = {"primary": opts["data_size_primary"], "secondary": opts["data_size_secondary"]}
    install = {"primary": opts["install_size_primary"], "secondary": opts["install_size_secondary"]}
    for name in ("primary", "secondary"):
        meta[name] = {"ip": opts[name + "_ip"], "data_size": sizes[name], "install_size": install[name],
                      "release": opts["release"] if name == "primary" else opts["release_secondary"],
                      "marker": "%s-%s" % (name, secrets.token_hex(8)), "sudo": opts["sudo_" + name]}
    pair = nodes(meta, pair_dir)
    os.makedirs(REGISTRY, exist_ok=True)
    for node in pair.values():
        with open(os.path.join(REGISTRY, node.ip), "w") as handle:
            handle.write(pair_dir)
    with open(os.path.join(pair_dir, "sim.json"), "w") as handle:
        json.dump(meta, handle, indent=1)
    errors = []

    def start(name):
        try:
            node = pair[name]
            node.prepare(client_pub, opts["login"], opts["sudo_" + name])
            spec = {"name": name, "ip": node.ip, "release": meta[name]["release"], "light": opts["light"],
                    "quirks": opts.get("quirks", False), "differ": opts.get("differ", False),
                    "marker": meta[name]["marker"], "copy_rate_mb_s": opts["copy_rate"]}
            node.start(spec, sizes[name], install[name])
        except Exception as exc:  # noqa: BLE001 - reported below, the pair is torn down
            errors.append(str(exc))
    threads = [threading.Thread(target=start, args=(name,)) for name in pair]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        down(pair_dir, quiet=True)
        raise PairError("; ".join(errors))
    with open(os.path.join(pair_dir, "known_hosts"), "w") as handle:
        handle.write(pair["primary"].host_key_line() + pair["secondary"].host_key_line())
    with open(os.path.join(pair_dir, "pair.yaml"), "w") as handle:
        handle.write(pair_yaml(pair_dir, meta))
    if opts["preset"] != "fresh":
        import hostpresets
        try:
            hostpresets.apply(pair, meta, opts["preset"])
        except Exception:
            down(pair_dir, quiet=True)
            raise
    for name, node in pair.items():  # `pair state` counts the SSH sessions after this point
        meta[name]["sshd_log_offset"] = node.sshd_log_size()
    meta["ready_seconds"] = round(time.time() - started, 2)
    with open(os.path.join(pair_dir, "sim.json"), "w") as handle:
        json.dump(meta, handle, indent=1)
    return meta


def down(pair_dir, quiet=False):
    """Stops everything `up` started; returns a list of problems (empty when clean)."""
    pair_dir = os.path.abspath(pair_dir)
    try:
        meta = load(pair_dir)
    except PairError:
        return []
    problems = []
    pair = nodes(meta, pair_dir)
    threads = []
    results = {}
    for name, node in pair.items():
        thread = threading.Thread(target=lambda n=name, nd=node: results.__setitem__(n, nd.down()))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    for name, left in results.items():
        if left:
            problems.append("%s: processes still running: %s" % (name, left))
    for node in pair.values():
        if registry_owner(node.ip) == pair_dir:
            os.unlink(os.path.join(REGISTRY, node.ip))
        for port in (22, 80, 5432, 8088):
            if hostnode.port_open(node.ip, port, timeout=0.2):
                problems.append("%s:%d still listens" % (node.ip, port))
    return problems
