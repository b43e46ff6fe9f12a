#include "casebase/index_writer.h"

#include <xapian.h>
#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>
#include <unordered_map>
#include <algorithm>
#include <sstream>

#include "casebase/file.h"
#include "casebase/language.h"
#include "casebase/text.h"
#include "prepared_article.h"
#include "search/query_words.h"
#include "search/shard_meta.h"
#include "stemmer.h"

namespace fs = std::filesystem;

namespace casebase {

namespace {

// Xapian documents per batch when building a new generation: Xapian's own
// XAPIAN_FLUSH_THRESHOLD when set (at least 100), else kBatchDocs. The
// compactor keeps each batch's posting-list chunks as they are, so many
// small batches leave frequent terms in many small chunks: a larger index,
// and slower searches that count every match (docs/PERFORMANCE.md has the
// measurements: 2000 indexed the 10k bench corpus in 59 s into 413 MB
// and searched 25% slower; 10000, Xapian's own default threshold, in 69 s
// into 376 MB at the speed of an index built in one piece; 20000 in 76 s
// into 367 MB). Peak memory of a 10k rebuild: about 0.6 GB.
constexpr size_t kBatchDocs = 10000;
size_t batch_docs() {
  const char* env = std::getenv("XAPIAN_FLUSH_THRESHOLD");
  const long v = env ? std::atol(env) : 0;
  return v >= 100 ? static_cast<size_t>(v) : kBatchDocs;
}

// Bumped whenever what the writer stores changes, so old indexes rebuild.
constexpr const char* kIndexFormat = "12";  // 6: typed stored documents (stored.h); 7: the article budget; 8: the body in the document data; 9: lean items; 10: browse order slots; 11: the id and title slot; 12: the front matter as written (/articles/{id}.md)

// The schema's prefixes and slots: a changed schema means a rebuild.
std::string schema_fingerprint(const Schema& s) {
  std::string f;
  for (const auto& x : s.fields) f += x.key + "/" + x.prefix + "/" + std::to_string(x.slot) + "/" + std::to_string(x.weight) + ";";
  for (const auto& x : s.sections) f += x.name + "/" + x.prefix + "/" + std::to_string(x.weight) + ";";
  for (const auto& [lang, stem] : s.stemmers) f += lang + "=" + stem + ";";
  for (const auto& [lang, table] : s.stem_overrides) {
    for (const auto& [form, stem] : table) f += lang + ":" + form + "=" + stem + ";";
  }
  return content_hash(f);
}

}  // namespace



struct IndexWriter::Impl {
  // One database per shard. Updating the served generation uses one; a
  // rebuild writes one per core, each from its own thread, and merges them
  // with Xapian's compactor at commit.
  std::vector<Xapian::WritableDatabase> dbs;
  DocumentBuilder builder;  // for put(const Article&)
  bool in_txn = false;
  bool committed = false;
  std::string root;            // the index folder
  std::string new_generation;  // set when building a new generation (rebuild)
  int lock_fd = -1;
  std::vector<size_t> docs_since_flush;
  // For the run metadata written at commit (kMetaRuns, …).
  std::chrono::steady_clock::time_point opened = std::chrono::steady_clock::now();
  size_t previous_runs = 0;
  // An update in place: the served generation's revision and table file
  // sizes when it began. A failed commit leaves the tables grown by blocks
  // no revision uses; give_back_space() cuts them back.
  Xapian::rev revision_before = 0;
  std::vector<std::pair<fs::path, std::uintmax_t>> sizes_before;

