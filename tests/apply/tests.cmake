target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/local_transport.cpp
  ${CMAKE_CURRENT_LIST_DIR}/records_fake.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dialogue_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_records_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pair_lock_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lock_race_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/privilege_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stale_plan_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/port_check_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/apply_model_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_profile_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/poll_schedule_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/long_job_test.cpp)
