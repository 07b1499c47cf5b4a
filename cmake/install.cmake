# What `cmake --install` puts where (relative to CMAKE_INSTALL_PREFIX; the
# package uses /usr). Only the hactl executable is installed: no library,
# no header, no test.
include(GNUInstallDirs)

option(HACTL_DOCS "Generate the man page (with help2man) and the shell completions" ON)

install(TARGETS hactl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/hactl/schemas
        FILES_MATCHING PATTERN "*.json")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hactl/examples)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hactl)

# The man page and completions, generated from the built hactl's --help (see
# cmake/cli_docs.cmake) whenever hactl or a template changes.
if(HACTL_DOCS)
  find_program(HACTL_HELP2MAN help2man)
  set(HACTL_DOCS_DIR ${PROJECT_BINARY_DIR}/share)
  set(docs ${HACTL_DOCS_DIR}/hactl.bash ${HACTL_DOCS_DIR}/_hactl)
  if(HACTL_HELP2MAN)
    list(APPEND docs ${HACTL_DOCS_DIR}/hactl.1.gz)
  else()
    message(STATUS "help2man not found: no man page (apt-get install help2man)")
  endif()
  add_custom_command(
    OUTPUT ${docs}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${HACTL_DOCS_DIR}
    COMMAND ${CMAKE_COMMAND} -DHACTL=$<TARGET_FILE:hactl> -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DOUT_DIR=${HACTL_DOCS_DIR} -DHELP2MAN=${HACTL_HELP2MAN}
            -P ${PROJECT_SOURCE_DIR}/cmake/cli_docs.cmake
    DEPENDS hactl ${PROJECT_SOURCE_DIR}/cmake/cli_docs.cmake
            ${PROJECT_SOURCE_DIR}/completions/hactl.bash.in ${PROJECT_SOURCE_DIR}/completions/_hactl.zsh.in
    COMMENT "Generating the man page and shell completions from hactl --help")
  add_custom_target(hactl_docs ALL DEPENDS ${docs})

  if(HACTL_HELP2MAN)
    install(FILES ${HACTL_DOCS_DIR}/hactl.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()
  install(FILES ${HACTL_DOCS_DIR}/hactl.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
          RENAME hactl)
  install(FILES ${HACTL_DOCS_DIR}/_hactl DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
endif()