  void record_sizes(const fs::path& gen) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(gen, ec)) {
      if (e.path().extension() == ".glass") sizes_before.emplace_back(e.path(), e.file_size(ec));
    }
  }
  // After a failed in-place update (the writer closed): when the revision
  // on disk is still the one the update began from, every block past the
  // old end of a table file was written by the failed commit only, so the
  // files are cut back to their old sizes and the disk space is free again.
  void give_back_space(const fs::path& gen) {
    try {
      if (Xapian::Database(gen.string()).get_revision() != revision_before) return;
    } catch (const Xapian::Error&) {
      return;
    }
    for (const auto& [file, size] : sizes_before) {
      std::error_code ec;
      if (fs::file_size(file, ec) > size && !ec) fs::resize_file(file, size, ec);
    }
  }
  // Spelling data per shard, added once per word at commit: far cheaper
  // than TermGenerator's per-occurrence FLAG_SPELLING updates.
  std::vector<std::unordered_map<std::string, Xapian::termcount>> spelling;

  Impl(std::vector<Xapian::WritableDatabase> d, const Schema& s)
      : dbs(std::move(d)), builder(s), docs_since_flush(dbs.size()), spelling(dbs.size()) {}
  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }
  Xapian::WritableDatabase& db() { return dbs.front(); }
  std::string build_dir() const { return (fs::path(root) / (new_generation + ".build")).string(); }

  // A new generation is built in batches: each shard's documents go into a
  // small database of their own until it holds batch_size, which is then
  // committed once into empty B-trees (sequential writes, no merging into a
  // large tree) and closed, and the next batch starts. commit() merges all
  // batches with Xapian's compactor, as Lucene merges its segments.
  std::vector<size_t> batches_per_shard;  // the last batch number of each shard (batches 0..n)
  const size_t batch_size = batch_docs();
  std::string batch_path(size_t shard, size_t n) const {
    return build_dir() + "/shard-" + std::to_string(shard) + "-" + std::to_string(n);
  }
  void added(size_t shard, size_t docs) {
    docs_since_flush[shard] += docs;
    if (new_generation.empty() || docs_since_flush[shard] < batch_size) return;
    dbs[shard].commit();
    dbs[shard].close();
    const std::string next = batch_path(shard, ++batches_per_shard[shard]);
    dbs[shard] = Xapian::WritableDatabase(next, Xapian::DB_CREATE_OR_OVERWRITE);
    docs_since_flush[shard] = 0;
  }
};


IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

namespace {
std::string read_current(const fs::path& root);
}  // namespace

IndexWriter::~IndexWriter() {
  if (!impl_) return;
  if (impl_->in_txn) {
    try {
      impl_->db().cancel_transaction();
    } catch (const Xapian::Error&) {
    }
  }
  if (impl_->new_generation.empty() && !impl_->committed && !impl_->sizes_before.empty()) {
    // An update in place that failed (e.g. the disk filled while it wrote
    // blocks): give back what it took.
    for (auto& db : impl_->dbs) {
      try {
        db.close();
      } catch (const Xapian::Error&) {
      }
    }
    impl_->give_back_space(fs::path(impl_->root) / read_current(fs::path(impl_->root)));
  }
  if (!impl_->new_generation.empty() && !impl_->committed) {
    // An abandoned rebuild: drop its shards (a killed one is cleaned up by
    // the next rebuild's open()).
    for (auto& db : impl_->dbs) {
      try {
        db.close();
      } catch (const Xapian::Error&) {
      }
    }
    std::error_code ec;
    fs::remove_all(impl_->build_dir(), ec);
  }
}

namespace {

// The index folder holds generations (gen-000001, …) and CURRENT, a Xapian
// stub file naming the one being served. A rebuild writes a new generation
// and then replaces CURRENT with rename(2): readers switch atomically and a
// crash mid-rebuild leaves the served generation untouched.
std::string read_current(const fs::path& root) {
  auto text = read_file((root / kCurrentStub).string(), 4096);
  if (!text.ok()) return "";
  std::istringstream in(*text);
  std::string backend, gen;
  if (in >> backend >> gen) return gen;
  return "";
}

// What killed runs leave (we hold the lock, so no run is writing them):
// build folders, and generations newer than the one served that never
// became current (killed between compaction and the switch). They would
// only take disk space until the next rebuild.
void remove_leftovers(const fs::path& root, const std::string& served) {
  const int served_n = served.rfind("gen-", 0) == 0 ? std::atoi(served.c_str() + 4) : 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("gen-", 0) != 0 || n == served) continue;
    if (n.find(".build") != std::string::npos || std::atoi(n.c_str() + 4) > served_n) fs::remove_all(e.path(), ec);
  }
}

int next_generation(const fs::path& root) {
  int best = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind("gen-", 0) == 0) best = std::max(best, std::atoi(n.c_str() + 4));
  }
  return best + 1;
}

