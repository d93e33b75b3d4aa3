// Arrays of text masked element by element (text format): each element of a
// text, varchar, char(n) or name array gets the method's text form, NULL
// elements stay NULL, dimensions and nesting are kept, so `array_agg(email)`
// stays an array its type accepts (`{"***","***",NULL}`) instead of NULL.
// Binary arrays and arrays of other types are masked whole (MaskValue: NULL).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "masking/mask_value.h"

namespace govern {

// Whether `type_oid` is an array of a text type (text[], varchar[], bpchar[], name[]).
bool IsTextArrayType(uint32_t type_oid) noexcept;

// Masks the text form of an array of text (`{a,"b c",NULL}`, `[0:1]={a,b}`,
// nested `{{a},{b}}`) element by element with `method`. kNull when the value
// does not parse as an array literal (never from PostgreSQL).
MaskResult MaskTextArray(MaskMethod method, std::string_view value, std::string_view hash_key, std::string* out);

}  // namespace govern
