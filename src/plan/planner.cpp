// make_plan: preflight refusals, then the catalogue's rows in order.
#include "hactl/plan/planner.hpp"

#include <map>

#include "hactl/config/sha256.hpp"
#include "hactl/facts/fact_keys.hpp"
#include "hactl/plan/catalogue.hpp"
#include "hactl/plan/preflight.hpp"

namespace hactl::plan {

namespace {

using model::Role;

Role host_of(Target target) { return target == Target::secondary ? Role::secondary : Role::primary; }

std::string undone_reason(std::string_view by) {
    if (by == step::add_secondary) {
        return "add-secondary is planned and resets this (cluster_add_slaves wipes the secondary)";
    }
    if (by == step::generate_keys) return "generate-keys is planned: its new keys must be exchanged";
    return std::string(by) + " is planned and undoes this";
}

/// The refusal of a plan that needs the failover gate and does not have it:
/// both readings of the disagreement between the file and the hosts.
Refusal failover_refusal(const model::PairSpec& desired, const facts::PairFacts& observed) {
    const std::string& x = desired.primary.address;
    const std::string& y = desired.secondary.address;
    const bool x_slave = observed.primary.mode == facts::Mode::slave;
    const std::string reading = x_slave ? "the file names " + x + " primary but " + x + " is a slave of " + y
                                        : "the file names " + x + " primary but " + y +
                                              ", named secondary, is a master (" + x + " is standalone)";
    return {std::string(refusal::roles_swapped), Role::primary,
            reading + ": if " + y + " should stay primary, fix the file; to switch over, use --allow-failover "
                      "(or spec.policy.allowFailover: true)"};
}

}  // namespace

std::string fingerprint(const std::vector<FactValue>& facts) {
    std::string text;
    for (const auto& f : facts) {
        text += f.key;
        text += '=';
        text += f.value;
        text += '\n';
    }
    return config::sha256_hex(text);
}

Plan make_plan(const model::PairSpec& desired, const facts::PairFacts& observed) {
    Plan plan;
    plan.refusals = preflight(desired, observed);
    if (plan.refused()) return plan;

    // Preflight guarantees both releases are known and equal (the primary's
    // alone when only the failover can be decided).
    const model::Release release = *observed.primary.release;
    if (!observed.secondary.reachable()) plan.scope = Scope::failover_only;
    std::map<std::string_view, bool> planned;
    std::vector<PlannedStep> steps;
    for (const auto& def : catalogue) {
        for (Target target : targets(def)) {
            PlannedStep s;
            s.id = std::string(def.id);
            s.target = target;
            s.risk = def.risk;
            s.long_running = def.long_running;
            std::string why;
            if (plan.scope == Scope::failover_only && def.id != step::failover) {
                s.status = StepStatus::not_applicable;
                s.reason = "the secondary " + desired.secondary.address +
                           " is unreachable: decided when it is back (apply again then)";
                s.depends_on.push_back({"secondary.reachable", "false"});
            } else if (!state_applies(def, desired, &why)) {
                s.status = StepStatus::not_applicable;
                s.reason = why;
                s.depends_on.push_back({"spec.state", model::to_string(desired.state)});
            } else if (!release_applies(def.release, release, &why) || !spec_applies(def.spec, desired, &why)) {
                s.status = StepStatus::not_applicable;
                s.reason = why;
                s.depends_on.push_back({"primary.release", release.str()});
                if (def.spec != SpecGate::none) {
                    std::string ignored;
                    s.depends_on.push_back({std::string("spec.") + to_string(def.spec),
                                            spec_applies(def.spec, desired, &ignored) ? "true" : "false"});
                }
            } else {
                std::string_view undone_by;
                for (auto dep : def.undone_by) {
                    if (!dep.empty() && planned[dep]) {
                        undone_by = dep;
                        break;
                    }
                }
                if (!undone_by.empty()) {
                    s.status = StepStatus::planned;
                    s.reason = undone_reason(undone_by);
                    s.depends_on.push_back({"plan." + std::string(undone_by), "planned"});
                } else {
                    Decision d = def.guard(GuardInput{desired, observed, host_of(target)});
                    if (d.kind == Decision::Kind::unknown) {
                        plan.refusals.push_back({std::string(refusal::unknown_fact), host_of(target),
                                                 "cannot decide " + s.id + ": " + d.reason});
                    }
                    s.status = d.kind == Decision::Kind::satisfied ? StepStatus::satisfied : StepStatus::planned;
                    s.reason = std::move(d.reason);
                    s.depends_on = std::move(d.depends_on);
                }
            }
            s.fingerprint = fingerprint(s.depends_on);
            if (s.status == StepStatus::planned) planned[def.id] = true;
            steps.push_back(std::move(s));
        }
    }
    if (!plan.refused() && !desired.policy.allow_failover) {
        for (const auto& s : steps) {
            if (s.status == StepStatus::planned && s.risk == Risk::failover) {
                plan.refusals.push_back(failover_refusal(desired, observed));
                break;
            }
        }
    }
    if (!plan.refused()) plan.steps = std::move(steps);
    return plan;
}

}  // namespace hactl::plan
