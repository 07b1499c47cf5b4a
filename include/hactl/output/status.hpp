#pragma once
/// `hactl status`: the pair's health in one screen (or JSON, format hactl.status/v1).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hactl/facts/facts.hpp"
#include "hactl/model/pair.hpp"
#include "hactl/output/style.hpp"
#include "hactl/plan/plan.hpp"

namespace hactl::output {

inline constexpr const char* status_format = "hactl.status/v1";

/// replication_port_check's result on one host.
struct PortCheck {
    bool ran = false;  ///< false: it could not be run (link)
    bool ok = false;
    std::string output;
};

struct StatusReport {
    const model::PairSpec& spec;
    const facts::PairFacts& observed;
    const plan::Plan& plan;
    std::optional<PortCheck> ports_primary;
    std::optional<PortCheck> ports_secondary;
};

struct Health {
    enum class Level { healthy, degraded, error };
    Level level = Level::healthy;
    std::vector<std::string> problems;  ///< why not healthy
};

/// error: a host unreachable or the pair refused; degraded: a replicated
/// service's lag not numeric, a closed port, a failed job, steps pending.
Health assess(const StatusReport& report);

std::string render_status(const StatusReport& report, const Health& health, const Style& style);

nlohmann::json status_to_json(const StatusReport& report, const Health& health);

}  // namespace hactl::output
