#include "hactl/output/plan_markdown.hpp"

#include <fmt/core.h>

#include "hactl/output/plan_text.hpp"
#include "hactl/output/printable.hpp"

namespace hactl::output {

using plan::Risk;
using plan::StepStatus;

std::string markdown_cell(std::string_view text) {
    const std::string safe = printable(text);  // control characters become visible escapes first
    std::string out;
    out.reserve(safe.size());
    for (std::size_t i = 0; i < safe.size(); ++i) {
        const char c = safe[i];
        switch (c) {
            case '\n': out += "<br>"; break;
            case '\t': out += ' '; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '|':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '\\':
                out += '\\';
                out += c;
                break;
            default: out += c;
        }
    }
    return out;
}

namespace {

std::string host_cell(const model::PairSpec& desired, plan::Target target) {
    switch (target) {
        case plan::Target::primary: return "primary " + markdown_cell(desired.primary.address);
        case plan::Target::secondary: return "secondary " + markdown_cell(desired.secondary.address);
        case plan::Target::both: return "both";
    }
    return "?";
}

std::string host_row(const facts::HostFacts& host) {
    if (!host.reachable()) {
        return fmt::format("| {} | {} | unreachable: {} | |\n", model::to_string(host.role),
                           markdown_cell(host.address), transport::to_string(host.connection_error));
    }
    return fmt::format("| {} | {} | {} | {} |\n", model::to_string(host.role), markdown_cell(host.address),
                       markdown_cell(host.release_raw.value_or("?")), host.mode ? facts::to_string(*host.mode) : "?");
}

std::string risk_cell(const plan::PlannedStep& step) {
    std::string text = step.risk == Risk::destructive ? "**destructive**"
                       : step.risk == Risk::failover  ? "**FAILOVER, irreversible**"
                                                      : plan::to_string(step.risk);
    if (step.long_running) text += ", long-running";
    return text;
}

}  // namespace

std::string render_plan_markdown(const model::PairSpec& desired, const facts::PairFacts& observed,
                                 const plan::Plan& plan) {
    std::string out = fmt::format("### hactl plan: {} (primary {}, secondary {})\n\n", markdown_cell(desired.name),
                                  markdown_cell(desired.primary.address), markdown_cell(desired.secondary.address));
    out += "| Host | Address | Release | Mode |\n|---|---|---|---|\n";
    out += host_row(observed.primary) + host_row(observed.secondary) + '\n';
    if (plan.refused()) {
        out += "**Refused:** hactl will not plan this pair; nothing was changed.\n\n";
        out += "| Host | Why | Code |\n|---|---|---|\n";
        for (const auto& r : plan.refusals) {
            const std::string host =
                r.host ? fmt::format("{} {}", model::to_string(*r.host), markdown_cell(desired.host(*r.host).address))
                       : std::string("pair");
            out += fmt::format("| {} | {} | {} |\n", host, markdown_cell(r.message), markdown_cell(r.code));
        }
        return out;
    }
    const auto summary = summarize(plan);
    if (summary.to_run == 0) {
        out += "**No changes.**\n\n";
    } else {
        out += "|   | Step | Host | Reason | Risk |\n|:-:|---|---|---|---|\n";
        for (const auto& step : plan.steps) {
            if (step.status != StepStatus::planned) continue;
            const bool warn = step.risk == Risk::destructive || step.risk == Risk::failover;
            out += fmt::format("| {} | {} | {} | {} | {} |\n", warn ? "⚠️" : "+",
                               markdown_cell(step.id), host_cell(desired, step.target), markdown_cell(step.reason),
                               risk_cell(step));
        }
        out += '\n';
    }
    const int idle = summary.satisfied + summary.not_applicable;
    if (idle > 0) {
        out += fmt::format("<details><summary>{} step{} with nothing to do ({} satisfied, {} not applicable)"
                           "</summary>\n\n",
                           idle, idle == 1 ? "" : "s", summary.satisfied, summary.not_applicable);
        out += "| Step | Host | Status | Reason |\n|---|---|---|---|\n";
        for (const auto& step : plan.steps) {
            if (step.status == StepStatus::planned) continue;
            out += fmt::format("| {} | {} | {} | {} |\n", markdown_cell(step.id), host_cell(desired, step.target),
                               step.status == StepStatus::satisfied ? "satisfied" : "not applicable",
                               markdown_cell(step.reason));
        }
        out += "\n</details>\n\n";
    }
    out += "**" + summary_line(summary) + "**";
    if (summary.destructive > 0) {
        out += fmt::format(" ⚠️ {} destructive step{}: read them before approving.", summary.destructive,
                           summary.destructive == 1 ? "" : "s");
    }
    if (summary.failover > 0) out += "\n⚠️ **Failover:** " + markdown_cell(failover_warning(desired, plan)) + '\n';
    out += '\n';
    return out;
}

}  // namespace hactl::output
