#include "audit/writer.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/checkpoint.h"
#include "audit/verifier.h"

namespace govern::audit {
namespace {

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

bool ReadWhole(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::Error(Errno(dir));
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::Error(Errno(dir + ": fsync"));
  return Status::Ok();
}

// Writes `content` to dir/name atomically (temporary file, fsync, rename, fsync dir).
Status WriteFileAtomic(const std::string& dir, const std::string& name, const std::string& content) {
  std::string path = dir + "/" + name, tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Error(Errno(tmp));
  size_t off = 0;
  while (off < content.size()) {
    ssize_t n = ::write(fd, content.data() + off, content.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string e = Errno(tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::Error(e);
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Status::Error(Errno(tmp));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::Error(Errno(path));
  return SyncDir(dir);
}

}  // namespace

Writer::Writer(WriterOptions options)
    : options_(std::move(options)), segment_sha_(EVP_MD_CTX_new(), &EVP_MD_CTX_free), prev_checkpoint_(kZeroHash) {}

Expected<std::unique_ptr<Writer>> Writer::Open(WriterOptions options) {
  std::error_code ec;
  bool existed = std::filesystem::is_directory(options.dir, ec);
  std::filesystem::create_directories(options.dir, ec);
  if (ec) return Status::Error(options.dir + ": cannot create the audit directory: " + ec.message());
  // A directory the proxy creates is its own: owner only (docs/audit.md). One
  // that existed keeps the mode its operator gave it.
  if (!existed) std::filesystem::permissions(options.dir, std::filesystem::perms::owner_all,
                                             std::filesystem::perm_options::replace, ec);
  if (::access(options.dir.c_str(), W_OK) != 0) return Status::Error(Errno(options.dir + ": audit directory"));
  std::unique_ptr<Writer> w(new Writer(std::move(options)));
  if (Status s = w->Recover(); !s.ok()) return s;
  w->thread_ = std::thread([p = w.get()] { p->Run(); });
  return w;
}

Writer::~Writer() { Close(); }

Status Writer::Recover() {
  const std::string& dir = options_.dir;
  const std::string& proxy = options_.proxy_id;
  uint64_t last = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string p;
    uint64_t n = 0;
    bool checkpoint = false;
    if (ParseAuditFileName(entry.path().filename().string(), &p, &n, &checkpoint) && p == proxy && n > last)
      last = n;
  }
  if (ec) return Status::Error(dir + ": " + ec.message());
  if (last == 0) return Status::Ok();
  auto load_checkpoint = [&](uint64_t n) -> Expected<Checkpoint> {
    std::string line;
    std::string path = dir + "/" + CheckpointFileName(proxy, n);
    if (!ReadWhole(path, &line)) return Status::Error(path + ": missing");
    while (!line.empty() && line.back() == '\n') line.pop_back();
    auto c = ParseCheckpoint(line);
    if (!c) return Status::Error(path + ": " + c.status().message());
    return c;
  };
  std::string seg_path = dir + "/" + SegmentFileName(proxy, last);
  if (std::filesystem::exists(dir + "/" + CheckpointFileName(proxy, last))) {
    auto c = load_checkpoint(last);
    if (!c) return c.status();
    head_.seq = c->last_seq;
    head_.hash = c->last_hash;
    prev_checkpoint_ = BodyHash(c->body);
    segment_ = last;  // closed: the next batch opens last + 1
    return Status::Ok();
  }
  // The last segment is open: a predecessor was killed. Check it, then close it.
  if (last > 1) {
    auto c = load_checkpoint(last - 1);
    if (!c) return Status::Error("audit: cannot continue the chain: " + c.status().message());
    head_.seq = c->last_seq;
    head_.hash = c->last_hash;
    prev_checkpoint_ = BodyHash(c->body);
  }
  std::string bytes;
  if (!ReadWhole(seg_path, &bytes)) return Status::Error(seg_path + ": cannot read");
  uint64_t first_seq = 0;
  if (Status s = CheckSegmentRecords(bytes, seg_path, proxy, &head_, &first_seq); !s.ok())
    return Status::Error("audit: the open segment left by the last run is damaged, run `govern audit verify " + dir +
                         "`: " + s.message());
  segment_ = last;
  segment_bytes_ = bytes.size();
  segment_first_seq_ = first_seq;
  segment_last_ = head_;
  if (bytes.empty()) {
    segment_ = last - 1;  // reuse the empty file as the next segment
    return Status::Ok();
  }
  EVP_DigestInit_ex(segment_sha_.get(), EVP_sha256(), nullptr);
  EVP_DigestUpdate(segment_sha_.get(), bytes.data(), bytes.size());
  return CloseSegment("recovery");
}

Status Writer::OpenSegment() {
  uint64_t next = segment_ + 1;
  std::string path = options_.dir + "/" + SegmentFileName(options_.proxy_id, next);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Error(Errno(path));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size != 0) {
    ::close(fd);
    return Status::Error(path + ": exists and is not empty");
  }
  if (Status s = SyncDir(options_.dir); !s.ok()) {
    ::close(fd);
    ::unlink(path.c_str());
    return s;
  }
  fd_ = fd;
  segment_ = next;
  segment_bytes_ = 0;
  segment_first_seq_ = 0;
  segment_opened_us_ = NowMicros();
  EVP_DigestInit_ex(segment_sha_.get(), EVP_sha256(), nullptr);
  return Status::Ok();
}

Status Writer::CloseSegment(std::string_view closed_by) {
  if (fd_ >= 0) {
    ::fdatasync(fd_);
    ::close(fd_);
    fd_ = -1;
  }
  if (segment_bytes_ == 0) return Status::Ok();
  std::array<uint8_t, 32> digest{};
  unsigned int len = 0;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> copy(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_MD_CTX_copy_ex(copy.get(), segment_sha_.get());
  EVP_DigestFinal_ex(copy.get(), digest.data(), &len);
  Checkpoint c;
  c.proxy = options_.proxy_id;
  c.env = options_.env;
  c.segment = segment_;
  c.file = SegmentFileName(options_.proxy_id, segment_);
  c.first_seq = segment_first_seq_;
  c.last_seq = segment_last_.seq;
  c.records = segment_last_.seq - segment_first_seq_ + 1;
  c.bytes = segment_bytes_;
  c.segment_sha256 = HexLower(digest.data(), digest.size());
  c.last_hash = segment_last_.hash;
  c.prev_checkpoint = prev_checkpoint_;
  c.ts = FormatTimestamp(NowMicros());
  c.closed_by = std::string(closed_by);
  auto line = MakeCheckpointLine(&c, options_.key ? &*options_.key : nullptr);
  if (!line) return line.status();
  if (Status s = WriteFileAtomic(options_.dir, CheckpointFileName(options_.proxy_id, segment_), *line + "\n");
      !s.ok())
    return s;
  prev_checkpoint_ = BodyHash(c.body);
  segment_bytes_ = 0;
  return Status::Ok();
}

void Writer::Append(std::string_view type, std::string fields, Done done) {
  Pending p{std::string(type), FormatTimestamp(NowMicros()), std::move(fields), std::move(done)};
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stop_) {
      // The writer takes the whole queue at once: only the first record of a
      // batch needs to wake it (fewer futex calls and context switches).
      bool wake = queue_.empty();
      queue_.push_back(std::move(p));
      if (wake) cv_.notify_one();
      return;
    }
  }
  if (p.done) p.done(false);  // closed: not in the trail
}

void Writer::SetOnBatch(std::function<void()> on_batch) {
  std::lock_guard<std::mutex> lock(mu_);
  on_batch_ = std::move(on_batch);
}

std::string Writer::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

void Writer::SetError(std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  last_error_ = std::move(message);
}

void Writer::Close(std::string_view reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) return;
    stop_ = true;
    close_reason_ = std::string(reason);
    cv_.notify_one();
  }
  thread_.join();
}

