"""Injected faults (set by `pair fault`): faults.json maps an action to
{"fail": N, "fail_late": N, "hang": {"seconds": S, "count": N}, "slow": {"seconds": S, "count": N (-1: until cleared)},
 "hold": N, "garbage": N, "flood": N}.
fail_late (long destructive actions only): the action deletes its data, then fails.
hold: the run registers in run/held/PID.json and blocks until `pair fault ... release` creates run/held/PID.released."""
import json
import os
import sys
import time

import sim_common as c

HELD = c.RUN + "/held"
COUNTED = ("fail", "fail_late", "hold", "garbage", "flood")


class Taken:
    """This run's share of the injected faults."""

    def __init__(self):
        self.fail = self.fail_late = self.hold = self.garbage = self.flood = False
        self.hang = self.slow = 0.0


def take(action):
    """Consumes this run's share of the faults of ACTION (a held run registers itself); returns a Taken."""
    taken = Taken()
    with c.locked():
        faults = c.read_json("faults.json")
        entry = faults.get(action)
        if not entry:
            return taken
        for kind in COUNTED:
            if int(entry.get(kind, 0)) > 0:
                entry[kind] = int(entry[kind]) - 1
                setattr(taken, kind, True)
            if entry.get(kind) == 0:
                del entry[kind]
        for kind in ("hang", "slow"):
            spec = entry.get(kind)
            if spec and int(spec.get("count", 1)) != 0:
                setattr(taken, kind, float(spec["seconds"]))
                if int(spec.get("count", 1)) > 0:
                    spec["count"] = int(spec["count"]) - 1
            if kind in entry and int(entry[kind].get("count", 1)) == 0:
                del entry[kind]
        if not entry:
            del faults[action]
        c.write_json("faults.json", faults)
        if taken.hold:
            os.makedirs(HELD, exist_ok=True)
            with open("%s/%d.json" % (HELD, os.getpid()), "w") as handle:
                json.dump({"action": action, "pid": os.getpid(), "since": time.time()}, handle)
    return taken


def hold(log):
    """Blocks until `pair fault ... release` creates this run's release file, printing progress every second."""
    released = "%s/%d.released" % (HELD, os.getpid())
    log("held: waiting for release")
    started = time.monotonic()
    ticks = 1
    try:
        while not os.path.exists(released):
            time.sleep(0.05)
            if time.monotonic() - started >= ticks:
                log("held: waiting for release (%ds)" % ticks)
                ticks += 1
        log("released")
    finally:
        for path in (released, "%s/%d.json" % (HELD, os.getpid())):
            try:
                os.unlink(path)
            except OSError:
                pass


# Hostile output: terminal escapes (OSC title, clear screen, cursor home), bare CR, backspaces,
# a C1 control (U+009B, and a raw 0x9b byte), invalid UTF-8.
GARBAGE = (b"\x1b]0;pwned\x07progress 10%\r\n",
           b"\x1b[2J\x1b[Hprogress 20%\n",
           b"progress 30%\rOVERWRITTEN\n",
           b"progress 40%\x08\x08\x08\x08erased\n",
           b"C1 \xc2\x9b31m and raw \x9b31m\n",
           b"invalid UTF-8 \xff\xfe \xc3\x28 \xed\xa0\x80\n")


def garbage(action):
    """Prints hostile bytes on stdout and stderr, then fails (exit 1) having changed nothing."""
    prefix = ("[%s] " % action).encode()
    for line in GARBAGE:
        sys.stdout.buffer.write(prefix + line)
        sys.stdout.buffer.flush()
    for line in GARBAGE[:2] + GARBAGE[4:]:
        sys.stderr.buffer.write(line)
    sys.stderr.buffer.write(b"error: \x1b[31m%s failed\x1b[0m (injected garbage) \x1b]0;pwned\x07\xff\n" % action.encode())
    sys.stderr.buffer.flush()
    sys.exit(1)


def flood(action):
    """Prints without end at full speed; ends only when killed (or when its reader goes away)."""
    block = ("[%s] flood: the same progress line again and again\n" % action).encode() * 256
    try:
        while True:
            sys.stdout.buffer.write(block)
    except BrokenPipeError:
        os._exit(141)


class Pacer:
    """Spreads the extra time of a `slow` fault over an action, printing progress; carries `fail_late`."""

    def __init__(self, seconds, log, fail_late=False):
        self.seconds = seconds
        self.log = log
        self.fail_late = fail_late

    def after_wipe(self, action):
        """Called by long actions once their data is deleted: an injected late failure happens here."""
        if self.fail_late:
            c.fail("%s failed after deleting the data (injected fault); run it again to repair" % action)

    def slow(self):
        if self.seconds <= 0:
            return
        end = time.time() + self.seconds
        while time.time() < end:
            self.log("working (%.0fs left)" % max(0.0, end - time.time()))
            time.sleep(min(1.0, max(0.0, end - time.time())))
        self.seconds = 0
