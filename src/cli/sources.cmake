target_sources(hactl PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pair_run.cpp
  ${CMAKE_CURRENT_LIST_DIR}/write_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_validate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_probe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_apply.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_status.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_doctor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_version.cpp)
