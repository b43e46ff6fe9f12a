// index_writer: one of the two modules that include <xapian.h>. Owns the
// writable Xapian database for one indexer run: turns Articles into Xapian
// documents (the article plus one document per lesson/pro/con item) using
// the schema table, keeps content hashes for incremental runs, loads the
// synonym table, and commits everything in ONE transaction, so readers see
// the old index until commit(). Xapian's write lock makes a second writer
// fail at once with kBusy.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "casebase/document.h"
#include "casebase/schema.h"
#include "casebase/status.h"

namespace casebase {

class IndexWriter {
 public:
  // Opens (creating if needed) the database at `db_path`. With `full`, every
  // existing document is deleted in the same transaction (a rebuild).
  // Errors: kBusy if another writer holds the lock, kIo otherwise.
  static Result<std::unique_ptr<IndexWriter>> open(const std::string& db_path, const Schema& schema, bool full);
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // id -> "hash<TAB>stamp" of every article in the database when opened
  // (see Article::hash and Article::stamp).
  const std::map<std::string, std::string>& existing() const { return existing_; }

  // Adds or replaces the article and its items.
  Status put(const Article& a);
  // Removes an article and its items.
  Status remove(const std::string& id);
  // Replaces the synonym table with these groups of equivalent terms.
  Status set_synonyms(const std::vector<std::vector<std::string>>& groups);
  // Commits the transaction. After this the writer is closed.
  Status commit();

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::map<std::string, std::string> existing_;
};

// Loads synonym groups from a YAML file `synonyms: [[a, b], …]`.
Result<std::vector<std::vector<std::string>>> load_synonyms(const std::string& path);

}  // namespace casebase
