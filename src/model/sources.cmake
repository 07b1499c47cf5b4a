target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/release.cpp
  ${CMAKE_CURRENT_LIST_DIR}/duration.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pair.cpp)
