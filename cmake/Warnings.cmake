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
