"""`pair selftest`: the vendor runbook driven by hand over plain OpenSSH (no hactl), per release,
with the checks and traps of tests/sim/README.md. Pairs live on 127.0.10.x and are always torn down."""
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

import hostpair
from hostpair import WRAPPER
from hostpresets import release_tuple as rel
from hoststate import PSQL

PAIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pair")
DEFAULT_RELEASES = ("2020.3", "2021.3", "2023.1")
OUT = threading.Lock()


class Failed(Exception):
    pass


class Runbook:
    def __init__(self, release, pair_dir, ips, use_pty, quirks, lifecycle=False):
        self.release = release
        self.lifecycle = lifecycle
        self.quirks = quirks
        self.dir = pair_dir
        self.ip = {"primary": ips[0], "secondary": ips[1]}
        self.use_pty = use_pty
        self.checks = 0

    # ---- plumbing ------------------------------------------------------------------------
    def say(self, text):
        with OUT:
            print("[%s] %s" % (self.release, text), flush=True)

    def check(self, condition, what):
        self.checks += 1
        if not condition:
            raise Failed(what)

    def ssh_args(self, node, tty=False, shared=True):
        """Plain OpenSSH; commands share one multiplexed connection per node (the dialogues do not)."""
        mux = ["-o", "ControlMaster=auto", "-o", "ControlPath=" + os.path.join(self.dir, "mux-%h"),
               "-o", "ControlPersist=120"] if shared else []
        return ["ssh", "-tt" if tty else "-T", "-i", os.path.join(self.dir, "id_ed25519"),
                "-o", "UserKnownHostsFile=" + os.path.join(self.dir, "known_hosts"), "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=10"] + mux + ["root@" + self.ip[node]]

    def close_connections(self):
        for node in self.ip:
            subprocess.run(self.ssh_args(node) + ["-O", "exit"], capture_output=True, stdin=subprocess.DEVNULL)

    def host(self, node, command, timeout=300):
        """A host command over ssh (outside the Alation shell)."""
        return subprocess.run(self.ssh_args(node) + [command], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=timeout)

    def shell(self, node, cmdline, expect=0, timeout=300):
        """CMDLINE in the node's Alation shell; checks the exit status when EXPECT is not None."""
        proc = self.host(node, WRAPPER + " " + shlex.quote(cmdline), timeout)
        if expect is not None:
            self.check(proc.returncode == expect, "%s on %s: exit %d, expected %d\nstdout: %s\nstderr: %s"
                       % (cmdline, node, proc.returncode, expect, proc.stdout, proc.stderr))
        return proc

    def conf(self, node, key):
        out = self.shell(node, "alation_conf " + key).stdout
        line = [x for x in out.splitlines() if x.strip()][0]
        name, value = line.split("=", 1)
        self.check(name.strip() == key, "alation_conf %s printed %r" % (key, line))
        return value.strip()

    def state(self, row_check=False):
        args = [PAIR, "state", self.dir] + ([] if row_check else ["--no-row-check"])
        return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)

    @staticmethod
    def snapshot(st):
        keep = ("conf", "deployed", "audit", "mode", "marker", "authorized_keys", "cluster_public_key")
        return {name: {k: st[name].get(k) for k in keep} for name in ("primary", "secondary")}

    def dialogue(self, node, answers, tty):
        """Runs replication_helper, answering each prompt (a stall after text without newline that names
        'public key' / 'IP address'); returns (exit status, transcript)."""
        proc = subprocess.Popen(self.ssh_args(node, tty, shared=False) + [WRAPPER + " replication_helper"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        transcript = b""
        pending = list(answers)
        deadline = time.time() + 30
        while time.time() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 0.3)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                transcript += chunk
                continue
            tail = transcript.replace(b"\r", b"").rsplit(b"\n", 1)[-1].decode(errors="replace").lower()
            if pending and tail.strip() and ("public key" in tail or "ip address" in tail):
                proc.stdin.write((pending.pop(0) + "\n").encode())
                proc.stdin.flush()
                transcript += b"\n"
        proc.stdin.close()
        rc = proc.wait(timeout=30)
        return rc, transcript.decode(errors="replace").replace("\r", "")

    # ---- the runbook -----------------------------------------------------------------------
    def run(self):
        t0 = time.time()
        up = subprocess.run([PAIR, "up", self.dir, "--release", self.release, "--primary-ip", self.ip["primary"],
                             "--secondary-ip", self.ip["secondary"], "--login", "root"] + (["--quirks"] if self.quirks else []),
                            capture_output=True, text=True)
        self.check(up.returncode == 0, "pair up failed: %s%s" % (up.stdout, up.stderr))
        self.say(up.stdout.strip())
        P, S = "primary", "secondary"
        start = self.state()
        marker = start[P]["marker_at_up"]
        self.check(start[P]["marker"] == marker, "primary marker is %r at start" % start[P]["marker"])

        # Prerequisites: same release, same partition sizes.
        for node in (P, S):
            text = self.host(node, "cat /opt/alation/django/main/alation_version.py").stdout
            self.check('ALATION_RELEASE = "%s.' % self.release in text, "release file of %s: %s" % (node, text))
        sizes = {n: self.host(n, "df -P -B1 /data /opt/alation").stdout.splitlines()[1:] for n in (P, S)}
        self.check([l.split()[1] for l in sizes[P]] == [l.split()[1] for l in sizes[S]], "sizes differ: %s" % sizes)
        self.check(self.shell(P, "replication_port_check", expect=2).returncode == 2, "port check without hosts")

        # Step 2: generate keys.
        for node in (P, S):
            self.shell(node, "alation_action cluster_generate_keys")
        keys = {n: self.host(n, "cat /opt/alation/cluster/id_cluster.pub").stdout.strip() for n in (P, S)}
        self.check(all(k.startswith("ssh-") for k in keys.values()), "cluster keys: %s" % keys)

        # Step 3: key exchange through replication_helper's prompts (one side over a PTY, one over pipes).
        before = self.snapshot(self.state())
        rc, text = self.dialogue(P, ["not a key"], tty=False)
        self.check(rc != 0, "replication_helper accepted an invalid key:\n" + text)
        rc, text = self.dialogue(P, [keys[S], "10.0.0.300"], tty=False)
        self.check(rc != 0, "replication_helper accepted an invalid IP:\n" + text)
        self.check(self.snapshot(self.state()) == before, "an invalid helper answer changed something")
        for node, other in ((P, S), (S, P)):
            rc, text = self.dialogue(node, [keys[other], self.ip[other]], tty=self.use_pty and node == P)
            self.check(rc == 0, "replication_helper on %s failed:\n%s" % (node, text))
            self.check(keys[node] in text and self.ip[node] in text, "helper did not show key/IP:\n" + text)
            self.check(self.conf(node, "alation.cluster.hosts") == "%s,%s" % (self.ip[node], self.ip[other]),
                       "cluster hosts of %s" % node)
        before = self.snapshot(self.state())
        rc, _ = self.dialogue(S, [keys[P], self.ip[P]], tty=False)
        self.check(rc == 0 and self.snapshot(self.state()) == before, "helper again with the same answers changed")

        # Step 4: master mode (twice: the second is a no-op).
        self.shell(P, "alation_action cluster_enter_master_mode")
        self.shell(P, "alation_action cluster_enter_master_mode")
        self.check(self.conf(P, "alation.cluster.replication_mode") == "master", "primary is not master")
        # Steps 5 and 6.
        self.shell(S, "alation_conf alation.cluster.protected_instance -s False")
        if rel(self.release) >= (2020, 4):
            for node in (P, S):
                self.shell(node, "alation_conf alation.cluster.override_ip -s %s" % self.ip[node])
                self.shell(node, "alation_conf alation.cluster.enable_override_ip -s True")

        # Trap: add_slaves while the secondary is protected fails and changes nothing.
        self.shell(S, "alation_conf alation.cluster.protected_instance -s True")
        before = self.snapshot(self.state())
        proc = self.shell(P, "alation_action cluster_add_slaves", expect=None)
        self.check(proc.returncode != 0 and "protected" in proc.stderr, "add_slaves on a protected secondary: %d %s"
                   % (proc.returncode, proc.stderr))
        self.check(self.snapshot(self.state()) == before, "failed add_slaves changed something")
        self.say("trap ok: add_slaves refused while the secondary is protected")
        self.shell(S, "alation_conf alation.cluster.protected_instance -s False")

        # Step 7: add the secondary.
        self.shell(P, "alation_action cluster_add_slaves")
        st = self.state()
        self.check(st[S]["mode"] == "slave", "secondary is %s after add_slaves" % st[S]["mode"])
        self.check(st[S]["audit"] == {"instance_wiped": 1, "postgres_wiped": 1, "kvstore_wiped": 1},
                   "secondary audit after add_slaves: %s" % st[S]["audit"])
        self.check(self.conf(S, "pgsql.config.max_wal_senders") == "10", "max_wal_senders not reset on secondary")
        if rel(self.release) < (2021, 2):
            for node in (P, S):
                self.check(self.conf(node, "alation.feature_flags.enable_backup_v2").lower() == "false",
                           "backup v2 flag not reset on %s" % node)

        # Step 8, with its trap from 2021.3: replicate below 4 WAL senders fails and wipes nothing.
        if rel(self.release) >= (2021, 3):
            for step in ("", "alation_conf pgsql.config.max_wal_senders -s 4"):
                if step:
                    self.shell(S, step)
                before = self.snapshot(self.state())
                proc = self.shell(S, "alation_action cluster_replicate_postgres", expect=None)
                self.check(proc.returncode != 0 and "max_wal_senders" in proc.stderr,
                           "replicate with max_wal_senders not deployed as 4: %d %s" % (proc.returncode, proc.stderr))
                self.check(self.snapshot(self.state()) == before, "failed replicate changed something")
            self.say("trap ok: replicate_postgres refused until max_wal_senders = 4 is deployed")
            self.check(self.conf(S, "pgsql.config.max_wal_senders") == "4", "max_wal_senders not 4")
            self.shell(S, "alation_action deploy_conf_all")

        # Steps 9-11.
        proc = self.shell(S, "alation_action cluster_replicate_postgres")
        self.check(len(proc.stdout.splitlines()) >= 3, "replicate printed no progress: %r" % proc.stdout)
        self.shell(S, "alation_action cluster_kvstore_copy")
        if rel(self.release) >= (2021, 4):
            self.shell(S, "alation_action cluster_start_kafka_sync")
        else:
            before = self.snapshot(self.state())
            self.shell(S, "alation_action cluster_start_kafka_sync", expect=1)
            self.check(self.snapshot(self.state()) == before, "kafka sync below 2021.4 changed something")

        # Verification: ports, monitor, files, a row.
        for node in (P, S):
            proc = self.shell(node, "replication_port_check")
            self.check(proc.stdout.count(" open") == 3, "port check on %s: %s" % (node, proc.stdout))
        url = "http://%s/monitor/replication" % self.ip[P]
        body = json.loads(self.host(P, "curl -sS -L --max-time 10 " + url).stdout)
        self.check(isinstance(body["postgres"]["lag_bytes"], int), "postgres lag not numeric: %s" % body)
        self.check(isinstance(body["kvstore"]["lag_bytes"], int), "kvstore lag not numeric: %s" % body)
        if rel(self.release) >= (2021, 4):
            self.check(body.get("eventbus", {}).get("sync") == "running", "eventbus not running: %s" % body)
        else:
            self.check("eventbus" not in body, "eventbus reported below 2021.4: %s" % body)
        self.shell(S, "alation_action cluster_replicate_files")
        token = "row-%d" % os.getpid()
        psql = "%s -X -A -t -h %%s -U postgres -d postgres -c %%s" % PSQL
        self.check(self.host(P, psql % (self.ip[P], shlex.quote(
            "CREATE TABLE selftest (v text); INSERT INTO selftest VALUES ('%s')" % token))).returncode == 0,
            "insert on the primary failed")
        seen = ""
        for _ in range(50):
            seen = self.host(S, psql % (self.ip[S], shlex.quote("SELECT v FROM selftest"))).stdout.strip()
            if seen == token:
                break
            time.sleep(0.2)
        self.check(seen == token, "row written on the primary not read on the secondary (%r)" % seen)

        # Audit: the secondary wiped exactly as the runbook implies; the primary untouched.
        st = self.state(row_check=True)
        self.check(st[S]["audit"] == {"instance_wiped": 1, "postgres_wiped": 2, "kvstore_wiped": 2},
                   "secondary audit: %s" % st[S]["audit"])
        self.check(st[P]["audit"] == {"instance_wiped": 0, "postgres_wiped": 0, "kvstore_wiped": 0},
                   "primary audit: %s" % st[P]["audit"])
        self.check(st[P]["marker"] == marker and st[S]["marker"] == marker, "marker: %s / %s (expected %s)"
                   % (st[P]["marker"], st[S]["marker"], marker))
        self.check(st["replication"]["streaming"] and st["replication"]["row_check"] == "ok",
                   "state replication: %s" % st["replication"])
        self.check(any(c["command"] == "alation_action cluster_add_slaves" for c in st[P]["commands"]),
                   "command log of the primary lacks add_slaves")

        # Trap: generate_keys again replaces the key and breaks the earlier exchange.
        self.shell(P, "alation_action cluster_generate_keys")
        new_key = self.host(P, "cat /opt/alation/cluster/id_cluster.pub").stdout.strip()
        self.check(new_key != keys[P], "generate_keys again did not replace the key")
        before = self.snapshot(self.state())
        proc = self.shell(P, "alation_action cluster_add_slaves", expect=None)
        self.check(proc.returncode != 0 and "trust" in proc.stderr, "add_slaves after a new key: %d %s"
                   % (proc.returncode, proc.stderr))
        self.check(self.snapshot(self.state()) == before, "failed add_slaves changed something")
        self.say("trap ok: generate_keys again replaced the key; the old exchange no longer works")
        if self.lifecycle:
            rc, text = self.dialogue(S, [new_key, self.ip[P]], tty=False)
            self.check(rc == 0, "replication_helper on %s with the new key failed:\n%s" % (S, text))
            self.run_lifecycle(marker)
        self.say("PASS: %d checks in %.1fs" % (self.checks, time.time() - t0))


    def read_rows(self, node, table):
        psql = "%s -X -A -t -h %%s -U postgres -d postgres -c %%s" % PSQL
        proc = self.host(node, psql % (self.ip[node], shlex.quote("SELECT v FROM %s ORDER BY v" % table)))
        return proc.stdout.split() if proc.returncode == 0 else None

    def write_row(self, node, table, value):
        psql = "%s -X -A -t -h %%s -U postgres -d postgres -c %%s" % PSQL
        return self.host(node, psql % (self.ip[node], shlex.quote(
            "CREATE TABLE IF NOT EXISTS %s (v text); INSERT INTO %s VALUES ('%s')" % (table, table, value)))).returncode == 0

    def monitor(self, node):
        url = "http://%s/monitor/replication" % self.ip[node]
        return json.loads(self.host(node, "curl -sS -L --max-time 10 " + url).stdout)

    def run_lifecycle(self, marker):
        """Contract section 9 on the replicating pair: failover, rebuild with the roles exchanged (the
        add_slaves precondition on a master peer), split."""
        P, S = "primary", "secondary"
        eventbus = rel(self.release) >= (2021, 4)
        # Trap: cluster_failover on the master fails and changes nothing.
        before = self.snapshot(self.state())
        proc = self.shell(P, "alation_action cluster_failover", expect=None)
        self.check(proc.returncode == 1 and "slave" in proc.stderr, "failover on the master: %d %s"
                   % (proc.returncode, proc.stderr))
        self.check(self.snapshot(self.state()) == before, "a refused failover changed something")
        # Failover on the secondary: standalone, its PostgreSQL writable with its data; the master not told.
        self.shell(S, "alation_action cluster_failover")
        st = self.state()
        self.check(st[S]["mode"] == "standalone" and st[P]["mode"] == "master", "modes after failover: %s / %s"
                   % (st[P]["mode"], st[S]["mode"]))
        self.check(st[S]["postgres"]["in_recovery"] is False, "failed-over PostgreSQL: %s" % st[S]["postgres"])
        for key in ("audit", "authorized_keys", "cluster_public_key"):
            self.check(st[S][key] == before[S][key], "failover changed %s: %s" % (key, st[S][key]))
        kept = dict(before[S]["conf"], **{"alation.cluster.replication_mode": "standalone"})
        self.check(st[S]["conf"] == kept, "failover changed the conf: %s" % st[S]["conf"])
        self.check(st[S]["marker"] == marker, "failed-over marker %r" % st[S]["marker"])
        self.check(self.write_row(S, "lifecycle", "after-failover"), "the failed-over host is not writable")
        body = self.monitor(P)
        self.check(body["postgres"]["lag_bytes"] == "unknown" and body["kvstore"]["lag_bytes"] == "unknown",
                   "old master's monitor after failover: %s" % body)
        if eventbus:
            self.check(body["eventbus"]["sync"] == "stopped", "event bus after failover: %s" % body)
        before = self.snapshot(self.state())
        self.shell(S, "alation_action cluster_failover", expect=1)
        self.check(self.snapshot(self.state()) == before, "a second failover changed something")
        self.say("lifecycle ok: failover (standalone, writable, data and keys kept, old master not told)")

        # Rebuild with the roles exchanged; add_slaves refuses a peer in master mode.
        self.shell(S, "alation_action cluster_enter_master_mode")
        self.shell(P, "alation_conf alation.cluster.protected_instance -s False")
        before = self.snapshot(self.state())
        proc = self.shell(S, "alation_action cluster_add_slaves", expect=None)
        self.check(proc.returncode == 1 and "master mode" in proc.stderr, "add_slaves with a master peer: %d %s"
                   % (proc.returncode, proc.stderr))
        self.check(self.snapshot(self.state()) == before, "a refused add_slaves changed something")
        self.shell(P, "alation_action cluster_enter_standalone_mode")
        self.check(self.monitor(P)["mode"] == "standalone", "demoted master's monitor")
        self.check(self.state()[P]["audit"] == before[P]["audit"], "demotion deleted data")
        self.shell(S, "alation_action cluster_add_slaves")
        if rel(self.release) >= (2021, 3):
            self.shell(P, "alation_conf pgsql.config.max_wal_senders -s 4")
            self.shell(P, "alation_action deploy_conf_all")
        self.shell(P, "alation_action cluster_replicate_postgres")
        self.shell(P, "alation_action cluster_kvstore_copy")
        if eventbus:
            self.shell(P, "alation_action cluster_start_kafka_sync")
        self.check(self.write_row(S, "lifecycle", "after-rebuild"), "insert on the new primary failed")
        rows = None
        for _ in range(50):
            rows = self.read_rows(P, "lifecycle")
            if rows == ["after-failover", "after-rebuild"]:
                break
            time.sleep(0.2)
        self.check(rows == ["after-failover", "after-rebuild"], "rows on the rebuilt secondary: %s" % rows)
        st = self.state()
        self.check(st[P]["audit"] == {"instance_wiped": 1, "postgres_wiped": 2, "kvstore_wiped": 2},
                   "old primary's audit after the rebuild: %s" % st[P]["audit"])
        self.check(st[S]["audit"] == before[S]["audit"], "new primary's audit changed: %s" % st[S]["audit"])
        body = self.monitor(S)
        self.check(isinstance(body["postgres"]["lag_bytes"], int) and isinstance(body["kvstore"]["lag_bytes"], int),
                   "new master's monitor: %s" % body)
        self.say("lifecycle ok: rebuilt with the roles exchanged (a master peer refused, demoted, wiped)")

        # Split: the secondary (now P), then the primary (now S) enter standalone mode; nothing deleted.
        audit = {n: st[n]["audit"] for n in (P, S)}
        self.shell(P, "alation_action cluster_enter_standalone_mode")
        body = self.monitor(S)
        self.check(body["postgres"]["lag_bytes"] == "unknown" and body["kvstore"]["lag_bytes"] == "unknown",
                   "master's monitor after its slave left: %s" % body)
        self.shell(S, "alation_action cluster_enter_standalone_mode")
        st = self.state()
        self.check(st[P]["mode"] == "standalone" and st[S]["mode"] == "standalone", "split modes")
        self.check({n: st[n]["audit"] for n in (P, S)} == audit, "split deleted data")
        self.check(st[P]["postgres"]["in_recovery"] is False, "split secondary's PostgreSQL: %s" % st[P]["postgres"])
        self.check(self.read_rows(P, "lifecycle") == ["after-failover", "after-rebuild"], "split secondary lost data")
        self.check(self.write_row(P, "lifecycle", "split") and self.write_row(S, "lifecycle", "split"),
                   "split hosts are not both writable")
        before = self.snapshot(self.state())
        self.shell(S, "alation_action cluster_enter_standalone_mode")
        self.check(self.snapshot(self.state()) == before, "standalone mode on a standalone host changed something")
        self.say("lifecycle ok: split (both standalone and writable, data and keys kept)")


class DifferCheck(Runbook):
    """`pair up --differ`: the nodes answer to the differing names only (release file, a conf key, an
    action, the monitor's PostgreSQL lag field), the contract's names are refused changing nothing, and a
    preset still converges through the differing names. Light, release 2023.1, labelled "differ"."""

    def __init__(self, pair_dir, ips):
        super().__init__("differ", pair_dir, ips, use_pty=False, quirks=False)

    def run(self):
        t0 = time.time()
        up = subprocess.run([PAIR, "up", self.dir, "--light", "--differ", "--preset", "converged",
                             "--primary-ip", self.ip["primary"], "--secondary-ip", self.ip["secondary"],
                             "--login", "root"], capture_output=True, text=True)
        self.check(up.returncode == 0, "pair up --differ failed: %s%s" % (up.stdout, up.stderr))
        self.say(up.stdout.strip())
        P, S = "primary", "secondary"
        st = self.state()
        self.check(st["differ"] and st[P]["mode"] == "master" and st[S]["mode"] == "slave",
                   "differ preset converged: %s %s" % (st[P]["mode"], st[S]["mode"]))
        self.check(set(st[P]["replicas"]) >= {"kvstore", "postgres"},
                   "the renamed kvstore copy ran in the preset: %s" % st[P]["replicas"])
        for node in (P, S):
            self.check(self.host(node, "test -e /opt/alation/django/main/alation_version.py").returncode == 1,
                       "the contract's release file exists on %s" % node)
            text = self.host(node, "cat /opt/alation/etc/alation_release.py").stdout
            self.check('ALATION_RELEASE = "2023.1.5"' in text, "differing release file of %s: %s" % (node, text))
            self.check(self.conf(node, "alation.cluster.members") == "%s,%s" % (
                self.ip[node], self.ip[S if node == P else P]), "alation.cluster.members of %s" % node)
            proc = self.shell(node, "alation_conf alation.cluster.hosts", expect=1)
            self.check("unknown key" in proc.stderr, "alation.cluster.hosts on %s: %s" % (node, proc.stderr))
            listing = self.shell(node, "alation_conf").stdout
            self.check("alation.cluster.members = " in listing and "alation.cluster.hosts" not in listing,
                       "alation_conf listing of %s: %s" % (node, listing))
        before = self.snapshot(self.state())
        proc = self.shell(S, "alation_action cluster_kvstore_copy", expect=2)
        self.check("unknown action" in proc.stderr, "the contract's kvstore copy: %s" % proc.stderr)
        proc = self.shell(S, "alation_conf alation.cluster.hosts -s %s,%s" % (self.ip[S], self.ip[P]), expect=1)
        self.check(self.snapshot(self.state()) == before, "a refused contract name changed something")
        usage = self.shell(S, "alation_action", expect=2).stderr
        self.check("cluster_copy_kvstore" in usage and "cluster_kvstore_copy" not in usage, "actions: %s" % usage)
        self.shell(S, "alation_action cluster_copy_kvstore")
        self.check(self.state()[S]["audit"]["kvstore_wiped"] == 1, "the renamed action copied the KV store")
        body = json.loads(self.host(P, "curl -sS http://%s/monitor/replication" % self.ip[P]).stdout)
        self.check(body.get("pgsql", {}).get("replication_lag_bytes") == 0 and "postgres" not in body,
                   "monitor of a differing master: %s" % body)
        self.say("PASS: %d checks in %.1fs" % (self.checks, time.time() - t0))


def run(releases):
    releases = list(releases or DEFAULT_RELEASES)
    base = tempfile.mkdtemp(prefix="hactl-sim-selftest-")
    runs = [Runbook(r, os.path.join(base, "pair-" + r), ("127.0.10.%d" % (2 + 2 * i), "127.0.10.%d" % (3 + 2 * i)),
                    use_pty=(i % 2 == 0), quirks=(i % 3 == 1), lifecycle=(i == len(releases) - 1))
            for i, r in enumerate(releases)]
    n = len(releases)
    runs.append(DifferCheck(os.path.join(base, "pair-differ"), ("127.0.10.%d" % (2 + 2 * n), "127.0.10.%d" % (3 + 2 * n))))
    releases.append("differ")
    results = {}

    def stop(signum, _frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    started = time.time()
    try:
        for book in runs:
            for ip in book.ip.values():
                owner = hostpair.registry_owner(ip)
                if owner:
                    hostpair.down(owner)

        def drive(book):
            try:
                book.run()
                results[book.release] = None
            except Exception as exc:  # noqa: BLE001 - reported as the test's failure
                results[book.release] = str(exc)
                book.say("FAIL: %s" % exc)
        threads = [threading.Thread(target=drive, args=(b,)) for b in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for book in runs:
            book.close_connections()
            problems = hostpair.down(book.dir)
            if problems:
                results[book.release] = results.get(book.release) or "; ".join(problems)
                print("[%s] teardown: %s" % (book.release, problems), file=sys.stderr)
        shutil.rmtree(base, ignore_errors=True)
    failed = [r for r in releases if results.get(r, "not run")]
    print("selftest: %d release(s), %d failed, %.1fs" % (len(releases), len(failed), time.time() - started))
    return 1 if failed else 0
