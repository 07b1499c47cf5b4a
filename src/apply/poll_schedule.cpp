#include "hactl/apply/poll_schedule.hpp"

#include <algorithm>

namespace hactl::apply {

using std::chrono::milliseconds;

milliseconds next_poll_pause(milliseconds previous, milliseconds elapsed, const PollPolicy& policy) {
    const milliseconds zero{0};
    const milliseconds cap = std::max(policy.cap, zero);
    milliseconds grown = policy.first;
    if (previous > zero) {
        // 3/2 of a pause no longer than the cap, saturating rather than overflowing.
        const milliseconds base = std::min(previous, cap);
        grown = base > milliseconds::max() - base / 2 ? milliseconds::max() : base + base / 2;
    }
    milliseconds pause = elapsed < policy.early_for ? std::min(grown, policy.early_max)
                                                    : std::max(grown, std::min(policy.late_min, cap));
    return std::clamp(pause, zero, cap);
}

}  // namespace hactl::apply
