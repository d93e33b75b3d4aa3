// Value validators: e-mail syntax, Luhn, IBAN mod-97, IP addresses.
#include "validators.h"

#include <arpa/inet.h>

#include <cctype>
#include <string>

namespace govern::onboard {
namespace {

bool IsAtext(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

}  // namespace

bool IsEmail(std::string_view s) {
  if (s.size() > 254) return false;
  size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.front() == '.' || local.back() == '.') return false;
  for (size_t i = 0; i < local.size(); ++i) {
    if (local[i] == '.') {
      if (local[i + 1] == '.') return false;  // no empty atoms (back() is not '.')
    } else if (!IsAtext(local[i])) {
      return false;
    }
  }
  size_t labels = 0, start = 0;
  std::string_view last;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2 || last.size() < 2) return false;
  for (char c : last)
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  return true;
}

bool IsCardNumber(std::string_view s) {
  std::string digits;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if ((c == ' ' || c == '-') && i > 0 && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
               std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      continue;
    } else {
      return false;
    }
  }
  if (digits.size() < 13 || digits.size() > 19) return false;
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool IsIban(std::string_view s) {
  std::string iban;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' && i > 0 && i + 1 < s.size() && s[i - 1] != ' ') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    iban.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (iban.size() < 15 || iban.size() > 34) return false;
  if (!std::isalpha(static_cast<unsigned char>(iban[0])) || !std::isalpha(static_cast<unsigned char>(iban[1])) ||
      !std::isdigit(static_cast<unsigned char>(iban[2])) || !std::isdigit(static_cast<unsigned char>(iban[3])))
    return false;
  std::string moved = iban.substr(4) + iban.substr(0, 4);
  int rest = 0;
  for (char c : moved) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      rest = (rest * 10 + (c - '0')) % 97;
    } else {
      int v = c - 'A' + 10;  // two digits
      rest = (rest * 100 + v) % 97;
    }
  }
  return rest == 1;
}

bool IsIpAddress(std::string_view s) {
  std::string text(s);
  int max_prefix = 32;
  if (size_t slash = text.find('/'); slash != std::string::npos) {
    std::string prefix = text.substr(slash + 1);
    text.resize(slash);
    if (prefix.empty() || prefix.size() > 3) return false;
    for (char c : prefix)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    unsigned char buf[16];
    if (inet_pton(AF_INET6, text.c_str(), buf) == 1) max_prefix = 128;
    if (std::stoi(prefix) > max_prefix) return false;
  }
  unsigned char buf[16];
  return inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

bool Validate(Check check, std::string_view value) {
  switch (check) {
    case Check::kEmail: return IsEmail(value);
    case Check::kCard: return IsCardNumber(value);
    case Check::kIban: return IsIban(value);
    case Check::kIp: return IsIpAddress(value);
    case Check::kNone: return false;
  }
  return false;
}

std::string_view CheckTag(Check check) {
  switch (check) {
    case Check::kEmail: return "pii.email";
    case Check::kCard: return "pii.card";
    case Check::kIban: return "pii.bank_account";
    case Check::kIp: return "pii.ip";
    case Check::kNone: return "";
  }
  return "";
}

std::string_view CheckNoun(Check check) {
  switch (check) {
    case Check::kEmail: return "e-mail addresses";
    case Check::kCard: return "card numbers (Luhn)";
    case Check::kIban: return "IBANs (mod-97)";
    case Check::kIp: return "IP addresses";
    case Check::kNone: return "";
  }
  return "";
}

}  // namespace govern::onboard
