#include "step_runner.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/core.h>

#include "hactl/apply/dialogue.hpp"
#include "hactl/apply/poll_schedule.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/model/duration.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

using model::Role;
using transport::Millis;

namespace {

constexpr Millis k_conf_deadline{120000};
/// A sleep is cut into slices this long so that Ctrl-C is seen within one.
constexpr Millis k_nap_slice{200};

Role other(Role role) { return role == Role::primary ? Role::secondary : Role::primary; }

plan::Target target_of(Role role) { return role == Role::primary ? plan::Target::primary : plan::Target::secondary; }

Role single_target(const plan::PlannedStep& step) {
    return step.target == plan::Target::secondary ? Role::secondary : Role::primary;
}

// The last `lines` lines of `text`, for failure messages.
std::string tail(const std::string& text, int lines) {
    std::size_t pos = text.size();
    if (pos > 0 && text[pos - 1] == '\n') --pos;
    for (int i = 0; i < lines && pos != std::string::npos && pos > 0; ++i) pos = text.rfind('\n', pos - 1);
    return pos == std::string::npos || pos == 0 ? text : text.substr(pos + 1);
}

// "type base64" of an OpenSSH public-key line (the comment ignored).
std::string key_identity(const std::string& line) {
    std::istringstream in(line);
    std::string type, blob;
    in >> type >> blob;
    return type + " " + blob;
}

bool trusts(const facts::HostFacts& host, const std::string& peer_key) {
    if (!host.authorized_keys || peer_key.empty()) return false;
    for (const auto& line : *host.authorized_keys) {
        if (key_identity(line) == key_identity(peer_key)) return true;
    }
    return false;
}

}  // namespace

StepRunner::StepRunner(const model::PairSpec& spec, transport::Transport& primary, transport::Transport& secondary,
                       const ApplyOptions& options, EventSink& events, LockKeeper& lock)
    : m_spec(spec), m_options(options), m_events(events), m_lock(lock),
      m_primary(primary, spec.paths.state, model::effective_privilege(spec.primary)),
      m_secondary(secondary, spec.paths.state, model::effective_privilege(spec.secondary)),
      m_wait_left(std::max(options.wait, Millis(0))) {}

transport::Transport& StepRunner::host(Role role) { return records(role).transport(); }

bool StepRunner::interrupted() const {
    return m_options.interrupted != nullptr && m_options.interrupted->load();
}

transport::CommandResult StepRunner::alation(Role role, const std::string& command_line, Millis deadline) {
    return host(role).run(transport::in_alation_shell(m_spec.host(role).alation_shell, command_line), deadline);
}

StepOutcome StepRunner::run(const plan::PlannedStep& step, const facts::PairFacts& observed) {
    const auto* def = plan::find_step(step.id);
    if (def == nullptr) return {false, false, "hactl does not know how to carry out step " + step.id};
    StepOutcome outcome{true, false, {}};
    for (const auto& op : def->ops) {
        if (op.kind == plan::OpKind::none) continue;
        auto done = run_op(op, step, observed);
        if (!done.ok) return done;
        outcome.receipt_written = outcome.receipt_written || done.receipt_written;
    }
    return outcome;
}

std::string StepRunner::op_value(plan::OpValue value, Role role) const {
    switch (value) {
        case plan::OpValue::none: return {};
        case plan::OpValue::word_true: return std::string(contract::word_true);
        case plan::OpValue::word_false: return std::string(contract::word_false);
        case plan::OpValue::host_address: return m_spec.host(role).address;
        case plan::OpValue::max_wal_senders: return std::to_string(m_spec.replication.max_wal_senders);
    }
    return {};
}

StepOutcome StepRunner::run_op(const plan::StepOp& op, const plan::PlannedStep& step,
                               const facts::PairFacts& observed) {
    const Role role = single_target(step);
    const auto& host_facts = observed.host(role);
    switch (op.kind) {
        case plan::OpKind::none: return {true, false, {}};
        case plan::OpKind::refuse_if_keyed:
            if (!host_facts.public_key || !host_facts.public_key->empty()) {
                return {false, false,
                        "refusing to generate keys: the host already has a cluster key (or it could not be "
                        "read)"};
            }
            return {true, false, {}};
        case plan::OpKind::set_conf: return set_conf(role, op.name, op_value(op.value, role));
        case plan::OpKind::run_action:
            // Every Alation action runs as a detached job named after its step.
            return run_action(role, step.id, op.name, step.long_running, host_facts);
        case plan::OpKind::forget_receipt: {
            auto forgot = m_secondary.remove_receipt(op.name);
            if (!forgot.succeeded()) {
                return {false, false,
                        "cannot update hactl's receipts on the secondary: " + forgot.err + forgot.message};
            }
            return {true, false, {}};
        }
        case plan::OpKind::write_receipt: {
            auto receipt =
                records(role).write_receipt(step.id, {std::string(op.name) + "=" + op_value(op.value, role)});
            if (!receipt.succeeded()) {
                return {false, false,
                        fmt::format("cannot write hactl's receipt of {} on the {}: {}{}", step.id,
                                    model::to_string(role), receipt.err, receipt.message)};
            }
            return {true, false, {}, true};
        }
        case plan::OpKind::exchange_keys: return exchange_keys(observed);
    }
    return {false, false, "hactl does not know how to carry out step " + step.id};
}

