target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/release_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/duration_test.cpp)
