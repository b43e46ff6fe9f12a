# casebase_warnings: an interface target carrying the project's warning and
# sanitizer flags; every target of ours links it.
add_library(casebase_warnings INTERFACE)
target_compile_options(casebase_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports -Wrestrict on std::string's operator+ inlined at -O2 with
  # impossible sizes (a known GCC false positive, see GCC bug 105329): noise
  # that would hide real warnings and break CASEBASE_WERROR builds.
  target_compile_options(casebase_warnings INTERFACE -Wno-restrict)
endif()
if(CASEBASE_WERROR)
  target_compile_options(casebase_warnings INTERFACE -Werror)
endif()
if(CASEBASE_SANITIZE)
  target_compile_options(casebase_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(casebase_warnings INTERFACE -fsanitize=address,undefined)
endif()
if(CASEBASE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CASEBASE_FUZZ needs clang (libFuzzer): CXX=clang++-14 cmake -B build-fuzz -DCASEBASE_FUZZ=ON")
  endif()
  target_compile_options(casebase_warnings INTERFACE -fsanitize=fuzzer-no-link,address,undefined
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g)
  target_link_options(casebase_warnings INTERFACE -fsanitize=address,undefined)
endif()
