"""One simulated node seen from the host: its mount namespace, sshd, services; start and stop."""
import json
import os
import signal
import socket
import subprocess
import time

SIM_SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_SRC = os.path.join(SIM_SRC, "node")
CLEAN_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
             "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
HOLDER_TAG = "hactl-sim-holder:"

HOLDER_SCRIPT = r"""
set -e
mkdir -p /opt/alation /data /var/lib/hactl
mount -t tmpfs -o size="$3",mode=755 hactl-sim-install /opt/alation
mount -t tmpfs -o size="$2",mode=755 hactl-sim-data /data
mount -t tmpfs -o size=16m,mode=755 hactl-sim-state /var/lib/hactl
mount --bind "$1/root" /root
mkdir -p /run/postgresql
mount -t tmpfs -o size=1m,mode=2775,uid="$(id -u postgres)",gid="$(id -g postgres)" hactl-sim-pgrun /run/postgresql
mkdir -p /opt/alation/bin /opt/alation/sim/bin
cp -a "$4/bin/." /opt/alation/bin/
cp -a "$4/lib" /opt/alation/sim/lib
cp -a "$4/sbin/simctl" /opt/alation/sim/bin/simctl
echo ready
exec -a "hactl-sim-holder:$1" sleep infinity </dev/null >/dev/null 2>&1
"""

SSHD_CONFIG = """# sshd of a simulated Alation node (tests/sim)
ListenAddress {ip}:22
HostKey {dir}/ssh_host_ed25519_key
PidFile {dir}/sshd.pid
LogLevel VERBOSE
AuthorizedKeysFile /root/.ssh/authorized_keys /opt/alation/cluster/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
UseDNS no
MaxStartups 200:30:400
MaxSessions 100
AcceptEnv LANG LC_*
Subsystem sftp /usr/lib/openssh/sftp-server
"""


