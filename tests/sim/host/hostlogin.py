"""The login of a simulated node: root, or an ordinary user whose sudo rights are the node's own.

The user is created on the machine once (a system account with no password and no sudo rights
there); each node bind-mounts its own home (holding the client key) over the user's home and its
own sudoers drop-in directory over /etc/sudoers.d, inside the node's mount namespace only."""
import fcntl
import os
import pwd
import re
import shutil
import subprocess

SUDO_MODES = ("nopasswd", "password", "tty", "none")
LOCK = "/var/tmp/hactl-sim/.users.lock"


class LoginError(Exception):
    pass


def valid_user(user):
    return user == "root" or re.fullmatch(r"[a-z_][a-z0-9_-]{0,30}", user) is not None


def sudoers(user, mode):
    """The node's drop-in for USER in sudo MODE ('' for none)."""
    if user == "root" or mode == "none":
        return ""
    head = "# sudo rights of %s on this simulated node (tests/sim, --sudo %s)\n" % (user, mode)
    if mode == "nopasswd":
        return head + "%s ALL=(ALL) NOPASSWD: ALL\n" % user
    if mode == "password":
        return head + "%s ALL=(ALL) ALL\n" % user
    if mode == "tty":
        return head + "Defaults:%s requiretty\n%s ALL=(ALL) NOPASSWD: ALL\n" % (user, user)
    raise LoginError("unknown sudo mode %r (one of %s)" % (mode, ", ".join(SUDO_MODES)))


def check(user, modes):
    """Raises LoginError when USER or a sudo mode cannot be simulated on this machine."""
    if not valid_user(user):
        raise LoginError("bad login user %r" % user)
    for mode in modes:
        if mode not in SUDO_MODES:
            raise LoginError("unknown sudo mode %r (one of %s)" % (mode, ", ".join(SUDO_MODES)))
    if user != "root" and not (shutil.which("sudo") and os.path.isdir("/etc/sudoers.d")):
        raise LoginError("a non-root login needs sudo installed (scripts/deps.sh)")


def ensure_user(user):
    """Creates USER on the machine if missing (idempotent, safe against concurrent `up`s); returns its entry."""
    try:
        return pwd.getpwnam(user)
    except KeyError:
        pass
    os.makedirs(os.path.dirname(LOCK), mode=0o755, exist_ok=True)
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return pwd.getpwnam(user)
        except KeyError:
            pass
        # "*": no password, but not locked ("!" would make sshd refuse the account).
        proc = subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/home/" + user,
                               "--shell", "/bin/bash", "--password", "*", "--comment", "hactl-sim login", user],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise LoginError("useradd %s failed: %s" % (user, proc.stderr.strip()))
        return pwd.getpwnam(user)


def home_mountpoint(user):
    """The machine's (empty) directory a node mounts its own home of USER over; '' for root."""
    if user == "root":
        return ""
    entry = ensure_user(user)
    os.makedirs(entry.pw_dir, mode=0o755, exist_ok=True)
    return entry.pw_dir


def prepare(node_dir, user, mode, client_pub):
    """Writes the node's /root, login home and sudoers drop-in directory under NODE_DIR."""
    root_ssh = os.path.join(node_dir, "root", ".ssh")
    os.makedirs(root_ssh, exist_ok=True)
    os.chmod(os.path.join(node_dir, "root"), 0o700)
    # With an ordinary login, the client key does not open root: as on a host with root login off.
    with open(os.path.join(root_ssh, "authorized_keys"), "w") as handle:
        handle.write(client_pub if user == "root" else "")
    drop_in = os.path.join(node_dir, "sudoers.d")
    shutil.rmtree(drop_in, ignore_errors=True)
    os.mkdir(drop_in, 0o755)
    text = sudoers(user, mode)
    if text:
        path = os.path.join(drop_in, "hactl-sim")
        with open(path, "w") as handle:
            handle.write(text)
        os.chmod(path, 0o440)
    if user == "root":
        return
    entry = ensure_user(user)
    home = os.path.join(node_dir, "home")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(os.path.join(home, ".ssh"))
    with open(os.path.join(home, ".ssh", "authorized_keys"), "w") as handle:
        handle.write(client_pub)
    for path in (home, os.path.join(home, ".ssh"), os.path.join(home, ".ssh", "authorized_keys")):
        os.chown(path, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
