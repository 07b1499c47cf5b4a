#include "hactl/output/plan_text.hpp"

#include <algorithm>
#include <vector>

#include <fmt/core.h>

#include "hactl/output/printable.hpp"
#include "hactl/output/wrap.hpp"

namespace hactl::output {

using plan::Risk;
using plan::StepStatus;

PlanSummary summarize(const plan::Plan& plan) {
    PlanSummary s;
    for (const auto& step : plan.steps) {
        switch (step.status) {
            case StepStatus::planned:
                ++s.to_run;
                if (step.risk == Risk::destructive) ++s.destructive;
                if (step.risk == Risk::restart) ++s.restart;
                if (step.risk == Risk::failover) ++s.failover;
                break;
            case StepStatus::satisfied: ++s.satisfied; break;
            case StepStatus::not_applicable: ++s.not_applicable; break;
        }
    }
    return s;
}

std::string summary_line(const PlanSummary& s) {
    const std::string failover =
        s.failover > 0 ? fmt::format("{} failover, irreversible, ", s.failover) : std::string();
    return fmt::format("Plan: {} to run ({}{} destructive, {} restart services), {} satisfied, {} not applicable.",
                       s.to_run, failover, s.destructive, s.restart, s.satisfied, s.not_applicable);
}

namespace {

std::string host_line(const facts::HostFacts& host, const Style& style) {
    std::string state;
    if (!host.reachable()) {
        state = style.red(std::string("unreachable: ") + transport::to_string(host.connection_error));
    } else {
        state = fmt::format("release {}   mode {}", printable_line(host.release_raw.value_or("?")),
                            host.mode ? facts::to_string(*host.mode) : "?");
    }
    // A long release string from the host wraps under the state, within k_columns.
    return hanging(fmt::format("  {} {} ", pad(model::to_string(host.role), 10),
                               pad(printable_line(host.address), 16)),
                   state, 30) +
           '\n';
}

std::string risk_text(const plan::PlannedStep& step, const Style& style) {
    std::string text = plan::to_string(step.risk);
    if (step.risk == Risk::destructive) text = "DESTRUCTIVE";
    if (step.risk == Risk::failover) text = "FAILOVER, irreversible";
    if (step.long_running) text += ", long";
    switch (step.risk) {
        case Risk::failover:
        case Risk::destructive: return style.red(text);
        case Risk::unsafe:
        case Risk::restart: return style.yellow(text);
        case Risk::safe: return text;
    }
    return text;
}

std::string symbol(const plan::PlannedStep& step, const Style& style) {
    switch (step.status) {
        case StepStatus::planned:
            return step.risk == Risk::destructive || step.risk == Risk::failover ? style.red("!") : style.green("+");
        case StepStatus::satisfied: return style.dim("=");
        case StepStatus::not_applicable: return style.dim("-");
    }
    return "?";
}

}  // namespace

std::string failover_warning(const model::PairSpec& desired, const plan::Plan& plan) {
    const std::string& y = desired.secondary.address;
    if (plan.scope == plan::Scope::failover_only) {
        return fmt::format("{} becomes the serving host and cannot go back. {} is unreachable: when it is "
                           "back, apply again to demote it and rebuild it as secondary, which deletes its data.",
                           desired.primary.address, y);
    }
    return fmt::format("not reversible. Stop writes to {} first: writes it takes after the failover are lost "
                       "when it is rebuilt as secondary.",
                       y);
}

std::string render_hosts(const facts::PairFacts& observed, const Style& style) {
    return host_line(observed.primary, style) + host_line(observed.secondary, style);
}

std::string render_plan(const model::PairSpec& desired, const facts::PairFacts& observed, const plan::Plan& plan,
                        const Style& style) {
    std::string out = fmt::format("{} {}\n", style.bold("Pair"), style.bold(desired.name));
    out += render_hosts(observed, style);
    out += '\n';
    if (plan.refused()) {
        out += style.red("Refused:") + " hactl will not plan this pair; nothing was changed.\n";
        for (const auto& r : plan.refusals) {
            std::string where = r.host ? fmt::format("{} {}: ", model::to_string(*r.host),
                                                     printable_line(desired.host(*r.host).address))
                                       : std::string();
            out += hanging("  x ",
                           fix_on_own_line(
                               fmt::format("{}{} [{}]", where, printable(r.message), printable_line(r.code))),
                           4) +
                   '\n';
        }
        return out;
    }
    // One line per step (symbol, id, host, risk or status), its reason wrapped
    // under it: no row is padded to the longest reason, every line fits k_columns.
    // A reason may quote a host's value (an override IP, a release string, a command's stderr).
    std::size_t id_width = 0;
    for (const auto& step : plan.steps) id_width = std::max(id_width, step.id.size());
    for (const auto& step : plan.steps) {
        std::string status;
        switch (step.status) {
            case StepStatus::planned:
                status = risk_text(step, style);
                break;
            case StepStatus::satisfied:
                status = style.dim("satisfied");
                break;
            case StepStatus::not_applicable:
                status = style.dim("not applicable");
                break;
        }
        out += fmt::format("  {} {} {} {}\n", symbol(step, style), pad(step.id, id_width),
                           pad(plan::to_string(step.target), 10), status);
        const std::string reason = hanging("      ", printable_line(step.reason), 6);
        out += (step.status == StepStatus::planned ? reason : style.dim(reason)) + '\n';
    }
    out += '\n';
    auto summary = summarize(plan);
    out += summary.to_run == 0 ? style.green("No changes.") + " " + summary_line(summary) : summary_line(summary);
    out += '\n';
    if (summary.failover > 0) {
        out += hanging(style.red("Failover:") + " ", printable_line(failover_warning(desired, plan)), 2) + '\n';
    }
    return out;
}

}  // namespace hactl::output