def port_open(ip, port, timeout=0.5):
    try:
        with socket.create_connection((ip, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(predicate, seconds, step=0.05):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def _read(path):
    try:
        with open(path) as handle:
            return handle.read().strip()
    except OSError:
        return None


class Node:
    def __init__(self, pair_dir, name, ip):
        self.pair_dir = pair_dir
        self.name = name
        self.ip = ip
        self.dir = os.path.join(pair_dir, name)

    # ---- the namespace -------------------------------------------------------------------
    def holder_pid(self):
        """The pid of the process that holds the node's mount namespace, or None."""
        text = _read(os.path.join(self.dir, "holder.pid"))
        if not text:
            return None
        cmdline = _read("/proc/%s/cmdline" % text)
        if cmdline is None or not cmdline.startswith(HOLDER_TAG + self.dir + "\0"):
            return None
        return int(text)

    def root(self):
        """The node's file system as seen from the host (/proc/PID/root), or None when it is down."""
        pid = self.holder_pid()
        return "/proc/%d/root" % pid if pid else None

    def path(self, inside):
        root = self.root()
        return root + inside if root else None

    def ns_processes(self):
        """Pids of every process in the node's mount namespace."""
        ns = _read(os.path.join(self.dir, "ns.id"))
        if not ns:
            pid = self.holder_pid()
            try:
                ns = os.readlink("/proc/%d/ns/mnt" % pid) if pid else None
            except OSError:
                ns = None
        if not ns or ns == os.readlink("/proc/self/ns/mnt"):
            return []  # never the machine's own namespace
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    if os.readlink("/proc/%s/ns/mnt" % entry) == ns:
                        pids.append(int(entry))
                except OSError:
                    pass
        return pids

    def nsenter(self, args, stdin=None, timeout=300, check=True):
        pid = self.holder_pid()
        if not pid:
            raise RuntimeError("node %s is not running" % self.name)
        proc = subprocess.run(["nsenter", "-t", str(pid), "-m", "--"] + args, input=stdin, capture_output=True,
                              text=True, env=CLEAN_ENV, timeout=timeout, cwd="/")
        if check and proc.returncode != 0:
            raise RuntimeError("%s: %s failed (%d): %s%s" % (self.name, " ".join(args), proc.returncode,
                                                             proc.stdout, proc.stderr))
        return proc

    # ---- start ---------------------------------------------------------------------------
    def prepare(self, client_pub):
        os.makedirs(os.path.join(self.dir, "root", ".ssh"), exist_ok=True)
        os.chmod(os.path.join(self.dir, "root"), 0o700)
        with open(os.path.join(self.dir, "root", ".ssh", "authorized_keys"), "w") as handle:
            handle.write(client_pub)
        self.new_host_key()
        with open(os.path.join(self.dir, "sshd_config"), "w") as handle:
            handle.write(SSHD_CONFIG.format(ip=self.ip, dir=self.dir))

    def new_host_key(self):
        key = os.path.join(self.dir, "ssh_host_ed25519_key")
        for path in (key, key + ".pub"):
            if os.path.exists(path):
                os.unlink(path)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "sim-" + self.name, "-f", key],
                       check=True, stdin=subprocess.DEVNULL)

    def host_key_line(self):
        fields = _read(os.path.join(self.dir, "ssh_host_ed25519_key.pub")).split()
        return "%s %s %s\n" % (self.ip, fields[0], fields[1])

    def start(self, spec, data_size, install_size):
        """Starts the namespace, installs the node (setup), starts its services and sshd."""
        proc = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "--", "/bin/bash", "-c",
                                 HOLDER_SCRIPT, "hactl-sim", self.dir, data_size, install_size, NODE_SRC],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env=CLEAN_ENV, cwd="/")
        with open(os.path.join(self.dir, "holder.pid"), "w") as handle:
            handle.write(str(proc.pid))
        line = proc.stdout.readline().decode().strip()
        if line != "ready":
            raise RuntimeError("node %s: namespace setup failed: %s" % (self.name, proc.stderr.read().decode()))
        proc.stdout.close()
        proc.stderr.close()
        if not wait_for(lambda: self.holder_pid() is not None, 5, step=0.005):
            raise RuntimeError("node %s: the namespace holder did not start" % self.name)
        with open(os.path.join(self.dir, "ns.id"), "w") as handle:
            handle.write(os.readlink("/proc/%d/ns/mnt" % proc.pid))
        self.nsenter(["/opt/alation/sim/bin/simctl", "setup"], stdin=json.dumps(spec))
        self.start_sshd()

    def start_sshd(self):
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        self.nsenter(["/usr/sbin/sshd", "-f", os.path.join(self.dir, "sshd_config"),
                      "-E", os.path.join(self.dir, "sshd.log")])
        if not wait_for(lambda: port_open(self.ip, 22), 10):
            raise RuntimeError("node %s: sshd does not accept on %s:22" % (self.name, self.ip))

    def sshd_pid(self):
        text = _read(os.path.join(self.dir, "sshd.pid"))
        if text and text.isdigit() and int(text) in self.ns_processes():
            return int(text)
        return None

    def stop_sshd(self):
        pid = self.sshd_pid()
        if pid:
            os.kill(pid, signal.SIGTERM)
            wait_for(lambda: not port_open(self.ip, 22), 5)

    def drop_connections(self):
        """Kills the per-connection sshd processes: every open SSH connection to the node drops."""
        listener = self.sshd_pid()
        count = 0
        for pid in self.ns_processes():
            stat = _read("/proc/%d/stat" % pid)
            if not stat or pid == listener:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == listener:
                try:
                    os.kill(pid, signal.SIGKILL)
                    count += 1
                except OSError:
                    pass
        return count

    def rotate_host_key(self):
        self.new_host_key()
        pid = self.sshd_pid()
        if pid:
            os.kill(pid, signal.SIGHUP)
            time.sleep(0.2)
            wait_for(lambda: port_open(self.ip, 22), 5)

    # ---- stop ----------------------------------------------------------------------------
    def down(self):
        """Stops everything in the node's namespace (PostgreSQL cleanly first); the mounts go with it."""
        if self.holder_pid():
            try:
                self.nsenter(["/opt/alation/sim/bin/simctl", "services-stop"], timeout=60, check=False)
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
            pids = self.ns_processes()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
            wait_for(lambda: not self.ns_processes(), wait)
        left = self.ns_processes()
        if not left:
            for name in ("holder.pid", "ns.id", "sshd.pid"):
                try:
                    os.unlink(os.path.join(self.dir, name))
                except OSError:
                    pass
        return left
