#pragma once
/// `hactl doctor`'s report, for people and as JSON (format hactl.doctor/v1,
/// schemas/doctor.schema.json).
#include <string>

#include "hactl/doctor/doctor.hpp"
#include "hactl/output/style.hpp"

namespace hactl::output {

inline constexpr const char* doctor_format = "hactl.doctor/v1";

/// One block per host, one line per check ("ok", "MISMATCH", "skip"), each
/// line within k_columns; host text through printable(). A mismatch line
/// says what was expected, what was seen, the field that adapts it and the
/// fix. Ends with a summary line. Never fails.
std::string render_doctor(const doctor::Report& report, const Style& style);

/// The report as a versioned JSON document (two-space indent). Never fails.
std::string doctor_json(const doctor::Report& report);

}  // namespace hactl::output
