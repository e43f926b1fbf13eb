# The Debian package: `cpack -G DEB` in the build directory writes xinfang_<version>_amd64.deb (docs/deploy.md
# "Installing the .deb"; tested by tests/package/test_deb.py, ctest deb_test). What goes where comes from the install()
# rules (CMakeLists.txt, src/CMakeLists.txt); this file adds the control data: dependencies, the conffile, the
# maintainer scripts of packaging/debian/. Build the web console (web/dist) before running cpack.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME xinfang)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(XF_DEB_MAINTAINER "xinfang maintainers <xinfang@localhost>" CACHE STRING
    "Maintainer field of the Debian package (Name <address>)")
set(CPACK_PACKAGE_CONTACT "${XF_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "信访工作管理系统 — case management for letters-and-visits offices")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Registration, routing, acceptance, handling, replies, review and supervision of 信访 cases, with the legal "
    "deadlines of the 信访工作条例, a citizen portal, official documents and statistics. One program with an "
    "embedded SQLite database for a county office (the xinfang service), or PostgreSQL for a province.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # the RelWithDebInfo binary is ~100 MB with its debug information
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # xinfang_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

# Dependencies. The shared libraries: dpkg-shlibdeps (dpkg-dev) reads them from the binary. Without it, the list
# below: the packages of the binary's NEEDED libraries on Debian 12 (`readelf -d`, `ldd`, `dpkg -S`); deb_test builds
# the package both ways and checks that each NEEDED library's package is in Depends. Then what the binary needs but
# does not link: the fonts of the PDF documents ([documents.fonts], Noto Serif CJK SC in fonts-noto-cjk; a missing
# font stops the server at start).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk")
string(CONCAT CPACK_XF_DEPENDS_WITHOUT_SHLIBDEPS
    "libc6, libgcc-s1, libstdc++6, libsqlite3-0, libpq5, libsodium23, libargon2-1, libfmt9, libspdlog1.10, "
    "libcurl4, libmagic1, libcairo2, libpango-1.0-0, libpangocairo-1.0-0, libpangoft2-1.0-0, libglib2.0-0, "
    "libfontconfig1, libfreetype6, libminizip1, libexpat1, libxlsxwriter4, libtomlplusplus3, libboost-json1.81.0, "
    "libboost-url1.81.0")
find_program(XF_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(XF_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
endif()
# Decided when cpack runs (so `cpack -D CPACK_DEBIAN_PACKAGE_SHLIBDEPS=OFF` gives the explicit list).
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_LIST_DIR}/PackagingDeb.cmake)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
# postgresql-client-15: pg_dump for `xinfang backup` and the pre-upgrade backup of a PostgreSQL database.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-client-15, nginx, clamav-daemon")

# The conffile (dpkg keeps local changes on upgrade) and the maintainer scripts: user, state directory, service.
set(XF_DEB_CONFFILES ${CMAKE_BINARY_DIR}/packaging/conffiles)
file(WRITE ${XF_DEB_CONFFILES} "/etc/xinfang/xinfang.toml\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${XF_DEB_CONFFILES}
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)  # scripts 0755, conffiles 0644, whatever the checkout's modes

include(CPack)
