#include "verify.hpp"

#include <fmt/core.h>

#include "hactl/apply/port_check.hpp"
#include "hactl/contract/host_contract.hpp"
#include "step_runner.hpp"

namespace hactl::apply {

using model::Role;

std::string verify_pair(const model::PairSpec& spec, const facts::PairFacts& observed, StepRunner& runner,
                        EventSink& events) {
    std::string failures;
    auto check = [&](const std::string& what, bool ok, const std::string& detail) {
        events.emit({Event::Kind::verify, what, plan::Target::primary, ok, detail, 0});
        if (!ok) failures += (failures.empty() ? "" : "; ") + what + ": " + detail;
    };

    const auto& monitor = observed.primary.monitor;
    if (spec.replication.postgres) {
        bool ok = monitor && monitor->postgres.numeric();
        check("postgres-lag", ok, "PostgreSQL lag " + (monitor ? facts::describe(monitor->postgres) : "(monitor unreadable)"));
    }
    if (spec.replication.kvstore) {
        bool ok = monitor && monitor->kvstore.numeric();
        check("kvstore-lag", ok, "KV store lag " + (monitor ? facts::describe(monitor->kvstore) : "(monitor unreadable)"));
    }
    for (Role role : {Role::primary, Role::secondary}) {
        auto ports = port_check_result(runner.alation(role, port_check_command(), port_check_deadline),
                                       spec.profile.ha_ports);
        check(fmt::format("ports-from-{}", model::to_string(role)), ports.ok, one_line(ports));
    }
    auto files = runner.run_action(Role::secondary, "replicate-files", contract::action::replicate_files, false,
                                   observed.secondary);
    check("replicate-files", files.ok, files.ok ? "one rsync pass of files and configuration" : files.message);
    return failures;
}

}  // namespace hactl::apply
