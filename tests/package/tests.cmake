# cmake/build_commit.cmake on real git checkouts (a second or so).
add_test(NAME package.build_commit
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/build_commit_test.sh ${PROJECT_SOURCE_DIR}/cmake/build_commit.cmake)
set_tests_properties(package.build_commit PROPERTIES LABELS package)

# The Debian package: a release build of hactl in its own directory under this
# build directory (kept, so a later run rebuilds only what changed), cpack,
# lintian, then the package unpacked and used. From scratch, on 2 busy cores,
# the build dominates: see TIMEOUT.
add_test(NAME package.deb
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/package_test.sh ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/package)
set_tests_properties(package.deb PROPERTIES LABELS package TIMEOUT 1500)
