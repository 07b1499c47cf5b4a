// Apply following jobs of hours on fake time: the in-memory pair (RecordsFake)
// runs replication for six fake hours while apply polls it, refreshes its
// lock, times out, loses the lock or is interrupted, all in milliseconds of
// real time.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "apply/fake_clock.hpp"
#include "apply/records_fake.hpp"
#include "fake/fake_pair.hpp"
#include "hactl/apply/engine.hpp"
#include "hactl/contract/host_contract.hpp"
#include "hactl/contract/state_dir.hpp"

using namespace hactl;
using Millis = std::chrono::milliseconds;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const std::string k_replicate = "replicate-postgres";

// One command a host received: its host-op name ("poll-job", "lock-refresh",
// ...) or "command" for anything else, the step a job op is for, and when.
struct Seen {
    std::string what;
    std::string step;
    Millis at;
};

// "poll-job", "start-job", "lock-acquire", "lock-refresh", ... for hactl's host
// operations (hactl-job-poll, hactl-lock refresh, ...).
std::string short_name(const test::RecordsFake::Op& op) {
    if (op.name == "hactl-lock") return "lock-" + op.args.at(0);
    if (op.name == "hactl-job-poll") return "poll-job";
    if (op.name == "hactl-job-start") return "start-job";
    return op.name;
}

// Records every command at its fake time; lock refreshes in [fail_from,
// fail_until) fail as an unreachable host would.
class Recording : public transport::Transport {
public:
    Recording(transport::Transport& inner, apply::Clock& clock, std::vector<Seen>& seen)
        : m_inner(inner), m_clock(clock), m_seen(seen) {}
    transport::CommandResult run(const std::string& command, transport::Millis deadline) override {
        const auto op = test::RecordsFake::parse_op(command);
        Seen seen{op ? short_name(*op) : "command", {}, m_clock.now()};
        if (op && (seen.what == "poll-job" || seen.what == "start-job")) seen.step = op->args.at(1);
        m_seen.push_back(seen);
        if (seen.what == "lock-refresh" && seen.at >= fail_from && seen.at < fail_until) {
            transport::CommandResult r;
            r.status = transport::Status::transport_error;
            r.error = transport::TransportError::unreachable;
            r.message = "connection refused";
            return r;
        }
        return m_inner.run(command, deadline);
    }
    std::unique_ptr<transport::Interaction> start_interactive(const std::string& command,
                                                              transport::CommandResult& error) override {
        m_seen.push_back({"interactive", {}, m_clock.now()});
        return m_inner.start_interactive(command, error);
    }
    std::string describe() const override { return m_inner.describe(); }

    Millis fail_from = Millis::max();
    Millis fail_until = Millis::max();

private:
    transport::Transport& m_inner;
    apply::Clock& m_clock;
    std::vector<Seen>& m_seen;
};

struct Timeline : apply::EventSink {
    explicit Timeline(apply::Clock& c) : clock(c) {}
    void emit(const apply::Event& event) override { events.push_back({event, clock.now()}); }
    apply::Clock& clock;
    std::vector<std::pair<apply::Event, Millis>> events;
};

// A fresh pair set up by apply, on fake time, replication taking `replication`.
struct LongJob {
    explicit LongJob(Millis replication) {
        primary.clock = secondary.clock = &clock;
        secondary.job_durations[std::string(contract::action::replicate_postgres)] = replication;
        options.allow_destructive = true;
        options.owner = apply::LockOwner{"ops@test", "", 1, ""};
        options.effect_wait = Millis(0);
        options.clock = &clock;
        options.interrupted = &interrupted;
    }
    apply::ApplyResult run() {
        return apply::apply_pair(pair.spec(), on_primary, on_secondary, options, timeline);
    }

