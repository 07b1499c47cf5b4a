target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/catalogue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/guards.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lifecycle_guards.cpp
  ${CMAKE_CURRENT_LIST_DIR}/preflight.cpp
  ${CMAKE_CURRENT_LIST_DIR}/planner.cpp)
