// The mask stage on recorded message bodies: RowDescription checks, DataRow
// rewriting (text/binary, NULL, lengths), COPY text/CSV rows, scrubbing.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "masking/mask_value.h"
#include "stages/mask_stage.h"

using namespace govern;
using namespace govern::proxy;

namespace {

constexpr std::string_view kKey = "0123456789abcdef0123456789abcdef";

std::string Str(std::string_view s) { return std::string(s) + std::string(1, '\0'); }
std::string I16(int v) {
  std::string out;
  wire::PutU16(&out, static_cast<uint16_t>(v));
  return out;
}
std::string I32(int64_t v) {
  std::string out;
  wire::PutU32(&out, static_cast<uint32_t>(v));
  return out;
}

struct Col {
  std::string name;
  uint32_t type;
  int format = 0;
};
std::string RowDescription(const std::vector<Col>& cols) {
  std::string b = I16(static_cast<int>(cols.size()));
  for (const Col& c : cols) b += Str(c.name) + I32(16384) + I16(2) + I32(c.type) + I16(-1) + I32(-1) + I16(c.format);
  return b;
}
// Fields: nullopt-like via "\x01NULL" marker.
const std::string kNull = "\x01NULL";
std::string DataRow(const std::vector<std::string>& fields) {
  std::string b = I16(static_cast<int>(fields.size()));
  for (const std::string& f : fields) b += f == kNull ? I32(-1) : I32(static_cast<int64_t>(f.size())) + f;
  return b;
}
// Decodes a whole DataRow message back into fields.
std::vector<std::string> Fields(const std::string& message) {
  REQUIRE(message.size() >= 7);
  CHECK(message[0] == 'D');
  CHECK(wire::ReadU32(message.data() + 1) == message.size() - 1);
  std::vector<std::string> out;
  size_t pos = 5;
  int n = (static_cast<uint8_t>(message[pos]) << 8) | static_cast<uint8_t>(message[pos + 1]);
  pos += 2;
  for (int i = 0; i < n; ++i) {
    auto len = static_cast<int32_t>(wire::ReadU32(message.data() + pos));
    pos += 4;
    if (len < 0) {
      out.push_back(kNull);
      continue;
    }
    out.push_back(message.substr(pos, static_cast<size_t>(len)));
    pos += static_cast<size_t>(len);
  }
  CHECK(pos == message.size());
  return out;
}

MaskPlan Plan(std::vector<std::string> names, std::vector<std::pair<uint32_t, MaskMethod>> masks) {
  MaskPlan p;
  p.kind = StatementKind::k_select;
  p.names = std::move(names);
  p.column_types.assign(p.names.size(), 0);
  for (auto [o, m] : masks) p.masks.push_back({o, m, "public.customers.x", "pii.mask"});
  return p;
}

}  // namespace

TEST_CASE("RowDescription must match the plan's count and names") {
  MaskPlan plan = Plan({"id", "email"}, {{1, MaskMethod::kEmail}});
  ResultShape shape;
  CHECK(CheckRowDescription(plan, RowDescription({{"id", kOidInt8}, {"email", kOidText}}), &shape).empty());
  CHECK(shape.types == std::vector<uint32_t>{kOidInt8, kOidText});
  CHECK(shape.formats == std::vector<int16_t>{0, 0});
  CHECK(CheckRowDescription(plan, RowDescription({{"id", kOidInt8}}), &shape).find("1 columns where govern planned 2") !=
        std::string::npos);
  CHECK(CheckRowDescription(plan, RowDescription({{"email", kOidText}, {"id", kOidInt8}}), &shape)
            .find("result column 1 is \"email\"") != std::string::npos);
  CHECK(!CheckRowDescription(plan, RowDescription({{"id", kOidInt8}, {"email", kOidText}, {"x", kOidText}}), &shape).empty());
  CHECK(CheckRowDescription(plan, "\x00", &shape) == "malformed RowDescription");
  // A plan for a statement that returns no columns (FETCH, EXECUTE): any row description fails.
  CHECK(!CheckRowDescription(Plan({}, {}), RowDescription({{"email", kOidText}}), &shape).empty());
  // SHOW / EXPLAIN: not checked.
  MaskPlan show = Plan({}, {});
  show.check_shape = false;
  CHECK(CheckRowDescription(show, RowDescription({{"search_path", kOidText}}), &shape).empty());
  // PostgreSQL cuts names at 63 bytes.
  std::string long_name(70, 'a');
  CHECK(CheckRowDescription(Plan({long_name}, {}), RowDescription({{long_name.substr(0, 63), kOidText}}), &shape).empty());
}