void Writer::Run() {
  std::vector<Pending> batch;
  for (;;) {
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_ || !queue_.empty(); });
      batch.swap(queue_);
      stopping = stop_;
    }
    if (!batch.empty()) WriteBatch(&batch);
    batch.clear();
    bool aged = fd_ >= 0 && segment_bytes_ > 0 && NowMicros() - segment_opened_us_ >= options_.segment_max_age_us;
    if (stopping || aged) {
      std::string reason;
      {
        std::lock_guard<std::mutex> lock(mu_);
        reason = stopping ? close_reason_ : "rotation";
      }
      if (Status s = CloseSegment(reason); !s.ok()) {
        SetError(s.message());
        failures_.fetch_add(1, std::memory_order_relaxed);
      }
    }
    if (stopping) return;  // Append refuses records once stop_ is set: the queue was taken whole
  }
}

void Writer::WriteBatch(std::vector<Pending>* batch) {
  auto fail = [&](std::string message) {
    SetError(std::move(message));
    failing_.store(true, std::memory_order_release);
    failures_.fetch_add(1, std::memory_order_relaxed);
    for (Pending& p : *batch)
      if (p.done) p.done(false);
  };
  ChainHead before = head_;
  std::string buf;
  for (const Pending& p : *batch) {
    buf += SealRecord(&head_, p.type, p.ts, options_.proxy_id, options_.env, p.fields);
    buf.push_back('\n');
  }
  if (fd_ >= 0 && segment_bytes_ > 0 && segment_bytes_ + buf.size() > options_.segment_max_bytes) {
    if (Status s = CloseSegment("rotation"); !s.ok()) {
      head_ = before;
      return fail(s.message());
    }
  }
  if (fd_ < 0) {
    if (Status s = OpenSegment(); !s.ok()) {
      head_ = before;
      return fail(s.message());
    }
  }
  size_t off = 0;
  while (off < buf.size()) {
    ssize_t n = ::write(fd_, buf.data() + off, buf.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string e = Errno(options_.dir + "/" + SegmentFileName(options_.proxy_id, segment_));
      // Take back a partial write so the segment stays a sequence of whole records;
      // a segment nothing reached is opened again by the next batch.
      if (segment_bytes_ == 0) {
        ::close(fd_);
        fd_ = -1;
        segment_ -= 1;
      } else if (off > 0 && ::ftruncate(fd_, static_cast<off_t>(segment_bytes_)) != 0) {
        ::close(fd_);
        fd_ = -1;
      }
      head_ = before;
      return fail(e);
    }
    off += static_cast<size_t>(n);
  }
  if (options_.fdatasync && ::fdatasync(fd_) != 0) {
    // The bytes are in the file; whether they are on disk is unknown.
    EVP_DigestUpdate(segment_sha_.get(), buf.data(), buf.size());
    segment_bytes_ += buf.size();
    if (segment_first_seq_ == 0) segment_first_seq_ = before.seq + 1;
    segment_last_ = head_;
    return fail(Errno(options_.dir + ": fdatasync"));
  }
  EVP_DigestUpdate(segment_sha_.get(), buf.data(), buf.size());
  segment_bytes_ += buf.size();
  if (segment_first_seq_ == 0) segment_first_seq_ = before.seq + 1;
  segment_last_ = head_;
  failing_.store(false, std::memory_order_release);
  written_.fetch_add(batch->size(), std::memory_order_relaxed);
  for (Pending& p : *batch)
    if (p.done) p.done(true);
  std::function<void()> on_batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    on_batch = on_batch_;
  }
  if (on_batch) on_batch();
}

}  // namespace govern::audit
