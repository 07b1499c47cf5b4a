target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/facts.cpp
  ${CMAKE_CURRENT_LIST_DIR}/access.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_df.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_monitor.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_keys.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parse_state.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe_parse.cpp
  ${CMAKE_CURRENT_LIST_DIR}/probe.cpp)
