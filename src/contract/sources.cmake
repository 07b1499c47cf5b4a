target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/host_contract.cpp)
