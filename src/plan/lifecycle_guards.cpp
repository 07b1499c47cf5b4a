// The satisfied-when predicates of the lifecycle rows (contract section 9):
// failover, demote and split.
#include "hactl/facts/fact_keys.hpp"
#include "hactl/plan/catalogue.hpp"

namespace hactl::plan {

namespace {

using facts::Mode;
using model::Role;
using Kind = Decision::Kind;

std::string fact_name(Role role, std::string_view key) {
    return std::string(model::to_string(role)) + "." + std::string(key);
}

std::string named(const model::PairSpec& desired, Role role) {
    return std::string(model::to_string(role)) + " " + desired.host(role).address;
}

/// The mode of `role`'s host, noted; unknown when it could not be read.
struct ModeRead {
    std::optional<Mode> mode;
    Decision unknown;
};

ModeRead read_mode(const GuardInput& in, Role role, std::vector<FactValue>& facts) {
    const auto& h = in.observed.host(role);
    if (!h.mode) {
        const auto it = h.unknown.find(std::string(facts::key::mode));
        const std::string why = it == h.unknown.end() ? std::string("not probed") : it->second;
        facts.push_back({fact_name(role, facts::key::mode), "unknown"});
        return {std::nullopt, {Kind::unknown, fact_name(role, facts::key::mode) + " unknown (" + why + ")", facts}};
    }
    facts.push_back({fact_name(role, facts::key::mode), facts::to_string(*h.mode)});
    return {h.mode, {}};
}

}  // namespace

Decision guard_failover(const GuardInput& in) {
    std::vector<FactValue> facts;
    auto x = read_mode(in, Role::primary, facts);
    if (!x.mode) return x.unknown;
    if (*x.mode != Mode::slave) {
        return {Kind::satisfied, std::string("the primary's mode is ") + facts::to_string(*x.mode), facts};
    }
    const auto& y = in.observed.secondary;
    const std::string x_name = named(in.desired, Role::primary);
    const std::string y_name = named(in.desired, Role::secondary);
    if (!y.reachable()) {
        facts.push_back({"secondary.reachable", "false"});
        return {Kind::unsatisfied,
                "the " + x_name + " is a slave and its master, the " + y_name +
                    ", is unreachable: cluster_failover makes the primary serve its own data (not reversible); "
                    "writes the secondary took that never reached the primary are lost when it is rebuilt as "
                    "secondary",
                facts};
    }
    return {Kind::unsatisfied,
            "the " + x_name + " is a slave of the " + y_name +
                ": cluster_failover makes the primary serve its own data (not reversible). Writes to the "
                "secondary after the failover are lost when it is rebuilt: stop writes to " +
                in.desired.secondary.address + " first",
            facts};
}

Decision guard_demote(const GuardInput& in) {
    std::vector<FactValue> facts;
    auto y = read_mode(in, Role::secondary, facts);
    if (!y.mode) return y.unknown;
    if (*y.mode != Mode::master) {
        return {Kind::satisfied, std::string("the secondary's mode is ") + facts::to_string(*y.mode), facts};
    }
    return {Kind::unsatisfied,
            "the " + named(in.desired, Role::secondary) +
                " is a master: cluster_enter_standalone_mode stops it serving replication, so that it can be "
                "added as the primary's secondary (which replaces its data)",
            facts};
}

Decision guard_split(const GuardInput& in) {
    std::vector<FactValue> facts;
    auto h = read_mode(in, in.host, facts);
    if (!h.mode) return h.unknown;
    if (*h.mode == Mode::standalone) return {Kind::satisfied, "mode is standalone", facts};
    return {Kind::unsatisfied,
            std::string("mode is ") + facts::to_string(*h.mode) +
                ", want standalone (spec.state is split): cluster_enter_standalone_mode keeps its data and keys",
            facts};
}

}  // namespace hactl::plan
