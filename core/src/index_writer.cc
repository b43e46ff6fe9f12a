#include "casebase/index_writer.h"

#include <xapian.h>
#include <yaml-cpp/yaml.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "casebase/language.h"
#include "casebase/text.h"

namespace fs = std::filesystem;

namespace casebase {

namespace {

constexpr size_t kMaxTermBytes = 240;  // Xapian's limit is 245 bytes

std::string join_values(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) {
    if (!out.empty()) out.push_back('\x1f');
    out += x;
  }
  return out;
}

std::string sortable_date(const std::string& d) {
  if (d.empty()) return "";
  std::string out = d.substr(0, 4);
  out += d.size() >= 7 ? d.substr(5, 2) : "00";
  out += d.size() >= 10 ? d.substr(8, 2) : "00";
  return out;
}

// Xapian documents per batch when building a new generation.
constexpr size_t kFlushDocs = 2000;

// Bumped whenever what the writer stores changes, so old indexes rebuild.
constexpr const char* kIndexFormat = "3";

// The schema's prefixes and slots: a changed schema means a rebuild.
std::string schema_fingerprint(const Schema& s) {
  std::string f;
  for (const auto& x : s.fields) f += x.key + "/" + x.prefix + "/" + std::to_string(x.slot) + "/" + std::to_string(x.weight) + ";";
  for (const auto& x : s.sections) f += x.name + "/" + x.prefix + "/" + std::to_string(x.weight) + ";";
  for (const auto& [lang, stem] : s.stemmers) f += lang + "=" + stem + ";";
  return content_hash(f);
}

}  // namespace

