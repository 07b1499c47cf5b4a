# SshTransport against a real OpenSSH server (needs root: sshd runs in its own
# mount and PID namespaces on 127.0.0.40/41). A separate executable so that the
# transport can be tested on its own: ctest -L ssh (one label only: gtest_discover_tests
# cannot pass a list of labels)
add_executable(hactl_ssh_tests
  ${CMAKE_CURRENT_LIST_DIR}/test_sshd.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ssh_run_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/host_key_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/interaction_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parallel_and_latency_test.cpp)
target_link_libraries(hactl_ssh_tests PRIVATE hactl_ssh GTest::gtest GTest::gtest_main)
gtest_discover_tests(hactl_ssh_tests DISCOVERY_TIMEOUT 60
  PROPERTIES LABELS ssh RUN_SERIAL TRUE TIMEOUT 120)
