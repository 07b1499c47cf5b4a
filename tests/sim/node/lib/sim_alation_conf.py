"""alation_conf KEY | alation_conf KEY -s VALUE [KEY -s VALUE ...] | alation_conf (all keys)."""
import sys

import sim_common as c


def main(argv):
    schema = c.conf_schema(c.release())
    current = c.conf()
    names = c.conf_names()  # the names this node answers to (`pair up --differ` renames some)
    if not argv:
        for name in sorted(names):
            print("%s = %s" % (name, current[names[name]]))
        return 0
    if len(argv) == 1:
        if argv[0] not in names or names[argv[0]] not in schema:
            sys.stderr.write("alation_conf: unknown key: %s\n" % argv[0])
            return 1
        key = names[argv[0]]
        value = current.get(key, schema[key][1])
        if c.quirky():
            print("\n%s = %s  " % (argv[0], value.lower() if schema[key][0] == "bool" else value))
        else:
            print("%s = %s" % (argv[0], value))
        return 0
    if len(argv) % 3 != 0:
        sys.stderr.write("usage: alation_conf KEY [-s VALUE] [KEY -s VALUE ...]\n")
        return 1
    updates = {}
    for i in range(0, len(argv), 3):
        name, flag, value = argv[i:i + 3]
        if flag != "-s":
            sys.stderr.write("usage: alation_conf KEY [-s VALUE] [KEY -s VALUE ...]\n")
            return 1
        if name not in names or names[name] not in schema:
            sys.stderr.write("alation_conf: unknown key: %s\n" % name)
            return 1
        key = names[name]
        stored = c.normalize(schema[key][0], value)
        if stored is None:
            sys.stderr.write("alation_conf: %s does not accept %r\n" % (name, value))
            return 1
        updates[key] = stored
    c.conf_set(updates)
    shown = {key: name for name, key in names.items()}
    for key, value in updates.items():
        print("%s set to %s" % (shown[key], value))
    return 0
