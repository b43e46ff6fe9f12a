# casebase_warnings: an interface target carrying the project's warning and
# sanitizer flags; every target of ours links it.
add_library(casebase_warnings INTERFACE)
target_compile_options(casebase_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
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
