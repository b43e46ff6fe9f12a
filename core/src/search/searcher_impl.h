// Private to the searcher: the state its calls share (database handles,
// per-revision caches, stop words), one member per stage that keeps state.
#pragma once

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
  search::Stoppers stoppers;          // read-only after construction
  std::set<std::string> all_stop;     // every language's stop words
};

}  // namespace casebase
