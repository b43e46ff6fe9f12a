// db_pool: database handles shared by the searcher's calls. A call borrows
// a handle (Lease) for its duration; with_db runs a function on one and
// turns Xapian's exceptions into Status values, retrying once when the
// index changed under the call (DatabaseModifiedError) or a remote shard
// failed (NetworkError).
//
// The index may be several databases searched as one (shards): each an
// index folder (its CURRENT stub) or "tcp://HOST:PORT", a casebase-shard
// serving one over Xapian's remote protocol. A remote shard that cannot be
// reached is left out of the handle and named in Lease::missing() (the
// answer is partial), and is not tried again for a few seconds.
//
// E.g. with_db(pool, {"/var/lib/casebase"}, [](Xapian::Database& db) -> Result<size_t> {
//        return size_t{db.get_doccount()}; });
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "casebase/status.h"

namespace casebase::search {

// How long a remote shard may take: to connect, and to answer.
struct RemoteTimeouts {
  unsigned connect_ms = 1000;
  unsigned answer_ms = 5000;
  // A shard that could not be reached is skipped this long before it is
  // tried again (so a dead shard costs one connect attempt per period).
  unsigned retry_after_ms = 3000;
};

// One open handle on every reachable database, searched as one.
struct Handle {
  Xapian::Database db;                 // all parts (and the meta part, when set)
  std::vector<Xapian::Database> parts;  // each reachable database on its own
  std::vector<bool> remote;             // per part
  std::vector<std::string> specs;       // per part: its --db spec
  std::vector<std::string> missing;     // specs left out (unreachable)
  std::string version;                  // changes with any part's revision (see Lease::version)
  unsigned revision = 0;                // the revision (several parts: the sum of theirs)
  std::string key;                      // the local stubs and the parts it was opened with
  std::shared_ptr<Xapian::Database> meta;  // synonyms and spelling of the remote parts
};

// Open handles, shared by the searcher's calls.
struct DbPool {
  std::mutex mu;
  std::vector<std::unique_ptr<Handle>> handles;
  std::string key;  // the key of the handles pooled
  // Times a handle moved to a newer revision or generation (for /metrics).
  std::atomic<size_t> reopens{0};
  RemoteTimeouts timeouts;
  std::map<std::string, std::chrono::steady_clock::time_point> down_until;  // remote specs, under mu
  // Synonyms and spelling of remote parts (Xapian's remote protocol does
  // not carry them), rebuilt from their metadata when a part changes.
  // Kept in a small database in a temporary folder (Xapian's in-memory
  // backend has no synonyms), removed when replaced and with the pool.
  std::shared_ptr<Xapian::Database> meta;
  std::string meta_version;
  std::string meta_dir;
  DbPool() = default;
  ~DbPool();
  DbPool(const DbPool&) = delete;
  DbPool& operator=(const DbPool&) = delete;
};

// A handle borrowed from the pool for one call. Throws
// Xapian::DatabaseOpeningError when no database can be opened.
class Lease {
 public:
  Lease(DbPool& pool, const std::vector<std::string>& specs);
  ~Lease();
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Xapian::Database& db() { return h_->db; }
  // Closes the handle instead of returning it to the pool.
  void discard() { h_.reset(); }
  // Identity of what this handle shows: each part's uuid and revision (a
  // remote part's casebase_runs metadata, as the protocol has no revision).
  const std::string& version() const { return h_->version; }
  const std::vector<std::string>& missing() const { return h_->missing; }
  // The revision shown (several parts: the sum of each part's revision, a
  // remote part's being its run count).
  unsigned revision() const { return h_->revision; }
  // Some part is remote: only Xapian's own match spies and posting sources
  // work through the remote protocol.
  bool has_remote() const;
  size_t parts() const { return h_->parts.size(); }
  // After a NetworkError: the remote parts whose connection no longer
  // answers are left out of the next leases for a while (retry_after_ms),
  // so the call's retry answers without them (partial) instead of failing.
  void mark_failed_remotes();

 private:
  DbPool& pool_;
  std::unique_ptr<Handle> h_;
};

// The lease with_db is running its function on, on this thread (null
// outside): the caches read its version, the search its missing shards.
const Lease* current_lease();

// What caches key on: the current lease's version, or (outside a lease,
// e.g. in tests) the database's uuid and revision.
std::string index_version(const Xapian::Database& db);

// True for "tcp://HOST:PORT".
bool is_remote_spec(const std::string& spec);

namespace detail {
struct LeaseScope {
  explicit LeaseScope(const Lease* l);
  ~LeaseScope();
  const Lease* previous;
};
}  // namespace detail

// Runs f(db) -> Result<T> on a leased handle. Errors: kBusy when the index
// changed twice during the call, kInvalidArgument (param q) for a wildcard
// matching too many words, kNotFound when there is no index or no shard
// answers, kBusy when shards failed three times during the call,
// kInternal for other database errors.
template <typename F>
auto with_db(DbPool& pool, const std::vector<std::string>& specs, F&& f)
    -> decltype(f(std::declval<Xapian::Database&>())) {
  for (int attempt = 0;; ++attempt) {
    try {
      Lease lease(pool, specs);
      detail::LeaseScope scope(&lease);
      try {
        return f(lease.db());
      } catch (const Xapian::DatabaseModifiedError&) {
        lease.discard();
        if (attempt >= 1) throw;
      } catch (const Xapian::NetworkError&) {
        lease.mark_failed_remotes();
        lease.discard();
        throw;
      }
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Status::busy("the index changed twice during the request; try again");
    } catch (const Xapian::WildcardError&) {
      // Raised while the match runs, when a wildcard expands past the limit.
      return Status::invalid_argument("a wildcard in the query matches too many words; make it longer", "q");
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (specs.size() == 1 && !is_remote_spec(specs[0])) {
        return Status::not_found("no index at `" + specs[0] + "` yet: run casebase-index first");
      }
      return Status::not_found("no index: " + e.get_msg());
    } catch (const Xapian::NetworkError& e) {
      // A shard went away (during the call, or while its pooled handle was
      // reopened): open every part afresh; one that does not answer now is
      // left out (partial).
      {
        std::lock_guard<std::mutex> g(pool.mu);
        pool.handles.clear();
        pool.key.clear();
      }
      // Three tries: shards restarting one after the other (a rebuild of
      // each) can break two calls in a row; the failed ones are left out
      // of the next (mark_failed_remotes).
      if (attempt >= 2) return Status::busy("shards failed three times during the request: " + e.get_msg());
    } catch (const Xapian::Error& e) {
      return Status::internal("index error: " + e.get_description());
    }
  }
}

template <typename F>
auto with_db(DbPool& pool, const std::string& root, F&& f) -> decltype(f(std::declval<Xapian::Database&>())) {
  return with_db(pool, std::vector<std::string>{root}, std::forward<F>(f));
}

}  // namespace casebase::search
