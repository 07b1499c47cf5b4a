#include "hactl/plan/catalogue.hpp"

namespace hactl::plan {

const char* to_string(SpecGate gate) {
    switch (gate) {
        case SpecGate::none: return "";
        case SpecGate::postgres: return "replication.postgres";
        case SpecGate::kvstore: return "replication.kvstore";
        case SpecGate::event_bus: return "replication.eventBus";
        case SpecGate::backup_v2: return "backupV2";
    }
    return "";
}

const StepDef* find_step(std::string_view id) {
    for (const auto& def : catalogue) {
        if (def.id == id) return &def;
    }
    return nullptr;
}

std::vector<Target> targets(const StepDef& def) {
    switch (def.placement) {
        case Placement::each: return {Target::primary, Target::secondary};
        case Placement::both: return {Target::both};
        case Placement::primary: return {Target::primary};
        case Placement::secondary: return {Target::secondary};
    }
    return {};
}

bool release_applies(const ReleaseGate& gate, const model::Release& release, std::string* why) {
    if (gate.since && release < *gate.since) {
        if (why) *why = "needs release >= " + gate.since->str() + " (hosts run " + release.str() + ")";
        return false;
    }
    if (gate.below && !(release < *gate.below)) {
        if (why) *why = "only below release " + gate.below->str() + " (hosts run " + release.str() + ")";
        return false;
    }
    return true;
}

bool spec_applies(SpecGate gate, const model::PairSpec& desired, std::string* why) {
    bool on = true;
    switch (gate) {
        case SpecGate::none: on = true; break;
        case SpecGate::postgres: on = desired.replication.postgres; break;
        case SpecGate::kvstore: on = desired.replication.kvstore; break;
        case SpecGate::event_bus: on = desired.replication.event_bus; break;
        case SpecGate::backup_v2: on = desired.backup_v2; break;
    }
    if (!on && why) *why = std::string(to_string(gate)) + " is false";
    return on;
}

}  // namespace hactl::plan
