#include "hactl/output/apply_events.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "hactl/model/duration.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/printable.hpp"
#include "hactl/output/wrap.hpp"
#include "json_values.hpp"

namespace hactl::output {

using apply::Event;

namespace {

constexpr std::size_t k_live_line_bytes = 100;

// The first `max` bytes of `text` (valid UTF-8), cut before a whole character, with "..." when cut.
std::string shorten(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t cut = max - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

// "1h2m3s": a followed job's elapsed time, to the second.
std::string elapsed_text(double seconds) {
    return model::format_duration(std::chrono::seconds(std::llround(std::max(seconds, 0.0))));
}

}  // namespace

std::string plan_event_json(const PlanDocument& document) {
    const nlohmann::json event{{"format", apply_event_format},
                               {"time", utc_now()},
                               {"event", "plan"},
                               {"ok", !document.plan.refused()},
                               {"message", summary_line(summarize(document.plan))},
                               {"plan", plan_to_json(document)}};
    return json_text(event);
}

TextEventSink::TextEventSink(std::FILE* out, Style style, bool live, std::chrono::seconds period)
    : m_out(out), m_style(style), m_live(live), m_period(period) {}

void TextEventSink::clear_live_line() {
    if (m_live_line_shown) {
        fmt::print(m_out, "\r\x1b[2K");
        m_live_line_shown = false;
    }
}

void TextEventSink::show_live_line(const std::string& step, double seconds) {
    const std::string line = shorten(
        fmt::format("    {} {}{}{}", step, elapsed_text(seconds), m_last_line.empty() ? "" : ": ", m_last_line),
        k_live_line_bytes);
    fmt::print(m_out, "\r\x1b[2K{}", m_style.dim(line));
    m_live_line_shown = true;
}

void TextEventSink::emit(const Event& event) {
    // Host text (job logs, stderr, conf values) reaches the terminal only through printable().
    Event e = event;
    e.step = printable_line(event.step);
    const bool one_line = e.kind == Event::Kind::step_progress || e.kind == Event::Kind::heartbeat;
    e.message = one_line ? printable_line(event.message) : printable(event.message);
    e.host = printable_line(event.host);
    e.log = printable_line(event.log);
    std::lock_guard guard(m_mutex);
    const std::string where = e.step.empty() ? "" : fmt::format("{} ({})", e.step, plan::to_string(e.target));
    switch (e.kind) {
        case Event::Kind::step_progress: {
            m_last_line = e.message;
            const auto now = std::chrono::steady_clock::now();
            if (m_live) {
                show_live_line(e.step, e.seconds);
            } else if (now - m_last_progress >= m_period) {
                fmt::print(m_out, "{}\n", hanging("    ", fmt::format("{}: {}", e.step, e.message), 6));
                m_last_progress = now;
            }
            break;
        }
        case Event::Kind::heartbeat:
            if (!e.message.empty()) m_last_line = e.message;
            if (m_live) {
                show_live_line(e.step, e.seconds);
            } else {
                // Without a terminal: a line a CI log keeps, so the job never looks silent.
                fmt::print(m_out, "{}\n",
                           shorten(fmt::format("    {} running {}{}{}", e.step, elapsed_text(e.seconds),
                                               m_last_line.empty() ? "" : ", last: ", m_last_line),
                                   k_live_line_bytes));
            }
            break;
        case Event::Kind::step_log:
            clear_live_line();
            fmt::print(m_out, "   {} {} on the {} ({})\n", m_style.dim("log:"), e.log, plan::to_string(e.target),
                       e.host);
            break;
        case Event::Kind::lock:
            clear_live_line();
            fmt::print(m_out, "{}\n", hanging(m_style.dim("lock:") + " ", e.message, 4));
            break;
        case Event::Kind::step_started:
            clear_live_line();
            fmt::print(
                m_out, "{}\n",
                hanging(m_style.bold("->") + " " + m_style.bold(where) + " ", m_style.dim(e.message), 3));
            m_last_progress = std::chrono::steady_clock::now();
            m_last_line.clear();
            break;
        case Event::Kind::step_reattached:
            clear_live_line();
            fmt::print(m_out, "{}\n", hanging("   ", m_style.cyan(e.message), 3));
            break;
        case Event::Kind::step_skipped:
            clear_live_line();
            fmt::print(m_out, "{}\n",
                       hanging(m_style.dim("=") + " " + where + " ", m_style.dim(e.message), 2));
            break;
        case Event::Kind::step_finished:
            clear_live_line();
            if (e.ok) {
                fmt::print(m_out, "   {} {} ({:.1f} s)\n", m_style.green("ok"), where, e.seconds);
            } else {
                fmt::print(m_out, "{}\n",
                           hanging(fmt::format("   {} {}: ", m_style.red("FAILED"), where),
                                   fix_on_own_line(e.message), 5));
            }
            break;
        case Event::Kind::verify:
            clear_live_line();
            fmt::print(
                m_out, "{}\n",
                hanging(fmt::format("   {} {}: ", e.ok ? m_style.green("ok") : m_style.red("FAILED"), e.step),
                        fix_on_own_line(e.message), 5));
            break;
        case Event::Kind::stopped:
            clear_live_line();
            fmt::print(m_out, "\n{}\n",
                       hanging(m_style.red("Stopped:") + " ", fix_on_own_line(e.message), 2));
            break;
        case Event::Kind::in_progress:
            clear_live_line();
            fmt::print(m_out, "\n{} {} is still running on the {} ({})\n", m_style.yellow("In progress:"), e.step,
                       plan::to_string(e.target), printable_line(e.host));
            fmt::print(m_out, "  its log there: {}\n", printable_line(e.log));
            fmt::print(m_out, "  The lock is released. Apply again to continue (exit 3).\n");
            break;
        case Event::Kind::degraded:
            clear_live_line();
            fmt::print(m_out, "\n{}\n", hanging(m_style.yellow("Degraded:") + " ", fix_on_own_line(e.message), 2));
            break;
        case Event::Kind::done:
            clear_live_line();
            fmt::print(m_out, "\n{}\n", hanging("", m_style.green(e.message), 0));
            break;
    }
    std::fflush(m_out);
}

void JsonEventSink::emit(const Event& e) {
    nlohmann::json j{{"format", apply_event_format},
                     {"time", utc_now()},
                     {"event", apply::to_string(e.kind)},
                     {"ok", e.ok},
                     {"message", e.message}};
    if (!e.step.empty()) {
        j["step"] = e.step;
        if (e.kind != Event::Kind::verify) j["target"] = plan::to_string(e.target);
    }
    if (e.kind == Event::Kind::step_finished || e.kind == Event::Kind::heartbeat) j["seconds"] = e.seconds;
    if (e.kind == Event::Kind::in_progress || e.kind == Event::Kind::step_log) {
        j["host"] = e.host;
        j["log"] = e.log;
    }
    if (e.kind == Event::Kind::in_progress) j["exitCode"] = 3;
    if (e.kind == Event::Kind::degraded) j["exitCode"] = 2;
    std::lock_guard guard(m_mutex);
    fmt::print(m_out, "{}\n", json_text(j));
    std::fflush(m_out);
}

}  // namespace hactl::output
