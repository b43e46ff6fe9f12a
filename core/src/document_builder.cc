#include <xapian.h>

#include <map>
#include <memory>
#include <unordered_map>

#include "casebase/compound.h"
#include "casebase/index_writer.h"
#include "casebase/language.h"
#include "casebase/stored.h"
#include "casebase/text.h"
#include "prepared_article.h"
#include "stemmer.h"

namespace casebase {

namespace {

StoredFields stored_fields_of(const Article& a) { return {a.fields.begin(), a.fields.end()}; }

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

}  // namespace

bool is_spelling_word(const std::string& term) {
  if (term.size() < 3) return false;
  unsigned char c0 = static_cast<unsigned char>(term[0]);
  return std::islower(c0) || c0 >= 0x80;
}

// Term generation for one thread: stemmers, stoppers and a TermGenerator.
struct DocumentBuilder::Impl {
  const Schema schema;  // a copy: the builder may outlive the caller's schema
  Xapian::TermGenerator tg;
  std::map<std::string, Xapian::Stem> stems;
  std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>> stoppers;

  explicit Impl(const Schema& s) : schema(s) {
    for (const auto& [lang, name] : schema.stemmers) {
      stems.emplace(lang, Xapian::Stem(new MemoStem(make_stemmer(schema, lang))));
      auto st = std::make_unique<Xapian::SimpleStopper>();
      for (const auto& w : stop_words(name)) st->add(w);
      stoppers.emplace(lang, std::move(st));
    }
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    tg.set_max_word_length(64);
  }

  void set_language(const std::string& lang) {
    // Dutch compounds also give their parts (compound.h).
    auto nl = stems.find("nl");
    part_stem = lang == "nl" && nl != stems.end() && !CompoundSplitter::dutch().empty() ? &nl->second : nullptr;
    auto it = stems.find(lang);
    stem = it != stems.end() ? it->second : Xapian::Stem("none");
    tg.set_stemmer(stem);
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
    index_word_forms(folded, weight);
  }

  // Terms beyond TermGenerator's, without positions, for the words of
  // `folded`:
  // - a hyphenated word also closed up: "pre-commercial" is found by
  //   "precommercial", "zero-emissie" by "zeroemissie" (unstemmed and
  //   stemmed);
  // - in Dutch text, the stemmed parts of each compound (compound.h), and
  //   the compounds that elliptic forms leave out: "leerlingen- en
  //   zwemvervoer" also says "leerlingenvervoer" (the whole word stemmed, as
  //   a query for it looks it up, and its parts).
  void index_word_forms(const std::string& folded, int weight) {
    Xapian::Document doc = tg.get_document();  // a handle on the same document
    const auto wdf = static_cast<Xapian::termcount>(weight);
    auto add = [&](const std::string& term) {
      if (term.size() <= kMaxTermBytes) doc.add_term(term, wdf);
    };
    for (const auto& w : compound_tokens(folded)) {
      const bool hyphen = w.find('-') != std::string::npos;
      if (hyphen) {
        std::string joined;
        for (char c : w) {
          if (c != '-') joined.push_back(c);
        }
        if (joined.size() >= 4 && joined.size() < kMaxTermBytes) {
          doc.add_term(joined, wdf);
          doc.add_term("Z" + stem(joined), wdf);
        }
      }
      if (part_stem && (hyphen || w.size() >= 7)) {
        for (const auto& t : part_terms(w)) add(t);
      }
    }
    if (!part_stem) return;
    for (const auto& w : elliptic_compounds(folded, CompoundSplitter::dutch())) {
      add("Z" + (*part_stem)(w));
      for (const auto& t : part_terms(w)) add(t);
    }
  }

  // The compound-part terms of a word, memoised: a corpus repeats its words.
  std::unordered_map<std::string, std::vector<std::string>> parts_memo;
  const std::vector<std::string>& part_terms(const std::string& w) {
    if (auto it = parts_memo.find(w); it != parts_memo.end()) return it->second;
    if (parts_memo.size() >= 200000) parts_memo.clear();
    std::vector<std::string> terms;
    for (const auto& part : CompoundSplitter::dutch().split(w)) terms.push_back(std::string(kCompoundPrefix) + (*part_stem)(part));
    return parts_memo.emplace(w, std::move(terms)).first->second;
  }

  Xapian::Stem stem{"none"};  // the current language's

  const Xapian::Stem* part_stem = nullptr;  // set for Dutch articles

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
    std::string inverted = a.date.empty() ? "~" : sortable_date(a.date);
    if (!a.date.empty()) {
      for (char& c : inverted) c = static_cast<char>('0' + '9' - c);
    }
    doc.add_value(kSlotBrowseNewest, inverted + std::string(1, '\0') + a.id);
    doc.add_value(kSlotBrowseOldest, (a.date.empty() ? "99999999" : sortable_date(a.date)) + std::string(1, '\0') + a.id);
  }

