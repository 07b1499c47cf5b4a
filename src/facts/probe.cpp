// Running the probe on one host, and on both hosts in parallel.
#include <future>

#include "hactl/facts/probe.hpp"

namespace hactl::facts {

HostFacts probe_host(const model::PairSpec& spec, model::Role role, transport::Transport& host,
                     transport::Millis deadline) {
    const std::string token = new_probe_token();
    const std::string script = build_probe_script(spec, role, token);
    transport::CommandResult result;
    try {
        result = host.run(script, deadline);
    } catch (const std::exception& e) {
        result.status = transport::Status::transport_error;
        result.error = transport::TransportError::channel;
        result.message = e.what();
    }
    return parse_probe_output(result, token, spec, role);
}

PairFacts probe_pair(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
                     transport::Millis deadline) {
    auto secondary_facts = std::async(std::launch::async, [&] {
        return probe_host(spec, model::Role::secondary, secondary, deadline);
    });
    PairFacts pair;
    pair.primary = probe_host(spec, model::Role::primary, primary, deadline);
    pair.secondary = secondary_facts.get();
    return pair;
}

}  // namespace hactl::facts
