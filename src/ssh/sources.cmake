target_sources(hactl_ssh PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/ssh_transport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_open.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_key.cpp
  ${CMAKE_CURRENT_LIST_DIR}/auth.cpp
  ${CMAKE_CURRENT_LIST_DIR}/channel_io.cpp
  ${CMAKE_CURRENT_LIST_DIR}/output_cap.cpp
  ${CMAKE_CURRENT_LIST_DIR}/interaction.cpp)
