target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/catalogue_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/planner_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lifecycle_planner_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/planner_properties_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/destructive_effect_test.cpp)
