target_sources(hactl_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/build_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/describe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/diagnostic.cpp
  ${CMAKE_CURRENT_LIST_DIR}/emit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/load.cpp
  ${CMAKE_CURRENT_LIST_DIR}/profile_load.cpp
  ${CMAKE_CURRENT_LIST_DIR}/read_file.cpp
  ${CMAKE_CURRENT_LIST_DIR}/rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/scalar.cpp
  ${CMAKE_CURRENT_LIST_DIR}/schema_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/semantics.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sha256.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_util.cpp
  ${CMAKE_CURRENT_LIST_DIR}/yaml_json.cpp)
