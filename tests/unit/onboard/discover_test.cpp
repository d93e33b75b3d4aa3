// Tag proposals: names (the dictionary), types, sampled values, and the tags
// file they are written as (which loads back as a catalog source).
#include <doctest/doctest.h>

#include "catalog/loaders.h"
#include "discover.h"
#include "name_match.h"

using namespace govern;
using namespace govern::onboard;

TEST_CASE("column names split into words") {
  CHECK(NameTokens("customerEmail") == std::vector<std::string>{"customer", "email"});
  CHECK(NameTokens("IPAddress") == std::vector<std::string>{"ip", "address"});
  CHECK(NameTokens("address_line1") == std::vector<std::string>{"address", "line"});
  CHECK(NameTokens("Date-Of Birth") == std::vector<std::string>{"date", "of", "birth"});
}

TEST_CASE("the dictionary: longest entry wins, describing words negate") {
  auto m = MatchColumnName("contact_email");
  REQUIRE(m);
  CHECK(m->tag == "pii.email");
  CHECK(m->negated_by.empty());
  m = MatchColumnName("client_ip_address");
  REQUIRE(m);
  CHECK(m->tag == "pii.ip");  // "ip address" over "address"
  m = MatchColumnName("email_count");
  REQUIRE(m);
  CHECK(m->negated_by == "count");
  m = MatchColumnName("billing_address_id");
  REQUIRE(m);
  CHECK(m->negated_by == "id");
  m = MatchColumnName("national_id");  // "id" is part of the entry here
  REQUIRE(m);
  CHECK(m->tag == "pii.national_id");
  CHECK(m->negated_by.empty());
  CHECK(MatchColumnName("password_hash")->tag == "secret");
  CHECK(MatchColumnName("DateOfBirth")->tag == "pii.birth_date");
  CHECK_FALSE(MatchColumnName("amount"));
  CHECK_FALSE(MatchColumnName("zipper"));  // whole words only
}

TEST_CASE("types that cannot hold the tag") {
  CHECK(TypeCanHold("text", "pii.email"));
  CHECK(TypeCanHold("character varying(255)", "pii.email"));
  CHECK_FALSE(TypeCanHold("integer", "pii.email"));
  CHECK(TypeCanHold("bigint", "pii.phone"));
  CHECK(TypeCanHold("date", "pii.birth_date"));
  CHECK_FALSE(TypeCanHold("date", "pii.name"));
  CHECK_FALSE(TypeCanHold("boolean", "secret"));
  CHECK(TypeCanHold("", "pii.email"));
}

namespace {

Catalog People() {
  Catalog c;
  int32_t t = c.AddTable("public", "people");
  c.AddColumn(t, "id", "integer");
  c.AddColumn(t, "email", "text");
  c.AddColumn(t, "email_count", "integer");
  c.AddColumn(t, "notes", "text");
  c.AddColumn(t, "Zip Code", "text");
  c.AddColumn(t, "name", "text");
  c.AddColumn(t, "mail", "text");
  int32_t v = c.AddTable("public", "people_view", RelationKind::kView);
  c.AddColumn(v, "email", "text");
  return c;
}

const Proposal* Find(const DiscoverResult& r, std::string_view qname, std::string_view tag) {
  for (const Proposal& p : r.proposals)
    if (p.qname == qname && p.tag == tag) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("names alone: confidence from the dictionary, views skipped, types checked") {
  Catalog c = People();
  DiscoverResult r = Discover(c, {});
  CHECK(r.columns == 7);  // the view's column is not examined
  const Proposal* email = Find(r, "public.people.email", "pii.email");
  REQUIRE(email);
  CHECK(email->confidence == doctest::Approx(0.80));
  CHECK(Find(r, "public.people.\"Zip Code\"", "pii.address"));
  CHECK(Find(r, "public.people.name", "pii.name")->confidence < kActiveConfidence);  // low: commented out
  CHECK_FALSE(Find(r, "public.people.email_count", "pii.email"));
  CHECK_FALSE(Find(r, "public.people.notes", "pii.email"));
  bool rejected = false;
  for (const Rejection& x : r.rejected) rejected = rejected || x.qname == "public.people.email_count";
  CHECK(rejected);
}

TEST_CASE("sampled values confirm, reveal and contradict names") {
  Catalog c = People();
  auto id = [&](const char* name) { return *c.FindColumnByQName(std::string("public.people.") + name); };
  Samples s;
  for (int i = 0; i < 10; ++i) {
    s[id("email")].push_back("user" + std::to_string(i) + "@example.com");
    s[id("notes")].push_back("p" + std::to_string(i) + "@mail.example.org");  // a name that lies
    s[id("email_count")].push_back(std::to_string(i));
    s[id("mail")].push_back("parcel " + std::to_string(i));  // "mail" here is post, not e-mail
    s[id("id")].push_back(std::to_string(i));
  }
  DiscoverResult r = Discover(c, s);
  const Proposal* email = Find(r, "public.people.email", "pii.email");
  REQUIRE(email);
  CHECK(email->confidence == doctest::Approx(0.95));
  CHECK(email->evidence.find("10/10 sampled values are e-mail addresses") != std::string::npos);
  const Proposal* notes = Find(r, "public.people.notes", "pii.email");
  REQUIRE(notes);
  CHECK(notes->confidence == doctest::Approx(0.85));
  CHECK(notes->evidence.find("says nothing about it") != std::string::npos);
  CHECK_FALSE(Find(r, "public.people.mail", "pii.email"));
  CHECK_FALSE(Find(r, "public.people.id", "pii.card"));
  bool mail_rejected = false;
  for (const Rejection& x : r.rejected)
    mail_rejected = mail_rejected || (x.qname == "public.people.mail" && x.reason.find("0/10") != std::string::npos);
  CHECK(mail_rejected);
}

TEST_CASE("already tagged columns are not proposed again") {
  Catalog c = People();
  c.AddTag(*c.FindColumnByQName("public.people.email"), "pii.email");
  CHECK_FALSE(Find(Discover(c, {}), "public.people.email", "pii.email"));
}

TEST_CASE("the tags file loads back: active lines tag, commented ones do not") {
  Catalog c = People();
  std::string text = RenderTagsFile(Discover(c, {}), "a test");
  CHECK(text.find("REVIEW BEFORE USE") != std::string::npos);
  CHECK(text.find("#? public.people.name\tpii.name\t# confidence 0.40 (low)") != std::string::npos);
  Catalog back = People();
  CatalogWarnings warnings;
  REQUIRE(LoadTags(text, "proposed.tsv", &back, {}, &warnings).ok());
  auto tags_of = [&](const char* q) {
    std::vector<std::string> out;
    for (uint32_t t : back.column(*back.FindColumnByQName(q)).tags) out.emplace_back(back.TagName(t));
    return out;
  };
  CHECK(tags_of("public.people.email") == std::vector<std::string>{"pii.email"});
  CHECK(tags_of("public.people.Zip Code") == std::vector<std::string>{"pii.address"});
  CHECK(tags_of("public.people.name").empty());
  CHECK(warnings.empty());
}
