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

namespace {

// How the catalogue's words name a value: the fixed word, or what the pair file gives.
std::string value_words(OpValue value) {
    switch (value) {
        case OpValue::none: return "";
        case OpValue::word_true: return std::string(contract::word_true);
        case OpValue::word_false: return std::string(contract::word_false);
        case OpValue::host_address: return "ADDRESS";
        case OpValue::max_wal_senders: return "N";
    }
    return "";
}

}  // namespace

std::string action_words(const StepDef& def) {
    std::string words;
    auto add = [&](const std::string& part) { words += (words.empty() ? "" : "; ") + part; };
    for (const auto& op : def.ops) {
        switch (op.kind) {
            case OpKind::set_conf:
                add(std::string(contract::conf_program) + " " + std::string(op.name) + " " +
                    std::string(contract::conf_set_flag) + " " + value_words(op.value));
                break;
            case OpKind::run_action:
                add(std::string(contract::action_program) + " " + std::string(op.name));
                break;
            case OpKind::exchange_keys:
                add(std::string(contract::replication_helper_program) + " on both hosts");
                break;
            case OpKind::none:
            case OpKind::refuse_if_keyed:
            case OpKind::forget_receipt:
            case OpKind::write_receipt: break;
        }
    }
    return words;
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
        case Placement::secondary_then_primary: return {Target::secondary, Target::primary};
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

bool state_applies(const StepDef& def, const model::PairSpec& desired, std::string* why) {
    const bool split_row = def.id == step::split;
    const bool split_state = desired.state == model::PairState::split;
    if (split_row == split_state) return true;
    if (why) *why = std::string("spec.state is ") + model::to_string(desired.state);
    return false;
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
