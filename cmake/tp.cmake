# tp_library(NAME SOURCES ... DEPS ... [PRIVATE_DEPS ...])
#   One static library per module, named tp_<NAME>. Headers are included as "<module>/x.h"
#   relative to src/, so every module sees the same include root.
function(tp_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(tp_${name} STATIC ${ARG_SOURCES})
  target_include_directories(tp_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(tp_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# tp_test(NAME SOURCES ... DEPS ...)
#   One GoogleTest executable per module (tp_<module>_test), registered with CTest.
#   Tests find the shared fixtures through TP_FIXTURES_DIR and the repo through TP_SOURCE_DIR.
function(tp_test name)
  if(NOT TP_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    TP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    TP_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/../shared/fixtures")
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()

# tp_soname(VAR LIBRARY [HINTS dir...]): the soname of the installed shared library LIBRARY
# (e.g. "libsodium.so.23"), for code that loads it with dlopen when it is first needed instead of
# linking it. Read from the library's dynamic section with readelf; the file name the
# development link points to when readelf finds none.
function(tp_soname var library)
  cmake_parse_arguments(ARG "" "" "HINTS" ${ARGN})
  find_library(TP_SONAME_${library} NAMES ${library} HINTS ${ARG_HINTS} REQUIRED)
  get_filename_component(real ${TP_SONAME_${library}} REALPATH)
  get_filename_component(soname ${real} NAME)
  find_program(TP_READELF readelf)
  if(TP_READELF)
    execute_process(COMMAND ${TP_READELF} -d ${real} OUTPUT_VARIABLE dynamic ERROR_QUIET)
    if(dynamic MATCHES "Library soname: \\[([^]]+)\\]")
      set(soname ${CMAKE_MATCH_1})
    endif()
  endif()
  set(${var} ${soname} PARENT_SCOPE)
endfunction()
