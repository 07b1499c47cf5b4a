target_sources(hactl_integration_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/sim_pair.cpp
  ${CMAKE_CURRENT_LIST_DIR}/plan_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/apply_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/apply_race_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/accounts_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/reboot_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/saved_plan_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_text_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/long_job_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/wait_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lifecycle_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/doctor_test.cpp)
