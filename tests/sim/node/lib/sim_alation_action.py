"""alation_action NAME: the cluster actions of the host contract (section 3)."""
import json
import os
import subprocess
import sys
import time

import sim_common as c
import sim_faults
import sim_peer
import sim_pg


def _log_for(name):
    def log(message):
        c.say("[%s] %s" % (name, message))
    return log


def _copy_paced(log, label, extra=None):
    """Simulated transfer time: the data partition's size at the node's copy rate; prints progress."""
    st = os.statvfs(c.DATA)
    size_mb = st.f_blocks * st.f_frsize / (1 << 20)
    rate = float(c.node().get("copy_rate_mb_s", 256))
    total = size_mb / rate
    steps = max(1, min(20, int(total / 0.2)))
    for i in range(1, steps + 1):
        time.sleep(total / steps)
        log("%s: %d%% of %d MB" % (label, 100 * i // steps, size_mb))
    if extra:
        extra()


def _master():
    hosts = c.other_hosts()
    if len(hosts) != 1:
        c.fail("alation.cluster.hosts must name exactly one other host (found %d)" % len(hosts))
    return hosts[0]


def _replica_add(master, kind, failure):
    """Registers this host's KIND replica with the master; fails with FAILURE on error."""
    status, _, err = sim_peer.run(master, ["replica-add", kind, c.my_ip()])
    if status != "ok":
        c.fail("%s %s: %s" % (failure, master, err))


def _need_slave():
    if c.conf_get("alation.cluster.replication_mode") != "slave":
        c.fail("this host is not in slave mode (alation.cluster.replication_mode = %s)"
               % c.conf_get("alation.cluster.replication_mode"))


def generate_keys(log, pace):
    os.makedirs(c.CLUSTER, exist_ok=True)
    tmp = c.CLUSTER + "/.id_cluster.new"
    for path in (tmp, tmp + ".pub"):
        if os.path.exists(path):
            os.unlink(path)
    log("generating the cluster key pair")
    pace.slow()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "alation-cluster@" + c.my_ip(), "-f", tmp],
                   check=True, stdin=subprocess.DEVNULL)
    os.rename(tmp, c.CLUSTER + "/id_cluster")
    os.rename(tmp + ".pub", c.CLUSTER + "/id_cluster.pub")
    log("public key written to %s/id_cluster.pub" % "/opt/alation/cluster")


def enter_master_mode(log, pace):
    if c.cluster_pubkey() is None:
        c.fail("no cluster keys: run alation_action cluster_generate_keys first")
    mode = c.conf_get("alation.cluster.replication_mode")
    if mode == "slave":
        c.fail("this host is a slave; it cannot enter master mode")
    if mode == "master":
        log("already in master mode; nothing to do")
        return
    pace.slow()
    sim_pg.serve_replication(True)
    c.conf_set({"alation.cluster.replication_mode": "master"})
    log("replication mode set to master")
    log("restarting Alation services")
    time.sleep(0.2)
    log("Alation services restarted")


