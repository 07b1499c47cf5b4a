#pragma once
// Apply's clock for tests: time passes only when apply sleeps, and a test can
// act at a given moment (write another owner's lock, press Ctrl-C) through
// `at_sleep`, called after each sleep with the new time.
#include <functional>

#include "hactl/apply/clock.hpp"

namespace hactl::test {

class FakeClock : public apply::Clock {
public:
    Millis now() override { return m_now; }
    void sleep_for(Millis pause) override {
        if (pause > Millis(0)) m_now += pause;
        if (at_sleep) at_sleep(m_now);
    }
    std::function<void(Millis)> at_sleep;

private:
    Millis m_now{0};
};

}  // namespace hactl::test
