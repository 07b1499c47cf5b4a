// `hactl doctor`'s report: text and JSON.
#include "hactl/output/doctor.hpp"

#include "hactl/output/printable.hpp"
#include "hactl/output/wrap.hpp"
#include "json_values.hpp"

namespace hactl::output {

namespace {

using nlohmann::json;

constexpr std::size_t k_outcome_width = 10;

std::string outcome_word(doctor::Outcome outcome, const Style& style) {
    switch (outcome) {
        case doctor::Outcome::ok:
            return style.green(pad("ok", k_outcome_width));
        case doctor::Outcome::mismatch:
            return style.red(pad("MISMATCH", k_outcome_width));
        case doctor::Outcome::skipped:
            return style.dim(pad("skip", k_outcome_width));
    }
    return pad("?", k_outcome_width);
}

std::size_t count(const doctor::HostReport& host, doctor::Outcome outcome) {
    std::size_t n = 0;
    for (const auto& c : host.checks) n += c.outcome == outcome ? 1 : 0;
    return n;
}

void render_host(std::string& out, const doctor::HostReport& host, const Style& style) {
    out += style.bold(std::string(model::to_string(host.role)) + " " + printable_line(host.address)) + "\n";
    const std::string indent(2 + k_outcome_width, ' ');
    for (const auto& c : host.checks) {
        std::string text = printable_line(c.subject) + ": ";
        if (c.outcome == doctor::Outcome::mismatch) {
            text += "expected " + printable_line(c.expected) + "; seen " + printable_line(c.seen) + ".";
            if (!c.field.empty()) text += " Adapt: " + c.field + ".";
            if (!c.fix.empty()) text += " Fix: " + printable_line(c.fix) + ".";
        } else {
            text += printable_line(c.seen);
        }
        out += hanging("  " + outcome_word(c.outcome, style), fix_on_own_line(text), indent.size()) + "\n";
    }
}

json host_json(const doctor::HostReport& host) {
    json checks = json::array();
    for (const auto& c : host.checks) {
        checks.push_back({{"id", c.id},
                          {"subject", c.subject},
                          {"outcome", doctor::to_string(c.outcome)},
                          {"expected", c.expected},
                          {"seen", c.seen},
                          {"field", c.field.empty() ? json(nullptr) : json(c.field)},
                          {"fix", c.fix.empty() ? json(nullptr) : json(c.fix)}});
    }
    return {{"role", model::to_string(host.role)},
            {"address", host.address},
            {"clean", host.clean()},
            {"checks", checks}};
}

}  // namespace

std::string render_doctor(const doctor::Report& report, const Style& style) {
    std::string out;
    out += "profile: " +
           (report.profile.empty() ? std::string("the contract's defaults (no spec.hostProfile)")
                                   : printable_line(report.profile)) +
           "\n";
    render_host(out, report.primary, style);
    render_host(out, report.secondary, style);
    const std::size_t mismatches =
        count(report.primary, doctor::Outcome::mismatch) + count(report.secondary, doctor::Outcome::mismatch);
    if (mismatches == 0) {
        out += style.green("Every checked assumption holds on both hosts.") + "\n";
    } else {
        out +=
            hanging("",
                    style.red(std::to_string(mismatches) + (mismatches == 1 ? " mismatch" : " mismatches")) +
                        ": adapt the fields named (a host profile field: write a profile, start from "
                        "`hactl doctor --print-profile`, and point spec.hostProfile at it), or fix the host.",
                    2) +
            "\n";
    }
    return out;
}

std::string doctor_json(const doctor::Report& report) {
    const json doc{{"format", doctor_format},
                   {"profile", report.profile.empty() ? json(nullptr) : json(report.profile)},
                   {"clean", report.clean()},
                   {"primary", host_json(report.primary)},
                   {"secondary", host_json(report.secondary)}};
    return json_text(doc, 2);
}

}  // namespace hactl::output
