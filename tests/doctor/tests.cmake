# The doctor's script run by a real /bin/sh against stub Alation commands and real files.
target_sources(hactl_unit_tests PRIVATE ${CMAKE_CURRENT_LIST_DIR}/doctor_test.cpp)
target_link_libraries(hactl_unit_tests PRIVATE valijson)
