// index_writer: the write side (with the searcher, the only code that
// includes <xapian.h>, in core/src). Owns the writable Xapian database for
// one indexer run: turns Articles into Xapian documents (the article plus
// one document per item of a section with an item type) using the schema
// table, storing the typed documents of stored.h; keeps content hashes for
// incremental runs, loads the synonym table, and commits everything in ONE
// transaction, so readers see the old index until commit(). Xapian's write
// lock makes a second writer fail at once with kBusy. DocumentBuilder lives
// in document_builder.cc, the database side in index_writer.cc.
//
// E.g. auto w = IndexWriter::open("/var/lib/casebase", default_schema(), false);
//      if (w.ok()) { (*w)->put(article); (*w)->commit(); }
#pragma once

#include <map>
#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

#include "casebase/document.h"
#include "casebase/file.h"
#include "casebase/schema.h"
#include "casebase/status.h"

namespace casebase {

// The Xapian documents of one article (the article and its items), built
// but not yet written. Move-only; opaque outside document_builder.cc and
// index_writer.cc (see prepared_article.h).
class PreparedArticle {
 public:
  PreparedArticle();
  ~PreparedArticle();
  PreparedArticle(PreparedArticle&&) noexcept;
  PreparedArticle& operator=(PreparedArticle&&) noexcept;
  struct Impl;

 private:
  friend class DocumentBuilder;
  friend class IndexWriter;
  std::unique_ptr<Impl> impl_;
};

// Turns Articles into Xapian documents (terms, values, stored data) without
// touching a database, so several threads can prepare while one writes.
// One builder per thread, made on the thread that uses it (its stem memo
// is that thread's): it is not thread-safe itself.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(const Schema& schema);
  ~DocumentBuilder();
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;
  PreparedArticle build(const Article& a);
  // The schema it builds for (the synonym table stems with it).
  const Schema& schema() const;
  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

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
  const std::unordered_map<std::string, std::string>& existing() const { return existing_; }

  // Adds or replaces the article and its items.
  Status put(const Article& a);
  // The same for documents prepared by a DocumentBuilder, into one shard.
  // Each shard may be written by one thread at a time, shards in parallel.
  Status put(PreparedArticle&& prepared, size_t shard);
  // 1 when updating the served generation; one per core for a rebuild.
  size_t shards() const;
  // Removes an article and its items.
  Status remove(const std::string& id);
  // Records a new modification stamp for an article whose file was touched
  // but whose content hash is unchanged, so the next run need not read it.
  Status restamp(const std::string& id, const std::string& hash, const std::string& stamp);
  // Replaces the synonym table with these groups of equivalent terms.
  Status set_synonyms(const std::vector<std::vector<std::string>>& groups);
  // Commits the transaction. After this the writer is closed.
  Status commit();

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::unordered_map<std::string, std::string> existing_;
};

// Loads synonym groups from a YAML file `synonyms: [[a, b], …]`; with
// Links::kRefuse (a file inside the content folder) a symbolic link is an
// error (kIo) instead of being read through.
Result<std::vector<std::vector<std::string>>> load_synonyms(const std::string& path, Links links = Links::kFollow);

}  // namespace casebase