  // Indexes the article's texts into the current document: fields, intro
  // and sections (bullets of item sections weigh as the section). Returns
  // the named sections for the article view and snippets.
  std::vector<StoredSection> index_article_text(const Article& a);
  // The article's document (terms, values, stored data); adds the words of
  // its text to `spelling`.
  Xapian::Document article_document(const Article& a, std::vector<std::pair<std::string, Xapian::termcount>>& spelling);
  // The document of one lesson / pro / con bullet.
  Xapian::Document item_document(const Article& a, const Item& it);
};

PreparedArticle::PreparedArticle() = default;
PreparedArticle::~PreparedArticle() = default;
PreparedArticle::PreparedArticle(PreparedArticle&&) noexcept = default;
PreparedArticle& PreparedArticle::operator=(PreparedArticle&&) noexcept = default;

DocumentBuilder::DocumentBuilder(const Schema& schema) : impl_(std::make_unique<Impl>(schema)) {}
DocumentBuilder::~DocumentBuilder() = default;
const Schema& DocumentBuilder::schema() const { return impl_->schema; }

PreparedArticle DocumentBuilder::build(const Article& a) {
  auto& im = *impl_;
  PreparedArticle out;
  out.impl_ = std::make_unique<PreparedArticle::Impl>();
  auto& p = *out.impl_;
  p.id = a.id;
  p.path = a.path;
  p.docs.push_back(im.article_document(a, p.spelling));
  // One document per lesson / pro / con bullet, carrying the case's facets.
  for (const auto& it : a.items) p.docs.push_back(im.item_document(a, it));
  return out;
}

std::vector<StoredSection> DocumentBuilder::Impl::index_article_text(const Article& a) {
  auto& im = *this;
  for (const auto& f : im.schema.fields) {
    auto it = a.fields.find(f.key);
    if (it == a.fields.end() || f.kind == FieldKind::kDate || f.kind == FieldKind::kNumber) continue;
    for (const auto& v : it->second) im.index(v, f.weight, f.prefix);
    if (auto w = a.written.find(f.key); w != a.written.end()) {
      for (const auto& v : w->second) im.index(v, f.weight, f.prefix);
    }
  }
  if (a.fields.find("summary") == a.fields.end() || a.fields.at("summary").empty()) {
    if (const FieldSpec* sf = im.schema.field("summary")) im.index(a.summary, sf->weight, sf->prefix);
  }
  im.index(a.md.intro, im.schema.ranking.body_weight);
  std::vector<StoredSection> sections;
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
    if (spec) sections.push_back({s.name, s.heading, s.anchor, s.text});
  }
  return sections;
}

Xapian::Document DocumentBuilder::Impl::article_document(
    const Article& a, std::vector<std::pair<std::string, Xapian::termcount>>& spelling) {
  Xapian::Document doc;
  tg.set_document(doc);
  set_language(a.language);
  std::vector<StoredSection> sections = index_article_text(a);
  // Spelling data: the plain words of the article (not field copies, stems
  // or boolean terms), with their frequency.
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    if (is_spelling_word(term)) spelling.emplace_back(term, t.get_wdf());
  }
  doc.add_boolean_term(std::string(kIdPrefix) + a.id.substr(0, kMaxTermBytes));
  doc.add_boolean_term(std::string(kItemTypePrefix) + "article");
  doc.add_boolean_term(filter_term(kPathPrefix, a.path));
  add_metadata(doc, a, "");
  doc.add_value(kSlotState, a.id + "\t" + a.hash + "\t" + a.stamp);

  StoredArticle data{a.id, a.path, a.title, a.summary, a.language, a.type, a.date, stored_fields_of(a), {}};
  for (const auto& it : a.items) data.items.push_back({it.type, it.anchor, it.text});
  // The Markdown is stored, not its HTML: the article view renders it (a
  // fraction of a millisecond) and the index stays smaller.
  doc.set_data(encode_stored(data, {a.markdown, a.body_line, std::move(sections), a.md.text, a.front_matter}));
  doc.add_value(kSlotTitle, a.title);
  doc.add_value(kSlotIdTitle, a.id + std::string(1, '\0') + a.title);
  return doc;
}

Xapian::Document DocumentBuilder::Impl::item_document(const Article& a, const Item& it) {
  Xapian::Document idoc;
  tg.set_document(idoc);
  const SectionSpec* spec = schema.section(it.section);
  index(it.text, spec ? spec->weight : 1, spec ? spec->prefix : "");
  // The case title counts for `title:` queries on items, without positions
  // or unprefixed copies: they would repeat it in every item.
  if (const FieldSpec* tf = schema.field("title")) {
    tg.index_text_without_positions(fold_accents(a.title), 1, tf->prefix);
  }
  std::string item_id = a.id + "#" + it.anchor;
  idoc.add_boolean_term(std::string(kIdPrefix) + item_id.substr(0, kMaxTermBytes));
  idoc.add_boolean_term(std::string(kItemTypePrefix) + it.type);
  add_metadata(idoc, a, it.type);
  idoc.set_data(encode_stored(StoredItem{item_id, a.id, "", it.anchor, it.type, it.section, "", "", "", {}}));
  return idoc;
}

}  // namespace casebase
