# The Debian package (`make deb`, scripts/build-deb.sh; docs/OPERATIONS.md).
# The programs' install() rules are next to their targets (indexer/, search/,
# contrib/); this file installs everything else and configures CPack's DEB
# generator. Man pages are made with help2man only when CASEBASE_PACKAGE is
# on (the build-deb folder), so an ordinary build does not need help2man.
include(GNUInstallDirs)

option(CASEBASE_PACKAGE "Build the man pages and everything the Debian package needs" OFF)
set(CASEBASE_DEB_MAINTAINER "Casebase maintainers <maintainers@casebase.invalid>"
  CACHE STRING "Maintainer field and changelog signature of the Debian package")

# The packaged programs: their targets define their install() rules.
set(CASEBASE_PROGRAMS casebase-index casebase-serve casebase-admin)
if(TARGET casebase-shard)
  list(APPEND CASEBASE_PROGRAMS casebase-shard)
endif()

set(_share ${CMAKE_INSTALL_DATADIR}/casebase)
set(_doc ${CMAKE_INSTALL_DATADIR}/doc/casebase)
# Absolute: /etc whatever the prefix (GNUInstallDirs gives /etc for /usr).
set(_etc ${CMAKE_INSTALL_FULL_SYSCONFDIR})

install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/static ${PROJECT_SOURCE_DIR}/web/templates ${PROJECT_SOURCE_DIR}/web/i18n
  DESTINATION ${_share}/web PATTERN README.md EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${_share}/examples FILES_MATCHING PATTERN "*.yaml")
# The built-in schema (compiled into the programs), to read and to start a
# schema of one's own from (`schema:` in the settings file).
install(FILES ${PROJECT_SOURCE_DIR}/core/schema/case-library.yaml DESTINATION ${_share}/schema)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/content/ DESTINATION ${_share}/content-example)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/casebase.yaml DESTINATION ${_etc}/casebase)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/nginx/casebase.conf DESTINATION ${_etc}/nginx/sites-available RENAME casebase)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/systemd/casebase-serve.service
  ${PROJECT_SOURCE_DIR}/deploy/systemd/casebase-index.service
  DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/debian/copyright DESTINATION ${_doc})

if(NOT CASEBASE_PACKAGE)
  return()
endif()

# Man pages: help2man on each program's --help. The programs have no
# --version, so the version is given; the NAME line is the first line of the
# --help text ("casebase-index: index Markdown articles …").
find_program(HELP2MAN help2man REQUIRED)
find_program(GZIP gzip REQUIRED)
set(_man_pages)
list(JOIN CASEBASE_PROGRAMS "," _see_also)
foreach(_prog IN LISTS CASEBASE_PROGRAMS)
  set(_page ${CMAKE_CURRENT_BINARY_DIR}/man/${_prog}.1.gz)
  add_custom_command(OUTPUT ${_page}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${_prog}> -DVERSION=${PROJECT_VERSION}
            -DHELP2MAN=${HELP2MAN} -DGZIP=${GZIP} -DOUTPUT=${_page}
            -DSEE_ALSO=${_see_also} -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
    DEPENDS ${_prog} ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
    COMMENT "help2man ${_prog}"
    VERBATIM)
  list(APPEND _man_pages ${_page})
endforeach()
add_custom_target(casebase_man_pages ALL DEPENDS ${_man_pages})
install(FILES ${_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The Debian changelog of a native package: one entry for this version,
# dated by SOURCE_DATE_EPOCH when set, else at configure time.
string(TIMESTAMP _date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog
  "casebase (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
  "  * Built from the Casebase source tree with `make deb`.\n\n"
  " -- ${CASEBASE_DEB_MAINTAINER}  ${_date}\n")
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz
  COMMAND ${GZIP} -9nkf ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog
  DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog
  VERBATIM)
add_custom_target(casebase_changelog ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/debian/changelog.gz DESTINATION ${_doc})

# What `cpack` needs built: the programs and the generated files, not the
# tools and benchmarks (scripts/build-deb.sh builds this target).
add_custom_target(casebase_package_files DEPENDS ${CASEBASE_PROGRAMS} casebase_man_pages casebase_changelog)
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME casebase)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${CASEBASE_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "case-library search engine for public-sector buyers")
list(JOIN CASEBASE_PROGRAMS ", " _programs)
set(CPACK_PACKAGE_DESCRIPTION "Casebase indexes a folder of Markdown articles (cases and lessons learned of
procurement staff) into a Xapian database and serves full-text, faceted
search as a JSON API and a web site.
.
This package contains the programs
${_programs},
systemd units for the server and a watching indexer, the web assets,
example schemas and articles, and an nginx site.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES TRUE)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# xapian-tools: xapian-tcpsrv and xapian-replicate for remote shards and
# replicas; adduser: the postinst's system user.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, xapian-tools")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nginx, git")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
  ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
  ${PROJECT_SOURCE_DIR}/deploy/debian/postrm
  ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
