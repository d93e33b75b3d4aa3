// Ways a statement of an identity with masks could carry a masked value past
// the masks without returning it: into a session setting (set_config, read
// back by SHOW or current_setting()), or into another table through a mask
// whose selector does not follow the data (a `mask column` or `mask table`
// rule: the copy has no tag for derived tags to carry), unless the column
// written is covered by the same mask. Such statements are
// refused; values copied from tag-masked columns keep their tags (derived
// tags, docs/catalog.md) and stay masked where they land.
#pragma once

#include <string>

#include "facts/facts.h"
#include "vm/bound_program.h"
#include "vm/decision.h"

namespace govern {

// Why the statement would let a masked value escape ("" when it would not).
// REQUIRES: a mask effect fired in `decision`.
std::string MaskEscape(const BoundProgram& program, const StatementFacts& facts, const Decision& decision);

}  // namespace govern
