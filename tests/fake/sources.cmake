# The in-memory fake host and pair (contract model) for unit and property tests.
target_sources(hactl_fake PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/mini_shell.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fake_host.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fake_files.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fake_actions.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fake_helper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/fake_pair.cpp)
