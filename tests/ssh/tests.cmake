# SshTransport against a real OpenSSH server (needs root: sshd runs in its own
# mount and PID namespaces on 127.0.0.40/41). A separate executable so that the
# transport can be tested on its own: ctest -L ssh (one label only: gtest_discover_tests
# cannot pass a list of labels)
# The bounded-output tests run one command per process in hactl_ssh_flood_client,
# to read its peak memory and to kill it should it never return.
add_executable(hactl_ssh_flood_client ${CMAKE_CURRENT_LIST_DIR}/flood_client.cpp)
target_link_libraries(hactl_ssh_flood_client PRIVATE hactl_ssh)
add_executable(hactl_ssh_tests
  ${CMAKE_CURRENT_LIST_DIR}/test_sshd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/child_process.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ssh_run_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bounded_output_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_key_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/interaction_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parallel_and_latency_test.cpp)
target_link_libraries(hactl_ssh_tests PRIVATE hactl_ssh GTest::gtest GTest::gtest_main)
add_dependencies(hactl_ssh_tests hactl_ssh_flood_client)
target_compile_definitions(hactl_ssh_tests PRIVATE
  HACTL_SSH_FLOOD_CLIENT="$<TARGET_FILE:hactl_ssh_flood_client>")
gtest_discover_tests(hactl_ssh_tests DISCOVERY_TIMEOUT 60
  PROPERTIES LABELS ssh RUN_SERIAL TRUE TIMEOUT 120)
