// Visits analysed statements and parse errors in source order, with the one
// index sequence they share (AnalysisResult keeps them in two lists).
#pragma once

#include <cstddef>

#include "sql/analyzer.h"

namespace govern {

template <typename OnStatement, typename OnError>
void ForEachInSourceOrder(const AnalysisResult& result, OnStatement&& on_statement, OnError&& on_error) {
  size_t s = 0, e = 0;
  for (size_t index = 0; s < result.statements.size() || e < result.errors.size(); ++index) {
    if (e < result.errors.size() && result.errors[e].statement_index <= index) {
      on_error(index, result.errors[e++]);
    } else if (s < result.statements.size()) {
      on_statement(index, result.statements[s++]);
    } else {
      on_error(index, result.errors[e++]);
    }
  }
}

}  // namespace govern
