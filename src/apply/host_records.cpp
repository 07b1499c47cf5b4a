#include "hactl/apply/host_records.hpp"

#include <charconv>

#include "hactl/apply/privilege.hpp"
#include "hactl/contract/state_dir.hpp"
#include "hactl/facts/parse.hpp"

namespace hactl::apply {

using transport::CommandResult;
using transport::Millis;
namespace sd = contract::state_dir;

namespace {

constexpr Millis k_record_deadline{30000};
constexpr std::size_t k_poll_chunk = 65536;

}  // namespace

HostRecords::HostRecords(transport::Transport& host, std::string state_dir, std::string privilege)
    : m_host(host), m_state(std::move(state_dir)), m_privilege(std::move(privilege)) {}

CommandResult HostRecords::run(HostOp op, std::vector<std::string> args) {
    return m_host.run(host_op_command(m_privilege, op, args), k_record_deadline);
}

CommandResult HostRecords::start_job(std::string_view step, std::string_view command_line) {
    return run(HostOp::job_start, {m_state, std::string(step), std::string(command_line)});
}

JobPoll HostRecords::poll_job(std::string_view step, std::size_t offset) {
    JobPoll poll;
    poll.next_offset = offset;
    poll.probe = run(HostOp::job_poll, {m_state, std::string(step), std::to_string(offset), std::to_string(k_poll_chunk)});
    if (!poll.probe.succeeded()) return poll;
    const auto& out = poll.probe.out;
    const auto sep = out.find("---\n");
    if (sep == std::string::npos) {
        poll.probe.status = transport::Status::transport_error;
        poll.probe.message = "unexpected answer when polling the job";
        return poll;
    }
    std::string state;
    std::string code;
    for (const auto& [key, value] : facts::parse_key_values(std::string_view(out.data(), sep))) {
        if (key == "state") state = value;
        if (key == "exit") code = value;
    }
    if (state == "running") poll.state = JobPoll::State::running;
    if (state == "finished") poll.state = JobPoll::State::finished;
    if (state == "lost") poll.state = JobPoll::State::lost;
    if (poll.state == JobPoll::State::finished) {
        int value = -1;
        std::from_chars(code.data(), code.data() + code.size(), value);
        poll.exit_code = value;
    }
    poll.output = out.substr(sep + 4);
    poll.next_offset = offset + poll.output.size();
    return poll;
}

CommandResult HostRecords::write_receipt(std::string_view step, const std::vector<std::string>& details) {
    std::vector<std::string> args{m_state, std::string(step)};
    args.insert(args.end(), details.begin(), details.end());
    return run(HostOp::receipt_write, std::move(args));
}

CommandResult HostRecords::remove_receipt(std::string_view step) {
    return run(HostOp::receipt_remove, {m_state, std::string(step)});
}

std::string HostRecords::check_access(std::string_view who, bool* unreachable) {
    auto r = run(HostOp::state_check, {m_state});
    if (unreachable != nullptr) {
        *unreachable = r.status == transport::Status::transport_error &&
                       r.error == transport::TransportError::unreachable;
    }
    if (r.succeeded()) return {};
    return explain_host_op_failure(who, m_privilege, m_state, r);
}

std::string HostRecords::log_path(std::string_view step) const {
    return sd::job_log_path(m_state, step);
}

}  // namespace hactl::apply
