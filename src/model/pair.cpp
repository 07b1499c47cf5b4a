#include "hactl/model/pair.hpp"

namespace hactl::model {

const char* to_string(Role role) { return role == Role::primary ? "primary" : "secondary"; }

}  // namespace hactl::model
