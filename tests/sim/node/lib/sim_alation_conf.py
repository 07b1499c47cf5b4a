"""alation_conf KEY | alation_conf KEY -s VALUE [KEY -s VALUE ...] | alation_conf (all keys)."""
import sys

import sim_common as c


def main(argv):
    schema = c.conf_schema(c.release())
    current = c.conf()
    if not argv:
        for key in sorted(current):
            print("%s = %s" % (key, current[key]))
        return 0
    if len(argv) == 1:
        key = argv[0]
        if key not in schema:
            sys.stderr.write("alation_conf: unknown key: %s\n" % key)
            return 1
        value = current.get(key, schema[key][1])
        if c.quirky():
            print("\n%s = %s  " % (key, value.lower() if schema[key][0] == "bool" else value))
        else:
            print("%s = %s" % (key, value))
        return 0
    if len(argv) % 3 != 0:
        sys.stderr.write("usage: alation_conf KEY [-s VALUE] [KEY -s VALUE ...]\n")
        return 1
    updates = {}
    for i in range(0, len(argv), 3):
        key, flag, value = argv[i:i + 3]
        if flag != "-s":
            sys.stderr.write("usage: alation_conf KEY [-s VALUE] [KEY -s VALUE ...]\n")
            return 1
        if key not in schema:
            sys.stderr.write("alation_conf: unknown key: %s\n" % key)
            return 1
        stored = c.normalize(schema[key][0], value)
        if stored is None:
            sys.stderr.write("alation_conf: %s does not accept %r\n" % (key, value))
            return 1
        updates[key] = stored
    c.conf_set(updates)
    for key, value in updates.items():
        print("%s set to %s" % (key, value))
    return 0
