// libFuzzer target for the proxy's wire codec, both directions: the input is
// cut into frames (startup packet first, then tagged messages) and every
// frame is validated, printed and decoded as a frontend and as a backend
// message. Nothing may crash, hang or read out of bounds; a decoder that
// accepts a body must agree with Validate.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "wire/codec.h"
#include "wire/framing.h"

using namespace govern::proxy::wire;

namespace {

void AsFrontend(const Frame& f) {
  const MessageSpec* spec = FindFrontend(f.tag);
  if (spec == nullptr) return;
  bool valid = Validate(*spec, f.body).ok();
  (void)Describe(*spec, f.body);
  QueryMsg q;
  ParseMsg p;
  BindMsg b;
  ExecuteMsg e;
  DescribeMsg d;
  SaslInitialMsg s;
  std::string_view pw;
  switch (f.tag) {
    case 'Q':
      if (Decode(f.body, &q).ok() != valid) std::abort();
      break;
    case 'P':
      if (Decode(f.body, &p).ok() != valid) std::abort();
      break;
    case 'B':
      if (Decode(f.body, &b).ok() != valid) std::abort();
      break;
    case 'E':
      if (Decode(f.body, &e).ok() != valid) std::abort();
      break;
    case 'D':
      (void)DecodeDescribe(f.body, &d);
      break;
    case 'C':
      (void)DecodeClose(f.body, &d);
      break;
    case 'p':
      (void)Decode(f.body, &s);
      (void)DecodePassword(f.body, &pw);
      break;
    default:
      break;
  }
}

void AsBackend(const Frame& f) {
  const MessageSpec* spec = FindBackend(f.tag);
  if (spec == nullptr) return;
  bool valid = Validate(*spec, f.body).ok();
  (void)Describe(*spec, f.body);
  AuthMsg a;
  BackendKeyMsg k;
  FieldsMsg fields;
  switch (f.tag) {
    case 'R':
      if (Decode(f.body, &a).ok() != valid) std::abort();
      break;
    case 'K':
      if (Decode(f.body, &k).ok() != valid) std::abort();
      break;
    case 'E':
    case 'N':
      if (DecodeFields(*spec, f.body, &fields).ok() != valid) std::abort();
      break;
    default:
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Frame f;
  std::string error;
  if (NextStartupFrame(in, &f, &error) == FrameStatus::kFrame) {
    StartupMsg m;
    CancelMsg c;
    if (FindStartup(f.code) != nullptr) {
      (void)DecodeStartup(f.code, f.body, &m);
      (void)DecodeCancel(f.body, &c);
      (void)Describe(*FindStartup(f.code), f.body);
    }
    in.remove_prefix(f.size);
  }
  while (NextFrame(in, 1 << 20, &f, &error) == FrameStatus::kFrame) {
    if (f.size > in.size()) std::abort();
    AsFrontend(f);
    AsBackend(f);
    in.remove_prefix(f.size);
  }
  return 0;
}
