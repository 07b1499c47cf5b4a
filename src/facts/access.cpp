#include "hactl/facts/access.hpp"

namespace hactl::facts {

namespace {
bool has(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }
}  // namespace

std::string access_fix(std::string_view said, std::string_view field) {
    const std::string f(field);
    if (has(said, "must have a tty") || has(said, "requiretty")) {
        return "Fix: sudo demands a terminal there: add `Defaults:USER !requiretty` for the login user to sudoers";
    }
    if (has(said, "password is required") || has(said, "terminal is required to read the password") ||
        has(said, "askpass")) {
        return "Fix: hactl never types a password: give the login user passwordless sudo (NOPASSWD) for it on "
               "that host, or change " + f;
    }
    if (has(said, "not in the sudoers") || has(said, "is not allowed to execute") || has(said, "may not run sudo")) {
        return "Fix: grant the login user sudo rights (NOPASSWD) for it on that host, or change " + f;
    }
    if (has(said, "sudo: not found") || has(said, "sudo: command not found")) {
        return "Fix: install sudo on that host, or change " + f;
    }
    return {};
}

}  // namespace hactl::facts
