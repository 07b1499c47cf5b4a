target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/clock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/dialogue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_script.cpp
  ${CMAKE_CURRENT_LIST_DIR}/privilege.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lock_owner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_records.cpp
  ${CMAKE_CURRENT_LIST_DIR}/lock_keeper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pair_lock.cpp
  ${CMAKE_CURRENT_LIST_DIR}/poll_schedule.cpp
  ${CMAKE_CURRENT_LIST_DIR}/step_runner.cpp
  ${CMAKE_CURRENT_LIST_DIR}/port_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/verify.cpp
  ${CMAKE_CURRENT_LIST_DIR}/stale_plan.cpp
  ${CMAKE_CURRENT_LIST_DIR}/failover_lag.cpp
  ${CMAKE_CURRENT_LIST_DIR}/engine.cpp)
