#pragma once
/// `hactl status`: the pair's health in one screen (or JSON, format hactl.status/v1).
#include <optional>
#include <string>
#include <vector>

#include "hactl/apply/port_check.hpp"
#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/output/style.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::output {

inline constexpr const char* status_format = "hactl.status/v1";

struct StatusReport {
    const model::PairSpec& spec;
    const facts::PairFacts& observed;
    const plan::Plan& plan;
    std::optional<apply::PortCheck> ports_primary;    ///< absent: not run
    std::optional<apply::PortCheck> ports_secondary;
};

struct Health {
    enum class Level { healthy, degraded, error };
    Level level = Level::healthy;
    /// healthy and split as the file asks (spec.state split, both hosts
    /// standalone): "healthy-split"; replication is not expected.
    bool split = false;
    std::vector<std::string> problems;  ///< why not healthy
};

/// error: a host unreachable or the pair refused; degraded: a replicated
/// service's lag not numeric, a closed port, a failed job, steps pending, the
/// file and the hosts disagreeing on roles (a switchover the gate allows).
/// A pair the file wants split is healthy (split) once both hosts are standalone.
Health assess(const StatusReport& report);

/// The status screen; host text passed through printable(). Each running job
/// is shown with how long it has run (by its host's clock), its log file on
/// the host and its last line, each line within 100 columns. Never fails.
std::string render_status(const StatusReport& report, const Health& health, const Style& style);

/// The status as JSON text (format hactl.status/v1, indent 2, no final
/// newline); a host's bytes that are not UTF-8 become U+FFFD. `runningJobs`
/// lists each running job: step, host, address, startedAt, elapsedSeconds
/// (null when unknown), log, lastLine. Never fails.
std::string status_json(const StatusReport& report, const Health& health);

}  // namespace hactl::output
