#pragma once
// Before a planned failover (internal to apply): wait until the serving
// master's monitor shows its standby caught up, so that the host that fails
// over holds the newest data.
#include <atomic>
#include <string>

#include "hactl/apply/clock.hpp"
#include "hactl/apply/events.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/transport/transport.hpp"

namespace hactl::apply {

struct LagWait {
    bool ok = false;
    bool interrupted = false;
    std::string message;  ///< !ok: the lag (or why the monitor could not be read) when the wait ended
};

/// Reads the monitor of `serving`'s host (contract::monitor_url_on: curl on that
/// host) until it shows the PostgreSQL and KV store lags the pair file
/// replicates numeric and at or below spec.policy.maxFailoverLagBytes, polling
/// every few seconds on `clock` for at most `wait`. Each new reading is
/// reported as a step_progress event of step `step`. Never throws.
LagWait wait_for_failover_lag(const model::PairSpec& spec, model::Role serving, transport::Transport& host,
                              Clock& clock, transport::Millis wait, const std::atomic<bool>* interrupted,
                              EventSink& events, const std::string& step);

}  // namespace hactl::apply
