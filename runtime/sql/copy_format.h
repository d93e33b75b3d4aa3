// CopyFormatOf: the output format of a COPY ... TO STDOUT statement, as its
// options say (FORMAT, HEADER and the options that change how rows are
// spelled). What a proxy needs to rewrite the CopyData stream of a masked
// COPY: it masks text and CSV with PostgreSQL's default spelling and refuses
// the rest (binary, custom DELIMITER/NULL/QUOTE/ESCAPE/ENCODING).
#pragma once

#include <cstdint>
#include <string_view>

namespace govern {

struct CopyFormat {
  enum class Kind : uint8_t {
    kText = 0,    // tab-separated, \N for NULL, backslash escapes
    kCsv = 1,     // comma-separated, "" quoting, empty unquoted field for NULL
    kBinary = 2,  // FORMAT binary
    kCustom = 3,  // text or CSV with DELIMITER, NULL, QUOTE, ESCAPE or ENCODING set
  };
  Kind kind = Kind::kText;
  bool header = false;  // a first line of column names (CSV HEADER; only when surely on)
};

// The format of the first statement of `sql` when it is a COPY (text for
// anything else or text that does not parse).
CopyFormat CopyFormatOf(std::string_view sql);

}  // namespace govern
