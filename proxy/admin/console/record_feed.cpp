#include "admin/console/record_feed.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace govern::proxy::console {

Status AuditDirFeed::Poll(RecordIndex* index) {
  std::error_code ec;
  std::vector<std::string> files;
  for (std::filesystem::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".jsonl") == 0) files.push_back(name);
  }
  if (ec) return Status::Error("cannot read the audit directory " + dir_ + ": " + ec.message());
  // <proxy_id>-<8-digit segment>.jsonl: name order is each proxy's chain order.
  std::sort(files.begin(), files.end());
  std::string chunk(1 << 20, '\0');
  for (const std::string& name : files) {
    uint64_t& offset = offsets_[name];
    std::string path = dir_ + "/" + name;
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // rotated away or unreadable: the next poll tries again
    std::string pending;
    for (;;) {
      ssize_t n = ::pread(fd, chunk.data(), chunk.size(), static_cast<off_t>(offset + pending.size()));
      if (n <= 0) break;
      pending.append(chunk.data(), static_cast<size_t>(n));
      size_t last_newline = pending.rfind('\n');
      if (last_newline == std::string::npos) continue;  // a line longer than a chunk: read on
      std::string_view complete(pending.data(), last_newline + 1);
      size_t start = 0;
      while (start < complete.size()) {
        size_t nl = complete.find('\n', start);
        if (nl > start) index->AddLine(complete.substr(start, nl - start));
        start = nl + 1;
      }
      offset += complete.size();
      pending.erase(0, complete.size());
    }
    ::close(fd);
  }
  return Status::Ok();
}

FeedThread::FeedThread(std::unique_ptr<RecordFeed> feed, RecordIndex* index, std::chrono::milliseconds interval)
    : feed_(std::move(feed)), index_(index), interval_(interval) {
  thread_ = std::thread([this] { Run(); });
}

FeedThread::~FeedThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::string FeedThread::last_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

Status FeedThread::PollNow() {
  std::lock_guard<std::mutex> poll_lock(poll_mutex_);
  Status s = feed_->Poll(index_);
  std::lock_guard<std::mutex> lock(mutex_);
  last_error_ = s.ok() ? "" : s.message();
  return s;
}

void FeedThread::Run() {
  for (;;) {
    (void)PollNow();
    std::unique_lock<std::mutex> lock(mutex_);
    if (cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
  }
}

}  // namespace govern::proxy::console
