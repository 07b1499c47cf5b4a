#include "hactl/plan/plan.hpp"

namespace hactl::plan {

const char* to_string(Risk risk) {
    switch (risk) {
        case Risk::safe: return "safe";
        case Risk::restart: return "restart";
        case Risk::unsafe: return "unsafe";
        case Risk::destructive: return "destructive";
        case Risk::failover: return "failover";
    }
    return "?";
}

const char* to_string(Target target) {
    switch (target) {
        case Target::primary: return "primary";
        case Target::secondary: return "secondary";
        case Target::both: return "both";
    }
    return "?";
}

const char* to_string(StepStatus status) {
    switch (status) {
        case StepStatus::planned: return "planned";
        case StepStatus::satisfied: return "satisfied";
        case StepStatus::not_applicable: return "not-applicable";
    }
    return "?";
}

std::vector<const PlannedStep*> Plan::to_run() const {
    std::vector<const PlannedStep*> out;
    if (refused()) return out;
    for (const auto& step : steps) {
        if (step.status == StepStatus::planned) out.push_back(&step);
    }
    return out;
}

}  // namespace hactl::plan