Status write_current(const fs::path& root, const std::string& gen) {
  fs::path tmp = root / (std::string(kCurrentStub) + ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return Status::io("cannot write `" + tmp.string() + "`: " + std::strerror(errno));
  std::string line = "glass " + gen + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::io("cannot write `" + tmp.string() + "` (disk full?)");
  if (::rename(tmp.c_str(), (root / kCurrentStub).c_str()) != 0) {
    return Status::io("cannot replace CURRENT: " + std::string(std::strerror(errno)));
  }
  int dfd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& db_path, const Schema& schema, bool full) {
  const fs::path root(db_path);
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return Status::io("cannot create `" + db_path + "`: " + ec.message());
  // Our own lock covers rebuilds too (they write a new generation, which
  // Xapian's per-database lock would not see).
  int lock_fd = ::open((root / "LOCK").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) return Status::io("cannot open `" + (root / "LOCK").string() + "`: " + std::strerror(errno));
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    return Status::busy("another casebase-index is writing to `" + db_path + "`; wait for it to finish");
  }
  try {
    const std::string format = std::string(kIndexFormat) + ":" + schema_fingerprint(schema);
    std::string current = read_current(root);
    remove_leftovers(root, current);
    std::unordered_map<std::string, std::string> existing;
    bool reuse = false;
    size_t previous_runs = 0;
    if (!current.empty() && fs::exists(root / current / "iamglass")) {
      Xapian::Database ro((root / current).string());
      // Documents written by another index format (or schema) are rebuilt.
      reuse = !full && ro.get_metadata("casebase_format") == format;
      for (auto it = ro.valuestream_begin(kSlotState); reuse && it != ro.valuestream_end(kSlotState); ++it) {
        std::string v = *it;
        size_t tab = v.find('\t');
        if (tab != std::string::npos) existing[v.substr(0, tab)] = v.substr(tab + 1);
      }
      previous_runs = static_cast<size_t>(std::atoll(ro.get_metadata(kMetaRuns).c_str()));
    }
    std::unique_ptr<IndexWriter> w;
    if (reuse) {
      // Update in place, in one transaction: readers see the previous
      // revision until commit().
      std::vector<Xapian::WritableDatabase> dbs;
      dbs.emplace_back((root / current).string(), Xapian::DB_OPEN);
      w.reset(new IndexWriter(std::make_unique<Impl>(std::move(dbs), schema)));
      w->impl_->revision_before = w->impl_->db().get_revision();
      w->impl_->record_sizes(root / current);
      w->impl_->db().begin_transaction(true);
      w->impl_->in_txn = true;
    } else {
      char name[32];
      std::snprintf(name, sizeof name, "gen-%06d", next_generation(root));
      const fs::path build = root / (std::string(name) + ".build");
      fs::remove_all(build, ec);
      fs::create_directories(build, ec);
      size_t shards = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
      if (const char* env = std::getenv("CASEBASE_INDEX_THREADS")) shards = std::clamp<size_t>(std::atoi(env), 1, 16);
      std::vector<Xapian::WritableDatabase> dbs;
      for (size_t i = 0; i < shards; ++i) {
        dbs.emplace_back((build / ("shard-" + std::to_string(i) + "-0")).string(), Xapian::DB_CREATE_OR_OVERWRITE);
      }
      w.reset(new IndexWriter(std::make_unique<Impl>(std::move(dbs), schema)));
      w->impl_->new_generation = name;
      w->impl_->batches_per_shard.assign(shards, 0);
      w->impl_->db().set_metadata("casebase_format", format);
    }
    w->impl_->root = root.string();
    w->impl_->lock_fd = lock_fd;
    w->impl_->previous_runs = previous_runs;
    w->existing_ = std::move(existing);
    return w;
  } catch (const Xapian::DatabaseLockError& e) {
    ::close(lock_fd);
    return Status::busy("another casebase-index is writing to `" + db_path + "`; wait for it to finish");
  } catch (const Xapian::Error& e) {
    ::close(lock_fd);
    return Status::io("cannot open index `" + db_path + "`: " + e.get_description());
  }
}


namespace {

// Spelling data counts the words of the articles in the index: an article
// replaced or removed takes its words' counts with it, so "did you mean"
// never suggests a word that no article has any more.
void forget_spelling(Xapian::WritableDatabase& db, const std::string& id) {
  const std::string qterm = std::string(kIdPrefix) + id.substr(0, kMaxTermBytes);
  Xapian::PostingIterator p = db.postlist_begin(qterm);
  if (p == db.postlist_end(qterm)) return;
  for (auto t = db.termlist_begin(*p); t != db.termlist_end(*p); ++t) {
    const std::string term = *t;
    if (is_spelling_word(term) && t.get_wdf() > 0) db.remove_spelling(term, t.get_wdf());
  }
}

}  // namespace

