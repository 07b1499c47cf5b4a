# The Debian package (`cpack` in a build directory; scripts/package.sh does it
# all): hactl_VERSION_ARCH.deb, installing under /usr what cmake/install.cmake
# lists, plus the Debian changelog. Its library dependencies are computed by
# dpkg-shlibdeps from the binary.
set(HACTL_PACKAGE_MAINTAINER "hactl maintainers <hactl-maintainers@example.org>"
    CACHE STRING "The package's Maintainer (Name <address>)")

# Debian changelog (a native package: changelog.gz), dated by the commit built.
set(HACTL_PACKAGE_DATE "")
find_program(HACTL_GIT git)
if(HACTL_GIT)
  execute_process(COMMAND ${HACTL_GIT} -C ${PROJECT_SOURCE_DIR} log -1 --format=%aD
                  OUTPUT_VARIABLE HACTL_PACKAGE_DATE ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
if(HACTL_PACKAGE_DATE STREQUAL "")
  string(TIMESTAMP HACTL_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()
configure_file(${PROJECT_SOURCE_DIR}/packaging/changelog.in ${PROJECT_BINARY_DIR}/packaging/changelog @ONLY)
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/packaging/changelog.gz
  COMMAND gzip -9nc ${PROJECT_BINARY_DIR}/packaging/changelog > ${PROJECT_BINARY_DIR}/packaging/changelog.gz
  DEPENDS ${PROJECT_BINARY_DIR}/packaging/changelog)
add_custom_target(hactl_changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
install(FILES ${PROJECT_BINARY_DIR}/packaging/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hactl)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hactl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${HACTL_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/cmake/strip_package.cmake)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HACTL_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"declarative setup of an Alation Data Catalog HA pair
hactl sets up an Alation Data Catalog high-availability pair from one YAML
file describing it. It probes both hosts over SSH, works out which steps of
the vendor's HA procedure are still needed, and runs exactly those,
re-checking each one; run twice, the second run does nothing.
.
Long steps such as the PostgreSQL replication run detached on the hosts, so
they survive hactl being interrupted; a saved plan can be reviewed and then
applied, refused if anything changed since. This package holds the hactl
command, its manual page, bash and zsh completions, the JSON Schemas of the
pair file and of hactl's JSON output, and example pair files.")
include(CPack)
