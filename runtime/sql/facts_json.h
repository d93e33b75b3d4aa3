// JSON rendering of analysis results (`govern analyze`, golden tests).
//
// {"statements":[
//   {"index":0,"kind":"select","line":1,"column":1,"has_where":true,"has_limit":false,
//    "opaque":false,"server_io":false,
//    "reads":["public.t.a",...],            sorted, fully qualified
//    "writes":[...],                        sorted
//    "usage":{"public.t.a":"projected,filtered",...}   (with FactsJsonOptions::usage)
//    "tables":[{"name":"public.t","access":"read,write"}],   sorted by name
//    "targets":["public.t"],                sorted
//    "outputs":[{"name":"a","derivation":"direct","sources":["public.t.a"]}],  in result order
//    "functions":["lower"],                 sorted
//    "unresolved":[{"name":"x","reason":"unknown column"}]},
//   {"index":1,"kind":"error","error":"syntax error at or near \"FROM\"","line":3,"column":8}
// ]}
// Statements and parse errors share one index sequence in source order.
#pragma once

#include <string>

#include "sql/analyzer.h"

namespace govern {

struct FactsJsonOptions {
  bool usage = false;       // add the "usage" object
  bool one_per_line = true; // a newline after each statement (diff-friendly)
};

std::string FactsToJson(const AnalysisResult& result, const FactsJsonOptions& options = {});

// Names used in the JSON.
std::string_view DerivationName(Derivation d);
std::string UsageNames(uint16_t usage);
std::string AccessNames(uint8_t access);

}  // namespace govern
