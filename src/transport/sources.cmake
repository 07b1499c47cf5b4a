target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/transport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shell_quote.cpp)