    /// When `what` was sent (for `step`, when given).
    std::vector<Millis> times(const std::string& what, const std::string& step = {}) const {
        std::vector<Millis> out;
        for (const auto& s : seen) {
            if (s.what == what && (step.empty() || s.step == step)) out.push_back(s.at);
        }
        return out;
    }
    /// Whether the replication job still runs on the secondary (no exit status, its process alive).
    bool job_still_runs() {
        const auto dir = contract::state_dir::job_path(pair.spec().paths.state, k_replicate);
        auto& files = pair.secondary().state().host_files;
        if (files.count(dir + "/exit") || !files.count(dir + "/pid")) return false;
        return pair.secondary().state().live_pids.count(std::stol(files.at(dir + "/pid"))) == 1;
    }
    std::string lock_path() const { return contract::state_dir::lock_path(pair.spec().paths.state); }

    fake::FakePair pair{fake::test_spec(), fake::opts("2023.1.0")};
    test::FakeClock clock;
    test::CrashBudget budget;
    test::RecordsFake primary{pair.primary(), budget};
    test::RecordsFake secondary{pair.secondary(), budget};
    std::vector<Seen> seen;
    Recording on_primary{primary, clock, seen};
    Recording on_secondary{secondary, clock, seen};
    Timeline timeline{clock};
    std::atomic<bool> interrupted{false};
    apply::ApplyOptions options;
};

std::map<long, int> per_hour(const std::vector<Millis>& times, Millis from) {
    std::map<long, int> count;
    for (auto t : times) ++count[static_cast<long>((t - from) / hours(1))];
    return count;
}

}  // namespace

TEST(LongJob, ASixHourReplicationIsFollowedAtAboutOnePollAMinuteWithProgressAndTheLockKept) {
    LongJob job(hours(6));
    const auto real_start = std::chrono::steady_clock::now();
    const auto result = job.run();
    const auto real = std::chrono::steady_clock::now() - real_start;
    ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::converged) << result.message;
    EXPECT_LT(real, seconds(60)) << "fake hours must not be slept for real";

    const auto polls = job.times("poll-job", k_replicate);
    const auto started = job.times("start-job", k_replicate);
    ASSERT_EQ(started.size(), 1u);
    ASSERT_FALSE(polls.empty());
    EXPECT_GE(polls.back() - started.front(), hours(6));
    EXPECT_LE(polls.back() - started.front(), hours(6) + minutes(1)) << "the end is seen within a poll";
    // About one poll a second in the first minute, then about one a minute.
    const auto hourly = per_hour(polls, started.front());
    EXPECT_LE(hourly.at(0), 60 + 60 + 10);
    for (long hour = 1; hour < 6; ++hour) {
        EXPECT_LE(hourly.at(hour), 60 + 3) << "hour " << hour;
        EXPECT_GE(hourly.at(hour), 55) << "hour " << hour;
    }
    EXPECT_LE(polls.size(), 130u + 5 * 63 + 2);
    for (std::size_t i = 1; i < polls.size(); ++i) {
        EXPECT_LE(polls[i] - polls[i - 1], seconds(60)) << "poll " << i;
    }

    // Progress lines (a line per fake minute) were shown all along, not at the end.
    std::vector<Millis> progress;
    for (const auto& [event, at] : job.timeline.events) {
        if (event.kind == apply::Event::Kind::step_progress && event.step == k_replicate)
            progress.push_back(at);
    }
    const auto lines = per_hour(progress, started.front());
    for (long hour = 0; hour < 6; ++hour)
        EXPECT_GE(lines.count(hour) ? lines.at(hour) : 0, 55) << "hour " << hour;

    // The lock was refreshed at least every 60 s of fake time while the job ran.
    auto kept = job.times("lock-acquire");
    ASSERT_EQ(kept.size(), 1u);
    for (auto t : job.times("lock-refresh")) kept.push_back(t);
    kept.push_back(polls.back());
    for (std::size_t i = 1; i < kept.size(); ++i) {
        EXPECT_LE(kept[i] - kept[i - 1], seconds(60)) << "between refreshes " << i - 1 << " and " << i;
    }
}

