// sqlite_stmt: one prepared SQLite statement with positional binds,
// finalised on scope exit, shared by the modules that keep tables in
// DATA/casebase.sqlite (store.cc, alerts.cc). A statement that failed to
// prepare binds nothing and runs as a failure, so callers check run() or
// row() only.
//
// E.g. Stmt s(db, "SELECT name FROM users WHERE id = ?"); s.bind(1, 7LL); if (s.row()) name = s.text(0);
#pragma once

#include <sqlite3.h>

#include <string>

namespace casebase::contrib {

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) == SQLITE_OK; }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& bind(int i, const std::string& v) {
    if (ok_) sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, long long v) {
    if (ok_) sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  bool row() { return ok_ && sqlite3_step(st_) == SQLITE_ROW; }
  // Runs a statement that returns no rows.
  bool run() {
    if (!ok_) return false;
    int rc = sqlite3_step(st_);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
  }
  // Runs it again with new binds.
  void reset() {
    if (ok_) sqlite3_reset(st_);
  }
  std::string text(int col) const {
    const unsigned char* t = sqlite3_column_text(st_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st_, col))) : "";
  }
  long long integer(int col) const { return sqlite3_column_int64(st_, col); }

 private:
  sqlite3_stmt* st_ = nullptr;
  bool ok_ = false;
};

}  // namespace casebase::contrib
