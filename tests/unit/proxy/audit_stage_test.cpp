// The proxy's audit stage: statement descriptions (normalized SQL, lineage,
// tags, masks; never literals), command tags, the upstream application_name.
#include <doctest/doctest.h>

#include <string>

#include "engine_slot.h"
#include "stages/audit_connection.h"
#include "stages/audit_records.h"
#include "stages/audit_statements.h"

using namespace govern;
using namespace govern::proxy;

TEST_CASE("audit stage: command tags give the command and its rows") {
  std::string_view command;
  uint64_t rows = 0;
  SplitCommandTag("SELECT 5", &command, &rows);
  CHECK(command == "SELECT");
  CHECK(rows == 5);
  SplitCommandTag("INSERT 0 3", &command, &rows);
  CHECK(command == "INSERT");
  CHECK(rows == 3);
  SplitCommandTag("CREATE TABLE", &command, &rows);
  CHECK(command == "CREATE TABLE");
  CHECK(rows == 0);
}

TEST_CASE("audit stage: the upstream application_name carries the session id, within 63 bytes") {
  CHECK(UpstreamApplicationName("6b0e33cc.7", "") == "govern:6b0e33cc.7");
  CHECK(UpstreamApplicationName("6b0e33cc.7", "etl") == "govern:6b0e33cc.7:etl");
  std::string long_name = UpstreamApplicationName("6b0e33cc.7", std::string(40, 'x') + "\xc3\xa9\xc3\xa9\xc3\xa9");
  CHECK(long_name.size() <= 63);
  CHECK((static_cast<unsigned char>(long_name.back()) & 0xC0) != 0xC0);  // not cut inside a UTF-8 sequence
}

TEST_CASE("audit stage: statements are described with normalized SQL, lineage, tags and masks") {
  EngineOptions options;
  options.catalog_paths = {GOVERN_SOURCE_DIR "/policies/catalog/schema.sql", GOVERN_SOURCE_DIR "/policies/catalog/tags.tsv"};
  auto engine = Engine::Load(GOVERN_SOURCE_DIR "/tests/fuzz/corpus/bundle/example.bundle", options);
  REQUIRE_MESSAGE(engine.ok(), engine.status().message());
  EngineSlot slot;
  slot.Set(std::shared_ptr<const Engine>(std::move(*engine)), nullptr);
  StatementDescriber describer(slot);
  OwnedContext analyst;
  analyst.user = "ana";
  analyst.groups = {"analyst"};
  analyst.env = "prod";
  const auto& d = describer.Describe("SELECT email FROM customer_contacts WHERE phone = '555-0100'; SELECT 1", {},
                                     analyst.view());
  REQUIRE(d.size() == 2);
  CHECK(d[0].find("555-0100") == std::string::npos);
  CHECK(d[0].find("\"sql\":\"SELECT email FROM customer_contacts WHERE phone = $1\"") != std::string::npos);
  CHECK(d[0].find("\"reads\":[\"public.customers.email\",\"public.customers.phone\"]") != std::string::npos);
  CHECK(d[0].find("\"sources\":[{\"column\":\"public.customers.email\",\"tags\":[\"pii.email\"]}]") !=
        std::string::npos);
  CHECK(d[0].find("\"masked\":true") != std::string::npos);  // the example bundle masks e-mails for analysts
  CHECK(d[1].find("\"index\":1") != std::string::npos);
  // Passwords in role statements are constants too.
  const auto& r = describer.Describe("ALTER ROLE bob PASSWORD 'hunter2'", {}, analyst.view());
  REQUIRE(r.size() == 1);
  CHECK(r[0].find("hunter2") == std::string::npos);
  // Text that does not parse: its fingerprint only, never the text.
  const auto& bad = describer.Describe("SELEC 'secret-value' FROM", {}, analyst.view());
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].find("secret-value") == std::string::npos);
  CHECK(bad[0].find("\"sql\":\"\"") != std::string::npos);
}