Status IndexWriter::put(const Article& a) { return put(impl_->builder.build(a), 0); }

size_t IndexWriter::shards() const { return impl_->dbs.size(); }

Status IndexWriter::put(PreparedArticle&& prepared, size_t shard) {
  auto& im = *impl_;
  auto& p = *prepared.impl_;
  try {
    auto& db = im.dbs.at(shard);
    // A new generation starts empty and the caller never puts an id twice.
    if (im.new_generation.empty()) {
      forget_spelling(db, p.id);
      db.delete_document(filter_term(kCaseIdPrefix, p.id));
    }
    for (auto& d : p.docs) db.add_document(d);
    for (auto& [w, n] : p.spelling) im.spelling[shard][w] += n;
    im.added(shard, p.docs.size());
    return {};
  } catch (const Xapian::Error& e) {
    return Status::io("cannot index `" + p.path + "`: " + e.get_description());
  }
}

Status IndexWriter::remove(const std::string& id) {
  try {
    forget_spelling(impl_->db(), id);
    impl_->db().delete_document(filter_term(kCaseIdPrefix, id));
    return {};
  } catch (const Xapian::Error& e) {
    return Status::io("cannot remove `" + id + "`: " + e.get_description());
  }
}

Status IndexWriter::restamp(const std::string& id, const std::string& hash, const std::string& stamp) {
  auto& im = *impl_;
  if (!im.new_generation.empty()) return {};  // a rebuild writes every article afresh
  try {
    auto& db = im.db();
    const std::string qterm = std::string(kIdPrefix) + id.substr(0, kMaxTermBytes);
    Xapian::PostingIterator p = db.postlist_begin(qterm);
    if (p == db.postlist_end(qterm)) return Status::not_found("no article `" + id + "`");
    const Xapian::docid did = *p;
    Xapian::Document doc = db.get_document(did);
    doc.add_value(kSlotState, id + "\t" + hash + "\t" + stamp);
    db.replace_document(did, doc);
    return {};
  } catch (const Xapian::Error& e) {
    return Status::io("cannot update `" + id + "`: " + e.get_description());
  }
}

Status IndexWriter::set_synonyms(const std::vector<std::vector<std::string>>& groups) {
  try {
    auto& db = impl_->db();
    std::map<std::string, Xapian::Stem> stems;
    const Schema& schema = impl_->builder.schema();
    for (const auto& [lang, name] : schema.stemmers) stems.emplace(lang, make_stemmer(schema, lang));
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) db.clear_synonyms(*k);
    // A very long word in _synonyms.yaml would break the table: a key over
    // the B-tree's limit fails the whole commit, and glass keeps each
    // synonym's length in one byte (a longer one reads back as "Bad synonym
    // data"). No query word is that long, so such a pair is left out.
    auto add = [&db](const std::string& key, const std::string& value) {
      if (key_bytes(key) <= kMaxTermBytes && value.size() <= kMaxTermBytes) db.add_synonym(key, value);
    };
    auto join = [](const std::vector<std::string>& w) {
      std::string out;
      for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
      return out;
    };
    for (const auto& group : groups) {
      for (const auto& a_raw : group) {
        const std::string a = normalize_keyword(a_raw);
        const std::vector<std::string> aw = search::plain_words(a);  // "zero-emissie": zero, emissie
        for (const auto& b_raw : group) {
          const std::string b = normalize_keyword(b_raw);
          if (a == b || aw.empty()) continue;
          if (search::plain_words(b).size() != 1 || aw.size() != 1) {
            // A phrase value ("solar panels", "solar-powered"), or a key of
            // several words: under the key's plain words, as the searcher
            // looks them up and reruns the query with the quoted value.
            add(join(aw), kSynonymPhrasePrefix + b);
            for (const auto& [lang, stem] : stems) {  // and stemmed: "charging points" finds "charging point"
              std::vector<std::string> stemmed;
              for (const auto& w : aw) stemmed.push_back(stem(w));
              add("Z" + join(stemmed), kSynonymPhrasePrefix + b);
            }
          }
          if (search::plain_words(b).size() != 1 || b.find('-') != std::string::npos) continue;
          // A one-word value, for QueryParser's own synonyms (one term each).
          for (const auto& [lang, stem] : stems) {
            if (aw.size() == 1 && a.find('-') == std::string::npos) {
              add("Z" + stem(a), "Z" + stem(b));
              add(a, b);
            } else {
              add(a, "Z" + stem(b));
            }
          }
        }
      }
    }
    return {};
  } catch (const Xapian::Error& e) {
    return Status::io("cannot write synonyms: " + e.get_description());
  }
}

