// db_pool: database handles shared by the searcher's calls. A call borrows
// a handle (Lease) for its duration; with_db runs a function on one and
// turns Xapian's exceptions into Status values, retrying once when the
// index changed under the call (DatabaseModifiedError).
//
// E.g. with_db(pool, "/var/lib/casebase", [](Xapian::Database& db) -> Result<size_t> {
//        return size_t{db.get_doccount()}; });
#pragma once

#include <xapian.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "casebase/status.h"

namespace casebase::search {

// Open handles on the generation named by the index folder's CURRENT stub.
struct DbPool {
  std::mutex mu;
  std::vector<std::unique_ptr<Xapian::Database>> handles;
  std::string stub_sig;  // identity of the CURRENT stub the handles were opened from
  // Times a handle moved to a newer revision or generation (for /metrics).
  std::atomic<size_t> reopens{0};
};

// A handle borrowed from the pool for one call, opened on `root`'s CURRENT
// stub (or reopened, which picks up a new revision). A rebuild replaces the
// stub (new inode): the pool's handles on the old generation are dropped.
// Throws Xapian::DatabaseOpeningError when there is no index.
class Lease {
 public:
  Lease(DbPool& pool, const std::string& root);
  ~Lease();
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Xapian::Database& db() { return *db_; }
  // Closes the handle instead of returning it to the pool.
  void discard() { db_.reset(); }

 private:
  DbPool& pool_;
  std::unique_ptr<Xapian::Database> db_;
  std::string sig_;
};

// Runs f(db) -> Result<T> on a leased handle. Errors: kBusy when the index
// changed twice during the call, kInvalidArgument (param q) for a wildcard
// matching too many words, kNotFound when there is no index, kInternal for
// other database errors.
template <typename F>
auto with_db(DbPool& pool, const std::string& root, F&& f) -> decltype(f(std::declval<Xapian::Database&>())) {
  for (int attempt = 0;; ++attempt) {
    try {
      Lease lease(pool, root);
      try {
        return f(lease.db());
      } catch (const Xapian::DatabaseModifiedError&) {
        lease.discard();
        if (attempt >= 1) throw;
      }
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Status::busy("the index changed twice during the request; try again");
    } catch (const Xapian::WildcardError&) {
      // Raised while the match runs, when a wildcard expands past the limit.
      return Status::invalid_argument("a wildcard in the query matches too many words; make it longer", "q");
    } catch (const Xapian::DatabaseOpeningError&) {
      return Status::not_found("no index at `" + root + "` yet: run casebase-index first");
    } catch (const Xapian::DatabaseError& e) {
      return Status::internal("index error: " + e.get_description());
    }
  }
}

}  // namespace casebase::search
