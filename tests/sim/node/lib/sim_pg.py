"""The node's PostgreSQL 15 server (real), or its light stand-in (state files only)."""
import os
import shutil
import subprocess
import time

import sim_common as c

PGBIN = "/usr/lib/postgresql/15/bin"
PGROOT = c.DATA + "/pgsql"
PGDATA = PGROOT + "/data"
PGLOG = PGROOT + "/postgresql.log"
TEMPLATE = "/var/tmp/hactl-sim/pg15-template-v1"
LIGHT_MARKER = PGDATA + "/marker"


def _as_postgres(args, **kw):
    return subprocess.run(["runuser", "-u", "postgres", "--"] + args, **kw)


def psql(sql, ip=None, timeout=20):
    """Runs SQL on the node's server; returns (ok, stdout)."""
    ip = ip or c.my_ip()
    proc = subprocess.run(
        [PGBIN + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", ip, "-U", "postgres",
         "-d", "postgres", "-c", sql],
        capture_output=True, text=True, timeout=timeout)
    return proc.returncode == 0, proc.stdout.strip()


def write_sim_conf(ip):
    with open(PGDATA + "/sim.conf", "w") as handle:
        handle.write("listen_addresses = '%s'\nport = 5432\nunix_socket_directories = '/run/postgresql'\n" % ip)
    shutil.chown(PGDATA + "/sim.conf", "postgres", "postgres")


def running():
    if c.is_light():
        return os.path.exists(PGROOT + "/light.running")
    pidfile = PGDATA + "/postmaster.pid"
    try:
        with open(pidfile) as handle:
            pid = int(handle.readline())
        os.kill(pid, 0)
        return True
    except (OSError, ValueError):
        return False


def start():
    if c.is_light():
        if os.path.isdir(PGDATA):
            open(PGROOT + "/light.running", "w").close()
        return True
    if running():
        return True
    write_sim_conf(c.my_ip())
    proc = _as_postgres([PGBIN + "/pg_ctl", "-D", PGDATA, "-l", PGLOG, "-w", "-t", "60", "-s", "start"],
                        capture_output=True, text=True)
    return proc.returncode == 0


def stop():
    if c.is_light():
        try:
            os.unlink(PGROOT + "/light.running")
        except OSError:
            pass
        return
    if running():
        _as_postgres([PGBIN + "/pg_ctl", "-D", PGDATA, "-w", "-t", "30", "-s", "-m", "fast", "stop"],
                     capture_output=True)


def restart():
    if running():
        stop()
    return start()


def wipe():
    """Deletes the cluster's data (server stopped first)."""
    stop()
    shutil.rmtree(PGDATA, ignore_errors=True)


def init_empty():
    """A new, empty cluster (as a fresh install or after a wipe)."""
    os.makedirs(PGROOT, exist_ok=True)
    shutil.chown(PGROOT, "postgres", "postgres")
    if c.is_light():
        os.makedirs(PGDATA, exist_ok=True)
        return
    subprocess.run(["cp", "-a", TEMPLATE, PGDATA], check=True)
    write_sim_conf(c.my_ip())


def set_marker(value):
    if c.is_light():
        with open(LIGHT_MARKER, "w") as handle:
            handle.write(value)
        return True
    ok, _ = psql("CREATE TABLE IF NOT EXISTS sim_marker (id int PRIMARY KEY, value text NOT NULL);"
                 "INSERT INTO sim_marker VALUES (1, '%s') ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;"
                 % value)
    return ok


def marker():
    if c.is_light():
        try:
            with open(LIGHT_MARKER) as handle:
                return handle.read().strip()
        except OSError:
            return None
    ok, out = psql("SELECT value FROM sim_marker WHERE id = 1")
    return out if ok and out else None


def basebackup(master_ip, log):
    """Copies the master's cluster into PGDATA and starts a streaming standby; returns an error or None."""
    if c.is_light():
        os.makedirs(PGDATA, exist_ok=True)
        return None
    proc = _as_postgres([PGBIN + "/pg_basebackup", "-h", master_ip, "-p", "5432", "-U", "postgres",
                         "-D", PGDATA, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
                        capture_output=True, text=True)
    if proc.returncode != 0:
        return "pg_basebackup from %s failed: %s" % (master_ip, proc.stderr.strip())
    log("base backup copied from %s" % master_ip)
    write_sim_conf(c.my_ip())
    if not start():
        return "the standby did not start (see %s)" % PGLOG
    for _ in range(100):
        if streaming_standby():
            return None
        time.sleep(0.1)
    return "the standby does not stream from %s" % master_ip


def promote():
    """A standby becomes a writable primary of its own (its data kept); returns an error or None.
    A server that is not in recovery is left as it is."""
    if c.is_light():
        return None
    if not running():
        if not os.path.isdir(PGDATA):
            return None
        for name in ("standby.signal", "recovery.signal"):
            try:
                os.unlink(os.path.join(PGDATA, name))
            except OSError:
                pass
        return None if start() else "PostgreSQL did not start (see %s)" % PGLOG
    if not in_recovery():
        return None
    proc = _as_postgres([PGBIN + "/pg_ctl", "-D", PGDATA, "-w", "-t", "60", "-s", "promote"],
                        capture_output=True, text=True)
    if proc.returncode != 0:
        return "promoting PostgreSQL failed: %s" % proc.stderr.strip()
    for _ in range(100):
        if not in_recovery():
            return None
        time.sleep(0.1)
    return "PostgreSQL is still in recovery after the promotion"


HBA_REPLICATION = "host replication all 127.0.0.0/8 trust\n"


def serve_replication(on):
    """Lets standbys connect (ON) or not: pg_hba's replication line, reloaded; when turning it off,
    the WAL senders are ended, so a standby stops receiving."""
    if c.is_light():
        return
    hba = PGDATA + "/pg_hba.conf"
    try:
        with open(hba) as handle:
            lines = [line for line in handle if not line.startswith("host replication ")]
    except OSError:
        return
    if on:
        lines.append(HBA_REPLICATION)
    with open(hba + ".new", "w") as handle:
        handle.writelines(lines)
    shutil.chown(hba + ".new", "postgres", "postgres")
    os.rename(hba + ".new", hba)
    if running():
        psql("SELECT pg_reload_conf()")
        if not on:
            psql("SELECT pg_terminate_backend(pid) FROM pg_stat_replication")


def in_recovery():
    ok, out = psql("SELECT pg_is_in_recovery()")
    return ok and out == "t"


def streaming_standby():
    ok, out = psql("SELECT status FROM pg_stat_wal_receiver")
    return ok and out == "streaming"


def master_lag_bytes():
    """Byte lag of a streaming standby seen from the master, or None when none streams."""
    ok, out = psql("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(replay_lsn, flush_lsn, write_lsn))::bigint"
                   " FROM pg_stat_replication WHERE state = 'streaming' LIMIT 1", timeout=5)
    if not ok or out == "":
        return None
    try:
        return int(out)
    except ValueError:
        return None
