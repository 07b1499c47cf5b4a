#include <memory>
#include <string>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "hactl/generated/build_commit.hpp"
#include "hactl/ssh/ssh_transport.hpp"

namespace hactl::cli {

namespace {

/// The `hactl.version/v1` document: hactl's version, the commit it was built
/// from and the versions of the libraries it uses (libssh as loaded at run
/// time, yaml-cpp and fmt as built against).
nlohmann::ordered_json version_document() {
    return {
        {"format", "hactl.version/v1"},
        {"version", HACTL_VERSION},
        {"commit", HACTL_COMMIT},
        {"libssh", ssh::library_version()},
        {"yaml-cpp", HACTL_YAML_CPP_VERSION},
        {"fmt", fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
    };
}

}  // namespace

std::string version_line() { return fmt::format("hactl {}", HACTL_VERSION); }

void add_version_command(CLI::App& app, Action& action) {
    auto* cmd = app.add_subcommand("version", "Print hactl's version (with --json, its commit and libraries too)");
    auto json = std::make_shared<bool>(false);
    cmd->add_flag("--json", *json, "Print JSON (hactl.version/v1): version, commit, libraries");
    cmd->footer(
        "Examples:\n"
        "  hactl version           # hactl 0.1.0 (the same as hactl --version)\n"
        "  hactl version --json    # {\"format\":\"hactl.version/v1\",\"version\":...,\"commit\":...,\"libssh\":...}");
    cmd->callback([&action, json] {
        action = [json] {
            if (*json) {
                fmt::print("{}\n", version_document().dump());
            } else {
                fmt::print("{}\n", version_line());
            }
            return 0;
        };
    });
}

}  // namespace hactl::cli
