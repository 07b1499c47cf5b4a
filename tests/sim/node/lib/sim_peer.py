"""How one node reaches the other: OpenSSH with the cluster key, as a real HA pair does."""
import json
import socket
import subprocess

import sim_common as c

SIMCTL = "/opt/alation/sim/bin/simctl"


def port_open(ip, port, timeout=1.0):
    try:
        with socket.create_connection((ip, port), timeout=timeout):
            return True
    except OSError:
        return False


def run(peer, args, stdin=None, timeout=120, text=True):
    """Runs simctl ARGS on the peer; returns (status, stdout, stderr as text).
    status: ok | unreachable | untrusted | failed. stdout is bytes when TEXT is false."""
    if not port_open(peer, 22, timeout=3):
        return "unreachable", "", "%s:22 does not answer" % peer
    cmd = ["ssh", "-i", c.CLUSTER + "/id_cluster", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=5",
           "-o", "IdentitiesOnly=yes", "-o", "KexAlgorithms=curve25519-sha256", "root@" + peer, SIMCTL + " " + " ".join(args)]
    try:
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=text, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "unreachable", "", "no answer from %s within %ds" % (peer, timeout)
    err = proc.stderr if text else proc.stderr.decode(errors="replace")
    if proc.returncode == 255:
        if "Permission denied" in err:
            return "untrusted", "", "%s does not trust this host's cluster key" % peer
        return "unreachable", "", err.strip()
    if proc.returncode != 0:
        return "failed", proc.stdout, err.strip()
    return "ok", proc.stdout, err


def facts(peer):
    """The peer's facts as a dict, or (None, reason)."""
    status, out, err = run(peer, ["facts"], timeout=30)
    if status != "ok":
        return None, err
    return json.loads(out), None
