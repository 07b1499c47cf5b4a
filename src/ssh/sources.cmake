target_sources(hactl_ssh PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ssh_transport.cpp)
