# cmake -DPROGRAM=path -DVERSION=x.y.z -DHELP2MAN=… -DGZIP=… -DOUTPUT=dir/prog.1.gz [-DSEE_ALSO=a,b] -P ManPage.cmake
# A man page from the program's --help (help2man), gzipped -9n. The program
# is run by name with its folder first in PATH, so no build path shows in
# the page. Added to what help2man makes: the SYNOPSIS when the usage line
# does not name the program, each subcommand's --help, and SEE ALSO.
get_filename_component(_dir ${PROGRAM} DIRECTORY)
get_filename_component(_name ${PROGRAM} NAME)
string(REGEX REPLACE "\\.gz$" "" _page ${OUTPUT})
get_filename_component(_out_dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${_out_dir})
set(_path "${_dir}:$ENV{PATH}")

function(run_help out_var)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env "PATH=${_path}" ${_name} ${ARGN} --help
    OUTPUT_VARIABLE _out RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "`${_name} ${ARGN} --help` failed (${_rc})")
  endif()
  set(${out_var} "${_out}" PARENT_SCOPE)
endfunction()

# Text as roff: backslashes escaped, no line taken for a request.
function(roff_text out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

run_help(_help)
# "casebase-index: index Markdown articles …" → the NAME section's text.
string(REGEX MATCH "^[^\n]*" _first "${_help}")
string(REGEX REPLACE "^${_name}: *" "" _what "${_first}")
if(_what STREQUAL "" OR _what STREQUAL _first)
  set(_what "part of Casebase, a case-library search engine")
endif()

set(_include "")
string(REGEX MATCH "Usage: ([^\n]*)" _usage "${_help}")
set(_usage "${CMAKE_MATCH_1}")
if(NOT _usage MATCHES "^${_name}( |$)")
  roff_text(_usage "${_usage}")
  # \& keeps a lone "[OPTIONS]" from being read as an include-file section.
  string(APPEND _include "[SYNOPSIS]\n.B ${_name}\n\\&${_usage}\n\n")
endif()

# Subcommands: the indented names under "Subcommands:", up to a blank line;
# their own subcommands too (casebase-admin user add).
function(subcommand_sections out_var help)
  set(_section "")
  if(help MATCHES "\nSubcommands:\n(([ \t]+[^\n]*\n)+)")
    # A name is indented a little; a wrapped description, much more.
    string(REGEX MATCHALL "\n  ? ? ?[a-z][a-z0-9-]*" _names "\n${CMAKE_MATCH_1}")
    foreach(_sub IN LISTS _names)
      string(STRIP "${_sub}" _sub)
      set(_words ${ARGN} ${_sub})
      run_help(_sub_help ${_words})
      roff_text(_text "${_sub_help}")
      list(JOIN _words " " _title)
      string(APPEND _section ".SS \"${_name} ${_title}\"\n.nf\n${_text}.fi\n")
      subcommand_sections(_nested "${_sub_help}" ${_words})
      string(APPEND _section "${_nested}")
    endforeach()
  endif()
  set(${out_var} "${_section}" PARENT_SCOPE)
endfunction()
subcommand_sections(_section "${_help}")
if(_section)
  string(APPEND _include "[SUBCOMMANDS]\n${_section}\n")
endif()

if(SEE_ALSO)
  string(REPLACE "," ";" _others "${SEE_ALSO}")
  list(REMOVE_ITEM _others ${_name})
  list(TRANSFORM _others APPEND " (1)")
  list(TRANSFORM _others PREPEND ".BR ")
  list(JOIN _others ",\n" _see)
  string(APPEND _include "[SEE ALSO]\n${_see}\n")
endif()

set(_include_file ${_page}.h2m)
file(WRITE ${_include_file} "${_include}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env "PATH=${_path}"
          ${HELP2MAN} --no-info --version-string=${VERSION} --name=${_what} --section=1
          --source=Casebase --include=${_include_file} --output=${_page} ${_name}
  RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "help2man ${_name} failed (${_rc})")
endif()
execute_process(COMMAND ${GZIP} -9nf ${_page} RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "gzip ${_page} failed (${_rc})")
endif()
