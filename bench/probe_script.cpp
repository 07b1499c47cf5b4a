// Prints the exact probe command hactl runs on one host of a pair:
//     probe_script PAIR.yaml primary|secondary
// The output is the whole remote command line (`sh -c '<script>'`) as
// hactl::facts::build_probe_script builds it, with a fresh token, and no
// trailing newline. Exit 1 (and the pair file's errors on stderr) when the
// file does not load, 2 on a usage error.
// Built by bench/plan.sh against the release build's libhactl_core.a; not part of hactl.
#include <cstdio>
#include <string>

#include "hactl/config/load.hpp"
#include "hactl/facts/probe.hpp"

int main(int argc, char** argv) {
    if (argc != 3 || (std::string(argv[2]) != "primary" && std::string(argv[2]) != "secondary")) {
        std::fprintf(stderr, "usage: probe_script PAIR.yaml primary|secondary\n");
        return 2;
    }
    const auto loaded = hactl::config::load_pair_file(argv[1]);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", hactl::config::format_diagnostic(d).c_str());
        return 1;
    }
    const auto role = std::string(argv[2]) == "primary" ? hactl::model::Role::primary : hactl::model::Role::secondary;
    const std::string script = hactl::facts::build_probe_script(*loaded.pair, role);
    std::fwrite(script.data(), 1, script.size(), stdout);
    return 0;
}
