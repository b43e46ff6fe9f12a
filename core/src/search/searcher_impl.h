// Private to the searcher: the state its calls share (database handles,
// per-revision caches, stop words), one member per stage that keeps state.
#pragma once

#include <semaphore>
#include <set>
#include <string>

#include "casebase/searcher.h"
#include "search/db_pool.h"
#include "search/facets.h"
#include "search/parse_text.h"
#include "search/suggest.h"

namespace casebase {

struct Searcher::Impl {
  search::DbPool pool;
  search::FacetCacheHolder facets;    // for the newest revision seen
  search::SuggestCacheHolder suggest;  // ditto; see current_suggest
  search::Stoppers stoppers;          // per language, each with every language's stop words; read-only
  std::set<std::string> all_stop;     // every language's stop words
  // Rendering a large body costs tens of MB for a moment (cmark's tree);
  // at most this many render at once, so concurrent views of the largest
  // articles cannot add up (docs/SECURITY.md, bench/article_cost).
  static constexpr size_t kLargeBody = 64 * 1024;
  std::counting_semaphore<2> large_renders{2};
};

}  // namespace casebase
