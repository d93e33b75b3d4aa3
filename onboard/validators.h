// Value validators of `govern catalog discover --sample` (docs/catalog.md):
// each says whether one sampled value (as PostgreSQL prints it, text) is a
// well-formed instance of a kind of personal data. Exact checks only: syntax
// and check digits, never "looks like".
#pragma once

#include <string_view>

namespace govern::onboard {

// addr-spec local@domain: dot-atom local part (RFC 5322 atext), a domain of
// at least two labels (letters, digits, hyphens; not at a label's ends) with
// an alphabetic top-level label of 2+ letters; 254 bytes at most.
bool IsEmail(std::string_view s);
// A payment card number: 13 to 19 digits (single spaces or hyphens between
// groups allowed) whose Luhn check digit is right.
bool IsCardNumber(std::string_view s);
// An IBAN: two letters, two check digits, 11 to 30 alphanumerics (spaces
// allowed between groups of four), length 15..34, and mod-97 == 1 (ISO 13616).
bool IsIban(std::string_view s);
// An IPv4 (dotted quad) or IPv6 address, optionally with a /prefix (inet, cidr).
bool IsIpAddress(std::string_view s);

// The checks, by the name the dictionary uses (pii_names.def CHECK).
enum class Check { kNone, kEmail, kCard, kIban, kIp };
inline constexpr Check kAllChecks[] = {Check::kEmail, Check::kCard, Check::kIban, Check::kIp};
bool Validate(Check check, std::string_view value);
// The tag a check confirms ("pii.email"), and what a value passing it is ("e-mail addresses").
std::string_view CheckTag(Check check);
std::string_view CheckNoun(Check check);

}  // namespace govern::onboard
