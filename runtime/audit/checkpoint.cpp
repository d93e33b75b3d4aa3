#include "audit/checkpoint.h"

#include <simdjson.h>

#include "audit/record.h"
#include "core/json.h"

namespace govern::audit {

std::string KeyId(const std::array<uint8_t, 32>& public_key) {
  return BodyHash(std::string_view(reinterpret_cast<const char*>(public_key.data()), public_key.size()));
}

static std::string Body(const Checkpoint& c, bool with_key) {
  std::string b = "{\"v\":" + std::to_string(kFormatVersion);
  AppendJsonField(&b, "type", "checkpoint");
  AppendJsonField(&b, "proxy", c.proxy);
  AppendJsonField(&b, "env", c.env);
  b += ",\"segment\":" + std::to_string(c.segment);
  AppendJsonField(&b, "file", c.file);
  b += ",\"first_seq\":" + std::to_string(c.first_seq);
  b += ",\"last_seq\":" + std::to_string(c.last_seq);
  b += ",\"records\":" + std::to_string(c.records);
  b += ",\"bytes\":" + std::to_string(c.bytes);
  AppendJsonField(&b, "segment_sha256", c.segment_sha256);
  AppendJsonField(&b, "last_hash", c.last_hash);
  AppendJsonField(&b, "prev_checkpoint", c.prev_checkpoint);
  AppendJsonField(&b, "ts", c.ts);
  AppendJsonField(&b, "closed_by", c.closed_by);
  if (with_key) AppendJsonField(&b, "key", c.key);
  b += "}";
  return b;
}

Expected<std::string> MakeCheckpointLine(Checkpoint* c, const Ed25519KeyPair* key) {
  c->key.clear();
  c->sig.clear();
  if (!key) {
    c->body = Body(*c, false);
    return c->body;
  }
  c->key = KeyId(key->public_key);
  c->body = Body(*c, true);
  auto sig = Ed25519Sign(*key, c->body);
  if (!sig) return sig.status();
  c->sig = HexLower(sig->data(), sig->size());
  return Seal(c->body, "sig", c->sig);
}

Expected<Checkpoint> ParseCheckpoint(std::string_view line) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(obj) != simdjson::SUCCESS)
    return Status::Error("checkpoint is not a JSON object");
  int64_t v = 0;
  std::string_view type;
  if (obj["v"].get_int64().get(v) != simdjson::SUCCESS || v != kFormatVersion ||
      obj["type"].get_string().get(type) != simdjson::SUCCESS || type != "checkpoint")
    return Status::Error("not a version 1 checkpoint");
  Checkpoint c;
  struct Str {
    const char* key;
    std::string* out;
  } strs[] = {{"proxy", &c.proxy}, {"env", &c.env}, {"file", &c.file}, {"segment_sha256", &c.segment_sha256},
              {"last_hash", &c.last_hash}, {"prev_checkpoint", &c.prev_checkpoint}, {"ts", &c.ts},
              {"closed_by", &c.closed_by}};
  for (const Str& s : strs) {
    std::string_view value;
    if (obj[s.key].get_string().get(value) != simdjson::SUCCESS)
      return Status::Error(std::string("checkpoint has no string \"") + s.key + "\"");
    s.out->assign(value);
  }
  struct Num {
    const char* key;
    uint64_t* out;
  } nums[] = {{"segment", &c.segment}, {"first_seq", &c.first_seq}, {"last_seq", &c.last_seq},
              {"records", &c.records}, {"bytes", &c.bytes}};
  for (const Num& n : nums)
    if (obj[n.key].get_uint64().get(*n.out) != simdjson::SUCCESS)
      return Status::Error(std::string("checkpoint has no integer \"") + n.key + "\"");
  std::string_view key;
  if (obj["key"].get_string().get(key) == simdjson::SUCCESS) c.key.assign(key);
  std::string_view sig;
  if (obj["sig"].get_string().get(sig) == simdjson::SUCCESS) {
    std::string body;
    std::string_view value;
    if (!SplitSealed(line, "sig", &body, &value)) return Status::Error("checkpoint \"sig\" is not the last member");
    c.sig.assign(value);
    c.body = std::move(body);
  } else {
    c.body.assign(line);
  }
  return c;
}

bool CheckpointSignatureValid(const Checkpoint& c, const std::array<uint8_t, 32>& public_key) {
  if (c.sig.empty() || c.key != KeyId(public_key)) return false;
  std::array<uint8_t, 64> sig{};
  if (!ParseHex(c.sig, sig.data(), sig.size())) return false;
  return Ed25519Verify(public_key, c.body, sig);
}

}  // namespace govern::audit
