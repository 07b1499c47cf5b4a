# The simulated Alation pair (tests/sim): its selftest drives the vendor runbook by hand over
# OpenSSH against real sshd and PostgreSQL nodes on 127.0.10.x. Needs root (mount namespaces).
add_test(NAME sim_selftest COMMAND ${CMAKE_CURRENT_LIST_DIR}/pair selftest)
set_tests_properties(sim_selftest PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE LABELS sim)
# The simulator's own features: sizes, clean sessions, detached jobs, presets, faults, light mode, the login
# user and its sudo modes, hold/release, reboot, hostile output, session counts, down.
add_test(NAME sim_features COMMAND ${CMAKE_CURRENT_LIST_DIR}/features_test)
set_tests_properties(sim_features PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE LABELS sim)
