#include "engine/context_classes.h"

namespace govern {
using namespace context_key;  // NOLINT: the hash and the context encoding

void ContextClasses::Bind(const BoundProgram& program, uint64_t generation) {
  if (program_ == &program && generation == generation_) return;
  program_ = &program;
  generation_ = generation;
  shape_ = ContextShape::Of(program);
  entries_.clear();
  last_ = 0;
}

bool ContextClasses::Matches(const Entry& e, const Context& context) const noexcept {
  return EncodesTo(shape_, context, e.key);
}

const Specialization& ContextClasses::For(const Context& context) {
  if (!entries_.empty() && Matches(entries_[last_], context)) return *entries_[last_].spec;
  HashSink sink{kP0};
  EncodeContext(shape_, context, sink);
  const uint64_t hash = sink.h;
  ++tick_;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].hash != hash || !Matches(entries_[i], context)) continue;
    entries_[i].used = tick_;
    last_ = i;
    return *entries_[i].spec;
  }
  size_t slot = entries_.size();
  if (slot < capacity_) {
    entries_.emplace_back();
  } else {
    slot = 0;
    for (size_t i = 1; i < entries_.size(); ++i)
      if (entries_[i].used < entries_[slot].used) slot = i;
  }
  Entry& e = entries_[slot];
  e.key.clear();
  AppendSink append{&e.key};
  EncodeContext(shape_, context, append);
  e.hash = hash;
  e.used = tick_;
  e.spec = std::make_unique<Specialization>(*program_, context);
  ++built_;
  last_ = slot;
  return *e.spec;
}

}  // namespace govern
