#pragma once
/// What a host's refusal to run a command as root says, and how to fix it:
/// sudo asking for a password or a terminal, no sudo rights, no sudo at all.
/// Used for the Alation shell wrapper (probe, plan) and for hactl's own
/// privilege prefix (apply).
#include <string>
#include <string_view>

namespace hactl::facts {

/// "Fix: ..." for a message of sudo (or the shell) that refused to run a
/// command through `field` (the pair-file field of the prefix, e.g.
/// "spec.primary.alationShell"); empty when `said` is not such a refusal.
std::string access_fix(std::string_view said, std::string_view field);

}  // namespace hactl::facts
