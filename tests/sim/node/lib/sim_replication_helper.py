"""replication_helper: the key and IP exchange dialogue (contract section 4).

Prompts end without a newline and wait for one line; informational lines end with a newline."""
import os
import subprocess
import sys
import tempfile

import sim_common as c


def _prompt(text):
    sys.stdout.write(text)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if line == "":
        c.fail("no answer (end of input); nothing changed")
    return line.strip()


def _valid_key(line):
    if c.key_id(line) is None:
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".pub") as handle:
        handle.write(line + "\n")
        handle.flush()
        return subprocess.run(["ssh-keygen", "-l", "-f", handle.name], capture_output=True).returncode == 0


def main(argv):
    if argv:
        sys.stderr.write("usage: replication_helper (interactive)\n")
        return 2
    mine = c.cluster_pubkey()
    if mine is None:
        c.fail("no cluster keys: run alation_action cluster_generate_keys first")
    quirky = c.quirky()
    c.say("This host's public key (give it to the remote host):" if quirky else "Public key of this host:")
    c.say(mine)
    key = _prompt("Remote host public key> " if quirky else "Paste the public key of the remote host: ")
    if not _valid_key(key):
        c.fail("not an OpenSSH public key line; nothing changed")
    c.say(("This host's IP address is %s" if quirky else "IP address of this host: %s") % c.my_ip())
    remote = _prompt("Remote IP address: " if quirky else "Enter the IP address of the remote host (IPv4): ")
    if not c.is_ipv4(remote):
        c.fail("not an IPv4 address: %r; nothing changed" % remote)
    if remote == c.my_ip():
        c.fail("the remote IP address is this host's own; nothing changed")
    with c.locked():
        if c.key_id(key) not in c.authorized_key_ids():
            path = os.path.join(c.CLUSTER, "authorized_keys")
            with open(path, "a") as handle:
                handle.write(key + "\n")
            os.chmod(path, 0o600)
    c.conf_set({"alation.cluster.hosts": "%s,%s" % (c.my_ip(), remote)})
    c.say("Key exchange done: this host trusts the remote key; alation.cluster.hosts = %s,%s" % (c.my_ip(), remote))
    return 0
