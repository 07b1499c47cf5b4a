"""`pair fault DIR NODE KIND [ARGS]` and `pair rotate-hostkey DIR NODE`."""
import contextlib
import fcntl
import json
import os
import re
import sys
import tempfile

import hostnode
import hostpair

sys.path.insert(0, os.path.join(hostnode.NODE_SRC, "lib"))
from sim_alation_action import ACTIONS  # noqa: E402 - the node's own action table

RELEASE_RE = re.compile(r"20[0-9][0-9]\.[0-9]{1,2}(\.[0-9]{1,3})?")
LATE_ACTIONS = ("cluster_replicate_postgres", "cluster_kvstore_copy")

USAGE = """fault kinds:
  fail ACTION N             the next N runs of ACTION fail at once (exit 1), changing nothing
  fail-late ACTION N        the next N runs of a long destructive ACTION (cluster_replicate_postgres,
                            cluster_kvstore_copy) delete the data, then fail (exit 1)
  hang ACTION SECONDS [N]   the next N runs (default 1) of ACTION block SECONDS silently, then run normally
  slow ACTION SECONDS [N]   the next N runs (default: all until cleared) take SECONDS longer, printing progress
  hold ACTION [N]           the next N runs (default 1) of ACTION block, printing progress, until released
  release ACTION            lets every held run of ACTION go on and drops its pending holds
  garbage ACTION [N]        the next N runs print terminal escapes and invalid UTF-8, then fail (exit 1)
  flood ACTION [N]          the next N runs (default 1) print without end at full speed, until killed
  clear [ACTION]            removes the injected faults of ACTION (or of all actions)
  sshd-stop | sshd-start    stops / starts the node's sshd (other services keep running)
  monitor-stop | monitor-start  stops / starts the node's monitor (port 80, and its stub listeners)
  drop-connections          kills every open SSH connection to the node (its sshd keeps listening)
  rotate-hostkey            gives the node a new host key; known_hosts is NOT updated"""


@contextlib.contextmanager
def faults_file(node):
    state = node.path("/opt/alation/sim/state")
    if state is None:
        raise hostpair.PairError("node %s is not running" % node.name)
    with open(os.path.join(state, ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(os.path.join(state, "faults.json")) as handle:
                faults = json.load(handle)
        except (OSError, ValueError):
            faults = {}
        yield faults
        fd, tmp = tempfile.mkstemp(dir=state, prefix=".faults")
        with os.fdopen(fd, "w") as handle:
            json.dump(faults, handle, indent=1, sort_keys=True)
        os.rename(tmp, os.path.join(state, "faults.json"))


def _number(text, kind):
    try:
        value = float(text) if kind == "seconds" else int(text)
    except ValueError:
        raise hostpair.PairError("%s must be a number, not %r" % (kind, text))
    if value < 0:
        raise hostpair.PairError("%s must not be negative" % kind)
    return value


def held_runs(node):
    """[{"action", "pid", "since"}] of the runs held now (a `hold` fault), oldest first."""
    folder = node.path("/opt/alation/sim/run/held")
    runs = []
    for name in sorted(os.listdir(folder)) if folder and os.path.isdir(folder) else []:
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name)) as handle:
                record = json.load(handle)
        except (OSError, ValueError):
            continue
        if os.path.exists("/proc/%d" % record["pid"]) and not os.path.exists(os.path.join(folder, name[:-5] + ".released")):
            runs.append(record)
    return sorted(runs, key=lambda r: r["since"])


def release_held(node, action):
    """Creates the release file of every held run of ACTION (call with the faults lock held); returns how many."""
    folder = node.path("/opt/alation/sim/run/held")
    count = 0
    for record in held_runs(node):
        if record["action"] == action:
            open(os.path.join(folder, "%d.released" % record["pid"]), "w").close()
            count += 1
    return count


def reboot(pair_dir, node_name):
    meta = hostpair.load(pair_dir)
    node = hostpair.nodes(meta, pair_dir)[node_name]
    if node.holder_pid() is None:
        raise hostpair.PairError("node %s is not running" % node_name)
    old = node.boot_id()
    try:
        killed = node.reboot()
    except RuntimeError as exc:
        raise hostpair.PairError(str(exc))
    print("rebooted %s: %d job and session process(es) killed, boot id %s -> %s" % (node_name, killed, old, node.boot_id()))
    return 0


