target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/host_contract.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_profile.cpp)
