// Generated policies of realistic shape for benchmarks: N rules in policies of
// ten, cycling through ten rule shapes that mix context tests, kind tests,
// tag/column/table selectors over reads/outputs/filters_on/star_reads,
// calls(), count(), identity.attr, every effect, and interpolated messages.
// Most rules name a purpose, group, user or table of their own, so, as in a
// real policy base, a few rules fire per statement and most do not.
//
// The same rules are also written for AWS Cedar (one Cedar policy per rule,
// the same condition over a request context that carries the same facts), so
// the peer comparison decides the same thing.
#pragma once

#include <string>
#include <vector>

namespace govern::bench {

// govern policy text with `rules` rules. With `scopes` > 0, every rule of
// policy genN (rules 10N..10N+9, all ten shapes) also requires
// session.application == "app{N % scopes}" (its last conjunct): a context
// with application "app0" is one that 1/scopes of the rules concern.
std::string GeneratePolicy(int rules, int scopes = 0);

// Cedar policy text with the same rules (plus one base `permit`), for the
// request contexts of CedarContextJson. `pii_tags` are the catalog's tags
// that match "pii.*" (Cedar has no glob over sets: a tag glob becomes containsAny).
std::string GenerateCedarPolicies(int rules, const std::vector<std::string>& pii_tags);

}  // namespace govern::bench
