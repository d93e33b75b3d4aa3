// ErrorResponse contents the proxy raises itself: FATAL ones end the
// connection, ERROR ones answer one statement.
#pragma once

#include <string>

#include "wire/codec.h"

namespace govern::proxy {

inline wire::ErrorInfo Fatal(std::string sqlstate, std::string message) {
  wire::ErrorInfo e;
  e.severity = "FATAL";
  e.sqlstate = std::move(sqlstate);
  e.message = std::move(message);
  return e;
}

inline wire::ErrorInfo Error(std::string sqlstate, std::string message) {
  wire::ErrorInfo e;
  e.sqlstate = std::move(sqlstate);
  e.message = std::move(message);
  return e;
}

}  // namespace govern::proxy