def set_release(pair_dir, node_name, release):
    """Changes a running node's installed release (an upgrade): release file and node record; conf, keys,
    data and services kept. pair.yaml is not changed."""
    if not RELEASE_RE.fullmatch(release):
        raise hostpair.PairError("release must be YEAR.N or YEAR.N.PATCH, not %r" % release)
    meta = hostpair.load(pair_dir)
    node = hostpair.nodes(meta, pair_dir)[node_name]
    if node.holder_pid() is None:
        raise hostpair.PairError("node %s is not running" % node_name)
    proc = node.nsenter(["/opt/alation/sim/bin/simctl", "set-release", release], timeout=60)
    print("%s: %s" % (node_name, proc.stdout.strip()))
    return 0


def fault(pair_dir, node_name, kind, args):
    meta = hostpair.load(pair_dir)
    node = hostpair.nodes(meta, pair_dir)[node_name]
    if node.holder_pid() is None:
        raise hostpair.PairError("node %s is not running" % node_name)
    if kind == "fail-late" and (not args or args[0] not in LATE_ACTIONS):
        raise hostpair.PairError("fail-late applies to %s" % ", ".join(LATE_ACTIONS))
    if kind in ("fail", "fail-late", "hang", "slow"):
        if not args or args[0] not in ACTIONS:
            raise hostpair.PairError("%s needs an action: %s\n%s" % (kind, ", ".join(ACTIONS), USAGE))
        action = args[0]
        if kind in ("fail", "fail-late"):
            if len(args) != 2:
                raise hostpair.PairError("usage: fault DIR NODE %s ACTION N" % kind)
            with faults_file(node) as faults:
                faults.setdefault(action, {})[kind.replace("-", "_")] = _number(args[1], "count")
        else:
            if len(args) not in (2, 3):
                raise hostpair.PairError("usage: fault DIR NODE %s ACTION SECONDS [N]" % kind)
            count = _number(args[2], "count") if len(args) == 3 else (1 if kind == "hang" else -1)
            with faults_file(node) as faults:
                faults.setdefault(action, {})[kind] = {"seconds": _number(args[1], "seconds"), "count": count}
    elif kind in ("hold", "garbage", "flood"):
        if not args or args[0] not in ACTIONS or len(args) > 2:
            raise hostpair.PairError("usage: fault DIR NODE %s ACTION [N] (ACTION: %s)" % (kind, ", ".join(ACTIONS)))
        count = _number(args[1], "count") if len(args) == 2 else 1
        with faults_file(node) as faults:
            entry = faults.setdefault(args[0], {})
            entry[kind] = int(entry.get(kind, 0)) + count
            if not entry[kind]:
                del entry[kind]
            if not entry:
                del faults[args[0]]
    elif kind == "release":
        if len(args) != 1 or args[0] not in ACTIONS:
            raise hostpair.PairError("usage: fault DIR NODE release ACTION (ACTION: %s)" % ", ".join(ACTIONS))
        with faults_file(node) as faults:
            entry = faults.get(args[0], {})
            entry.pop("hold", None)
            if not entry:
                faults.pop(args[0], None)
            released = release_held(node, args[0])
        print("released %d held run(s) of %s" % (released, args[0]))
    elif kind == "clear":
        with faults_file(node) as faults:
            if args:
                faults.pop(args[0], None)
            else:
                faults.clear()
    elif kind == "sshd-stop":
        node.stop_sshd()
    elif kind == "sshd-start":
        if node.sshd_pid() is None:
            node.start_sshd()
    elif kind in ("monitor-stop", "monitor-start"):
        node.nsenter(["/opt/alation/sim/bin/simctl", kind], timeout=60)
    elif kind == "drop-connections":
        print("dropped %d connection(s)" % node.drop_connections())
    elif kind == "rotate-hostkey":
        node.rotate_host_key()
    else:
        print(USAGE, file=sys.stderr)
        return 2
    return 0
