# Wraps the Debian 12 packages as imported targets so the rest of the build
# only uses target_link_libraries.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(Xapian REQUIRED)
if(NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  target_include_directories(Xapian::Xapian INTERFACE ${XAPIAN_INCLUDE_DIR})
  target_link_libraries(Xapian::Xapian INTERFACE ${XAPIAN_LIBRARIES})
endif()

# Debian's cmark CMake config references /usr/bin/cmark (package cmark, not
# libcmark-dev) and fails without it, so use pkg-config and wrap the target.
pkg_check_modules(CMARK REQUIRED IMPORTED_TARGET libcmark)
if(NOT TARGET cmark::cmark)
  add_library(cmark::cmark INTERFACE IMPORTED)
  target_link_libraries(cmark::cmark INTERFACE PkgConfig::CMARK)
endif()
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(OPENSSL REQUIRED IMPORTED_TARGET openssl)

if(NOT EXISTS /usr/include/kainjow/mustache.hpp)
  message(FATAL_ERROR "kainjow mustache missing: run scripts/install-deps.sh")
endif()

if(CASEBASE_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
