"""Presets: bring a fresh pair to a known point of the runbook by running the node's own commands
(through nsenter, so they do not appear in the node's command log). Audit counts are reset afterwards:
they count what happened after `up`."""
import json
import os
import sys

import hostnode

sys.path.insert(0, os.path.join(hostnode.NODE_SRC, "lib"))
from sim_common import DIFFER_ACTIONS  # noqa: E402 - the node's own table

ALATION_PATH = "/opt/alation/bin:" + hostnode.CLEAN_ENV["PATH"]


def run(node, cmdline, stdin=None):
    proc = node.nsenter(["/usr/bin/env", "PATH=" + ALATION_PATH, "/bin/bash", "-c", cmdline], stdin=stdin,
                        check=False)
    if proc.returncode != 0:
        raise RuntimeError("preset: %s on %s failed (%d): %s%s" % (cmdline, node.name, proc.returncode,
                                                                  proc.stdout, proc.stderr))
    return proc.stdout


def release_tuple(release):
    parts = release.split(".")
    return int(parts[0]), int(parts[1])


def setup(master, slave, release, upto, differ=False):
    """The runbook's steps with MASTER as primary, up to 'half' or 'converged'."""
    def action(name):  # `pair up --differ`: the nodes answer to other names for some actions
        return "alation_action " + (DIFFER_ACTIONS.get(name, name) if differ else name)

    for node in (master, slave):
        run(node, action("cluster_generate_keys"))
    keys = {node.name: run(node, "cat /opt/alation/cluster/id_cluster.pub").strip() for node in (master, slave)}
    for node, other in ((master, slave), (slave, master)):
        run(node, "replication_helper", stdin="%s\n%s\n" % (keys[other.name], other.ip))
    run(master, action("cluster_enter_master_mode"))
    if upto == "half":
        return
    run(slave, "alation_conf alation.cluster.protected_instance -s False")
    if release_tuple(release) >= (2020, 4):
        for node in (master, slave):
            run(node, "alation_conf alation.cluster.override_ip -s %s alation.cluster.enable_override_ip -s True"
                % node.ip)
    run(master, action("cluster_add_slaves"))
    if release_tuple(release) >= (2021, 3):
        run(slave, "alation_conf pgsql.config.max_wal_senders -s 4 && " + action("deploy_conf_all"))
    run(slave, action("cluster_replicate_postgres"))
    run(slave, action("cluster_kvstore_copy"))
    if release_tuple(release) >= (2021, 4):
        run(slave, action("cluster_start_kafka_sync"))


def apply(pair, meta, preset):
    if preset == "swapped":
        master, slave = pair["secondary"], pair["primary"]
    else:
        master, slave = pair["primary"], pair["secondary"]
    setup(master, slave, meta["primary"]["release"], "half" if preset == "half" else "converged",
          meta.get("differ", False))
    zero = json.dumps({"instance_wiped": 0, "postgres_wiped": 0, "kvstore_wiped": 0})
    for node in pair.values():
        node.nsenter(["/bin/sh", "-c", "cat > /opt/alation/sim/state/audit.json"], stdin=zero)
