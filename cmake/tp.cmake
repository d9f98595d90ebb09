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
