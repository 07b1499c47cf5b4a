#include "hactl/apply/clock.hpp"

#include <thread>

namespace hactl::apply {

namespace {

class RealClock : public Clock {
public:
    Millis now() override {
        return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
    }
    void sleep_for(Millis pause) override {
        if (pause.count() > 0) std::this_thread::sleep_for(pause);
    }
};

}  // namespace

Clock& real_clock() {
    static RealClock clock;
    return clock;
}

}  // namespace hactl::apply
