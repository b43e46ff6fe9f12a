#include "casebase/status.h"

#include "casebase/text.h"

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

int Status::http_status() const {
  if (ok()) return 200;
  switch (*kind_) {
    case ErrorKind::kInvalidArgument: return 400;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kBusy: return 503;
    case ErrorKind::kContent:
    case ErrorKind::kIo:
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  if (*kind_ == ErrorKind::kContent) {
    return escape_controls(loc_.file) + ":" + std::to_string(loc_.line) + ":" + std::to_string(loc_.col) +
           ": error: " + escape_controls(message_);
  }
  return escape_controls(message_);
}

}  // namespace casebase
