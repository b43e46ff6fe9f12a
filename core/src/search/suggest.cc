#include "search/suggest.h"

#include <algorithm>
#include <functional>
#include <set>

#include "casebase/stored.h"
#include "casebase/text.h"
#include "search/db_pool.h"
#include "search/query_words.h"

namespace casebase::search {

namespace {

void index_title_words(SuggestCache& c, uint32_t idx) {
  const std::string& f = c.folded[idx];
  for (size_t i = 0; i < f.size();) {
    if (!is_word_byte(static_cast<unsigned char>(f[i]))) {
      ++i;
      continue;
    }
    size_t e = i;
    while (e < f.size() && is_word_byte(static_cast<unsigned char>(f[e]))) ++e;
    c.words.emplace_back(f.substr(i, e - i), idx);
    i = e;
  }
}

// True when a word of `hay` starts with `prefix`.
bool word_prefix(const std::string& hay, const std::string& prefix) {
  size_t pos = hay.find(prefix);
  while (pos != std::string::npos) {
    if (pos == 0 || !std::isalnum(static_cast<unsigned char>(hay[pos - 1]))) return true;
    pos = hay.find(prefix, pos + 1);
  }
  return false;
}

// Frequent index words completing the last word of `prefix`: of the
// first 2000 words (in byte order) that complete it, the most frequent.
void complete_last_word(const SuggestCache& cache, const std::string& prefix, size_t n, std::vector<Suggestion>& out) {
  size_t sp = prefix.rfind(' ');
  std::string head = sp == std::string::npos ? "" : prefix.substr(0, sp + 1);
  std::string last = sp == std::string::npos ? prefix : prefix.substr(sp + 1);
  if (last.size() < 2) return;
  std::vector<std::pair<Xapian::doccount, std::string>> terms;
  size_t scanned = 0;
  for (auto t = std::lower_bound(cache.terms.begin(), cache.terms.end(), std::make_pair(last, Xapian::doccount{0}));
       t != cache.terms.end() && t->first.compare(0, last.size(), last) == 0 && scanned < 2000; ++t, ++scanned) {
    terms.emplace_back(t->second, t->first);
  }
  std::sort(terms.begin(), terms.end(), std::greater<>());
  for (const auto& [freq, term] : terms) {
    if (out.size() >= n) break;
    if (term == last) continue;
    out.push_back({head + term, "term", "", ""});
  }
}

}  // namespace

std::shared_ptr<const SuggestCache> build_suggest_cache(Xapian::Database& db, const Schema& schema,
                                                        const FacetCache& facets) {
  auto c = std::make_shared<SuggestCache>();
  c->version = index_version(db);
  // Titles from their value stream (article documents only carry one),
  // ids from the case-id stream, walked side by side in docid order, then
  // put in id order: the same whatever the docids (one database or shards).
  std::vector<std::pair<std::string, std::string>> titles;  // (id, title)
  if (facets.sharded) {
    // One counting match: a value stream through the remote protocol
    // would cost a round trip per document.
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query(std::string(kItemTypePrefix) + "article"));
    e.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy spy(kSlotIdTitle);
    e.add_matchspy(&spy);
    e.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
      const std::string pair = *v;
      const size_t nul = pair.find('\0');
      if (nul != std::string::npos) titles.emplace_back(pair.substr(0, nul), pair.substr(nul + 1));
    }
  } else {
    Xapian::ValueIterator id = db.valuestream_begin(kSlotCaseId);
    for (auto t = db.valuestream_begin(kSlotTitle); t != db.valuestream_end(kSlotTitle); ++t) {
      if (id == db.valuestream_end(kSlotCaseId)) break;
      if (id.get_docid() < t.get_docid()) id.skip_to(t.get_docid());
      if (id == db.valuestream_end(kSlotCaseId) || id.get_docid() != t.get_docid()) continue;
      titles.emplace_back(*id, *t);
    }
  }
  std::sort(titles.begin(), titles.end());
  for (auto& [article, title] : titles) {
    const auto idx = static_cast<uint32_t>(c->folded.size());
    c->folded.push_back(normalize_keyword(title));
    c->display.push_back(std::move(title));
    c->ids.push_back(std::move(article));
    index_title_words(*c, idx);
  }
  std::sort(c->words.begin(), c->words.end());
  for (const FieldSpec* f : schema.facets()) {
    if (f->kind != FieldKind::kKeyword) continue;
    auto sc = facets.slots.find(static_cast<Xapian::valueno>(f->slot));
    if (sc == facets.slots.end()) continue;
    // The most used values first, then alphabetically: one order whatever
    // the docids (one database or shards).
    const std::vector<size_t>& uses = sc->second.uses;
    std::vector<std::tuple<size_t, std::string, std::string>> values;  // (-uses, folded, display)
    for (size_t i = 0; i < sc->second.names.size(); ++i) {
      values.emplace_back(static_cast<size_t>(-static_cast<std::ptrdiff_t>(uses[i])),
                          normalize_keyword(sc->second.names[i]), sc->second.names[i]);
    }
    std::sort(values.begin(), values.end());
    for (auto& [u, folded, display] : values) c->facet_values.emplace_back(std::move(folded), std::move(display), f->key);
  }
  // Unprefixed terms start with a digit, a lower-case letter or a UTF-8
  // lead byte (prefixes are upper case): those ranges only, in byte order.
  for (int b = '0'; b <= 0xff; ++b) {
    if ((b > '9' && b < 'a') || (b > 'z' && b < 0x80)) continue;
    const std::string first(1, static_cast<char>(b));
    for (auto t = db.allterms_begin(first); t != db.allterms_end(first); ++t) c->terms.emplace_back(*t, t.get_termfreq());
  }
  return c;
}

