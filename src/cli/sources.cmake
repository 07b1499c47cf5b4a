target_sources(hactl PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_validate.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cmd_version.cpp)
