// The validators of `govern catalog discover --sample`: known good and bad values.
#include <doctest/doctest.h>

#include "validators.h"

using namespace govern::onboard;

TEST_CASE("e-mail syntax") {
  CHECK(IsEmail("ana@example.com"));
  CHECK(IsEmail("first.last+tag@mail.example.co.uk"));
  CHECK(IsEmail("o'brien@x-y.org"));
  CHECK_FALSE(IsEmail("ana@example"));       // one label
  CHECK_FALSE(IsEmail("ana@@example.com"));
  CHECK_FALSE(IsEmail("@example.com"));
  CHECK_FALSE(IsEmail("ana..b@example.com"));  // empty atom
  CHECK_FALSE(IsEmail(".ana@example.com"));
  CHECK_FALSE(IsEmail("ana@-x.com"));
  CHECK_FALSE(IsEmail("ana@example.c"));      // TLD of one letter
  CHECK_FALSE(IsEmail("ana@example.123"));    // numeric TLD
  CHECK_FALSE(IsEmail("call ana@example.com"));  // free text around it
  CHECK_FALSE(IsEmail("ana@exa mple.com"));
  CHECK_FALSE(IsEmail("42"));
  CHECK_FALSE(IsEmail(""));
}

TEST_CASE("card numbers: Luhn") {
  CHECK(IsCardNumber("4111111111111111"));     // Visa test number
  CHECK(IsCardNumber("4111 1111 1111 1111"));
  CHECK(IsCardNumber("5500-0000-0000-0004"));  // Mastercard test number
  CHECK(IsCardNumber("378282246310005"));      // Amex, 15 digits
  CHECK_FALSE(IsCardNumber("4111111111111112"));  // check digit wrong
  CHECK_FALSE(IsCardNumber("411111111111"));      // 12 digits
  CHECK_FALSE(IsCardNumber("4111  1111 1111 1111"));  // double space
  CHECK_FALSE(IsCardNumber("4111x111111111111"));
  CHECK_FALSE(IsCardNumber("12345"));
}

TEST_CASE("IBAN: mod-97") {
  CHECK(IsIban("DE89370400440532013000"));
  CHECK(IsIban("GB82 WEST 1234 5698 7654 32"));
  CHECK(IsIban("fr1420041010050500013m02606"));  // lower case accepted
  CHECK_FALSE(IsIban("DE89370400440532013001"));  // check digits wrong
  CHECK_FALSE(IsIban("GB82WEST"));                // too short
  CHECK_FALSE(IsIban("1289370400440532013000"));  // no country code
  CHECK_FALSE(IsIban("DE89-3704-0044-0532-0130-00"));
}

TEST_CASE("IP addresses") {
  CHECK(IsIpAddress("192.168.1.20"));
  CHECK(IsIpAddress("2001:db8::1"));
  CHECK(IsIpAddress("10.0.0.0/8"));
  CHECK(IsIpAddress("2001:db8::/32"));
  CHECK_FALSE(IsIpAddress("256.1.1.1"));
  CHECK_FALSE(IsIpAddress("1.2.3"));
  CHECK_FALSE(IsIpAddress("10.0.0.0/33"));
  CHECK_FALSE(IsIpAddress("10.0.0.0/"));
  CHECK_FALSE(IsIpAddress("example.com"));
  CHECK_FALSE(IsIpAddress("42"));
}

TEST_CASE("checks by name confirm their tag") {
  CHECK(Validate(Check::kEmail, "a@b.io"));
  CHECK_FALSE(Validate(Check::kNone, "a@b.io"));
  CHECK(CheckTag(Check::kCard) == "pii.card");
  CHECK(CheckTag(Check::kIban) == "pii.bank_account");
}