def add_slaves(log, pace):
    if c.conf_get("alation.cluster.replication_mode") != "master":
        c.fail("this host is not in master mode: run alation_action cluster_enter_master_mode first")
    peer = _master()
    log("checking the secondary %s" % peer)
    facts, reason = sim_peer.facts(peer)
    if facts is None:
        c.fail("cannot use %s: %s" % (peer, reason))
    if c.key_id(facts.get("pubkey") or "") not in c.authorized_key_ids():
        c.fail("this host does not trust the cluster key of %s: run replication_helper" % peer)
    if facts["protected"] != "False":
        c.fail("%s is a protected instance (alation.cluster.protected_instance = %s)" % (peer, facts["protected"]))
    if facts["mode"] == "master":
        c.fail("%s is in master mode: run alation_action cluster_enter_standalone_mode there first" % peer)
    if c.release_tuple(c.release()) >= (2020, 4):
        mine = c.conf()
        if mine["alation.cluster.enable_override_ip"] != "True" or mine["alation.cluster.override_ip"] != c.my_ip():
            c.fail("override IP of this host is not set: alation.cluster.override_ip must be %s and "
                   "alation.cluster.enable_override_ip True" % c.my_ip())
        if facts["enable_override_ip"] != "True" or facts["override_ip"] != peer:
            c.fail("override IP of %s is not set: alation.cluster.override_ip must be %s and "
                   "alation.cluster.enable_override_ip True there" % (peer, peer))
    pace.slow()
    reset_backup = c.release_tuple(c.release()) < (2021, 2)
    log("adding %s as slave: deleting its instance data" % peer)
    status, out, err = sim_peer.run(peer, ["become-slave", c.my_ip(), "1" if reset_backup else "0"], timeout=300)
    if status != "ok":
        c.fail("adding %s failed: %s" % (peer, err.strip() or status))
    for line in out.splitlines():
        log("%s: %s" % (peer, line))
    c.replicas_clear()
    if reset_backup:
        c.conf_set({"alation.feature_flags.enable_backup_v2": "False"})
        log("Backup V2 flag reset to False")
    log("restarting PostgreSQL")
    sim_pg.restart()
    log("%s is now a slave of %s" % (peer, c.my_ip()))


def deploy_conf_all(log, pace):
    log("applying the configuration")
    pace.slow()
    c.deploy_all()
    log("restarting services")
    if sim_pg.running():
        sim_pg.restart()
    log("configuration deployed (pgsql.config.max_wal_senders = %s)" % c.deployed()["pgsql.config.max_wal_senders"])


def replicate_postgres(log, pace):
    _need_slave()
    if c.release_tuple(c.release()) >= (2021, 3):
        deployed = c.deployed().get("pgsql.config.max_wal_senders")
        if deployed != "4":
            c.fail("pgsql.config.max_wal_senders deployed value is %s, must be 4: set it and run "
                   "alation_action deploy_conf_all" % deployed)
    master = _master()
    if not sim_peer.port_open(master, 5432, timeout=3):
        c.fail("PostgreSQL on %s:5432 does not answer" % master)
    master_facts = None
    if c.is_light():
        master_facts, reason = sim_peer.facts(master)
        if master_facts is None:
            c.fail("cannot use %s: %s" % (master, reason))
        sim_peer.run(master, ["replica-drop", "postgres", c.my_ip()])
    log("stopping PostgreSQL")
    sim_pg.wipe()
    c.audit_bump("postgres_wiped")
    log("PostgreSQL data deleted")
    pace.after_wipe("cluster_replicate_postgres")
    _copy_paced(log, "copying PostgreSQL data from %s" % master, pace.slow)
    error = sim_pg.basebackup(master, log)
    if error:
        c.fail(error)
    if c.is_light():
        sim_pg.set_marker(master_facts.get("marker") or "")
        sim_pg.start()
        _replica_add(master, "postgres", "cannot register with")
    log("streaming replication from %s is running" % master)


def kvstore_copy(log, pace):
    _need_slave()
    master = _master()
    status, data, err = sim_peer.run(master, ["kvstore-dump", c.my_ip()], text=False, timeout=300)
    if status != "ok":
        c.fail("cannot copy the KV store from %s: %s" % (master, err.strip()))
    log("deleting the KV store data")
    subprocess.run(["rm", "-rf", c.DATA + "/kvstore"], check=True)
    c.audit_bump("kvstore_wiped")
    os.makedirs(c.DATA + "/kvstore")
    pace.after_wipe("cluster_kvstore_copy")
    _copy_paced(log, "copying the KV store from %s" % master, pace.slow)
    subprocess.run(["tar", "-x", "-C", c.DATA + "/kvstore"], input=data, check=True)
    _replica_add(master, "kvstore", "cannot register with")
    log("KV store copied from %s and in sync" % master)


def start_kafka_sync(log, pace):
    _need_slave()
    master = _master()
    pace.slow()
    _replica_add(master, "eventbus", "cannot start the event bus sync with")
    log("Kafka sync from %s is running" % master)


