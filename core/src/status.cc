#include "casebase/status.h"

namespace casebase {

std::string Status::code() const {
  if (ok()) return "ok";
  switch (*kind_) {
    case ErrorKind::kInvalidArgument: return "bad_request";
    case ErrorKind::kContent: return "bad_content";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kIo: return "io_error";
    case ErrorKind::kBusy: return "busy";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  if (*kind_ == ErrorKind::kContent) {
    return loc_.file + ":" + std::to_string(loc_.line) + ":" + std::to_string(loc_.col) + ": error: " + message_;
  }
  return message_;
}

}  // namespace casebase
