// `govern explain`: the decision on each statement, the facts govern saw, and
// for every rule indexed for the statement's kind whether it fired and which
// conditions were true, for a person to read.
#pragma once

#include <string>

#include "govern/govern.h"

namespace govern {

struct ExplainOptions {
  bool color = false;
  bool all_rules = false;  // also list rules that are not indexed for the kind
};

std::string ExplainStatement(Session& session, size_t index, const StatementFacts& facts, const Context& context,
                             const ExplainOptions& options);

}  // namespace govern
