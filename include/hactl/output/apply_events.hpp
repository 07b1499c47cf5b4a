#pragma once
/// Rendering apply's events: short aligned text with a live progress line on a
/// terminal (periodic lines otherwise), or one JSON object per line
/// (format "hactl.apply/v1", documented in schemas/apply-event.schema.json).
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "hactl/apply/events.hpp"
#include "hactl/output/plan_json.hpp"
#include "hactl/output/style.hpp"

namespace hactl::output {

inline constexpr const char* apply_event_format = "hactl.apply/v1";

/// The "plan" event `apply --json` prints first: the plan it computed, as one
/// JSON line (no final newline); a host's bytes that are not UTF-8 become U+FFFD.
/// Never fails.
std::string plan_event_json(const PlanDocument& document);

/// Events as text. Host text in an event (a job's log tail, a command's stderr)
/// is passed through printable(), so it cannot move, retitle or clear the terminal.
class TextEventSink : public apply::EventSink {
public:
    /// `live`: redraw one progress line (a terminal) with the step's elapsed
    /// time and last progress line; otherwise print a progress line at most
    /// every `period`, and a line at each heartbeat (elapsed, last progress).
    /// Progress lines are cut to 100 columns.
    TextEventSink(std::FILE* out, Style style, bool live,
                  std::chrono::seconds period = std::chrono::seconds(10));
    void emit(const apply::Event& event) override;

private:
    void clear_live_line();
    /// Redraws the live line: the step, how long it has been followed, its last progress line.
    void show_live_line(const std::string& step, double seconds);

    std::FILE* m_out;
    Style m_style;
    bool m_live;
    std::chrono::seconds m_period;
    std::chrono::steady_clock::time_point m_last_progress{};
    bool m_live_line_shown = false;
    std::string m_last_line;  ///< the followed step's last progress line, printable
    std::mutex m_mutex;
};

/// Events as JSON lines (invalid UTF-8 from a host becomes U+FFFD).
class JsonEventSink : public apply::EventSink {
public:
    explicit JsonEventSink(std::FILE* out) : m_out(out) {}
    void emit(const apply::Event& event) override;

private:
    std::FILE* m_out;
    std::mutex m_mutex;
};

}  // namespace hactl::output
