#include "verify.hpp"

#include <fmt/core.h>

#include "hactl/contract/host_contract.hpp"
#include "step_runner.hpp"

namespace hactl::apply {

using model::Role;

namespace {

constexpr transport::Millis k_port_check_deadline{120000};

}  // namespace

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
        auto r = runner.alation(role, std::string(contract::port_check_program), k_port_check_deadline);
        std::string detail = r.status != transport::Status::ok ? r.message : r.out + r.err;
        while (!detail.empty() && detail.back() == '\n') detail.pop_back();
        for (auto& c : detail) {
            if (c == '\n') c = ',';
        }
        check(fmt::format("ports-from-{}", model::to_string(role)), r.succeeded(), detail);
    }
    auto files = runner.run_action(Role::secondary, "replicate-files", contract::action::replicate_files, false,
                                   observed.secondary);
    check("replicate-files", files.ok, files.ok ? "one rsync pass of files and configuration" : files.message);
    return failures;
}

}  // namespace hactl::apply
