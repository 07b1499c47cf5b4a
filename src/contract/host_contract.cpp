#include "hactl/contract/host_contract.hpp"

#include "hactl/transport/shell_quote.hpp"

namespace hactl::contract {

namespace {
std::string str(std::string_view s) { return std::string(s); }
}  // namespace

std::string conf_read_command(std::string_view key) {
    return transport::shell_join({str(conf_program), str(key)});
}

std::string conf_write_command(std::string_view key, std::string_view value) {
    return transport::shell_join({str(conf_program), str(key), str(conf_set_flag), str(value)});
}

std::string action_command(std::string_view name) { return transport::shell_join({str(action_program), str(name)}); }

std::string read_optional_file_command(std::string_view path) {
    return transport::shell_join({"cat", str(path)}) + " || " + transport::shell_join({"test", "!", "-e", str(path)});
}

std::string df_command(std::string_view data_path, std::string_view install_path) {
    return transport::shell_join({"df", "-P", "-B1", str(data_path), str(install_path)});
}

std::string monitor_command(std::string_view url) {
    return transport::shell_join({"curl", "-sS", "-L", "--max-time", std::to_string(monitor_max_time_s), str(url)});
}

}  // namespace hactl::contract
