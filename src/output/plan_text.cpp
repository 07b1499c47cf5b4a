#include "hactl/output/plan_text.hpp"

#include <algorithm>

#include <fmt/core.h>

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
                break;
            case StepStatus::satisfied: ++s.satisfied; break;
            case StepStatus::not_applicable: ++s.not_applicable; break;
        }
    }
    return s;
}

std::string summary_line(const PlanSummary& s) {
    return fmt::format("Plan: {} to run ({} destructive, {} restart services), {} satisfied, {} not applicable.",
                       s.to_run, s.destructive, s.restart, s.satisfied, s.not_applicable);
}

namespace {

std::string host_line(const facts::HostFacts& host, const Style& style) {
    std::string state;
    if (!host.reachable()) {
        state = style.red(std::string("unreachable: ") + transport::to_string(host.connection_error));
    } else {
        state = fmt::format("release {}   mode {}", host.release_raw.value_or("?"),
                            host.mode ? facts::to_string(*host.mode) : "?");
    }
    return fmt::format("  {} {} {}\n", pad(model::to_string(host.role), 10), pad(host.address, 16), state);
}

std::string risk_text(const plan::PlannedStep& step, const Style& style) {
    std::string text = plan::to_string(step.risk);
    if (step.risk == Risk::destructive) text = "DESTRUCTIVE";
    if (step.long_running) text += ", long";
    switch (step.risk) {
        case Risk::destructive: return style.red(text);
        case Risk::unsafe:
        case Risk::restart: return style.yellow(text);
        case Risk::safe: return text;
    }
    return text;
}

std::string symbol(const plan::PlannedStep& step, const Style& style) {
    switch (step.status) {
        case StepStatus::planned: return step.risk == Risk::destructive ? style.red("!") : style.green("+");
        case StepStatus::satisfied: return style.dim("=");
        case StepStatus::not_applicable: return style.dim("-");
    }
    return "?";
}

}  // namespace

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
                                                     desired.host(*r.host).address)
                                       : std::string();
            out += fmt::format("  x {}{} [{}]\n", where, r.message, r.code);
        }
        return out;
    }
    std::size_t id_width = 0;
    std::size_t reason_width = 0;
    for (const auto& step : plan.steps) {
        id_width = std::max(id_width, step.id.size());
        if (step.status == StepStatus::planned) reason_width = std::max(reason_width, step.reason.size());
    }
    for (const auto& step : plan.steps) {
        std::string line = fmt::format("  {} {} {} ", symbol(step, style), pad(step.id, id_width),
                                       pad(plan::to_string(step.target), 9));
        if (step.status == StepStatus::planned) {
            line += pad(step.reason, reason_width) + "  " + risk_text(step, style);
        } else {
            line += style.dim(step.status == StepStatus::satisfied ? "satisfied: " + step.reason
                                                                   : "not applicable: " + step.reason);
        }
        out += line + '\n';
    }
    out += '\n';
    auto summary = summarize(plan);
    out += summary.to_run == 0 ? style.green("No changes.") + " " + summary_line(summary) : summary_line(summary);
    out += '\n';
    return out;
}

}  // namespace hactl::output