StepOutcome StepRunner::set_conf(Role role, std::string_view key, std::string_view value) {
    // The catalogue names the contract's key; the host's is the profile's.
    const std::string host_key = contract::conf_key_in(m_spec.profile, key);
    key = host_key;
    auto r = alation(role, contract::conf_write_command(key, value), k_conf_deadline);
    if (r.succeeded()) return {true, false, {}};
    if (r.status != transport::Status::ok) return {false, false, fmt::format("alation_conf {}: {}", key, r.message)};
    return {false, false, fmt::format("alation_conf {} -s {} exited {}: {}", key, value, r.exit_code, tail(r.err, 5))};
}

StepOutcome StepRunner::run_action(Role role, std::string_view job, std::string_view contract_action,
                                   bool long_running, const facts::HostFacts& facts) {
    // The catalogue names the contract's action; the host's is the profile's.
    const std::string action_name = contract::action_in(m_spec.profile, contract_action);
    auto running = facts.jobs.find(std::string(job));
    if (running != facts.jobs.end() && running->second.state == facts::JobRecord::State::running) {
        m_events.emit({Event::Kind::step_reattached, std::string(job), target_of(role), true,
                       fmt::format("reattaching to {} still running on the {} (started {})", job,
                                   model::to_string(role), running->second.started_at),
                       0});
        return follow(role, job, long_running);
    }
    const auto command = transport::in_alation_shell(m_spec.host(role).alation_shell,
                                                     contract::action_command(action_name));
    auto started = records(role).start_job(job, command);
    if (started.status == transport::Status::ok && started.exit_code == 3) {
        // Started by someone else between our probe and now: follow it instead.
        return follow(role, job, long_running);
    }
    if (!started.succeeded()) {
        return {false, false, fmt::format("cannot start {} on the {}: {}{}", action_name, model::to_string(role),
                                          started.err, started.message)};
    }
    return follow(role, job, long_running);
}

void StepRunner::nap(Millis pause) {
    while (pause > Millis(0) && !interrupted()) {
        const auto slice = std::min(pause, k_nap_slice);
        m_options.clock->sleep_for(slice);
        pause -= slice;
    }
}

StepOutcome StepRunner::follow(Role role, std::string_view job, bool long_running) {
    Clock& clock = *m_options.clock;
    const auto start = clock.now();
    if (!long_running || m_wait_left == Millis::max()) return follow_until(role, job, long_running, start, Millis::max());
    // Saturating, as the deadline below.
    const auto budget_end = m_wait_left >= Millis::max() - start ? Millis::max() : start + m_wait_left;
    auto outcome = follow_until(role, job, long_running, start, budget_end);
    m_wait_left -= std::min(m_wait_left, std::max(clock.now() - start, Millis(0)));
    return outcome;
}

