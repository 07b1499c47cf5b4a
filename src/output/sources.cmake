target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/style.cpp
  ${CMAKE_CURRENT_LIST_DIR}/printable.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wrap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_markdown.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/facts_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/apply_events.cpp
  ${CMAKE_CURRENT_LIST_DIR}/status.cpp
  ${CMAKE_CURRENT_LIST_DIR}/doctor.cpp)
