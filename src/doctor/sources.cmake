target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/doctor_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/doctor_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/doctor_run.cpp)
