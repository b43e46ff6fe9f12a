#include "sqlite_stmt.h"

#include <filesystem>

namespace casebase::contrib {

Result<sqlite3*> open_database(const std::string& data_dir, const std::string& file, const char* schema) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return Status::io(data_dir + ": cannot create the data folder: " + ec.message());
  const std::string path = (std::filesystem::path(data_dir) / file).string();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::io(path + ": cannot open: " + msg);
  }
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  if (sqlite3_exec(db, schema, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    sqlite3_close(db);
    return Status::io(path + ": cannot set up the tables: " + msg);
  }
  // Password hashes, sessions, the search log: the owner's only.
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace, ec);
  return db;
}

}  // namespace casebase::contrib
