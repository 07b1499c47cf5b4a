#include <string>
#include <vector>

#include <fmt/core.h>

#include "commands.hpp"
#include "hactl/config/load.hpp"
#include "hactl/config/profile.hpp"
#include "hactl/output/printable.hpp"

namespace hactl::cli {

void add_validate_command(CLI::App& app, Action& action) {
    auto* cmd = app.add_subcommand("validate",
                                   "Check pair files and host profiles against the schemas (no network)");
    auto files = std::make_shared<std::vector<std::string>>();
    cmd->add_option("FILE", *files, "Pair files or host profiles (YAML) to check")->required();
    cmd->footer(
        "Prints FILE:LINE:COL: error: ... on stderr for every problem (all at once),\n"
        "and FILE: ok on stdout for each valid file. A pair file's spec.hostProfile is\n"
        "checked with it; a file of kind HostProfile is checked as a host profile.\n"
        "Exit codes: 0 every file is valid, 1 otherwise.\n"
        "\n"
        "Example:\n"
        "  $ hactl validate examples/catalog-prod.yaml examples/minimal.yaml\n"
        "  examples/catalog-prod.yaml: ok\n"
        "  examples/minimal.yaml: ok\n"
        "  $ hactl validate broken.yaml\n"
        "  broken.yaml:9:14: error: spec.primary.address: expected a dotted-quad IPv4 address\n"
        "  such as 10.0.0.1, found \"10.0.0.01\" (part '01' has a leading zero)\n"
        "\n"
        "A minimal pair file (the schema is schemas/hapair.schema.json):\n"
        "  apiVersion: hactl/v1\n"
        "  kind: HAPair\n"
        "  metadata:\n"
        "    name: catalog-prod\n"
        "  spec:\n"
        "    primary:\n"
        "      address: 10.0.0.1\n"
        "      ssh: { user: alationops }\n"
        "    secondary:\n"
        "      address: 10.0.0.2\n"
        "      ssh: { user: alationops }");
    cmd->callback([&action, files] {
        action = [files] {
            int exit_code = 0;
            for (const auto& file : *files) {
                std::vector<config::Diagnostic> errors;
                if (config::document_kind(file) == "HostProfile") {
                    errors = config::load_profile_file(file).errors;
                } else {
                    errors = config::load_pair_file(file).errors;
                }
                if (errors.empty()) {
                    fmt::print("{}: ok\n", file);
                    continue;
                }
                exit_code = 1;
                for (const auto& error : errors) {
                    fmt::print(stderr, "{}\n", output::printable(config::format_diagnostic(error)));
                }
            }
            std::fflush(stdout);
            return exit_code;
        };
    });
}

}  // namespace hactl::cli
