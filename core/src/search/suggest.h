// suggest: autocomplete. SuggestCache holds, per index revision, the
// article titles with a sorted index of their words (a prefix is a binary
// search, not a scan of every title), the facet values and the index's
// unprefixed words with their frequencies; complete() answers a prefix with
// facet values, then titles, then frequent words, without reading the
// index (walking its term list took most of a request at 100k articles).
//
// E.g. complete(cache, db, "energ", 8) may give {"energie" (facet themes),
// "Energie uit de wijk" (title), "energietransitie" (term)}.
#pragma once

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "casebase/schema.h"
#include "casebase/searcher.h"
#include "search/facets.h"

namespace casebase::search {

struct SuggestCache {
  std::string version;  // index_version() of the index it was read from
  std::vector<std::string> folded;   // normalize_keyword(title)
  std::vector<std::string> display;  // the title as written
  std::vector<std::string> ids;
  std::vector<std::pair<std::string, uint32_t>> words;  // (word of a folded title, title index), sorted
  std::vector<std::tuple<std::string, std::string, std::string>> facet_values;  // (folded, display, facet key)
  std::vector<std::pair<std::string, Xapian::doccount>> terms;  // (unprefixed index word, documents), sorted
};

// Reads every article's title, the keyword facets' values and the index's words.
std::shared_ptr<const SuggestCache> build_suggest_cache(Xapian::Database& db, const Schema& schema,
                                                        const FacetCache& facets);

// The autocomplete data of the newest revision seen, shared by the searcher's calls.
struct SuggestCacheHolder {
  std::mutex mu;
  std::shared_ptr<const SuggestCache> cache;
  bool building = false;
};

// The autocomplete data of the revision `db` shows. The first call builds
// it (others wait); after a new revision one request rebuilds it while the
// others answer from the previous revision's data.
std::shared_ptr<const SuggestCache> current_suggest(SuggestCacheHolder& h, FacetCacheHolder& facets,
                                                    Xapian::Database& db, const Schema& schema);

// Up to `n` completions of `prefix` (normalize_keyword'ed, not empty): at
// most n/2 facet values, titles with a word starting like the prefix (up to
// 3n/4 in all), then frequent index words completing its last word.
std::vector<Suggestion> complete(const SuggestCache& cache, const std::string& prefix, size_t n);

}  // namespace casebase::search
