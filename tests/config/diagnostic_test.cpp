#include <gtest/gtest.h>

#include "hactl/config/diagnostic.hpp"

using hactl::config::Diagnostic;
using hactl::config::format_diagnostic;

TEST(Diagnostic, FormatsFileLineColumn) {
    EXPECT_EQ(format_diagnostic({"pair.yaml", 3, 14, "bad"}), "pair.yaml:3:14: error: bad");
}

TEST(Diagnostic, WholeFileAndWholeLineForms) {
    EXPECT_EQ(format_diagnostic({"pair.yaml", 0, 0, "no such file"}), "pair.yaml: error: no such file");
    EXPECT_EQ(format_diagnostic({"pair.yaml", 7, 0, "x"}), "pair.yaml:7: error: x");
}

TEST(Diagnostic, SortsByLineThenColumnStably) {
    std::vector<Diagnostic> d{{"f", 5, 2, "a"}, {"f", 0, 0, "file"}, {"f", 5, 1, "b"}, {"f", 2, 9, "c"}, {"f", 5, 1, "d"}};
    hactl::config::sort_diagnostics(d);
    std::vector<std::string> order;
    for (const auto& x : d) order.push_back(x.message);
    EXPECT_EQ(order, (std::vector<std::string>{"file", "c", "b", "d", "a"}));
}