TEST_CASE("DataRow: masked positions rewritten, others and NULLs kept, lengths rebuilt") {
  MaskPlan plan = Plan({"id", "email", "name", "note"}, {{1, MaskMethod::kEmail}, {2, MaskMethod::kRedact}, {3, MaskMethod::kNull}});
  ResultShape shape;
  REQUIRE(CheckRowDescription(plan, RowDescription({{"id", kOidInt8}, {"email", kOidText}, {"name", kOidText}, {"note", kOidText}}), &shape).empty());
  std::string out;
  REQUIRE(AppendMaskedDataRow(plan, shape, DataRow({"7", "ana@shop.io", "Ana Lopez", "hi"}), kKey, &out));
  CHECK(Fields(out) == std::vector<std::string>{"7", "***@shop.io", "***", kNull});
  out.clear();
  REQUIRE(AppendMaskedDataRow(plan, shape, DataRow({kNull, kNull, "", kNull}), kKey, &out));
  CHECK(Fields(out) == std::vector<std::string>{kNull, kNull, "***", kNull});
  // A row that does not match the shape is refused, nothing appended.
  out = "prefix";
  CHECK_FALSE(AppendMaskedDataRow(plan, shape, DataRow({"7", "a@b"}), kKey, &out));
  CHECK_FALSE(AppendMaskedDataRow(plan, shape, DataRow({"7", "a@b", "c", "d"}).substr(0, 12), kKey, &out));
  CHECK(out == "prefix");
}

TEST_CASE("DataRow in binary format (a portal's RowDescription after Bind): integers stay integers") {
  MaskPlan plan = Plan({"card", "email"}, {{0, MaskMethod::kLast4}, {1, MaskMethod::kHash}});
  ResultShape shape;
  REQUIRE(CheckRowDescription(plan, RowDescription({{"card", kOidInt8, 1}, {"email", kOidText, 1}}), &shape).empty());
  CHECK(shape.formats == std::vector<int16_t>{1, 1});
  std::string card = I32(0) + I32(98765);  // bigint 98765, big-endian
  std::string out;
  REQUIRE(AppendMaskedDataRow(plan, shape, DataRow({card, "ana@shop.io"}), kKey, &out));
  std::vector<std::string> f = Fields(out);
  CHECK(f[0] == I32(0) + I32(8765));
  std::string expected;
  MaskValue(MaskMethod::kHash, kOidText, kFormatBinary, "ana@shop.io", kKey, &expected);
  CHECK(f[1] == expected);
  // Mixed formats per column.
  REQUIRE(CheckRowDescription(plan, RowDescription({{"card", kOidInt8, 0}, {"email", kOidText, 1}}), &shape).empty());
  out.clear();
  REQUIRE(AppendMaskedDataRow(plan, shape, DataRow({"98765", "ana@shop.io"}), kKey, &out));
  CHECK(Fields(out)[0] == "8765");
}

