# The fake's own sources (hactl_fake is a static library declared in tests/CMakeLists.txt).
include(${CMAKE_CURRENT_LIST_DIR}/sources.cmake)
target_link_libraries(hactl_fake PUBLIC hactl_core)
target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/fake_host_test.cpp)
