// Status and Result<T>: errors as values. No exception crosses a module
// boundary in Casebase; every fallible core function returns one of these.
// A Status is empty on success; an error carries a kind, a message and, for
// content errors, the source location (file, line, column) it refers to.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "casebase/diag_code.h"

namespace casebase {

// Where in a content file an error was found. line and col are 1-based;
// 0 means unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;
};

enum class ErrorKind {
  kInvalidArgument,  // bad user input (request parameter, flag)
  kContent,          // a content file that cannot be indexed
  kNotFound,
  kIo,
  kBusy,             // another process holds the lock
  kInternal,
};

class Status {
 public:
  Status() = default;
  static Status invalid_argument(std::string msg, std::string param = {}) {
    Status s(ErrorKind::kInvalidArgument, std::move(msg));
    s.param_ = std::move(param);
    return s;
  }
  // A content error; `diag` names it for `check` (see diag_code.h), e.g.
  // Status::content("no title", {"a.md", 1, 1}, DiagCode::kNoTitle).
  static Status content(std::string msg, SourceLoc loc, DiagCode diag = DiagCode::kBadContent) {
    Status s(ErrorKind::kContent, std::move(msg));
    s.loc_ = std::move(loc);
    s.diag_ = diag;
    return s;
  }
  static Status not_found(std::string msg) { return Status(ErrorKind::kNotFound, std::move(msg)); }
  static Status io(std::string msg) { return Status(ErrorKind::kIo, std::move(msg)); }
  // An I/O error with the reason a content file could not be read (file.h:
  // kSymlink, kFileTooLarge, kUnreadable, kBadPath).
  static Status io(std::string msg, DiagCode why) {
    Status s(ErrorKind::kIo, std::move(msg));
    s.diag_ = why;
    return s;
  }
  static Status busy(std::string msg) { return Status(ErrorKind::kBusy, std::move(msg)); }
  static Status internal(std::string msg) { return Status(ErrorKind::kInternal, std::move(msg)); }

  bool ok() const { return !kind_.has_value(); }
  ErrorKind kind() const { return *kind_; }
  const std::string& message() const { return message_; }
  // For kInvalidArgument: the request parameter or flag at fault (may be empty).
  const std::string& param() const { return param_; }
  // For kContent: where the error is.
  const SourceLoc& loc() const { return loc_; }
  // For kContent (and kIo from file reads): the diagnostic code
  // (kBadContent when none was given).
  DiagCode diag_code() const { return diag_; }
  // Machine-readable code used in JSON error bodies (e.g. "bad_request").
  std::string code() const;
  // The HTTP status for this error: 400 invalid argument, 404 not found,
  // 503 busy, 500 otherwise (200 when ok). E.g. Status::not_found("…").http_status() == 404.
  int http_status() const;
  // "path:line:col: error: message" for content errors, else the message.
  std::string to_string() const;

 private:
  Status(ErrorKind kind, std::string msg) : kind_(kind), message_(std::move(msg)) {}
  std::optional<ErrorKind> kind_;
  std::string message_;
  std::string param_;
  SourceLoc loc_;
  DiagCode diag_ = DiagCode::kBadContent;
};

// Either a value or an error Status. REQUIRES: a Result built from a Status
// holds an error (never an ok Status).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace casebase
