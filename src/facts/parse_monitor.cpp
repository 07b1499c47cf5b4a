// The replication monitor's JSON (contract section 5): each value at the host
// profile's JSON pointer (the shape is [assumed]).
#include <cmath>
#include <nlohmann/json.hpp>

#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/parse.hpp"

namespace hactl::facts {

namespace {
using nlohmann::json;
namespace field = contract::monitor_field;

/// The pointer's reference tokens (RFC 6901: ~1 is '/', ~0 is '~'). A pointer
/// that does not start with '/' has none it can resolve (nullopt).
std::optional<std::vector<std::string>> tokens(std::string_view pointer) {
    if (pointer.empty() || pointer.front() != '/') return std::nullopt;
    std::vector<std::string> out;
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            out.push_back(std::move(token));
            token.clear();
        } else if (pointer[i] == '~' && i + 1 < pointer.size() &&
                   (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
            token += pointer[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            token += pointer[i];
        }
    }
    return out;
}

/// The value at the first `count` tokens, or nullptr. Never throws.
const json* walk(const json& doc, const std::vector<std::string>& path, std::size_t count) {
    const json* node = &doc;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& token = path[i];
        if (node->is_object()) {
            const auto it = node->find(token);
            if (it == node->end()) return nullptr;
            node = &*it;
        } else if (node->is_array()) {
            if (token.empty() || token.size() > 9 ||
                token.find_first_not_of("0123456789") != std::string::npos ||
                (token.size() > 1 && token[0] == '0')) {
                return nullptr;
            }
            const std::size_t index = std::stoul(token);
            if (index >= node->size()) return nullptr;
            node = &(*node)[index];
        } else {
            return nullptr;
        }
    }
    return node;
}

/// What the pointer finds: its value and its parent's (nullptr when missing or null).
struct Found {
    const json* value = nullptr;
    const json* parent = nullptr;
};

Found find(const json& doc, std::string_view pointer) {
    Found found;
    const auto path = tokens(pointer);
    if (!path || path->empty()) return found;
    found.value = walk(doc, *path, path->size());
    if (found.value && found.value->is_null()) found.value = nullptr;
    // A one-level pointer's parent is the body itself, which is always there:
    // its value missing then means absent, not unknown.
    if (path->size() > 1) {
        found.parent = walk(doc, *path, path->size() - 1);
        if (found.parent && found.parent->is_null()) found.parent = nullptr;
    }
    return found;
}

Lag read_lag(const json& body, std::string_view pointer) {
    Lag lag;
    const Found found = find(body, pointer);
    if (!found.value && !found.parent) return lag;  // absent
    lag.kind = Lag::Kind::unknown;
    const json* value = found.value;
    if (!value) return lag;
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

Parsed<MonitorFacts> parse_monitor_json(std::string_view body, const contract::MonitorPointers& pointers) {
    json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        return Parsed<MonitorFacts>::fail("monitor answer is not JSON: '" +
                                          std::string(trim(body).substr(0, 80)) + "'");
    }
    if (!doc.is_object()) return Parsed<MonitorFacts>::fail("monitor answer is not a JSON object");
    MonitorFacts m;
    if (const Found mode = find(doc, pointers.mode); mode.value && mode.value->is_string()) {
        m.mode = parse_mode(mode.value->get<std::string>());
    }
    m.postgres = read_lag(doc, pointers.postgres_lag);
    m.kvstore = read_lag(doc, pointers.kvstore_lag);
    const Found sync = find(doc, pointers.event_bus_sync);
    // The sync is there when its value is, or its parent object is (a one-level
    // pointer: when its value is).
    if (sync.value || (sync.parent && sync.parent->is_object())) {
        if (sync.value && sync.value->is_string()) {
            m.eventbus_sync = sync.value->get<std::string>();
        } else if (sync.value && sync.value->is_boolean()) {
            m.eventbus_sync =
                sync.value->get<bool>() ? std::string(field::sync_running) : std::string("stopped");
        } else {
            m.eventbus_sync = std::string("unknown");
        }
    }
    return Parsed<MonitorFacts>::ok(m);
}

}  // namespace hactl::facts
