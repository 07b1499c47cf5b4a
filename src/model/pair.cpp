#include "hactl/model/pair.hpp"

namespace hactl::model {

const char* to_string(Role role) { return role == Role::primary ? "primary" : "secondary"; }

const char* to_string(PairState state) { return state == PairState::paired ? "paired" : "split"; }

std::string effective_privilege(const HostSpec& host) {
    if (host.privilege) return *host.privilege;
    return host.ssh.user == defaults::root_user ? std::string() : std::string(defaults::privilege_non_root);
}

}  // namespace hactl::model
