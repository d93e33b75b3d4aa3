#include "stages/audit_trail.h"

#include <asio/post.hpp>
#include <cstdio>
#include <ctime>

namespace govern::proxy {

Expected<std::unique_ptr<AuditTrail>> AuditTrail::Open(const ProxyConfig& config) {
  const ProxyConfig::Audit& a = config.audit;
  audit::WriterOptions o;
  o.dir = a.dir;
  o.proxy_id = a.proxy_id;
  o.env = config.env;
  o.fdatasync = a.fdatasync;
  o.segment_max_bytes = static_cast<uint64_t>(a.segment_max_bytes);
  o.segment_max_age_us = a.segment_max_age_us;
  if (!a.signing_key.empty()) {
    auto key = LoadEd25519PrivateKey(a.signing_key);
    if (!key) return Status::Error("audit.signing_key: " + key.status().message());
    o.key = *key;
  }
  auto writer = audit::Writer::Open(std::move(o));
  if (!writer) return writer.status();
  std::unique_ptr<AuditTrail> t(new AuditTrail());
  t->writer_ = std::move(*writer);
  t->deny_on_failure_ = a.deny_on_failure;
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%08llx.", static_cast<unsigned long long>(std::time(nullptr)) & 0xffffffffull);
  t->session_prefix_ = prefix;
  if (!a.dsn.empty()) {
    t->store_ = std::make_unique<audit::StoreShipper>(a.dsn, a.dir, a.proxy_id);
    t->store_->Start();
    audit::StoreShipper* store = t->store_.get();
    t->writer_->SetOnBatch([store] { store->Wake(); });
  }
  return t;
}

AuditTrail::~AuditTrail() { Close("shutdown"); }

void AuditTrail::Record(std::string_view type, std::string fields) { writer_->Append(type, std::move(fields)); }

AuditTrail::Completions& AuditTrail::CompletionsFor(asio::io_context& io) {
  std::lock_guard<std::mutex> lock(completions_mu_);
  auto& c = completions_[&io];
  if (!c) c = std::make_unique<Completions>();
  return *c;
}

void AuditTrail::RecordThen(std::string_view type, std::string fields, asio::io_context& io,
                            std::function<void(bool)> done) {
  Completions& c = CompletionsFor(io);
  writer_->Append(type, std::move(fields), [&io, &c, done = std::move(done)](bool ok) {
    bool post;
    {
      std::lock_guard<std::mutex> lock(c.mu);
      post = c.ready.empty();
      c.ready.push_back([done, ok] { done(ok); });
    }
    if (!post) return;  // a drain is already on its way to that loop
    asio::post(io, [&c] {
      std::vector<std::function<void()>> run;
      {
        std::lock_guard<std::mutex> lock(c.mu);
        run.swap(c.ready);
      }
      for (auto& f : run) f();
    });
  });
}

bool AuditTrail::failing() const { return writer_->failing() || (store_ && store_->failing()); }

uint64_t AuditTrail::failures() const { return writer_->failures(); }

std::string AuditTrail::last_error() const {
  std::string e = writer_->last_error();
  if (e.empty() && store_) e = store_->last_error();
  return e;
}

void AuditTrail::Close(std::string_view reason) {
  if (!writer_) return;
  writer_->Close(reason);
  if (store_) {
    store_->Wake();
    store_->Stop();
  }
}

std::string AuditTrail::NewSessionId() { return session_prefix_ + std::to_string(sessions_.fetch_add(1) + 1); }

}  // namespace govern::proxy
