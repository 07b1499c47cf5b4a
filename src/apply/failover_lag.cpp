#include "failover_lag.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "hactl/contract/host_contract.hpp"
#include "hactl/contract/monitor_url.hpp"
#include "hactl/facts/parse.hpp"

namespace hactl::apply {

namespace {

using transport::Millis;

constexpr Millis k_poll{2000};
constexpr Millis k_curl_deadline{(contract::monitor_max_time_s + 20) * 1000};

/// One reading: empty when caught up, else what is not.
std::string behind(const model::PairSpec& spec, const facts::MonitorFacts& monitor) {
    const auto max = spec.policy.max_failover_lag_bytes;
    std::string out;
    auto check = [&](bool replicated, const facts::Lag& lag, const char* name) {
        if (!replicated || (lag.numeric() && lag.bytes <= max)) return;
        out += fmt::format("{}{} lag {}", out.empty() ? "" : ", ", name, facts::describe(lag));
    };
    check(spec.replication.postgres, monitor.postgres, "PostgreSQL");
    check(spec.replication.kvstore, monitor.kvstore, "KV store");
    if (!out.empty()) out += fmt::format(" (at most {} bytes allowed: spec.policy.maxFailoverLagBytes)", max);
    return out;
}

}  // namespace

LagWait wait_for_failover_lag(const model::PairSpec& spec, model::Role serving, transport::Transport& host,
                              Clock& clock, Millis wait, const std::atomic<bool>* interrupted, EventSink& events,
                              const std::string& step) {
    const std::string url = contract::monitor_url_on(spec, serving);
    const std::string where = fmt::format("the {} ({})", model::to_string(serving), spec.host(serving).address);
    const auto start = clock.now();
    const auto end = wait >= Millis::max() - start ? Millis::max() : start + wait;
    const plan::Target target = serving == model::Role::primary ? plan::Target::primary : plan::Target::secondary;
    std::string last;
    for (;;) {
        std::string state;
        auto r = host.run(contract::monitor_command(url), k_curl_deadline);
        if (!r.succeeded()) {
            state = fmt::format("cannot read the monitor of {} ({}): {}", where, url,
                                r.status == transport::Status::ok ? "exit " + std::to_string(r.exit_code) + ": " +
                                                                        std::string(facts::trim(r.err))
                                                                  : r.message);
        } else {
            auto monitor = facts::parse_monitor_json(r.out, spec.profile.monitor);
            if (!monitor.has_value()) {
                state = fmt::format("the monitor of {} ({}): {}", where, url, monitor.error);
            } else if (monitor.value->mode != facts::Mode::master) {
                state = fmt::format("the monitor of {} says mode {}, not master: nothing shows that the primary "
                                    "holds its newest data",
                                    where, monitor.value->mode ? facts::to_string(*monitor.value->mode) : "unknown");
            } else if (auto lag = behind(spec, *monitor.value); !lag.empty()) {
                state = fmt::format("the monitor of {} shows {}", where, lag);
            }
        }
        if (state.empty()) {
            events.emit({Event::Kind::step_progress, step, target, true,
                         fmt::format("the monitor of {} shows the primary caught up (lag at most {} bytes)", where,
                                     spec.policy.max_failover_lag_bytes),
                         0});
            return {true, false, {}};
        }
        if (state != last) {
            events.emit({Event::Kind::step_progress, step, target, false, "waiting: " + state, 0});
            last = state;
        }
        if (interrupted != nullptr && interrupted->load()) return {false, true, state};
        const auto now = clock.now();
        if (now >= end) return {false, false, state};
        clock.sleep_for(std::min(k_poll, end - now));
    }
}

}  // namespace hactl::apply
