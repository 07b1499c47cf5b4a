"""The node's Alation web front (GET /monitor/replication, contract section 5) and stand-ins for the
KV store port (8088) and, in light mode, the PostgreSQL port (5432). Binds only the node's address."""
import json
import socket
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, "/opt/alation/sim/lib")
import sim_common as c  # noqa: E402
import sim_pg  # noqa: E402


def peer_is_slave(peer):
    """Whether the peer's own monitor says it is a slave (unreachable: no)."""
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open("http://%s/monitor/replication/" % peer, timeout=1) as answer:
            return json.loads(answer.read().decode()).get("mode") == "slave"
    except Exception:  # noqa: BLE001 - any failure means the sync cannot be running
        return False


def replication_status():
    conf = c.conf()
    mode = conf["alation.cluster.replication_mode"]
    if mode != "master":
        return {"mode": mode}
    others = c.other_hosts()
    peer = others[0] if len(others) == 1 else None
    replicas = c.read_json("replicas.json")
    # A registered copy or sync is live only while the peer still replicates: after cluster_failover
    # or cluster_enter_standalone_mode there, its syncs are gone (this master is not told otherwise).
    live = peer is not None and any(r.get("peer") == peer for r in replicas.values()) and peer_is_slave(peer)

    def registered(kind):
        return live and replicas.get(kind, {}).get("peer") == peer

    if c.is_light():
        pg_lag = 0 if registered("postgres") else None
    else:
        pg_lag = sim_pg.master_lag_bytes()
    body = {"mode": "master",
            "postgres": {"lag_bytes": "unknown" if pg_lag is None else pg_lag},
            "kvstore": {"lag_bytes": 0 if registered("kvstore") else "unknown"}}
    if c.release_tuple(c.release()) >= (2021, 4):
        body["eventbus"] = {"sync": "running" if registered("eventbus") else "stopped"}
    if c.differs():  # `pair up --differ`: /pgsql/replication_lag_bytes
        body["pgsql"] = {"replication_lag_bytes": body.pop("postgres")["lag_bytes"]}
    return body


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        path = self.path.split("?", 1)[0]
        if path.rstrip("/") != "/monitor/replication":
            self.send_error(404)
            return
        if c.quirky() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", "/monitor/replication/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            status = replication_status()
            if c.quirky():
                status["generated_at"] = time.time()
                status["node"] = {"address": c.my_ip(), "release": c.release()}
                for service in ("postgres", "kvstore"):
                    if service in status:
                        status[service]["unit"] = "bytes"
            body = json.dumps(status).encode()
            code = 200
        except Exception as exc:  # noqa: BLE001 - a monitor answers, whatever happens
            body = json.dumps({"error": str(exc)}).encode()
            code = 500
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def listen_stub(ip, port):
    """Accepts and closes connections: the port answers as the service's would."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((ip, port))
    sock.listen(64)

    def loop():
        while True:
            conn, _ = sock.accept()
            conn.close()
    threading.Thread(target=loop, daemon=True).start()


def main():
    ip = c.my_ip()
    listen_stub(ip, 8088)
    if c.is_light():
        listen_stub(ip, 5432)
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 128
    ThreadingHTTPServer((ip, 80), Handler).serve_forever()


if __name__ == "__main__":
    main()
