target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/host_contract_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/monitor_url_test.cpp)
