# Read by cpack (CPACK_PROJECT_CONFIG_FILE, cmake/Packaging.cmake) after CPackConfig.cmake and any -D: without
# dpkg-shlibdeps the shared-library dependencies are the explicit list.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_DEBIAN_PACKAGE_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${CPACK_XF_DEPENDS_WITHOUT_SHLIBDEPS}, ${CPACK_DEBIAN_PACKAGE_DEPENDS}")
endif()
