#include "hactl/facts/facts.hpp"

#include <cctype>

#include "hactl/contract/host_contract.hpp"
#include "hactl/facts/parse.hpp"

namespace hactl::facts {

const char* to_string(Mode mode) {
    switch (mode) {
        case Mode::standalone: return "standalone";
        case Mode::master: return "master";
        case Mode::slave: return "slave";
    }
    return "?";
}

std::string describe(const Lag& lag) {
    switch (lag.kind) {
        case Lag::Kind::numeric: return std::to_string(lag.bytes) + " bytes";
        case Lag::Kind::unknown: return "unknown";
        case Lag::Kind::absent: return "not reported";
    }
    return "?";
}

const char* to_string(JobRecord::State state) {
    switch (state) {
        case JobRecord::State::running: return "running";
        case JobRecord::State::succeeded: return "succeeded";
        case JobRecord::State::failed: return "failed";
        case JobRecord::State::lost: return "lost";
    }
    return "?";
}

std::optional<Mode> parse_mode(std::string_view text) {
    std::string word(trim(text));
    for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word == contract::mode_standalone) return Mode::standalone;
    if (word == contract::mode_master) return Mode::master;
    if (word == contract::mode_slave) return Mode::slave;
    return std::nullopt;
}

}  // namespace hactl::facts
