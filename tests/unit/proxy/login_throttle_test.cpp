// LoginThrottle: failures per name within the window; success resets; the
// window moves on; 0 disables it.
#include <doctest/doctest.h>

#include "auth/login_throttle.h"

using govern::proxy::LoginThrottle;
using namespace std::chrono_literals;

TEST_CASE("failed logins beyond the limit lock the name until the window moves on") {
  LoginThrottle t(3, 60s);
  auto t0 = LoginThrottle::Clock::time_point() + 1000s;
  for (int i = 0; i < 3; ++i) {
    CHECK(t.Allowed("ana", t0));
    t.Failed("ana", t0 + std::chrono::seconds(i));
  }
  CHECK_FALSE(t.Allowed("ana", t0 + 10s));
  CHECK(t.Allowed("bob", t0 + 10s));  // per name
  CHECK(t.Allowed("ana", t0 + 61s));  // the window moved on
}

TEST_CASE("a successful login resets the count; 0 disables the throttle") {
  LoginThrottle t(2, 60s);
  auto t0 = LoginThrottle::Clock::time_point() + 1000s;
  t.Failed("ana", t0);
  t.Succeeded("ana");
  t.Failed("ana", t0 + 1s);
  CHECK(t.Allowed("ana", t0 + 2s));
  LoginThrottle off(0, 60s);
  for (int i = 0; i < 100; ++i) off.Failed("ana", t0);
  CHECK(off.Allowed("ana", t0));
}
