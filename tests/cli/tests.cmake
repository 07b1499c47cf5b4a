target_sources(hactl_integration_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/run_hactl.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cli_test.cpp)
