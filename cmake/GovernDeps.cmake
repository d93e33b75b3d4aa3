# Every dependency comes from a Debian package; scripts/deps.sh installs them.

# libpg_query: the static archive (libpg-query-dev), found before the shared
# library on purpose: govern wraps the archive's calls to raw_parser at link
# time (runtime/CMakeLists.txt, runtime/sql/plpgsql_checks.h), which calls
# inside a shared library would not go through.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES libpg_query.a pg_query REQUIRED)
add_library(govern::pg_query STATIC IMPORTED)
set_target_properties(govern::pg_query PROPERTIES
  IMPORTED_LOCATION ${PG_QUERY_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${PG_QUERY_INCLUDE_DIR})

find_package(simdjson REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(Threads REQUIRED)
find_package(PostgreSQL REQUIRED)   # libpq, for `govern catalog pull`

find_package(tomlplusplus REQUIRED)   # govern.toml, proxy.toml, identities.toml

find_path(DOCTEST_INCLUDE_DIR doctest/doctest.h REQUIRED)

if(NOT GOVERN_RUNTIME_ONLY)
  find_package(CLI11 CONFIG QUIET)
  if(NOT CLI11_FOUND)
    find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
    add_library(CLI11::CLI11 INTERFACE IMPORTED)
    set_target_properties(CLI11::CLI11 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${CLI11_INCLUDE_DIR})
  endif()

  # ANTLR4: C++ runtime 4.9 + Debian's `antlr4` generator tool (4.7.2, needs a JRE).
  find_package(antlr4-runtime REQUIRED)
  find_program(ANTLR4_TOOL antlr4 REQUIRED)

  # LLVM ADT/Support (header use + libLLVMSupport for the few out-of-line functions).
  find_package(LLVM 15 REQUIRED CONFIG PATHS /usr/lib/llvm-15/lib/cmake/llvm NO_DEFAULT_PATH)
  add_library(govern::llvm_support INTERFACE IMPORTED)
  set_target_properties(govern::llvm_support PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${LLVM_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "${LLVM_LIBRARY_DIRS}/libLLVMSupport.a;${LLVM_LIBRARY_DIRS}/libLLVMDemangle.a;tinfo;z")
endif()