Status IndexWriter::commit() {
  auto& im = *impl_;
  try {
    for (size_t i = 0; i < im.dbs.size(); ++i) {
      for (const auto& [w, n] : im.spelling[i]) im.dbs[i].add_spelling(w, n);
    }
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - im.opened).count();
    const double finished = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    im.db().set_metadata(kMetaRuns, std::to_string(im.previous_runs + 1));
    im.db().set_metadata(kMetaLastRunSeconds, std::to_string(took));
    im.db().set_metadata(kMetaLastRunFinished, std::to_string(static_cast<long long>(finished)));
    // Synonyms and spelling as metadata too, for searchers that reach this
    // index as a remote shard (search/shard_meta.h).
    if (im.new_generation.empty()) search::write_shard_meta(im.db());
    if (im.in_txn) {
      im.db().commit_transaction();
      im.in_txn = false;
    }
    for (auto& db : im.dbs) {
      db.commit();
      db.close();
    }
    if (!im.new_generation.empty()) {
      // Merge the shards into the new generation: one compact database,
      // smaller and faster to search than the shards.
      // Every batch, in shard and batch order: a rebuild numbers documents
      // alike whichever thread finished first.
      Xapian::Database all;
      for (size_t shard = 0; shard < im.dbs.size(); ++shard) {
        for (size_t b = 0; b <= im.batches_per_shard[shard]; ++b) all.add_database(Xapian::Database(im.batch_path(shard, b)));
      }
      const std::string gen = (fs::path(im.root) / im.new_generation).string();
      all.compact(gen);
      std::error_code ec;
      fs::remove_all(im.build_dir(), ec);
      Xapian::WritableDatabase merged(gen, Xapian::DB_OPEN);
      search::write_shard_meta(merged);
      merged.commit();
      merged.close();
    }
  } catch (const Xapian::Error& e) {
    if (!im.new_generation.empty()) {
      std::error_code ec;
      fs::remove_all(im.build_dir(), ec);
      fs::remove_all(fs::path(im.root) / im.new_generation, ec);
    } else {
      im.in_txn = false;
      for (auto& db : im.dbs) {
        try {
          db.close();
        } catch (const Xapian::Error&) {
        }
      }
      im.give_back_space(fs::path(im.root) / read_current(fs::path(im.root)));
    }
    return Status::io("commit failed, the previous index is unchanged: " + e.get_description());
  }
  im.committed = true;
  if (im.new_generation.empty()) return {};
  const fs::path root(im.root);
  const std::string previous = read_current(root);
  if (Status st = write_current(root, im.new_generation); !st.ok()) {
    std::error_code ec;
    fs::remove_all(root / im.new_generation, ec);
    return Status::io(st.message() + "; the previous index is unchanged");
  }
  // Keep the generation just replaced (readers may still be on it); older
  // ones and leftovers of interrupted rebuilds go.
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string n = e.path().filename().string();
    if (n.rfind("gen-", 0) == 0 && n != im.new_generation && n != previous) fs::remove_all(e.path(), ec);
  }
  return {};
}

Result<std::vector<std::vector<std::string>>> load_synonyms(const std::string& path, Links links) {
  std::vector<std::vector<std::string>> out;
  auto text = read_file(path, 16u << 20, links);
  if (!text.ok()) return text.status();
  try {
    YAML::Node root = YAML::Load(*text);
    YAML::Node list = root["synonyms"];
    if (!list || !list.IsSequence()) return Status::content("expected a `synonyms:` list", {path, 1, 1});
    for (const auto& g : list) {
      if (!g.IsSequence()) {
        return Status::content("each synonym group must be a list", {path, g.Mark().line + 1, g.Mark().column + 1});
      }
      std::vector<std::string> group;
      for (const auto& t : g) group.push_back(t.as<std::string>());
      if (group.size() >= 2) out.push_back(std::move(group));
    }
  } catch (const YAML::Exception& e) {
    return Status::content(e.msg, {path, e.mark.line + 1, e.mark.column + 1});
  }
  return out;
}

}  // namespace casebase
