#pragma once
/// A problem with one node of the pair file, before it is given a line and column.
#include <string>

namespace hactl::config {

struct Finding {
    std::string pointer;   ///< JSON pointer of the node ("/spec/primary/address")
    std::string message;   ///< what was expected, what was found
    bool at_key = false;   ///< report at the node's key rather than its value
    bool operator==(const Finding&) const = default;
};

}  // namespace hactl::config