std::shared_ptr<const SuggestCache> current_suggest(SuggestCacheHolder& h, FacetCacheHolder& facets,
                                                    Xapian::Database& db, const Schema& schema) {
  const std::string version = index_version(db);
  std::shared_ptr<const SuggestCache> cur;
  {
    std::lock_guard<std::mutex> g(h.mu);
    cur = h.cache;
    if (cur && cur->version == version) return cur;
    if (!cur) {
      h.cache = build_suggest_cache(db, schema, *current_facets(facets, db, schema));
      return h.cache;
    }
    if (h.building) return cur;
    h.building = true;
  }
  std::shared_ptr<const SuggestCache> fresh;
  try {
    fresh = build_suggest_cache(db, schema, *current_facets(facets, db, schema));
  } catch (...) {
    std::lock_guard<std::mutex> g(h.mu);
    h.building = false;
    throw;
  }
  std::lock_guard<std::mutex> g(h.mu);
  h.cache = fresh;
  h.building = false;
  return fresh;
}

std::vector<Suggestion> complete(const SuggestCache& cache, const std::string& prefix, size_t n) {
  std::vector<Suggestion> out;
  for (const auto& [folded, display, facet] : cache.facet_values) {
    if (out.size() >= n / 2) break;
    if (word_prefix(folded, prefix)) out.push_back({display, "facet", facet, ""});
  }
  // Titles with a word starting like the input's first word, then checked
  // for the whole input; a bounded number of index entries is looked at.
  const std::string first = prefix.substr(0, prefix.find(' '));
  std::set<uint32_t> taken;
  size_t looked = 0;
  for (auto w = std::lower_bound(cache.words.begin(), cache.words.end(), std::make_pair(first, uint32_t{0}));
       w != cache.words.end() && w->first.compare(0, first.size(), first) == 0 && out.size() < n - n / 4 &&
       looked < 5000;
       ++w, ++looked) {
    if (taken.count(w->second) || !word_prefix(cache.folded[w->second], prefix)) continue;
    taken.insert(w->second);
    out.push_back({cache.display[w->second], "title", "", cache.ids[w->second]});
  }
  complete_last_word(cache, prefix, n, out);
  return out;
}

}  // namespace casebase::search
