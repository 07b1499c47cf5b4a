#pragma once
/// How far apart apply polls a job it follows: fast at first, so that a short
/// job is seen finishing quickly; at most `early_max` apart during the job's
/// first `early_for`; after that no closer than `late_min`, growing by 3/2 up
/// to `cap`, so that a replication of days costs about one poll a minute.
#include <chrono>

namespace hactl::apply {

struct PollPolicy {
    std::chrono::milliseconds first{100};       ///< the first pause
    std::chrono::milliseconds early_max{1000};  ///< the most during the first `early_for`
    std::chrono::milliseconds early_for{60000};
    std::chrono::milliseconds late_min{10000};  ///< the least after it (or `cap` when smaller)
    std::chrono::milliseconds cap{60000};       ///< never more
};

/// The pause before the next poll, given the previous pause (zero before the
/// first poll's) and how long the job has been followed. Always within
/// [0, cap]; grows by 3/2 without overflow whatever its inputs. Cannot fail.
std::chrono::milliseconds next_poll_pause(std::chrono::milliseconds previous,
                                          std::chrono::milliseconds elapsed, const PollPolicy& policy);

}  // namespace hactl::apply
