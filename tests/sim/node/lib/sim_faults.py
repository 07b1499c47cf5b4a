"""Injected faults (set by `pair fault`): faults.json maps an action to
{"fail": N, "fail_late": N, "hang": {"seconds": S, "count": N}, "slow": {"seconds": S, "count": N (-1: until cleared)}}.
fail_late (long destructive actions only): the action deletes its data, then fails."""
import time

import sim_common as c


def take(action):
    """Consumes this run's share of the faults of ACTION; returns (fail, fail_late, hang_seconds, slow_seconds)."""
    with c.locked():
        faults = c.read_json("faults.json")
        entry = faults.get(action)
        if not entry:
            return False, False, 0.0, 0.0
        failing = late = False
        hang = slow = 0.0
        if int(entry.get("fail", 0)) > 0:
            entry["fail"] = int(entry["fail"]) - 1
            failing = True
        if int(entry.get("fail_late", 0)) > 0:
            entry["fail_late"] = int(entry["fail_late"]) - 1
            late = True
        for kind in ("hang", "slow"):
            spec = entry.get(kind)
            if spec and int(spec.get("count", 1)) != 0:
                if kind == "hang":
                    hang = float(spec["seconds"])
                else:
                    slow = float(spec["seconds"])
                if int(spec.get("count", 1)) > 0:
                    spec["count"] = int(spec["count"]) - 1
        for kind in ("fail", "fail_late"):
            if entry.get(kind) == 0:
                del entry[kind]
        for kind in ("hang", "slow"):
            if kind in entry and int(entry[kind].get("count", 1)) == 0:
                del entry[kind]
        if not entry:
            del faults[action]
        c.write_json("faults.json", faults)
    return failing, late, hang, slow


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
