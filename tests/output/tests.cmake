target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/printable_test.cpp)
target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/host_text_test.cpp)
target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/plan_markdown_test.cpp)
target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/wrap_test.cpp)
target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/fit_test.cpp)
target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/lifecycle_output_test.cpp)