TEST(LongJob, ALongStepTimesOutLeavingItsJobRunningAndNothingElseRuns) {
    LongJob job(hours(6));
    job.options.long_step_timeout = hours(2);
    const auto result = job.run();
    EXPECT_EQ(apply::exit_code(result), 1);
    EXPECT_NE(result.message.find(k_replicate), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("within 2h"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("left running on the secondary (10.0.0.2)"), std::string::npos)
        << result.message;
    EXPECT_NE(result.message.find("/var/lib/hactl/jobs/replicate-postgres/log"), std::string::npos)
        << result.message;
    EXPECT_NE(result.message.find("--long-step-timeout"), std::string::npos) << result.message;
    EXPECT_TRUE(job.job_still_runs());

    const auto started = job.times("start-job", k_replicate).at(0);
    const auto last_poll = job.times("poll-job", k_replicate).back();
    EXPECT_EQ(last_poll - started, hours(2)) << "the last poll is at the timeout, not a pause after it";
    // After the last poll, only the lock's release reached a host.
    std::vector<std::string> after;
    for (const auto& s : job.seen) {
        if (s.at >= last_poll && !(s.what == "poll-job" && s.at == last_poll)) after.push_back(s.what);
    }
    EXPECT_EQ(after, std::vector<std::string>{"lock-release"});
    for (const auto& change : job.pair.secondary().changes()) {
        EXPECT_EQ(change.find("cluster_kvstore_copy"), std::string::npos) << change;
    }
}

TEST(LongJob, AShortStepKeepsItsThirtyMinuteTimeout) {
    LongJob job(hours(1));
    job.secondary.job_durations[std::string(contract::action::deploy_conf_all)] = minutes(45);
    const auto result = job.run();
    EXPECT_EQ(apply::exit_code(result), 1);
    EXPECT_NE(result.message.find("max-wal-senders"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("within 30m"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("--step-timeout"), std::string::npos) << result.message;
    EXPECT_TRUE(job.times("start-job", k_replicate).empty());
}

TEST(LongJob, ALockTakenOverMidJobStopsApplyAtOnceLeavingTheJobRunning) {
    LongJob job(hours(6));
    const std::string theirs =
        "owner=other@ops2\npid=77\ntoken=theirs\nstarted_at=t0\nexpires_at=t999999\nexpires_epoch=999999\n";
    Millis written = Millis::max();
    job.clock.at_sleep = [&](Millis now) {
        if (now >= hours(2) && written == Millis::max()) {
            job.pair.primary().state().host_files[job.lock_path()] = theirs;
            written = now;
        }
    };
    const auto result = job.run();
    EXPECT_EQ(apply::exit_code(result), 1);
    EXPECT_NE(result.message.find("no longer this apply's"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("held now by other@ops2 pid 77"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("left running"), std::string::npos) << result.message;
    ASSERT_NE(written, Millis::max());
    EXPECT_LE(job.seen.back().at - written, seconds(60)) << "stopped at the next refresh";
    EXPECT_TRUE(job.job_still_runs());
    EXPECT_EQ(job.pair.primary().state().host_files.at(job.lock_path()), theirs)
        << "their lock is left alone";
}

TEST(LongJob, ALockThatCannotBeRefreshedForHalfItsLifetimeStopsApply) {
    LongJob job(hours(6));
    job.on_primary.fail_from = hours(1);
    const auto result = job.run();
    EXPECT_EQ(apply::exit_code(result), 1);
    EXPECT_NE(result.message.find("could not be refreshed"), std::string::npos) << result.message;
    EXPECT_TRUE(job.job_still_runs());
    const auto stopped = job.seen.back().at;
    EXPECT_GE(stopped - hours(1), seconds(90));
    EXPECT_LE(stopped - hours(1), seconds(150 + 60));
    int failed = 0;
    for (auto t : job.times("lock-refresh")) failed += t >= hours(1) ? 1 : 0;
    EXPECT_GE(failed, 2) << "a failed refresh is retried";
}

TEST(LongJob, ARefreshThatFailsForAMinuteIsRetriedAndApplyGoesOn) {
    LongJob job(hours(3));
    job.on_primary.fail_from = hours(1);
    job.on_primary.fail_until = hours(1) + minutes(1);
    const auto result = job.run();
    EXPECT_EQ(result.outcome, apply::ApplyResult::Outcome::converged) << result.message;
    int failed = 0;
    for (auto t : job.times("lock-refresh")) failed += t >= hours(1) && t < hours(1) + minutes(1) ? 1 : 0;
    EXPECT_GE(failed, 1);
}

TEST(LongJob, CtrlCDuringALongPauseIsSeenWithinAFractionOfASecond) {
    LongJob job(hours(6));
    // Pressed in the middle of a pause of about a minute between polls: the
    // flag is seen at the end of the sleep that passes this moment.
    const Millis pressed = hours(2) + seconds(30);
    job.clock.at_sleep = [&](Millis now) {
        if (now >= pressed) job.interrupted = true;
    };
    const auto result = job.run();
    EXPECT_EQ(apply::exit_code(result), 130) << result.message;
    EXPECT_LE(job.clock.now() - pressed, Millis(250));
    EXPECT_TRUE(job.job_still_runs());
}

TEST(LongJob, TheLongestTimeoutsAndCapDoNotOverflow) {
    LongJob job(hours(3));
    job.options.long_step_timeout = Millis::max();
    job.options.step_timeout = Millis::max();
    job.options.poll_max = Millis::max();
    job.options.lock_refresh = hours(24 * 365);
    job.options.lock_ttl = std::chrono::seconds(3600LL * 24 * 365 * 10);
    const auto result = job.run();
    EXPECT_EQ(result.outcome, apply::ApplyResult::Outcome::converged) << result.message;
    const auto polls = job.times("poll-job", k_replicate);
    ASSERT_FALSE(polls.empty());
    EXPECT_GE(polls.back() - job.times("start-job", k_replicate).at(0), hours(3));
}

namespace {

// The replication job's events of `kind` in the timeline.
int count_events(const LongJob& job, apply::Event::Kind kind) {
    return static_cast<int>(std::count_if(job.timeline.events.begin(), job.timeline.events.end(),
                                          [&](const auto& e) { return e.first.kind == kind; }));
}

}  // namespace

TEST(LongJob, WaitStopsFollowingAtItsBudgetLeavingTheJobRunningAndTheLockFreeThenApplyReattaches) {
    LongJob job(hours(6));
    job.options.wait = minutes(10);
    const auto result = job.run();
    ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::in_progress) << result.message;
    EXPECT_EQ(apply::exit_code(result), 3);
    EXPECT_NE(result.message.find("replicate-postgres is still running on the secondary (10.0.0.2)"),
              std::string::npos)
        << result.message;
    EXPECT_NE(result.message.find("/var/lib/hactl/jobs/replicate-postgres/log"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("apply again to continue"), std::string::npos) << result.message;
    EXPECT_TRUE(job.job_still_runs());
    EXPECT_EQ(job.pair.primary().state().host_files.count(job.lock_path()), 0u) << "the lock is released";

    const auto started = job.times("start-job", k_replicate);
    ASSERT_EQ(started.size(), 1u);
    const auto last_poll = job.times("poll-job", k_replicate).back();
    EXPECT_EQ(last_poll - started.front(), minutes(10)) << "followed for the budget, not a pause more";
    std::vector<std::string> after;
    for (const auto& s : job.seen) {
        if (s.at >= last_poll && !(s.what == "poll-job" && s.at == last_poll)) after.push_back(s.what);
    }
    EXPECT_EQ(after, std::vector<std::string>{"lock-release"});
    const auto& last = job.timeline.events.back().first;
    EXPECT_EQ(last.kind, apply::Event::Kind::in_progress);
    EXPECT_EQ(last.step, k_replicate);
    EXPECT_EQ(last.target, plan::Target::secondary);
    EXPECT_EQ(last.host, "10.0.0.2");
    EXPECT_EQ(last.log, "/var/lib/hactl/jobs/replicate-postgres/log");
    EXPECT_EQ(count_events(job, apply::Event::Kind::stopped), 0);

    // The next apply (no --wait) reattaches to the same job and converges.
    job.options.wait = Millis::max();
    const auto again = job.run();
    ASSERT_EQ(again.outcome, apply::ApplyResult::Outcome::converged) << again.message;
    EXPECT_EQ(job.times("start-job", k_replicate).size(), 1u) << "never started twice";
    EXPECT_EQ(count_events(job, apply::Event::Kind::step_reattached), 1);
    EXPECT_GE(job.clock.now() - started.front(), hours(6));
    EXPECT_EQ(job.pair.primary().state().host_files.count(job.lock_path()), 0u);
}

TEST(LongJob, WaitZeroStartsTheLongStepPollsItOnceAndReturnsThenMovesOnOnceItEnded) {
    LongJob job(hours(6));
    job.options.wait = Millis(0);
    const auto result = job.run();
    ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::in_progress) << result.message;
    EXPECT_EQ(apply::exit_code(result), 3);
    EXPECT_NE(result.message.find("--wait 0s"), std::string::npos) << result.message;
    const auto started = job.times("start-job", k_replicate);
    ASSERT_EQ(started.size(), 1u);
    const auto polls = job.times("poll-job", k_replicate);
    ASSERT_EQ(polls.size(), 1u);
    EXPECT_EQ(polls.front(), started.front()) << "returned right after starting it, without a pause";
    EXPECT_GT(result.steps_run, 0) << "the short steps before it ran";
    EXPECT_TRUE(job.job_still_runs());
    EXPECT_EQ(job.pair.primary().state().host_files.count(job.lock_path()), 0u);

    // A run before the job ended: one poll, in progress again, nothing started.
    job.clock.sleep_for(hours(1));
    EXPECT_EQ(apply::exit_code(job.run()), 3);
    EXPECT_EQ(job.times("start-job", k_replicate).size(), 1u);
    // A run after it ended moves on to the steps after it and converges.
    job.clock.sleep_for(hours(6));
    const auto done = job.run();
    EXPECT_EQ(done.outcome, apply::ApplyResult::Outcome::converged) << done.message;
    EXPECT_EQ(job.times("start-job", k_replicate).size(), 1u);
    EXPECT_EQ(job.times("start-job", "copy-kvstore").size(), 1u);
}

TEST(LongJob, TheWaitBudgetIsSummedOverTheLongStepsOfARun) {
    LongJob job(hours(2));
    job.secondary.job_durations[std::string(contract::action::kvstore_copy)] = hours(1);
    job.options.wait = hours(2) + minutes(20);
    const auto result = job.run();
    ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::in_progress) << result.message;
    EXPECT_NE(result.message.find("copy-kvstore is still running"), std::string::npos) << result.message;
    const auto copy_started = job.times("start-job", "copy-kvstore");
    ASSERT_EQ(copy_started.size(), 1u);
    const auto replication = job.times("poll-job", k_replicate);
    const auto spent = (replication.back() - job.times("start-job", k_replicate).front()) +
                       (job.times("poll-job", "copy-kvstore").back() - copy_started.front());
    EXPECT_EQ(spent, hours(2) + minutes(20));
}

TEST(LongJob, AnApplyWithoutPermissionFollowsADestructiveJobAlreadyRunningButStartsNoOther) {
    LongJob job(hours(6));
    job.options.wait = minutes(10);
    ASSERT_EQ(job.run().outcome, apply::ApplyResult::Outcome::in_progress);

    // A scheduled apply without --allow-destructive: the replication the permitted
    // apply started is followed to its end; the next destructive step is not started.
    job.options.allow_destructive = false;
    job.options.wait = Millis::max();
    const auto result = job.run();
    ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::needs_permission) << result.message;
    EXPECT_EQ(apply::exit_code(result), 2);
    EXPECT_NE(result.message.find("stopped before copy-kvstore"), std::string::npos) << result.message;
    EXPECT_EQ(count_events(job, apply::Event::Kind::step_reattached), 1);
    EXPECT_FALSE(job.job_still_runs()) << "followed to its end";
    EXPECT_EQ(job.times("start-job", k_replicate).size(), 1u) << "never started twice";
    EXPECT_TRUE(job.times("start-job", "copy-kvstore").empty());
}

TEST(LongJob, AMultiDayJobIsNeverSilentForMoreThanAMinuteWhateverThePollCap) {
    // Three fake days per poll cap, about 0.1 s of real time each (1.3 M naps of 200 ms).
    for (const Millis cap : {Millis(seconds(10)), Millis(seconds(60)), Millis(minutes(5)), Millis(hours(1))}) {
        LongJob job(hours(72));
        job.options.poll_max = cap;
        job.options.lock_ttl = std::chrono::seconds(3 * 3600);  // a poll cap of an hour keeps it
        job.options.lock_refresh = minutes(30);
        const auto result = job.run();
        ASSERT_EQ(result.outcome, apply::ApplyResult::Outcome::converged) << result.message;
        std::vector<Millis> said;  // from the log path's line to the step's end
        bool following = false;
        for (const auto& [event, at] : job.timeline.events) {
            if (event.step != k_replicate) continue;
            if (event.kind == apply::Event::Kind::step_log) following = true;
            if (!following) continue;
            if (event.kind == apply::Event::Kind::step_log || event.kind == apply::Event::Kind::step_progress ||
                event.kind == apply::Event::Kind::heartbeat || event.kind == apply::Event::Kind::step_finished) {
                said.push_back(at);
            }
            if (event.kind == apply::Event::Kind::step_finished) break;
        }
        ASSERT_GE(said.size(), 2u);
        EXPECT_GE(said.back() - said.front(), hours(72));
        Millis longest{0};
        for (std::size_t i = 1; i < said.size(); ++i) longest = std::max(longest, said[i] - said[i - 1]);
        EXPECT_LE(longest, seconds(60)) << "poll cap " << cap.count() << " ms";
        int heartbeats = 0;
        int before_any_line = 0;  // the fake job's first line comes after a minute
        for (const auto& [event, at] : job.timeline.events) {
            if (event.kind != apply::Event::Kind::heartbeat) continue;
            ++heartbeats;
            EXPECT_EQ(event.step, k_replicate);
            if (event.message.empty()) {
                ++before_any_line;
                continue;
            }
            EXPECT_EQ(event.message.rfind("progress: ", 0), 0u) << "the last progress line: " << event.message;
        }
        EXPECT_LE(before_any_line, 1);
        EXPECT_GE(heartbeats, 72 * 60) << "one at least every 50 s of the job";
    }
}

TEST(LongJob, TheLogPathIsGivenWhenALongStepStartsAndWhenItIsReattached) {
    LongJob job(hours(1));
    job.options.wait = Millis(0);
    ASSERT_EQ(apply::exit_code(job.run()), 3);
    job.options.wait = Millis::max();
    ASSERT_EQ(apply::exit_code(job.run()), 0);
    std::vector<std::string> logs;
    for (const auto& [event, at] : job.timeline.events) {
        if (event.kind != apply::Event::Kind::step_log) continue;
        EXPECT_EQ(event.host, "10.0.0.2");
        logs.push_back(event.step + " " + event.log);
    }
    const std::vector<std::string> expected = {
        "replicate-postgres /var/lib/hactl/jobs/replicate-postgres/log",
        "replicate-postgres /var/lib/hactl/jobs/replicate-postgres/log",
        "copy-kvstore /var/lib/hactl/jobs/copy-kvstore/log",
    };
    EXPECT_EQ(logs, expected);
}
