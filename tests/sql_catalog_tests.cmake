# SQL analyzer + catalog tests (included from tests/CMakeLists.txt).
# GOVERN_CORPUS_DIR is set by tests/CMakeLists.txt.
# govern_facts: `govern analyze` without CLI11, used by golden and oracle tests.
add_executable(govern_facts ${CMAKE_CURRENT_SOURCE_DIR}/tools/facts_tool.cpp)
target_link_libraries(govern_facts PRIVATE govern_runtime)
govern_warnings(govern_facts)

if(NOT TARGET test_runtime)
  file(GLOB GOVERN_TEST_RUNTIME_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/runtime/*.cpp)
  add_executable(test_runtime ${GOVERN_TEST_RUNTIME_SOURCES})
  target_include_directories(test_runtime PRIVATE ${DOCTEST_INCLUDE_DIR})
  target_link_libraries(test_runtime PRIVATE govern_runtime)

  govern_warnings(test_runtime)
  add_test(NAME test_runtime COMMAND test_runtime)
endif()

add_test(NAME golden_facts
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/golden/run_facts_golden.py
          --tool $<TARGET_FILE:govern_facts> --corpus ${GOVERN_CORPUS_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/golden/facts)
add_test(NAME parser_corpus
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/corpus/run_parser_corpus.py
          --tool $<TARGET_FILE:govern_facts> --corpus ${GOVERN_CORPUS_DIR})
add_test(NAME oracle
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/oracle/run_oracle.sh $<TARGET_FILE:govern_facts> ${GOVERN_CORPUS_DIR})
set_tests_properties(oracle PROPERTIES LABELS oracle SKIP_RETURN_CODE 77 TIMEOUT 600)
set_tests_properties(parser_corpus PROPERTIES TIMEOUT 600)

