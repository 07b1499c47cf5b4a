#pragma once
/// Why one of hactl's own host operations (apply/host_script.hpp) failed, in
/// one line that names the fix: sudo asking for a password or a terminal, no
/// sudo rights, a state directory that cannot be written, a missing tool.
#include <string>
#include <string_view>

#include "hactl/transport/transport.hpp"

namespace hactl::apply {

/// One line: "the primary: <what is wrong>. Fix: <what to do>". `role` is
/// "primary" or "secondary" (it also names the pair-file field to set);
/// `privilege` the prefix that was used; `result` the failed operation.
std::string explain_host_op_failure(std::string_view role, std::string_view privilege, std::string_view state_dir,
                                    const transport::CommandResult& result);

}  // namespace hactl::apply
