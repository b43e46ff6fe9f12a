#include "casebase/index_writer.h"

#include <xapian.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "casebase/language.h"
#include "casebase/text.h"

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

// Bumped whenever what the writer stores changes, so old indexes rebuild.
constexpr const char* kIndexFormat = "3";

// The schema's prefixes and slots: a changed schema means a rebuild.
std::string schema_fingerprint(const Schema& s) {
  std::string f;
  for (const auto& x : s.fields) f += x.key + "/" + x.prefix + "/" + std::to_string(x.slot) + "/" + std::to_string(x.weight) + ";";
  for (const auto& x : s.sections) f += x.name + "/" + x.prefix + "/" + std::to_string(x.weight) + ";";
  return content_hash(f);
}

}  // namespace

struct IndexWriter::Impl {
  Xapian::WritableDatabase db;
  const Schema& schema;
  Xapian::TermGenerator tg;
  std::map<std::string, Xapian::Stem> stems;
  std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>> stoppers;
  bool in_txn = false;

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
    if (!prefix.empty()) tg.index_text(folded, weight, prefix);
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

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& db_path, const Schema& schema, bool full) {
  try {
    Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OPEN);
    auto impl = std::make_unique<Impl>(std::move(db), schema);
    std::unique_ptr<IndexWriter> w(new IndexWriter(std::move(impl)));
    for (auto it = w->impl_->db.valuestream_begin(kSlotState); it != w->impl_->db.valuestream_end(kSlotState); ++it) {
      std::string v = *it;
      size_t tab = v.find('\t');
      if (tab != std::string::npos) w->existing_[v.substr(0, tab)] = v.substr(tab + 1);
    }
    // One transaction for the whole run: automatic flushes are suspended,
    // so readers see the previous revision until commit().
    w->impl_->db.begin_transaction(true);
    w->impl_->in_txn = true;
    // Documents written by another index format (or schema) are rebuilt.
    const std::string format = std::string(kIndexFormat) + ":" + schema_fingerprint(schema);
    if (w->impl_->db.get_metadata("casebase_format") != format) full = true;
    w->impl_->db.set_metadata("casebase_format", format);
    if (full) {
      for (const auto& [id, hash] : w->existing_) w->impl_->db.delete_document(filter_term(kCaseIdPrefix, id));
      w->existing_.clear();
    }
    return w;
  } catch (const Xapian::DatabaseLockError& e) {
    return Status::busy("another casebase-index is writing to `" + db_path + "`; wait for it to finish");
  } catch (const Xapian::Error& e) {
    return Status::io("cannot open index `" + db_path + "`: " + e.get_description());
  }
}

Status IndexWriter::put(const Article& a) {
  try {
    auto& im = *impl_;
    const std::string case_term = filter_term(kCaseIdPrefix, a.id);
    im.db.delete_document(case_term);

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
    doc.add_value(kSlotState, a.id + "\t" + a.hash);

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
  try {
    if (impl_->in_txn) {
      impl_->db.commit_transaction();
      impl_->in_txn = false;
    }
    impl_->db.commit();
    impl_->db.close();
    return {};
  } catch (const Xapian::Error& e) {
    return Status::io("commit failed, the previous index is unchanged: " + e.get_description());
  }
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
