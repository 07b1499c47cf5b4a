"""replication_port_check: HA ports from this host to each other host of alation.cluster.hosts."""
import sys

import sim_common as c
import sim_peer

PORTS = (22, 5432, 8088)


def main(argv):
    if argv:
        sys.stderr.write("usage: replication_port_check\n")
        return 2
    others = c.other_hosts()
    if not others:
        sys.stderr.write("replication_port_check: alation.cluster.hosts names no other host\n")
        return 2
    closed = False
    for host in others:
        for port in PORTS:
            state = "open" if sim_peer.port_open(host, port, timeout=2) else "closed"
            closed = closed or state == "closed"
            print("%s:%d %s" % (host, port, state), flush=True)
    return 1 if closed else 0
