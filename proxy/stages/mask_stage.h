// The mask stage: applies a statement's MaskPlan (runtime/masking) to the
// server's answer on the wire. Pure functions over message bodies, so every
// rule is tested with recorded messages, without sockets (tests/unit/proxy/
// mask_stage_test.cpp); the connection calls them for the statements whose
// plan is masked and forwards everything else untouched.
//
//   RowDescription  CheckRowDescription: column count and names must be the
//                   plan's, or the statement errors (never passes unmasked)
//   DataRow         AppendMaskedDataRow: masked positions rewritten for their
//                   type and format (text, or binary as the portal's
//                   RowDescription says after Bind), lengths
//                   rebuilt, NULL stays NULL
//   CopyOutResponse CheckCopyOut; CopyData rows AppendMaskedCopyRow (text, CSV)
//   ErrorResponse, NoticeResponse  AppendScrubbedFields
//   NotificationResponse           AppendScrubbedNotification
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "masking/mask_plan.h"
#include "stages/mask_origins.h"
#include "wire/codec.h"

namespace govern::proxy {

// The result's columns as this execution sends them.
struct ResultShape {
  std::vector<uint32_t> types;   // type OID per column
  std::vector<int16_t> formats;  // 0 text, 1 binary, per column
  std::vector<FieldOrigin> origins;  // table OID and attnum per column (CheckOrigins)
};

// Checks a RowDescription against the plan (count; names, PostgreSQL cutting
// long names at 63 bytes) and fills `shape` with its types, formats and
// origins (checked by CheckOrigins, stages/mask_origins.h, once the plan's
// relations are looked up).
// Returns "" when it matches, else why not (the statement must error).
std::string CheckRowDescription(const MaskPlan& plan, std::string_view body, ResultShape* shape);

// Appends the masked DataRow message (tag, length, body); false, with
// nothing appended, when the row does not match the shape.
bool AppendMaskedDataRow(const MaskPlan& plan, const ResultShape& shape, std::string_view body, std::string_view key,
                         std::string* out);

// Checks a CopyOutResponse against the plan: textual format, the plan's
// column count. "" when it matches.
std::string CheckCopyOut(const MaskPlan& plan, std::string_view body);
// Appends the CopyData message of one masked row (PostgreSQL sends one row
// per CopyData); `header`: the row is the HEADER line (passed as is). False
// when the row does not parse as the plan's text/CSV row.
bool AppendMaskedCopyRow(const MaskPlan& plan, std::string_view row, bool header, std::string_view key,
                         std::string* out);

// ErrorResponse/NoticeResponse for a masked session: the detail (D) and the
// internal query (q) are withheld, and every "quoted" span of the message,
// hint and context that is not one of the names the error reports (schema,
// table, column, type, constraint) becomes "***": values echoed as in
// `invalid input syntax for type integer: "ana@shop.io"` or `Key (email)=(...)`.
void AppendScrubbedFields(char tag, std::string_view body, std::string* out);
// NotificationResponse for a masked session: the payload is emptied.
void AppendScrubbedNotification(std::string_view body, std::string* out);

inline constexpr std::string_view kWithheldDetail = "detail withheld by govern: masks apply to this session";

}  // namespace govern::proxy
