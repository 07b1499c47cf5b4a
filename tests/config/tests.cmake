target_sources(hactl_unit_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/corpus_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diagnostic_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/emit_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/load_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pair_gen.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/properties_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rules_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schema_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sha256_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/yaml_json_test.cpp)
target_sources(hactl_integration_tests PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/validate_cli_test.cpp)
# The config layer's private headers (YAML as JSON, the schema check, the
# semantic rules on a JSON document), tested directly.
target_include_directories(hactl_unit_tests PRIVATE ${PROJECT_SOURCE_DIR}/src)
