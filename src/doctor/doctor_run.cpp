// Running the doctor on one host, and on both hosts in parallel.
#include <future>

#include "hactl/doctor/doctor.hpp"
#include "hactl/facts/probe.hpp"

namespace hactl::doctor {

HostReport doctor_host(const model::PairSpec& spec, model::Role role, transport::Transport& host,
                       transport::Millis deadline) {
    const std::string token = facts::new_probe_token();
    transport::CommandResult result;
    try {
        result = host.run(build_doctor_script(spec, role, token), deadline);
    } catch (const std::exception& e) {
        result.status = transport::Status::transport_error;
        result.error = transport::TransportError::channel;
        result.message = e.what();
    }
    return parse_doctor_output(result, token, spec, role);
}

Report doctor_pair(const model::PairSpec& spec, transport::Transport& primary,
                   transport::Transport& secondary, transport::Millis deadline) {
    auto secondary_report = std::async(
        std::launch::async, [&] { return doctor_host(spec, model::Role::secondary, secondary, deadline); });
    Report report;
    report.profile = spec.host_profile_path.value_or("");
    report.primary = doctor_host(spec, model::Role::primary, primary, deadline);
    report.secondary = secondary_report.get();
    return report;
}

}  // namespace hactl::doctor
