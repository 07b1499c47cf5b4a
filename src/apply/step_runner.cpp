#include "step_runner.hpp"

#include <chrono>
#include <sstream>
#include <thread>

#include <fmt/core.h>

#include "hactl/apply/dialogue.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/plan/catalogue.hpp"
#include "hactl/transport/shell_quote.hpp"

namespace hactl::apply {

using model::Role;
using transport::Millis;
namespace action = contract::action;
namespace conf_key = contract::conf_key;

namespace {

using Clock = std::chrono::steady_clock;

constexpr Millis k_conf_deadline{120000};
constexpr std::chrono::seconds k_lock_refresh_every{60};

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
                       const ApplyOptions& options, EventSink& events, PairLock& lock)
    : m_spec(spec), m_options(options), m_events(events), m_lock(lock),
      m_primary(primary, spec.paths.state, model::effective_privilege(spec.primary)),
      m_secondary(secondary, spec.paths.state, model::effective_privilege(spec.secondary)) {}

transport::Transport& StepRunner::host(Role role) { return records(role).transport(); }

transport::CommandResult StepRunner::alation(Role role, const std::string& command_line, Millis deadline) {
    return host(role).run(transport::in_alation_shell(m_spec.host(role).alation_shell, command_line), deadline);
}

StepOutcome StepRunner::run(const plan::PlannedStep& step, const facts::PairFacts& observed) {
    namespace id = plan::step;
    const Role role = single_target(step);
    const auto& host_facts = observed.host(role);
    // Every Alation action runs as a detached job named after its step.
    auto act = [&](std::string_view action_name) {
        return run_action(role, step.id, action_name, step.long_running, host_facts);
    };
    if (step.id == id::generate_keys) {
        // Never on a host that has keys: generating again replaces them and
        // breaks an earlier exchange.
        if (!host_facts.public_key || !host_facts.public_key->empty()) {
            return {false, false, "refusing to generate keys: the host already has a cluster key (or it could not be read)"};
        }
        return act(action::generate_keys);
    }
    if (step.id == id::exchange_keys) return exchange_keys(observed);
    if (step.id == id::enter_master_mode) return act(action::enter_master_mode);
    if (step.id == id::unprotect_secondary) return set_conf(role, conf_key::protected_instance, contract::word_false);
    if (step.id == id::override_ip) {
        auto set_ip = set_conf(role, conf_key::override_ip, m_spec.host(role).address);
        if (!set_ip.ok) return set_ip;
        return set_conf(role, conf_key::enable_override_ip, contract::word_true);
    }
    if (step.id == id::add_secondary) {
        // cluster_add_slaves resets the secondary's deployed max_wal_senders:
        // the receipt saying it was deployed must not outlive that.
        auto forgot = m_secondary.remove_receipt(id::max_wal_senders);
        if (!forgot.succeeded()) {
            return {false, false, "cannot update hactl's receipts on the secondary: " + forgot.err + forgot.message};
        }
        return act(action::add_slaves);
    }
    if (step.id == id::max_wal_senders) {
        const auto value = std::to_string(m_spec.replication.max_wal_senders);
        auto set = set_conf(role, conf_key::max_wal_senders, value);
        if (!set.ok) return set;
        auto deployed = act(action::deploy_conf_all);
        if (!deployed.ok) return deployed;
        // The deployed value cannot be read back: this receipt is what says it was deployed.
        auto receipt = records(role).write_receipt(step.id, {"max_wal_senders=" + value});
        if (!receipt.succeeded()) {
            return {false, false, "cannot write the receipt of deploy_conf_all: " + receipt.err + receipt.message};
        }
        deployed.receipt_written = true;
        return deployed;
    }
    if (step.id == id::replicate_postgres) return act(action::replicate_postgres);
    if (step.id == id::copy_kvstore) return act(action::kvstore_copy);
    if (step.id == id::start_kafka_sync) return act(action::start_kafka_sync);
    if (step.id == id::enable_backup_v2) return set_conf(role, conf_key::backup_v2, contract::word_true);
    return {false, false, "hactl does not know how to carry out step " + step.id};
}

StepOutcome StepRunner::set_conf(Role role, std::string_view key, std::string_view value) {
    auto r = alation(role, contract::conf_write_command(key, value), k_conf_deadline);
    if (r.succeeded()) return {true, false, {}};
    if (r.status != transport::Status::ok) return {false, false, fmt::format("alation_conf {}: {}", key, r.message)};
    return {false, false, fmt::format("alation_conf {} -s {} exited {}: {}", key, value, r.exit_code, tail(r.err, 5))};
}

StepOutcome StepRunner::run_action(Role role, std::string_view job, std::string_view action_name, bool long_running,
                                   const facts::HostFacts& facts) {
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

StepOutcome StepRunner::follow(Role role, std::string_view job, bool long_running) {
    const auto start = Clock::now();
    auto last_refresh = start;
    std::size_t offset = 0;
    std::string log;
    int poll_failures = 0;
    Millis pause{100};
    for (;;) {
        auto poll = records(role).poll_job(job, offset);
        if (!poll.probe.succeeded()) {
            // The link may drop: the job goes on; try again a few times.
            if (++poll_failures > 10) {
                return {false, true, fmt::format("lost contact with the {} while following {}; the job is left running there: "
                                                 "run apply again to reattach", model::to_string(role), job)};
            }
        } else {
            poll_failures = 0;
            offset = poll.next_offset;
            log += poll.output;
            std::istringstream lines(poll.output);
            for (std::string line; std::getline(lines, line);) {
                if (!line.empty()) {
                    m_events.emit({Event::Kind::step_progress, std::string(job), target_of(role), true, line, 0});
                }
            }
            switch (poll.state) {
                case JobPoll::State::finished:
                    if (poll.exit_code == 0) return {true, false, {}};
                    return {false, false, fmt::format("exited {} on the {}:\n{}", poll.exit_code, model::to_string(role),
                                                      tail(log, 10))};
                case JobPoll::State::lost:
                    return {false, false, fmt::format("the job on the {} was lost: its process is gone without an "
                                                      "exit status (killed, or the host rebooted):\n{}",
                                                      model::to_string(role), tail(log, 10))};
                case JobPoll::State::missing:
                    return {false, false, fmt::format("the job record on the {} disappeared", model::to_string(role))};
                case JobPoll::State::running: break;
            }
        }
        if (m_options.interrupted != nullptr && m_options.interrupted->load()) {
            return {false, true, fmt::format("interrupted; {} is left running on the {}: run apply again to reattach",
                                             job, model::to_string(role))};
        }
        const auto now = Clock::now();
        if (!long_running && now - start > m_options.step_timeout) {
            return {false, false, fmt::format("{} did not finish within {} s; it is left running on the {}", job,
                                              m_options.step_timeout.count() / 1000, model::to_string(role))};
        }
        if (now - last_refresh > k_lock_refresh_every) {
            if (m_lock.refresh() == LockRefresh::lost) {
                return {false, false, fmt::format("lost the pair's lock (now held by {}); {} is left running on the {}",
                                                  m_lock.lost_to(), job, model::to_string(role))};
            }
            last_refresh = now;
        }
        // Short jobs are seen finishing quickly; long ones are polled at poll_interval.
        std::this_thread::sleep_for(std::min(pause, m_options.poll_interval));
        pause = pause * 3 / 2;
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
        const std::vector<PromptAnswer> prompts = {
            {{std::string(contract::prompt_word_key)}, peer_key, "remote public key"},
            {{std::string(contract::prompt_word_ip)}, peer.address, "remote IP address"},
        };
        auto result = run_dialogue(*session, prompts);
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
