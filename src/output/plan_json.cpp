#include "hactl/output/plan_json.hpp"

#include <ctime>

#include "hactl/output/plan_text.hpp"
#include "json_values.hpp"

namespace hactl::output {

using nlohmann::json;

namespace {

json host_json(const facts::HostFacts& host) {
    json j{{"address", host.address}, {"reachable", host.reachable()}};
    j["release"] = host.release_raw ? json(*host.release_raw) : json(nullptr);
    j["mode"] = host.mode ? json(facts::to_string(*host.mode)) : json(nullptr);
    if (!host.reachable()) {
        j["error"] = transport::to_string(host.connection_error);
        j["message"] = host.connection_message;
    }
    return j;
}

json step_json(const plan::PlannedStep& step) {
    json deps = json::array();
    for (const auto& fact : step.depends_on) deps.push_back({{"key", fact.key}, {"value", fact.value}});
    return {{"id", step.id},
            {"target", plan::to_string(step.target)},
            {"status", plan::to_string(step.status)},
            {"reason", step.reason},
            {"risk", plan::to_string(step.risk)},
            {"longRunning", step.long_running},
            {"dependsOn", deps},
            {"fingerprint", step.fingerprint}};
}

template <typename Enum, std::size_t N>
std::optional<Enum> enum_from(const std::string& text, const Enum (&values)[N]) {
    for (Enum v : values) {
        if (text == to_string(v)) return v;
    }
    return std::nullopt;
}

}  // namespace

std::string json_text(const json& value, int indent) {
    return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

json plan_to_json(const PlanDocument& document) {
    const auto& [desired, observed, plan, origin] = document;
    json refusals = json::array();
    for (const auto& r : plan.refusals) {
        refusals.push_back({{"code", r.code},
                            {"host", r.host ? json(model::to_string(*r.host)) : json(nullptr)},
                            {"message", r.message}});
    }
    json steps = json::array();
    for (const auto& step : plan.steps) steps.push_back(step_json(step));
    auto s = summarize(plan);
    return {{"format", plan_format},
            {"pair",
             {{"name", desired.name},
              {"file", origin.pair_file},
              {"digest", origin.pair_digest},
              {"profileDigest", origin.profile_digest}}},
            {"createdAt", origin.created_at},
            {"hosts", {{"primary", host_json(observed.primary)}, {"secondary", host_json(observed.secondary)}}},
            {"refused", plan.refused()},
            {"refusals", refusals},
            {"steps", steps},
            {"summary",
             {{"toRun", s.to_run},
              {"destructive", s.destructive},
              {"restart", s.restart},
              {"satisfied", s.satisfied},
              {"notApplicable", s.not_applicable}}}};
}

std::string plan_json(const PlanDocument& document) { return json_text(plan_to_json(document), 2); }

std::string plan_list_json(const std::vector<PlanDocument>& documents) {
    json list = json::array();
    for (const auto& document : documents) list.push_back(plan_to_json(document));
    return json_text(list, 2);
}

std::optional<SavedPlan> read_saved_plan(std::string_view text, std::string& error) {
    error.clear();
    const auto doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("format")) return std::nullopt;
    static constexpr plan::Target targets[] = {plan::Target::primary, plan::Target::secondary, plan::Target::both};
    static constexpr plan::StepStatus statuses[] = {plan::StepStatus::planned, plan::StepStatus::satisfied,
                                                    plan::StepStatus::not_applicable};
    static constexpr plan::Risk risks[] = {plan::Risk::safe, plan::Risk::restart, plan::Risk::unsafe,
                                           plan::Risk::destructive};
    try {
        if (doc.value("format", "") != plan_format) {
            error = std::string("not a saved hactl plan (want format \"") + plan_format + "\")";
            return std::nullopt;
        }
        SavedPlan saved;
        saved.origin.pair_file = doc.at("pair").at("file").get<std::string>();
        saved.origin.pair_digest = doc.at("pair").at("digest").get<std::string>();
        saved.origin.created_at = doc.at("createdAt").get<std::string>();
        saved.origin.profile_digest = doc.at("pair").value("profileDigest", "");
        for (const auto& r : doc.at("refusals")) {
            plan::Refusal refusal{r.at("code").get<std::string>(), std::nullopt, r.at("message").get<std::string>()};
            if (r.at("host").is_string()) {
                refusal.host = r.at("host") == "primary" ? model::Role::primary : model::Role::secondary;
            }
            saved.plan.refusals.push_back(refusal);
        }
        for (const auto& s : doc.at("steps")) {
            plan::PlannedStep step;
            step.id = s.at("id").get<std::string>();
            auto target = enum_from(s.at("target").get<std::string>(), targets);
            auto status = enum_from(s.at("status").get<std::string>(), statuses);
            auto risk = enum_from(s.at("risk").get<std::string>(), risks);
            if (!target || !status || !risk) {
                error = "step " + step.id + " has an unknown target, status or risk";
                return std::nullopt;
            }
            step.target = *target;
            step.status = *status;
            step.risk = *risk;
            step.reason = s.at("reason").get<std::string>();
            step.long_running = s.at("longRunning").get<bool>();
            step.fingerprint = s.at("fingerprint").get<std::string>();
            for (const auto& d : s.at("dependsOn")) {
                step.depends_on.push_back({d.at("key").get<std::string>(), d.at("value").get<std::string>()});
            }
            saved.plan.steps.push_back(std::move(step));
        }
        return saved;
    } catch (const json::exception& e) {
        error = std::string("malformed saved plan: ") + e.what();
        return std::nullopt;
    }
}

std::string utc_now() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace hactl::output
