#include "hactl/output/status.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/core.h>

#include "hactl/contract/host_contract.hpp"
#include "hactl/contract/state_dir.hpp"
#include "hactl/model/duration.hpp"
#include "hactl/output/plan_text.hpp"
#include "hactl/output/printable.hpp"
#include "hactl/output/wrap.hpp"
#include "json_values.hpp"

namespace hactl::output {

using nlohmann::json;

namespace {

bool event_bus_expected(const model::PairSpec& spec, const facts::HostFacts& primary) {
    return spec.replication.event_bus && primary.release && *primary.release >= contract::event_bus_since;
}

// The first `max` bytes of printable `text`, cut before a whole character, with "..." when cut.
std::string cut_to(std::string text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t cut = max - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

// The lines of a running job: how long it has run, its log on the host, its last line.
std::string running_job_lines(const model::PairSpec& spec, const facts::HostFacts& host, const std::string& step,
                              const facts::JobRecord& job) {
    constexpr std::size_t k_width = 100;
    const std::string indent(14, ' ');
    const std::string elapsed =
        job.elapsed_seconds ? " for " + model::format_duration(std::chrono::seconds(std::max(*job.elapsed_seconds, 0LL)))
                            : std::string();
    std::string out = cut_to(fmt::format("  {} {} on the {}: running{}", pad("job", 11), printable_line(step),
                                         model::to_string(host.role), elapsed),
                             k_width) +
                      "\n";
    if (!job.started_at.empty()) out += cut_to(indent + "started " + printable_line(job.started_at), k_width) + "\n";
    const std::string log = contract::state_dir::job_log_path(spec.paths.state, step);
    out += cut_to(indent + "log on the host: " + printable_line(log), k_width) + "\n";
    if (!job.last_line.empty()) out += cut_to(indent + "last: " + printable_line(job.last_line), k_width) + "\n";
    return out;
}

}  // namespace

Health assess(const StatusReport& r) {
    Health h;
    auto problem = [&](Health::Level level, std::string text) {
        if (level > h.level) h.level = level;
        h.problems.push_back(std::move(text));
    };
    for (const auto* host : {&r.observed.primary, &r.observed.secondary}) {
        if (!host->reachable()) {
            problem(Health::Level::error, fmt::format("{} {} unreachable: {}", model::to_string(host->role),
                                                      host->address, host->connection_message));
        }
    }
    for (const auto& refusal : r.plan.refusals) problem(Health::Level::error, refusal.message);
    if (h.level == Health::Level::error) return h;
    const auto& x = r.observed.primary;
    const auto& y = r.observed.secondary;
    if (r.spec.state == model::PairState::split) {
        // Split on purpose (before an upgrade): no replication is expected.
        const auto pending = r.plan.to_run().size();
        if (pending > 0) {
            problem(Health::Level::degraded,
                    fmt::format("the file asks for a split pair; {} step(s) pending (see hactl plan)", pending));
        } else {
            h.split = true;
        }
        return h;
    }
    if (x.mode == facts::Mode::slave || (y.mode == facts::Mode::master && x.mode != facts::Mode::master)) {
        problem(Health::Level::degraded,
                x.mode == facts::Mode::slave
                    ? fmt::format("the file and the hosts disagree on roles: the file names {} primary, but it is "
                                  "a slave of {} (hactl plan shows the switchover)",
                                  r.spec.primary.address, r.spec.secondary.address)
                    : fmt::format("the file and the hosts disagree on roles: the file names {} secondary, but it "
                                  "is a master (hactl plan shows its demotion)",
                                  r.spec.secondary.address));
    }
    const auto& monitor = r.observed.primary.monitor;
    if (!monitor) {
        problem(Health::Level::degraded, "the replication monitor could not be read");
    } else {
        if (r.spec.replication.postgres && !monitor->postgres.numeric()) {
            problem(Health::Level::degraded, "PostgreSQL lag is " + facts::describe(monitor->postgres));
        }
        if (r.spec.replication.kvstore && !monitor->kvstore.numeric()) {
            problem(Health::Level::degraded, "KV store lag is " + facts::describe(monitor->kvstore));
        }
        if (event_bus_expected(r.spec, r.observed.primary) && monitor->eventbus_sync.value_or("") != contract::monitor_field::sync_running) {
            problem(Health::Level::degraded, "event-bus sync is " + monitor->eventbus_sync.value_or("not reported"));
        }
    }
    for (const auto* ports : {&r.ports_primary, &r.ports_secondary}) {
        if (*ports && !(*ports)->ok) problem(Health::Level::degraded, "port check: " + apply::one_line(**ports));
    }
    for (const auto* host : {&r.observed.primary, &r.observed.secondary}) {
        for (const auto& [step, job] : host->jobs) {
            if (job.state == facts::JobRecord::State::failed || job.state == facts::JobRecord::State::lost) {
                problem(Health::Level::degraded, fmt::format("job {} on the {} {}", step, model::to_string(host->role),
                                                             facts::to_string(job.state)));
            }
        }
    }
    auto pending = r.plan.to_run().size();
    if (pending > 0) problem(Health::Level::degraded, fmt::format("{} setup step(s) pending (see hactl plan)", pending));
    return h;
}

std::string render_status(const StatusReport& r, const Health& h, const Style& style) {
    std::string out = fmt::format("{} {}\n", style.bold("Pair"), style.bold(r.spec.name));
    out += render_hosts(r.observed, style);
    if (const auto& m = r.observed.primary.monitor) {
        out += fmt::format("  {} PostgreSQL lag {}, KV store lag {}", pad("replication", 11),
                           printable_line(facts::describe(m->postgres)), printable_line(facts::describe(m->kvstore)));
        if (m->eventbus_sync) out += ", event bus " + printable_line(*m->eventbus_sync);
        out += '\n';
    }
    auto ports_line = [&](const char* from, const std::optional<apply::PortCheck>& check) {
        if (!check) return;
        const std::string text = printable_line(apply::one_line(*check));
        out += fmt::format("  {} from {}: {}\n", pad("ports", 11), from,
                           check->ok ? style.green(text.empty() ? "open" : text) : style.red(text));
    };
    ports_line("primary", r.ports_primary);
    ports_line("secondary", r.ports_secondary);
    for (const auto* host : {&r.observed.primary, &r.observed.secondary}) {
        int finished_ok = 0;
        for (const auto& [step, job] : host->jobs) {
            if (job.state == facts::JobRecord::State::succeeded) {
                ++finished_ok;
                continue;
            }
            if (job.state == facts::JobRecord::State::running) {
                out += running_job_lines(r.spec, *host, step, job);
                continue;
            }
            out += fmt::format("  {} {} on the {}: {}{} (started {}){}\n", pad("job", 11), printable_line(step),
                               model::to_string(host->role), facts::to_string(job.state),
                               job.state == facts::JobRecord::State::failed ? fmt::format(", exit {}", job.exit_code) : "",
                               printable_line(job.started_at),
                               job.last_line.empty() ? "" : ": " + printable_line(job.last_line));
        }
        if (finished_ok > 0) {
            out += fmt::format("  {} on the {}: {} finished ok\n", pad("jobs", 11), model::to_string(host->role),
                               finished_ok);
        }
        if (!host->receipts.empty()) {
            std::string list;
            for (const auto& receipt : host->receipts) list += (list.empty() ? "" : ", ") + receipt;
            out += fmt::format("  {} {}: {}\n", pad("receipts", 11), model::to_string(host->role), printable_line(list));
        }
    }
    const auto& lock = r.observed.primary.lock;
    out += fmt::format("  {} {}\n", pad("lock", 11),
                       lock ? printable_line(fmt::format("held by {} pid {} since {} until {}", lock->owner,
                                                         lock->pid, lock->started_at, lock->expires_at))
                            : std::string("free"));
    out += '\n';
    switch (h.level) {
        case Health::Level::healthy:
            out += h.split ? style.green("Status: healthy-split") + " (both hosts standalone, data kept, as the file "
                                                                     "asks)\n"
                           : style.green("Status: healthy") + "\n";
            break;
        case Health::Level::degraded: out += style.yellow("Status: degraded") + "\n"; break;
        case Health::Level::error: out += style.red("Status: error") + "\n"; break;
    }
    for (const auto& p : h.problems) out += "  - " + printable(p) + "\n";
    return fit(out);  // every line within k_columns, a "Fix:" on its own line
}

std::string status_json(const StatusReport& r, const Health& h) {
    auto port_json = [](const std::optional<apply::PortCheck>& c) -> json {
        if (!c) return nullptr;
        return {{"ok", c->ok}, {"output", c->output}};
    };
    const char* level = h.level == Health::Level::healthy ? (h.split ? "healthy-split" : "healthy")
                        : h.level == Health::Level::degraded ? "degraded"
                                                             : "error";
    json running = json::array();
    for (const auto* host : {&r.observed.primary, &r.observed.secondary}) {
        for (const auto& [step, job] : host->jobs) {
            if (job.state != facts::JobRecord::State::running) continue;
            running.push_back({{"step", step},
                               {"host", model::to_string(host->role)},
                               {"address", host->address},
                               {"startedAt", job.started_at},
                               {"elapsedSeconds", job.elapsed_seconds ? json(*job.elapsed_seconds) : json(nullptr)},
                               {"log", contract::state_dir::job_log_path(r.spec.paths.state, step)},
                               {"lastLine", job.last_line}});
        }
    }
    const json doc{{"format", status_format},
            {"pair", r.spec.name},
            {"health", level},
            {"problems", h.problems},
            {"facts", pair_facts_to_json(r.observed)},
            {"ports", {{"primary", port_json(r.ports_primary)}, {"secondary", port_json(r.ports_secondary)}}},
            {"pendingSteps", r.plan.to_run().size()},
            {"runningJobs", running}};
    return json_text(doc, 2);
}

}  // namespace hactl::output
