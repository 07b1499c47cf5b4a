# CPack pre-build script: strips the staged hactl as Debian's dh_strip does
# (also the .comment and .note sections, which CPACK_STRIP_FILES keeps).
file(GLOB_RECURSE binaries "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/bin/hactl")
if(NOT binaries)
  message(FATAL_ERROR "strip_package.cmake: no bin/hactl under ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
endif()
foreach(binary IN LISTS binaries)
  execute_process(COMMAND strip --remove-section=.comment --remove-section=.note --strip-unneeded ${binary}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "strip ${binary} failed (${rc})")
  endif()
endforeach()