TEST_CASE("COPY: text and CSV rows masked, header and NULL kept") {
  MaskPlan plan = Plan({"id", "email", "name"}, {{1, MaskMethod::kEmail}, {2, MaskMethod::kNull}});
  plan.column_types = {kOidInt8, kOidText, kOidText};
  CHECK(CheckCopyOut(plan, std::string(1, '\0') + I16(3) + I16(0) + I16(0) + I16(0)).empty());
  CHECK(!CheckCopyOut(plan, std::string(1, '\1') + I16(3) + I16(1) + I16(1) + I16(1)).empty());
  CHECK(!CheckCopyOut(plan, std::string(1, '\0') + I16(2) + I16(0) + I16(0)).empty());
  std::string out;
  REQUIRE(AppendMaskedCopyRow(plan, "1\tana\\tx@shop.io\tAna\n", false, kKey, &out));
  CHECK(out.substr(5) == "1\t***@shop.io\t\\N\n");
  out.clear();
  REQUIRE(AppendMaskedCopyRow(plan, "2\t\\N\t\\N\n", false, kKey, &out));
  CHECK(out.substr(5) == "2\t\\N\t\\N\n");
  out.clear();
  CHECK_FALSE(AppendMaskedCopyRow(plan, "2\tonly two\n", false, kKey, &out));
  CHECK(out.empty());
  plan.copy.kind = CopyFormat::Kind::kCsv;
  REQUIRE(AppendMaskedCopyRow(plan, "id,email,name\n", true, kKey, &out));
  CHECK(out.substr(5) == "id,email,name\n");
  out.clear();
  REQUIRE(AppendMaskedCopyRow(plan, "3,\"a,\"\"b\"\"@x.org\",\"Ana\nLopez\"\n", false, kKey, &out));
  CHECK(out.substr(5) == "3,***@x.org,\n");
  out.clear();
  REQUIRE(AppendMaskedCopyRow(plan, "\"4\",,\n", false, kKey, &out));
  CHECK(out.substr(5) == "\"4\",,\n");
  out.clear();
  CHECK_FALSE(AppendMaskedCopyRow(plan, "5,\"unterminated\n", false, kKey, &out));
}

TEST_CASE("errors, notices and notifications are scrubbed for masked sessions") {
  std::string body = Str("SERROR") + Str("C23505") +
                     Str("Mduplicate key value violates unique constraint \"customers_email_key\"") +
                     Str("DKey (email)=(ana@shop.io) already exists.") + Str("ncustomers_email_key") + Str("tcustomers") +
                     Str("qSELECT 'ana@shop.io'") + std::string(1, '\0');
  std::string out;
  AppendScrubbedFields('E', body, &out);
  wire::FieldsMsg f;
  REQUIRE(wire::DecodeFields(*wire::FindBackend('E'), std::string_view(out).substr(5), &f).ok());
  CHECK(f.Get('C') == "23505");
  CHECK(f.Get('M') == "duplicate key value violates unique constraint \"customers_email_key\"");
  CHECK(f.Get('D') == kWithheldDetail);
  CHECK(f.Get('q').empty());
  CHECK(out.find("ana@shop.io") == std::string::npos);
  out.clear();
  AppendScrubbedFields('N', Str("SNOTICE") + Str("C22P02") + Str("Minvalid input syntax for type integer: \"ana@shop.io\"") +
                               Str("WSQL function \"f\" statement 1") + std::string(1, '\0'),
                       &out);
  REQUIRE(wire::DecodeFields(*wire::FindBackend('N'), std::string_view(out).substr(5), &f).ok());
  CHECK(f.Get('M') == "invalid input syntax for type integer: \"***\"");
  CHECK(out[0] == 'N');
  // Numbers outside quotes are withheld (a code point, a byte): single digits stay.
  out.clear();
  AppendScrubbedFields('E', Str("SERROR") + Str("C54000") + Str("Mrequested character too large for encoding: 1114227") +
                               std::string(1, '\0'),
                       &out);
  REQUIRE(wire::DecodeFields(*wire::FindBackend('E'), std::string_view(out).substr(5), &f).ok());
  CHECK(f.Get('M') == "requested character too large for encoding: #");
  out.clear();
  AppendScrubbedFields('E', Str("SERROR") + Str("C22021") +
                               Str("Minvalid byte sequence for encoding \"UTF8\": 0xe4 0xb8 in column 2") + std::string(1, '\0'),
                       &out);
  REQUIRE(wire::DecodeFields(*wire::FindBackend('E'), std::string_view(out).substr(5), &f).ok());
  CHECK(f.Get('M') == "invalid byte sequence for encoding \"***\": # # in column 2");
  out.clear();
  AppendScrubbedNotification(I32(42) + Str("orders") + Str("{\"email\":\"ana@shop.io\"}"), &out);
  CHECK(out.substr(5) == I32(42) + Str("orders") + Str(""));
}
