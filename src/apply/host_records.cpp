#include "hactl/apply/host_records.hpp"

#include <charconv>

#include "hactl/apply/host_op.hpp"
#include "hactl/contract/state_dir.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

using transport::CommandResult;
using transport::Millis;
using transport::shell_quote;
namespace sd = contract::state_dir;

namespace {

constexpr Millis k_record_deadline{30000};
constexpr std::size_t k_poll_chunk = 65536;

// `alive PID`: the process exists and is not a zombie (an init that does not
// reap would otherwise keep a dead job "running" forever).
constexpr const char* k_alive_function =
    "alive() { [ -n \"$1\" ] && kill -0 \"$1\" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' \"/proc/$1/stat\" 2>/dev/null; }\n";

// Splits "key=value" header lines (up to a line "---") from the body.
std::string header_value(std::string_view header, std::string_view key) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        auto end = header.find('\n', pos);
        auto line = header.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == '=') {
            return std::string(line.substr(key.size() + 1));
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return {};
}

}  // namespace

HostRecords::HostRecords(transport::Transport& host, std::string state_dir)
    : m_host(host), m_state(std::move(state_dir)) {}

CommandResult HostRecords::start_job(std::string_view step, std::string_view command_line) {
    const std::string dir = shell_quote(sd::job_path(m_state, step));
    const std::string pid = std::string(sd::job_pid);
    const std::string exit_file = std::string(sd::job_exit);
    // The job's own shell writes its pid, runs the command with the log appended,
    // then records the exit status atomically (tmp + rename).
    const std::string runner = "echo $$ > \"$1/" + pid + "\"; sh -c \"$2\" >> \"$1/" + std::string(sd::job_log) +
                               "\" 2>&1 </dev/null; echo $? > \"$1/" + exit_file + ".tmp\"; mv \"$1/" + exit_file +
                               ".tmp\" \"$1/" + exit_file + "\"";
    std::string script = host_op_line({"start-job", {m_state, std::string(step), std::string(command_line)}});
    script += "d=" + dir + "\n";
    script += k_alive_function;
    script += "if [ -f \"$d/" + pid + "\" ] && [ ! -f \"$d/" + exit_file + "\" ] && alive \"$(cat \"$d/" + pid +
              "\")\"; then echo \"job already running: pid $(cat \"$d/" + pid + "\")\" >&2; exit 3; fi\n";
    script += "rm -rf \"$d\" && mkdir -p \"$d\" || exit 1\n";
    script += "printf '%s\\n' " + shell_quote(command_line) + " > \"$d/" + std::string(sd::job_command) + "\"\n";
    script += "date -u +%Y-%m-%dT%H:%M:%SZ > \"$d/" + std::string(sd::job_started_at) + "\"\n";
    script += "setsid sh -c " + shell_quote(runner) + " hactl-job \"$d\" " + shell_quote(command_line) +
              " </dev/null >/dev/null 2>&1 &\n";
    script += "i=0; while [ ! -s \"$d/" + pid + "\" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done\n";
    script += "[ -s \"$d/" + pid + "\" ] || { echo 'the job did not start' >&2; exit 1; }\n";
    script += "cat \"$d/" + pid + "\"\n";
    return m_host.run(script, k_record_deadline);
}

JobPoll HostRecords::poll_job(std::string_view step, std::size_t offset) {
    const std::string dir = shell_quote(sd::job_path(m_state, step));
    const std::string pid = std::string(sd::job_pid);
    const std::string exit_file = std::string(sd::job_exit);
    const std::string log = std::string(sd::job_log);
    std::string script = host_op_line({"poll-job", {m_state, std::string(step), std::to_string(offset)}});
    script += "d=" + dir + "\n";
    script += k_alive_function;
    script += "if [ ! -d \"$d\" ]; then echo state=missing; echo ---; exit 0; fi\n";
    script += "if [ -f \"$d/" + exit_file + "\" ]; then echo state=finished; echo \"exit=$(cat \"$d/" + exit_file +
              "\")\"\n";
    script += "elif [ -f \"$d/" + pid + "\" ] && alive \"$(cat \"$d/" + pid + "\")\"; then echo state=running\n";
    // The job may have ended between the two tests above.
    script += "elif [ -f \"$d/" + exit_file + "\" ]; then echo state=finished; echo \"exit=$(cat \"$d/" + exit_file +
              "\")\"\n";
    script += "else echo state=vanished; fi\n";
    script += "echo ---\n";
    script += "tail -c +" + std::to_string(offset + 1) + " \"$d/" + log + "\" 2>/dev/null | head -c " +
              std::to_string(k_poll_chunk) + "\n";
    JobPoll poll;
    poll.next_offset = offset;
    poll.probe = m_host.run(script, k_record_deadline);
    if (!poll.probe.succeeded()) return poll;
    const auto& out = poll.probe.out;
    auto sep = out.find("---\n");
    if (sep == std::string::npos) {
        poll.probe.status = transport::Status::transport_error;
        poll.probe.message = "unexpected answer when polling the job";
        return poll;
    }
    std::string_view header(out.data(), sep);
    const auto state = header_value(header, "state");
    if (state == "running") poll.state = JobPoll::State::running;
    if (state == "finished") poll.state = JobPoll::State::finished;
    if (state == "vanished") poll.state = JobPoll::State::vanished;
    if (poll.state == JobPoll::State::finished) {
        auto code = header_value(header, "exit");
        int value = -1;
        std::from_chars(code.data(), code.data() + code.size(), value);
        poll.exit_code = value;
    }
    poll.output = out.substr(sep + 4);
    poll.next_offset = offset + poll.output.size();
    return poll;
}

CommandResult HostRecords::write_receipt(std::string_view step, const std::vector<std::string>& details) {
    const std::string path = sd::receipt_path(m_state, step);
    HostOp op{"write-receipt", {m_state, std::string(step)}};
    op.args.insert(op.args.end(), details.begin(), details.end());
    std::string script = host_op_line(op) + "mkdir -p " + shell_quote(sd::receipts_root(m_state)) + " && { echo \"completed_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)\"";
    for (const auto& d : details) script += "; printf '%s\\n' " + shell_quote(d);
    script += "; } > " + shell_quote(path + ".tmp") + " && mv " + shell_quote(path + ".tmp") + " " + shell_quote(path);
    return m_host.run(script, k_record_deadline);
}

CommandResult HostRecords::remove_receipt(std::string_view step) {
    return m_host.run(host_op_line({"remove-receipt", {m_state, std::string(step)}}) + "rm -f " +
                          shell_quote(sd::receipt_path(m_state, step)),
                      k_record_deadline);
}

}  // namespace hactl::apply