StepOutcome StepRunner::follow_until(Role role, std::string_view job, bool long_running, Millis start,
                                     Millis budget_end) {
    Clock& clock = *m_options.clock;
    const auto timeout = long_running ? m_options.long_step_timeout : m_options.step_timeout;
    // Saturating: a timeout of Millis::max() means none.
    const auto deadline = timeout >= Millis::max() - start ? Millis::max() : start + timeout;
    const PollPolicy policy{Millis(100), m_options.poll_interval, Millis(60000), Millis(10000),
                            m_options.poll_max};
    const std::string where = fmt::format("the {} ({})", model::to_string(role), m_spec.host(role).address);
    const std::string log_path = records(role).log_path(job);
    const std::string left_running =
        fmt::format("{} is left running on {}, its log in {} there", job, where, log_path);
    const char* timeout_option = long_running ? "--long-step-timeout" : "--step-timeout";
    std::size_t offset = 0;
    std::string log;
    std::string last_line;
    int poll_failures = 0;
    Millis pause{0};
    Millis next_poll = start;
    const auto every = std::max(m_options.heartbeat, Millis(1));
    Millis heartbeat_due = every >= Millis::max() - start ? Millis::max() : start + every;
    if (long_running) {
        Event where_log{Event::Kind::step_log, std::string(job), target_of(role), true,
                        fmt::format("{} runs on {}, its log in {} there", job, where, log_path), 0};
        where_log.host = m_spec.host(role).address;
        where_log.log = log_path;
        m_events.emit(where_log);
    }
    for (;;) {
        auto now = clock.now();
        if (now >= next_poll) {
            auto poll = records(role).poll_job(job, offset);
            if (!poll.probe.succeeded()) {
                // The link may drop: the job goes on; try again a few times.
                if (++poll_failures > 10) {
                    return {false, true,
                            fmt::format(
                                "lost contact with the {} while following {}; the job is left running there: "
                                "run apply again to reattach",
                                model::to_string(role), job)};
                }
            } else {
                poll_failures = 0;
                offset = poll.next_offset;
                log += poll.output;
                std::istringstream lines(poll.output);
                for (std::string line; std::getline(lines, line);) {
                    if (!line.empty()) {
                        last_line = line;
                        m_events.emit({Event::Kind::step_progress, std::string(job), target_of(role), true, line,
                                       std::chrono::duration<double>(clock.now() - start).count()});
                    }
                }
                switch (poll.state) {
                    case JobPoll::State::finished:
                        if (poll.exit_code == 0) return {true, false, {}};
                        return {false, false,
                                fmt::format("exited {} on the {}:\n{}", poll.exit_code,
                                            model::to_string(role), tail(log, 10))};
                    case JobPoll::State::lost:
                        return {false, false,
                                fmt::format("the job on the {} was lost: its process is gone without an exit "
                                            "status (killed, or the host rebooted):\n{}",
                                            model::to_string(role), tail(log, 10))};
                    case JobPoll::State::missing:
                        return {false, false,
                                fmt::format("the job record on the {} disappeared", model::to_string(role))};
                    case JobPoll::State::running: break;
                }
            }
            now = clock.now();
            if (now >= deadline) {
                return {
                    false, false,
                    fmt::format(
                        "did not finish within {} ({}); {}. Run apply again to reattach, with a longer {} "
                        "if it still makes progress",
                        model::format_duration(timeout), timeout_option, left_running, timeout_option)};
            }
            if (now >= budget_end) {
                StepOutcome in_progress{false, false,
                                        fmt::format("{} is still running on {}, its log in {} there; the lock is "
                                                    "released: apply again to continue (--wait {} spent)",
                                                    job, where, log_path, model::format_duration(m_options.wait))};
                in_progress.in_progress = true;
                in_progress.host = m_spec.host(role).address;
                in_progress.log = log_path;
                return in_progress;
            }
            pause = next_poll_pause(pause, now - start, policy);
            next_poll = std::min({now + pause, deadline, budget_end});
        }
        if (now >= heartbeat_due) {
            m_events.emit({Event::Kind::heartbeat, std::string(job), target_of(role), true, last_line,
                           std::chrono::duration<double>(now - start).count()});
            heartbeat_due = every >= Millis::max() - now ? Millis::max() : now + every;
        }
        if (now >= m_lock.due()) {
            const auto state = m_lock.refresh(next_poll);
            if (state != LockKeeper::State::held) {
                return {false, false,
                        fmt::format("{}; {}. Run apply again to reattach", m_lock.stop_reason(state),
                                    left_running)};
            }
        }
        if (interrupted()) {
            return {false, true, fmt::format("interrupted; {} is left running on the {}: run apply again to reattach",
                                             job, model::to_string(role))};
        }
        nap(std::min({next_poll, m_lock.due(), heartbeat_due}) - clock.now());
    }
}

StepOutcome StepRunner::exchange_keys(const facts::PairFacts& observed) {
    for (Role role : {Role::primary, Role::secondary}) {
        const auto& self = observed.host(role);
        const auto& peer = observed.host(other(role));
        const std::string& peer_key = peer.public_key.value_or("");
        if (peer_key.empty()) {
            return {false, false, fmt::format("the {} has no cluster public key to exchange", model::to_string(other(role)))};
        }
        const std::vector<std::string> wanted_hosts = {self.address, peer.address};
        if (trusts(self, peer_key) && self.cluster_hosts == wanted_hosts) continue;  // this half is done
        transport::CommandResult error;
        auto session = host(role).start_interactive(
            transport::in_alation_shell(m_spec.host(role).alation_shell,
                                        std::string(contract::replication_helper_program)),
            error);
        if (!session) {
            return {false, false, fmt::format("cannot start replication_helper on the {}: {}", model::to_string(role),
                                              error.message)};
        }
        // The profile's words: [0] identifies the key prompt, [1] the address prompt.
        const auto& words = m_spec.profile.helper_prompt_words;
        const std::vector<PromptAnswer> prompts = {
            {{words.size() > 0 ? words[0] : std::string("public key")}, peer_key, "remote public key"},
            {{words.size() > 1 ? words[1] : std::string("IP address")}, peer.address, "remote IP address"},
        };
        auto result = run_dialogue(*session, prompts, m_options.dialogue);
        if (!result.ok) {
            return {false, false, fmt::format("replication_helper on the {}: {}\n{}", model::to_string(role),
                                              result.error, tail(result.transcript, 5))};
        }
        m_events.emit({Event::Kind::step_progress, std::string(plan::step::exchange_keys), plan::Target::both, true,
                       fmt::format("the {} now trusts the {}'s key", model::to_string(role),
                                   model::to_string(other(role))),
                       0});
    }
    return {true, false, {}};
}

}  // namespace hactl::apply