struct IndexWriter::Impl {
  Xapian::WritableDatabase db;
  const Schema schema;  // a copy: the writer may outlive the caller's schema
  Xapian::TermGenerator tg;
  std::map<std::string, Xapian::Stem> stems;
  std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>> stoppers;
  bool in_txn = false;
  std::string root;            // the index folder
  std::string new_generation;  // set when building a new generation (rebuild)
  int lock_fd = -1;
  size_t docs_since_flush = 0;

  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }

  // A new generation is invisible to readers, so it can flush in small
  // batches: Xapian's in-memory change maps stay small and cache-friendly.
  void added(size_t docs) {
    docs_since_flush += docs;
    if (!new_generation.empty() && docs_since_flush >= kFlushDocs) {
      db.commit();
      docs_since_flush = 0;
    }
  }

  Impl(Xapian::WritableDatabase d, const Schema& s) : db(std::move(d)), schema(s) {
    for (const auto& [lang, name] : schema.stemmers) {
      stems.emplace(lang, Xapian::Stem(name));
      auto st = std::make_unique<Xapian::SimpleStopper>();
      for (const auto& w : stop_words(name)) st->add(w);
      stoppers.emplace(lang, std::move(st));
    }
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    tg.set_max_word_length(64);
  }

  void set_language(const std::string& lang) {
    auto it = stems.find(lang);
    tg.set_stemmer(it != stems.end() ? it->second : Xapian::Stem("none"));
    auto st = stoppers.find(lang);
    tg.set_stopper(st != stoppers.end() ? st->second.get() : nullptr);
    tg.set_stopper_strategy(Xapian::TermGenerator::STOP_STEMMED);
  }

  void index(const std::string& text, int weight, const std::string& prefix = "") {
    if (text.empty() || weight <= 0) return;
    std::string folded = fold_accents(text);
    // Field copies carry no positions: phrases are searched in the
    // unprefixed text, and positions are the largest part of the index.
    if (!prefix.empty()) tg.index_text_without_positions(folded, weight, prefix);
    tg.index_text(folded, weight);
    tg.increase_termpos(10);
  }

  // Terms and values common to the article and its items: facet filters,
  // language, case link and the sortable date.
  void add_metadata(Xapian::Document& doc, const Article& a, const std::string& type_override) {
    for (const auto& f : schema.fields) {
      auto it = a.fields.find(f.key);
      std::vector<std::string> vals = it != a.fields.end() ? it->second : std::vector<std::string>{};
      if (f.key == "type" && !type_override.empty()) vals = {type_override};
      if (f.kind == FieldKind::kKeyword) {
        for (const auto& v : vals) doc.add_boolean_term(filter_term(f.filter_prefix(), v));
      }
      if (f.kind == FieldKind::kDate && !vals.empty()) {
        std::string y = vals.front().substr(0, 4);
        doc.add_boolean_term(f.filter_prefix() + y);
        if (f.slot >= 0) doc.add_value(f.slot, y);
        continue;
      }
      if (f.slot >= 0 && !vals.empty()) doc.add_value(f.slot, join_values(vals));
    }
    doc.add_boolean_term(std::string(kLanguagePrefix) + a.language);
    doc.add_boolean_term(filter_term(kCaseIdPrefix, a.id));
    doc.add_value(kSlotCaseId, a.id);
    if (!a.date.empty()) doc.add_value(kSlotDate, sortable_date(a.date));
    doc.add_value(kSlotDateAsc, a.date.empty() ? "99999999" : sortable_date(a.date));
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::~IndexWriter() {
  if (impl_ && impl_->in_txn) {
    try {
      impl_->db.cancel_transaction();
    } catch (const Xapian::Error&) {
    }
  }
}

namespace {

// The index folder holds generations (gen-000001, …) and CURRENT, a Xapian
// stub file naming the one being served. A rebuild writes a new generation
// and then replaces CURRENT with rename(2): readers switch atomically and a
// crash mid-rebuild leaves the served generation untouched.
std::string read_current(const fs::path& root) {
  std::ifstream in(root / kCurrentStub);
  std::string backend, gen;
  if (in >> backend >> gen) return gen;
  return "";
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
    std::map<std::string, std::string> existing;
    bool reuse = false;
    if (!current.empty() && fs::exists(root / current / "iamglass")) {
      Xapian::Database ro((root / current).string());
      // Documents written by another index format (or schema) are rebuilt.
      reuse = !full && ro.get_metadata("casebase_format") == format;
      for (auto it = ro.valuestream_begin(kSlotState); reuse && it != ro.valuestream_end(kSlotState); ++it) {
        std::string v = *it;
        size_t tab = v.find('\t');
        if (tab != std::string::npos) existing[v.substr(0, tab)] = v.substr(tab + 1);
      }
    }
    std::unique_ptr<IndexWriter> w;
    if (reuse) {
      // Update in place, in one transaction: readers see the previous
      // revision until commit().
      Xapian::WritableDatabase db((root / current).string(), Xapian::DB_OPEN);
      w.reset(new IndexWriter(std::make_unique<Impl>(std::move(db), schema)));
      w->impl_->db.begin_transaction(true);
      w->impl_->in_txn = true;
    } else {
      char name[32];
      std::snprintf(name, sizeof name, "gen-%06d", next_generation(root));
      Xapian::WritableDatabase db((root / name).string(), Xapian::DB_CREATE_OR_OVERWRITE);
      w.reset(new IndexWriter(std::make_unique<Impl>(std::move(db), schema)));
      w->impl_->new_generation = name;
      w->impl_->db.set_metadata("casebase_format", format);
    }
    w->impl_->root = root.string();
    w->impl_->lock_fd = lock_fd;
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

Status IndexWriter::put(const Article& a) {
  try {
    auto& im = *impl_;
    const std::string case_term = filter_term(kCaseIdPrefix, a.id);
    // A new generation starts empty and the caller never puts an id twice.
    if (im.new_generation.empty()) im.db.delete_document(case_term);

    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [k, v] : a.fields) fields[k] = v;

    // The article document.
    Xapian::Document doc;
    im.tg.set_document(doc);
    im.set_language(a.language);
    im.tg.set_database(im.db);
    im.tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    for (const auto& f : im.schema.fields) {
      auto it = a.fields.find(f.key);
      if (it == a.fields.end() || f.kind == FieldKind::kDate || f.kind == FieldKind::kNumber) continue;
      for (const auto& v : it->second) im.index(v, f.weight, f.prefix);
    }
    if (a.fields.find("summary") == a.fields.end() || a.fields.at("summary").empty()) {
      if (const FieldSpec* sf = im.schema.field("summary")) im.index(a.summary, sf->weight, sf->prefix);
    }
    im.index(a.md.intro, im.schema.ranking.body_weight);
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : a.md.sections) {
      const SectionSpec* spec = s.name.empty() ? nullptr : im.schema.section(s.name);
      if (spec && !spec->item_type.empty() && !s.bullets.empty()) {
        // Bullets are the section's content; paragraphs after a list in
        // such sections are usually the story going on (see the seed).
        std::string bullets;
        for (const auto& b : s.bullets) bullets += b.text + "\n";
        im.index(bullets, spec->weight, spec->prefix);
        im.index(s.rest, im.schema.ranking.body_weight);
      } else if (spec) {
        im.index(s.text, spec->weight, spec->prefix);
      } else {
        im.index(s.heading, im.schema.ranking.body_weight + 1);
        im.index(s.text, im.schema.ranking.body_weight);
      }
      if (spec) sections.push_back({{"name", s.name}, {"heading", s.heading}, {"anchor", s.anchor}, {"text", s.text}});
    }
    im.tg.set_flags(0);
    doc.add_boolean_term(std::string(kIdPrefix) + a.id.substr(0, kMaxTermBytes));
    doc.add_boolean_term(std::string(kItemTypePrefix) + "article");
    doc.add_boolean_term(filter_term(kPathPrefix, a.path));
    im.add_metadata(doc, a, "");
    doc.add_value(kSlotState, a.id + "\t" + a.hash + "\t" + a.stamp);

    nlohmann::json items = nlohmann::json::array();
    for (const auto& it : a.items) items.push_back({{"type", it.type}, {"anchor", it.anchor}, {"text", it.text}});
    nlohmann::json data = {{"kind", "article"}, {"id", a.id},         {"path", a.path},   {"title", a.title},
                           {"summary", a.summary}, {"language", a.language}, {"type", a.type},
                           {"date", a.date},     {"fields", fields},   {"sections", sections},
                           {"items", items},     {"text", a.md.text},  {"html", a.md.html}};
    doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    im.db.add_document(doc);

    // One document per lesson / pro / con bullet, carrying the case's facets.
    for (const auto& it : a.items) {
      Xapian::Document idoc;
      im.tg.set_document(idoc);
      const SectionSpec* spec = im.schema.section(it.section);
      im.index(it.text, spec ? spec->weight : 1, spec ? spec->prefix : "");
      if (const FieldSpec* tf = im.schema.field("title")) im.index(a.title, 1, tf->prefix);
      std::string item_id = a.id + "#" + it.anchor;
      idoc.add_boolean_term(std::string(kIdPrefix) + item_id.substr(0, kMaxTermBytes));
      idoc.add_boolean_term(std::string(kItemTypePrefix) + it.type);
      im.add_metadata(idoc, a, it.type);
      nlohmann::json idata = {{"kind", "item"},     {"id", item_id},       {"case_id", a.id},
                              {"case_title", a.title}, {"anchor", it.anchor}, {"type", it.type},
                              {"section", it.section}, {"text", it.text},   {"language", a.language},
                              {"date", a.date},     {"fields", fields}};
      idoc.set_data(idata.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      im.db.add_document(idoc);
    }
    im.added(1 + a.items.size());
    return {};
  } catch (const Xapian::Error& e) {
    return Status::io("cannot index `" + a.path + "`: " + e.get_description());
  }
}

Status IndexWriter::remove(const std::string& id) {
  try {
    impl_->db.delete_document(filter_term(kCaseIdPrefix, id));
    return {};
  } catch (const Xapian::Error& e) {
    return Status::io("cannot remove `" + id + "`: " + e.get_description());
  }
}

Status IndexWriter::set_synonyms(const std::vector<std::vector<std::string>>& groups) {
  try {
    auto& db = impl_->db;
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) db.clear_synonyms(*k);
    auto words = [](const std::string& s) {
      std::vector<std::string> w;
      std::istringstream in(s);
      for (std::string x; in >> x;) w.push_back(x);
      return w;
    };
    for (const auto& group : groups) {
      for (const auto& a_raw : group) {
        std::string a = normalize_keyword(a_raw);
        auto aw = words(a);
        for (const auto& b_raw : group) {
          std::string b = normalize_keyword(b_raw);
          auto bw = words(b);
          if (a == b || bw.size() != 1) continue;  // a synonym value is one term
          for (const auto& [lang, stem] : impl_->stems) {
            if (aw.size() == 1) {
              db.add_synonym("Z" + stem(a), "Z" + stem(b));
              db.add_synonym(a, b);
            } else {
              db.add_synonym(a, "Z" + stem(b));
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
    if (im.in_txn) {
      im.db.commit_transaction();
      im.in_txn = false;
    }
    im.db.commit();
    im.db.close();
  } catch (const Xapian::Error& e) {
    return Status::io("commit failed, the previous index is unchanged: " + e.get_description());
  }
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

Result<std::vector<std::vector<std::string>>> load_synonyms(const std::string& path) {
  std::vector<std::vector<std::string>> out;
  try {
    YAML::Node root = YAML::LoadFile(path);
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
  } catch (const YAML::BadFile&) {
    return Status::io("cannot read `" + path + "`");
  } catch (const YAML::Exception& e) {
    return Status::content(e.msg, {path, e.mark.line + 1, e.mark.column + 1});
  }
  return out;
}

}  // namespace casebase
