// Stmt: one prepared SQLite statement for the contribution side's stores
// (store.cc, search_log.cc, alerts.cc), and how their files are opened. Binds by position (1-based);
// finalised on scope exit. A statement that failed to prepare binds and
// runs nothing (run() false, row() false).
//
// E.g. Stmt s(db, "SELECT name FROM users WHERE id = ?1"); s.bind(1, 7LL);
//      while (s.row()) names.push_back(s.text(0));
#pragma once

#include <sqlite3.h>

#include <string>

#include "casebase/status.h"

namespace casebase::contrib {

// Opens (creating) DATA_DIR/FILE, readable by the owner only, with a busy
// timeout of 5 s, and runs `schema` (CREATE … IF NOT EXISTS, pragmas).
// DATA_DIR is created when missing. The caller closes the handle.
Result<sqlite3*> open_database(const std::string& data_dir, const std::string& file, const char* schema);

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
  Stmt& bind_blob(int i, const std::string& v) {
    if (ok_) sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  bool row() { return ok_ && sqlite3_step(st_) == SQLITE_ROW; }
  // Runs it again with new binds.
  void reset() {
    if (ok_) sqlite3_reset(st_);
  }
  // Runs a statement that returns no rows.
  bool run() {
    if (!ok_) return false;
    int rc = sqlite3_step(st_);
    return rc == SQLITE_DONE || rc == SQLITE_ROW;
  }
  std::string text(int col) const {
    const unsigned char* t = sqlite3_column_text(st_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(st_, col))) : "";
  }
  long long integer(int col) const { return sqlite3_column_int64(st_, col); }
  bool ok() const { return ok_; }

 private:
  sqlite3_stmt* st_ = nullptr;
  bool ok_ = false;
};

}  // namespace casebase::contrib
