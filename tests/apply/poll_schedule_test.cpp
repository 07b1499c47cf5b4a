// The pauses between polls of a followed job: fast at first, at most a second
// apart in its first minute, then about a minute apart for as long as it runs.
#include "hactl/apply/poll_schedule.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <map>

using hactl::apply::next_poll_pause;
using hactl::apply::PollPolicy;
using Millis = std::chrono::milliseconds;

TEST(PollSchedule, StartsFastGrowsByHalfAndSlowsDownAfterAMinute) {
    const PollPolicy policy;
    Millis pause = next_poll_pause(Millis(0), Millis(0), policy);
    EXPECT_EQ(pause, Millis(100));
    pause = next_poll_pause(pause, Millis(100), policy);
    EXPECT_EQ(pause, Millis(150));
    pause = next_poll_pause(pause, Millis(250), policy);
    EXPECT_EQ(pause, Millis(225));
    EXPECT_EQ(next_poll_pause(Millis(900), Millis(30000), policy), Millis(1000));
    EXPECT_EQ(next_poll_pause(Millis(1000), Millis(59999), policy), Millis(1000));
    // The job has run a minute: no closer than 10 s, then 15 s, ... up to the cap.
    EXPECT_EQ(next_poll_pause(Millis(1000), Millis(60000), policy), Millis(10000));
    EXPECT_EQ(next_poll_pause(Millis(10000), Millis(70000), policy), Millis(15000));
    EXPECT_EQ(next_poll_pause(Millis(50000), Millis(200000), policy), Millis(60000));
    EXPECT_EQ(next_poll_pause(Millis(60000), Millis(3600000), policy), Millis(60000));
}

TEST(PollSchedule, ZeroIntervalsPollBackToBack) {
    PollPolicy policy;
    policy.early_max = Millis(0);
    EXPECT_EQ(next_poll_pause(Millis(0), Millis(0), policy), Millis(0));
    EXPECT_EQ(next_poll_pause(Millis(0), Millis(10), policy), Millis(0));
}

RC_GTEST_PROP(PollSchedule, ThePauseStaysWithinItsBoundsWhateverItsInputs, ()) {
    PollPolicy policy;
    policy.cap = Millis(*rc::gen::inRange<std::int64_t>(0, std::numeric_limits<std::int64_t>::max()));
    const Millis previous(*rc::gen::arbitrary<std::int64_t>());
    const Millis elapsed(*rc::gen::arbitrary<std::int64_t>());
    const auto pause = next_poll_pause(previous, elapsed, policy);
    RC_ASSERT(pause >= Millis(0));
    RC_ASSERT(pause <= policy.cap);
    if (elapsed < policy.early_for) {
        RC_ASSERT(pause <= policy.early_max);
    } else {
        RC_ASSERT(pause >= std::min(policy.late_min, policy.cap));
    }
}

RC_GTEST_PROP(PollSchedule, AJobOfDaysCostsAboutOnePollAMinute, ()) {
    const PollPolicy policy;
    const auto days = *rc::gen::inRange(1, 30);
    const Millis length = std::chrono::hours(24) * days;
    std::map<std::int64_t, int> polls_in_hour;
    Millis elapsed{0};
    Millis pause{0};
    while (elapsed < length) {
        ++polls_in_hour[elapsed / std::chrono::hours(1)];
        pause = next_poll_pause(pause, elapsed, policy);
        RC_ASSERT(pause > Millis(0));
        RC_ASSERT(pause <= policy.cap);
        elapsed += pause;
    }
    RC_ASSERT(polls_in_hour[0] <= 60 + 60 + 10);  // the first minute polls about once a second
    for (const auto& [hour, polls] : polls_in_hour) {
        if (hour == 0) continue;
        RC_ASSERT(polls >= 59);
        RC_ASSERT(polls <= 61);
    }
}
