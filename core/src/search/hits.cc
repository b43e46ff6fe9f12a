#include "search/hits.h"

#include <map>

#include "search/snippets.h"
#include "stemmer.h"

namespace casebase::search {

namespace {

constexpr size_t kSectionSnippet = 200, kBodySnippet = 240;

// The first named section of the article, in article order, whose schema
// section has an item type and whose text matches.
void section_snippet(const Xapian::MSet& mset, const Schema& schema, const std::vector<StoredSection>& sections,
                     const Xapian::Stem& stem, const SnippetTerms& terms, Hit& h) {
  for (const auto& s : sections) {
    const SectionSpec* spec = schema.section(s.name);
    if (!spec || spec->item_type.empty()) continue;
    std::string sn = windowed_snippet(mset, s.text, kSectionSnippet, stem, terms);
    if (sn.empty()) continue;
    h.snippet = sn;
    h.snippet_section = s.name;
    return;
  }
}

// Stemmers for snippets by article language, memoising (see MemoStem).
class SnippetStems {
 public:
  explicit SnippetStems(const Schema& schema) : schema_(schema) {}
  const Xapian::Stem& operator()(const std::string& lang) {
    auto st = stems_.find(lang);
    if (st == stems_.end()) {
      const bool stems_lang = schema_.stemmers.count(lang) > 0;
      st = stems_.emplace(lang, stems_lang ? Xapian::Stem(new MemoStem(make_stemmer(schema_, lang))) : Xapian::Stem())
               .first;
    }
    return st->second;
  }

 private:
  const Schema& schema_;
  std::map<std::string, Xapian::Stem> stems_;
};

}  // namespace

StoredFields hit_fields(const Schema& schema, const StoredFields& fields) {
  StoredFields out;
  for (const auto& f : schema.fields) {
    if (!f.hit) continue;
    auto it = fields.find(f.key);
    out[f.key] = it != fields.end() ? it->second : std::vector<std::string>{};
  }
  return out;
}

std::vector<Hit> make_hits(Xapian::Database& db, const Xapian::MSet& mset, const Schema& schema,
                           const Xapian::Query* text, double bonus, const std::set<std::string>* stop) {
  std::vector<Hit> out;
  std::map<std::string, StoredArticle> cases;  // of the item hits, each read once
  auto case_of = [&](const std::string& id) -> const StoredArticle& {
    auto c = cases.find(id);
    if (c != cases.end()) return c->second;
    StoredArticle a;
    const std::string qterm = std::string(kIdPrefix) + id;
    if (Xapian::PostingIterator p = db.postlist_begin(qterm); p != db.postlist_end(qterm)) {
      if (auto d = decode_stored(db.get_document(*p).get_data()); d.ok() && std::holds_alternative<StoredArticle>(*d)) {
        a = std::get<StoredArticle>(std::move(*d));
      }
    }
    return cases.emplace(id, std::move(a)).first->second;
  };
  SnippetStems stems(schema);
  SnippetTerms terms;
  if (text) terms = {snippet_needles(*text), snippet_forms(*text)};
  if (stop) {
    for (const auto& w : *stop) terms.forms.erase(w);
  }
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Hit h;
    Xapian::Document doc = it.get_document();
    const std::string data = doc.get_data();
    if (auto d = decode_stored(data); d.ok()) h.doc = std::move(*d);
    if (auto* i = std::get_if<StoredItem>(&h.doc)) complete_item(*i, case_of(i->case_id));
    h.score = it.get_weight();
    if (bonus > 0 && h.score >= bonus) h.score -= bonus;
    h.hit_fields = hit_fields(schema, stored_fields(h.doc));
    const auto* item = std::get_if<StoredItem>(&h.doc);
    const std::string& summary = item ? item->text : std::get<StoredArticle>(h.doc).summary;
    if (!text) {
      h.snippet = browse_snippet(summary);
      out.push_back(std::move(h));
      continue;
    }
    const Xapian::Stem& stem = stems(stored_language(h.doc));
    // An article's body (text and sections) is in its data after the
    // article; an item is its own text.
    StoredBody body;
    if (!item) {
      if (auto b = decode_body(data, false); b.ok()) body = std::move(*b);
      section_snippet(mset, schema, body.sections, stem, terms, h);
      const auto& items = std::get<StoredArticle>(h.doc).items;
      for (size_t i = 0; i < items.size(); ++i) {
        if (mentions(items[i].text, terms.forms, stem)) h.matching_items.push_back(i);
      }
    } else {
      body.text = item->text;
    }
    if (h.snippet.empty()) {
      std::string sn = windowed_snippet(mset, body.text, kBodySnippet, stem, terms);
      if (sn.empty()) {
        sn = mset.snippet(summary, kBodySnippet, stem, 0, "<mark>", "</mark>", "…");
        if (sn.find("<mark>") == std::string::npos) sn = mark_words(sn, terms.forms, stem);
      }
      h.snippet = sn;
    }
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace casebase::search
