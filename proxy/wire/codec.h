// The wire protocol v3 codec: one table of message specs generated from
// messages.def, one layout validator every decoder goes through, typed
// decoders for the messages the proxy looks inside, and builders for the
// messages it writes. Bodies are views into the caller's buffer.
//
//   wire::Frame f;  ...                                  // framing.h
//   wire::ParseMsg p;
//   if (Status s = wire::Decode(f.body, &p); !s.ok()) { /* protocol violation: close */ }
//
// A decoder accepts a body only when it matches the message's layout
// exactly (every length in bounds, counts >= 0, nothing left over).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace govern::proxy::wire {

enum class Frontend : uint8_t {
#define GOVERN_FRONTEND(Name, tag, layout, description) k##Name,
#include "wire/messages.def"
  kCount
};
enum class Backend : uint8_t {
#define GOVERN_BACKEND(Name, tag, layout, description) k##Name,
#include "wire/messages.def"
  kCount
};
enum class Startup : uint8_t {
#define GOVERN_STARTUP(Name, code, layout, description) k##Name,
#include "wire/messages.def"
  kCount
};

struct MessageSpec {
  std::string_view name;
  char tag = 0;        // tagged messages
  uint32_t code = 0;   // startup packets
  std::string_view layout;
  std::string_view description;
};

const MessageSpec& SpecOf(Frontend m);
const MessageSpec& SpecOf(Backend m);
const MessageSpec& SpecOf(Startup m);
// The spec of a tag in a direction; null when the tag is not a message of it.
const MessageSpec* FindFrontend(char tag);
const MessageSpec* FindBackend(char tag);
// The startup packet for a code; null when unknown. Protocol 3.x has
// code 0x0003MMMM (minor version MMMM): every such code is StartupMessage.
const MessageSpec* FindStartup(uint32_t code);
bool ValidLayout(std::string_view layout);

// Checks a body against a layout (see messages.def).
Status Validate(const MessageSpec& spec, std::string_view body);
// "Parse(s "name", s "SELECT 1", [i 0])": for traces; strings and bytes are
// shown up to 64 bytes, non-printable bytes escaped.
std::string Describe(const MessageSpec& spec, std::string_view body);

constexpr uint32_t kProtocol30 = 196608;  // 3 << 16
constexpr uint32_t kSslRequestCode = 80877103;
constexpr uint32_t kGssEncRequestCode = 80877104;
constexpr uint32_t kCancelRequestCode = 80877102;

// ---------------------------------------------------------------- decoders

struct StartupMsg {
  uint16_t major = 0, minor = 0;
  std::vector<std::pair<std::string_view, std::string_view>> params;
};
struct CancelMsg {
  int32_t pid = 0, secret = 0;
};
struct QueryMsg {
  std::string_view sql;
};
struct ParseMsg {
  std::string_view name, query;
  uint16_t param_types = 0;
};
struct BindMsg {
  std::string_view portal, statement;
};
struct ExecuteMsg {
  std::string_view portal;
  int32_t max_rows = 0;
};
struct DescribeMsg {  // also Close
  char kind = 0;      // 'S' or 'P'
  std::string_view name;
};
struct SaslInitialMsg {
  std::string_view mechanism;
  std::string_view data;
};
struct AuthMsg {
  int32_t code = 0;
  std::string_view data;
};
struct BackendKeyMsg {
  int32_t pid = 0, secret = 0;
};
struct FieldsMsg {  // ErrorResponse, NoticeResponse
  std::vector<std::pair<char, std::string_view>> fields;
  std::string_view Get(char code) const;
};

// body: the bytes after the length word (startup: after the code too).
Status DecodeStartup(uint32_t code, std::string_view body, StartupMsg* out);
Status DecodeCancel(std::string_view body, CancelMsg* out);
Status Decode(std::string_view body, QueryMsg* out);
Status Decode(std::string_view body, ParseMsg* out);
Status Decode(std::string_view body, BindMsg* out);
Status Decode(std::string_view body, ExecuteMsg* out);
Status DecodeDescribe(std::string_view body, DescribeMsg* out);
Status DecodeClose(std::string_view body, DescribeMsg* out);
Status Decode(std::string_view body, SaslInitialMsg* out);
Status Decode(std::string_view body, AuthMsg* out);
Status Decode(std::string_view body, BackendKeyMsg* out);
Status DecodeFields(const MessageSpec& spec, std::string_view body, FieldsMsg* out);
// A PasswordMessage's password (one String).
Status DecodePassword(std::string_view body, std::string_view* out);

// ---------------------------------------------------------------- builders
// Each appends one whole message to `out`.

struct ErrorInfo {
  std::string severity = "ERROR";  // ERROR or FATAL
  std::string sqlstate;
  std::string message;
  std::string detail;  // optional
  std::string hint;    // optional
};

void AppendError(std::string* out, const ErrorInfo& e, char tag = 'E');  // 'N': NoticeResponse
void AppendReadyForQuery(std::string* out, char status);
void AppendAuth(std::string* out, int32_t code, std::string_view data = {});
void AppendBackendKey(std::string* out, int32_t pid, int32_t secret);
void AppendParameterStatus(std::string* out, std::string_view name, std::string_view value);
void AppendNegotiateProtocolVersion(std::string* out, uint32_t minor, const std::vector<std::string>& options);
void AppendQuery(std::string* out, std::string_view sql);
void AppendParse(std::string* out, std::string_view name, std::string_view sql);
void AppendBind(std::string* out, std::string_view portal, std::string_view statement);
void AppendExecute(std::string* out, std::string_view portal, int32_t max_rows);
void AppendSync(std::string* out);
void AppendTerminate(std::string* out);
void AppendPassword(std::string* out, std::string_view password);
void AppendSaslInitial(std::string* out, std::string_view mechanism, std::string_view data);
void AppendSaslResponse(std::string* out, std::string_view data);
void AppendStartup(std::string* out, const std::vector<std::pair<std::string, std::string>>& params);
void AppendCancel(std::string* out, int32_t pid, int32_t secret);
// A bare tagged message: tag, length, body.
void AppendMessage(std::string* out, char tag, std::string_view body);

uint32_t ReadU32(const char* p);
void PutU32(std::string* out, uint32_t v);
void PutU16(std::string* out, uint16_t v);

}  // namespace govern::proxy::wire
