#pragma once
/// Time as apply sees it: a steady timeline and a way to wait on it. Everything
/// in apply that waits or measures (following a job, waiting for a step's
/// effect, the lock's refresh cadence, step durations) goes through a Clock,
/// so that tests can follow a job of days in milliseconds. Transport deadlines
/// are the transport's own, on real time.
#include <chrono>

namespace hactl::apply {

class Clock {
public:
    using Millis = std::chrono::milliseconds;
    virtual ~Clock() = default;
    /// Time since an arbitrary origin; never goes back. Cannot fail.
    virtual Millis now() = 0;
    /// Waits `pause` (nothing for zero or less). Cannot fail.
    virtual void sleep_for(Millis pause) = 0;
};

/// The machine's steady clock and a real sleep; one for the whole process.
Clock& real_clock();

}  // namespace hactl::apply
