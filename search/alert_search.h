// alert_search: a saved search (issue 17) in the search page's terms. A
// search is saved as its canonical query string, the one the search page
// links to (export_query: no page, no page size), so an alert means what
// the page showed; and it is run again the way the page runs it
// (parse_page_request), for every match's article id, to find the
// articles an index revision added.
//
// E.g. auto s = saved_search({{"q", "fiets"}, {"themes", "mobiliteit"}}, schema, limits);
//      s->query == "q=fiets&themes=mobiliteit"; s->label == "“fiets” · themes: mobiliteit"
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "casebase/query.h"
#include "casebase/searcher.h"
#include "casebase/status.h"

namespace casebase::serve {

// Matches an alert looks at, at most: the newest this many articles of its
// search. A search that matches more is cut (newest first, by the
// article's date), and an article added with an older date beyond the cut
// is not reported.
inline constexpr size_t kMaxAlertMatches = 2000;

struct SavedSearch {
  SearchRequest req;
  std::string query;  // canonical query string ("" for every article)
  std::string label;  // for people, from q, filters and years
};

// A search to save, from parameters as `GET /api/search` takes them, as
// strictly (an unknown parameter or a bad value is an error, kInvalidArgument
// naming it). Page and page size are dropped.
Result<SavedSearch> saved_search(const std::vector<std::pair<std::string, std::string>>& params, const Schema& schema,
                                 const Limits& limits);

// A saved query string read back as the search page reads its URL
// (leniently: a filter the schema no longer has is dropped).
Result<SavedSearch> read_saved_search(const std::string& query, const Schema& schema, const Limits& limits);

// The name=value pairs of a query string ("q=a%20b&x=1"), decoded.
std::vector<std::pair<std::string, std::string>> query_params(const std::string& query);

// One matching article, as an alert names it.
struct AlertMatch {
  std::string id;      // "cases/x"
  std::string title;
  std::string byline;  // the schema's byline field (the organisation), values joined by ", "
};
struct AlertMatches {
  std::vector<AlertMatch> articles;  // newest first, each article once
  bool complete = true;              // false: cut at kMaxAlertMatches
};

// Every article matching `s` now: its own hits, and for lesson or item hits
// their article. The words are searched as typed (no spelling
// correction: a saved search for a word no article has yet must not turn
// into another word's). Errors as Searcher::search.
Result<AlertMatches> alert_matches(const Searcher& searcher, const SavedSearch& s, size_t max = kMaxAlertMatches);

// The ids of `m`'s articles.
std::vector<std::string> match_ids(const AlertMatches& m);

}  // namespace casebase::serve
