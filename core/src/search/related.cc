#include "search/related.h"

#include <algorithm>
#include <map>

#include "casebase/stored.h"
#include "search/feedback.h"
#include "search/filters.h"
#include "stemmer.h"

namespace casebase::search {

namespace {

constexpr size_t kMaxSharedTerms = 8;

std::vector<std::string> values_of(const StoredFields& fields, const std::string& key) {
  auto it = fields.find(key);
  return it != fields.end() ? it->second : std::vector<std::string>{};
}

// Reasons are shown to people: a stem ("meen") reads as the article's own
// most frequent word with that stem ("gemeente"), as indexed (accent-folded).
std::map<std::string, std::string> words_by_stem(const Xapian::Database& db, Xapian::docid did, const Schema& schema,
                                                 const std::string& lang) {
  std::map<std::string, std::pair<std::string, Xapian::termcount>> best;
  if (schema.stemmers.count(lang)) {
    Xapian::Stem stem = make_stemmer(schema, lang);
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
      const std::string w = *t;
      if (w.empty() || !std::islower(static_cast<unsigned char>(w[0]))) continue;
      auto& b = best[stem(w)];
      if (t.get_wdf() > b.second) b = {w, t.get_wdf()};
    }
  }
  std::map<std::string, std::string> out;
  for (const auto& [s, w] : best) out[s] = w.first;
  return out;
}

// The article's telling words and related facet values, ORed; other
// articles only, filtered like `filter`.
Result<Xapian::Query> related_query(Xapian::Enquire& enq, Xapian::docid did, const StoredArticle& self,
                                    const Schema& schema, const std::set<std::string>& stop,
                                    const SearchRequest& filter) {
  Xapian::RSet rset;
  rset.add_document(did);
  WordDecider decider(stop);
  Xapian::ESet eset = enq.get_eset(24, rset, &decider);
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
  for (const FieldSpec* f : schema.facets()) {
    if (f->kind != FieldKind::kKeyword || !f->related) continue;
    for (const auto& v : values_of(self.fields, f->key)) terms.emplace_back(filter_term(f->filter_prefix(), v));
  }
  Xapian::Query q(Xapian::Query::OP_OR, terms.begin(), terms.end());
  q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(filter_term(kCaseIdPrefix, self.id)));
  q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(std::string(kItemTypePrefix) + "article"));
  for (const auto& [key, values] : filter.filters) {
    auto fq = facet_filter(schema, key, values);
    if (!fq.ok()) return fq.status();
    q = Xapian::Query(Xapian::Query::OP_FILTER, q, *fq);
  }
  return q;
}

void add_reasons(const Xapian::Enquire& enq, const Xapian::MSetIterator& it, const Schema& schema,
                 const StoredArticle& self, const std::map<std::string, std::string>& word_of_stem, RelatedHit& r) {
  for (auto t = enq.get_matching_terms_begin(it); t != enq.get_matching_terms_end(it); ++t) {
    std::string term = *t;
    if (!term.empty() && term[0] == 'Z') {
      auto w = word_of_stem.find(term.substr(1));
      r.shared_terms.push_back(w != word_of_stem.end() ? w->second : term.substr(1));
    } else if (!term.empty() && std::islower(static_cast<unsigned char>(term[0]))) {
      r.shared_terms.push_back(term);
    }
  }
  for (const FieldSpec* f : schema.facets()) {
    if (f->kind != FieldKind::kKeyword || !f->related) continue;
    auto theirs = values_of(r.article.fields, f->key);
    for (const auto& v : values_of(self.fields, f->key)) {
      if (std::find(theirs.begin(), theirs.end(), v) != theirs.end()) r.shared_facets.emplace_back(f->key, v);
    }
  }
  std::sort(r.shared_terms.begin(), r.shared_terms.end());
  r.shared_terms.erase(std::unique(r.shared_terms.begin(), r.shared_terms.end()), r.shared_terms.end());
  if (r.shared_terms.size() > kMaxSharedTerms) r.shared_terms.resize(kMaxSharedTerms);
}

}  // namespace

Result<std::vector<RelatedHit>> related_articles(Xapian::Database& db, const Schema& schema,
                                                 const std::set<std::string>& stop, const std::string& id,
                                                 const SearchRequest& filter, size_t n) {
  const std::string qterm = std::string(kIdPrefix) + id;
  Xapian::PostingIterator p = db.postlist_begin(qterm);
  if (p == db.postlist_end(qterm)) return Status::not_found("no article `" + id + "`");
  const Xapian::docid did = *p;
  StoredArticle self;
  if (auto d = decode_stored(db.get_document(did).get_data()); d.ok()) {
    if (auto* a = std::get_if<StoredArticle>(&*d)) self = std::move(*a);
  }
  self.id = id;  // the id asked for, as the query excludes it
  Xapian::Enquire enq(db);
  enq.set_query(Xapian::Query(qterm));
  auto q = related_query(enq, did, self, schema, stop, filter);
  if (!q.ok()) return q.status();
  const auto word_of_stem = words_by_stem(db, did, schema, self.language);
  enq.set_query(*q);
  Xapian::MSet mset = enq.get_mset(0, static_cast<Xapian::doccount>(n));
  std::vector<RelatedHit> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto d = decode_stored(it.get_document().get_data());
    if (!d.ok() || !std::holds_alternative<StoredArticle>(*d)) continue;
    RelatedHit r;
    r.article = std::get<StoredArticle>(std::move(*d));
    add_reasons(enq, it, schema, self, word_of_stem, r);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace casebase::search
