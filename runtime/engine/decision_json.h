// JSON of decisions (DESIGN.md section 4, `govern decide`):
// {"decision":"allow|deny|require_approval","statements":[{"index","kind",
//  "decision","rules":[{"id","effect","message"}],"masks":[{"output","source",
//  "method"}],"reads":[...],"writes":[...]}]}
// A statement that failed to parse is {"index","kind":"error","decision":"deny",
// "error":MESSAGE,"line","column"}: what cannot be analysed is denied.
#pragma once

#include <string>

#include "govern/govern.h"

namespace govern {

class DecisionJsonWriter {
 public:
  void AddStatement(const Session& session, size_t index, const StatementFacts& facts, const Decision& decision,
                    const Context& context);
  void AddError(size_t index, const ParseDiagnostic& error);
  Verdict overall() const { return overall_; }
  std::string Finish() const;

 private:
  void Merge(Verdict v) {
    if (static_cast<int>(v) > static_cast<int>(overall_)) overall_ = v;
  }
  std::string statements_;
  Verdict overall_ = Verdict::kAllow;
};

}  // namespace govern