def replicate_files(log, pace):
    _need_slave()
    master = _master()
    log("rsync of files and configuration from %s" % master)
    status, data, err = sim_peer.run(master, ["files-dump"], text=False)
    if status != "ok":
        c.fail("rsync error: %s" % err.strip())
    pace.slow()
    subprocess.run(["tar", "-x", "-C", c.INSTALL + "/site"], input=data, check=True)
    log("files and configuration synchronised")


def _stop_replicating(log):
    """This slave stops replicating and keeps its data: its PostgreSQL standby is promoted (writable);
    its KV store copy and event-bus sync end (the master sees them gone: the monitor asks whether the
    peer is still a slave)."""
    error = sim_pg.promote()
    if error:
        c.fail(error)
    log("PostgreSQL promoted: this host now serves its own data")


def failover(log, pace):
    if c.conf_get("alation.cluster.replication_mode") != "slave":
        c.fail("this host is not in slave mode (alation.cluster.replication_mode = %s): cluster_failover "
               "runs on a secondary" % c.conf_get("alation.cluster.replication_mode"))
    pace.slow()
    log("failing over: stopping replication (PostgreSQL, KV store, event bus)")
    _stop_replicating(log)
    c.conf_set({"alation.cluster.replication_mode": "standalone"})
    log("this host is now standalone; keys and cluster hosts are kept. This cannot be reversed")


def enter_standalone_mode(log, pace):
    mode = c.conf_get("alation.cluster.replication_mode")
    if mode == "standalone":
        log("already in standalone mode; nothing to do")
        return
    pace.slow()
    if mode == "master":
        log("stopping replication service to the secondary")
        sim_pg.serve_replication(False)
        c.replicas_clear()
    else:
        log("stopping replication from the master")
        _stop_replicating(log)
    c.conf_set({"alation.cluster.replication_mode": "standalone"})
    log("replication mode set to standalone; keys, cluster hosts and data are kept")


ACTIONS = {
    "cluster_generate_keys": (generate_keys, None),
    "cluster_enter_master_mode": (enter_master_mode, None),
    "cluster_add_slaves": (add_slaves, None),
    "deploy_conf_all": (deploy_conf_all, None),
    "cluster_replicate_postgres": (replicate_postgres, None),
    "cluster_kvstore_copy": (kvstore_copy, None),
    "cluster_start_kafka_sync": (start_kafka_sync, (2021, 4)),
    "cluster_replicate_files": (replicate_files, None),
    "cluster_failover": (failover, None),
    "cluster_enter_standalone_mode": (enter_standalone_mode, None),
}


def main(argv):
    names = c.action_names(ACTIONS)  # the names this node answers to (`pair up --differ` renames some)
    if len(argv) != 1:
        sys.stderr.write("usage: alation_action NAME\nactions: %s\n" % ", ".join(sorted(names)))
        return 2
    if argv[0] not in names:
        sys.stderr.write("alation_action: unknown action: %s\n" % argv[0])
        return 2
    name = names[argv[0]]
    func, gate = ACTIONS[name]
    if gate and c.release_tuple(c.release()) < gate:
        c.fail("%s is not available in release %s (needs %d.%d or later)" % ((name, c.release()) + gate))
    record = os.path.join(c.RUN, "actions", "%d.json" % os.getpid())
    os.makedirs(os.path.dirname(record), exist_ok=True)
    with open(record, "w") as handle:
        json.dump({"action": name, "pid": os.getpid(), "started": time.time()}, handle)
    try:
        taken = sim_faults.take(name)
        if taken.hang:
            time.sleep(taken.hang)
        if taken.hold:
            sim_faults.hold(_log_for(name))
        if taken.garbage:
            sim_faults.garbage(name)
        if taken.flood:
            sim_faults.flood(name)
        if taken.fail:
            c.fail("%s failed (injected fault)" % name)
        func(_log_for(name), sim_faults.Pacer(taken.slow, _log_for(name), taken.fail_late))
        return 0
    finally:
        os.unlink(record)
