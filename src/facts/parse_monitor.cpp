// The replication monitor's JSON (contract section 5, [assumed] shape).
#include <cmath>
#include <nlohmann/json.hpp>

#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/parse.hpp"

namespace hactl::facts {

namespace {
using nlohmann::json;
namespace field = contract::monitor_field;

Lag read_lag(const json& body, std::string_view service) {
    Lag lag;
    const auto it = body.find(std::string(service));
    if (it == body.end() || it->is_null()) return lag;  // absent
    lag.kind = Lag::Kind::unknown;
    if (!it->is_object()) return lag;
    const auto value = it->find(std::string(field::lag_bytes));
    if (value == it->end()) return lag;
    if (value->is_number_unsigned()) {
        lag.kind = Lag::Kind::numeric;
        lag.bytes = value->get<std::uint64_t>();
    } else if (value->is_number_integer()) {
        const auto v = value->get<std::int64_t>();
        if (v >= 0) {
            lag.kind = Lag::Kind::numeric;
            lag.bytes = static_cast<std::uint64_t>(v);
        }
    } else if (value->is_number_float()) {
        const auto v = value->get<double>();
        if (std::isfinite(v) && v >= 0 && v < 1.8e19) {
            lag.kind = Lag::Kind::numeric;
            lag.bytes = static_cast<std::uint64_t>(std::llround(v));
        }
    }
    // "unknown" and any other value: unknown (replication must be rebuilt).
    return lag;
}
}  // namespace

Parsed<MonitorFacts> parse_monitor_json(std::string_view body) {
    json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        return Parsed<MonitorFacts>::fail("monitor answer is not JSON: '" + std::string(trim(body).substr(0, 80)) + "'");
    }
    if (!doc.is_object()) return Parsed<MonitorFacts>::fail("monitor answer is not a JSON object");
    MonitorFacts m;
    if (auto it = doc.find(std::string(field::mode)); it != doc.end() && it->is_string()) {
        m.mode = parse_mode(it->get<std::string>());
    }
    m.postgres = read_lag(doc, field::postgres);
    m.kvstore = read_lag(doc, field::kvstore);
    if (auto it = doc.find(std::string(field::eventbus)); it != doc.end() && it->is_object()) {
        auto sync = it->find(std::string(field::sync));
        if (sync != it->end() && sync->is_string()) {
            m.eventbus_sync = sync->get<std::string>();
        } else if (sync != it->end() && sync->is_boolean()) {
            m.eventbus_sync = sync->get<bool>() ? std::string(field::sync_running) : std::string("stopped");
        } else {
            m.eventbus_sync = std::string("unknown");
        }
    }
    return Parsed<MonitorFacts>::ok(m);
}

}  // namespace hactl::facts
