// page_request: the search parameters of a page, feed or export, read
// leniently, and the page URL of a request (pagination, filter links).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "casebase/query.h"
#include "casebase/schema.h"
#include "casebase/status.h"

namespace casebase::serve {

// The two result-list pages: `/` (articles, scope selectable) and `/lessons`
// (lesson items, browsable by facet without a query).
enum class ListKind { kSearch, kLessons };

inline constexpr int kLessonsPerPage = 20;  // /lessons shows more per page than /
inline constexpr int kFacetSize = 100;      // values asked per facet for a page

// Search parameters read leniently, for pages, feeds and exports: unknown
// parameters (utm_source, …) are dropped, and a parameter with a bad value
// is dropped and named in `ignored`, so a link never breaks the page.
struct LenientRequest {
  SearchRequest req;
  std::vector<std::string> ignored;
};
// E.g. {{"q", "zon"}, {"page", "x"}, {"utm_source", "m"}} -> q "zon", ignored {"page"}.
// Errors: as parse_search_request, for an error no parameter can be blamed for.
Result<LenientRequest> parse_page_request(const std::vector<std::pair<std::string, std::string>>& params,
                                         const Schema& schema, const Limits& limits, ListKind kind);

// The page URL ("/?q=…" or "/lessons?…") of a request, without defaults.
// E.g. q "zon", page 2 on the lessons page -> "/lessons?q=zon&page=2".
std::string list_url(const SearchRequest& req, ListKind kind);

// The query string of a request for exports and feeds: every filter, no
// page or page size. E.g. q "zon", page 3 -> "q=zon".
std::string export_query(SearchRequest req);
// The filters of a request as "key=value" terms (values folded and
// lower-cased; "year_from=2020", "list=lessons"), for the search log.
std::vector<std::string> filter_terms(const SearchRequest& req, ListKind kind);

}  // namespace casebase::serve
