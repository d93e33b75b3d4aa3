// The console's static files (proxy/admin/assets/), compiled into the binary
// by cmake/EmbedAssets.cmake: no files to deploy, nothing fetched from
// elsewhere at page load.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace govern::proxy::console {

struct Asset {
  const char* name;          // file name, e.g. "app.js"
  const char* content_type;
  const unsigned char* data;
  size_t size;
  const char* etag;          // quoted, from the content's SHA-256
};

std::span<const Asset> Assets();

inline const Asset* FindAsset(std::string_view name) {
  for (const Asset& a : Assets())
    if (name == a.name) return &a;
  return nullptr;
}

}  // namespace govern::proxy::console
