// query: SearchRequest, validated from HTTP query parameters against the
// schema and the request limits. No Xapian here: the searcher turns a valid
// request into a Xapian query. Every rejection names the parameter at fault.
#pragma once

#include <map>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "casebase/schema.h"
#include "casebase/status.h"

namespace casebase {

enum class SortOrder { kRelevance, kNewest, kOldest };
enum class Scope { kArticles, kLessons, kItems, kAll };  // items = lessons + pros + cons

// The URL names of the enums: "relevance", "newest", "oldest"; "articles",
// "lessons", "items", "all". parse_* returns nullopt for any other text.
const char* to_string(SortOrder s);
const char* to_string(Scope s);
std::optional<SortOrder> parse_sort(std::string_view name);
std::optional<Scope> parse_scope(std::string_view name);

struct Limits {
  size_t max_query_bytes = 1024;
  size_t max_query_terms = 48;
  int max_page = 1000;
  int max_per_page = 100;
  size_t max_filter_values = 64;  // all facet parameters together
  int max_facet_size = 200;
  unsigned max_wildcard_expansion = 200;
};

enum class MatchMode { kLast, kAll, kAny };

// `items=`: which lessons, pros and cons an article hit lists. matching
// (the default): those with a word of the query (none when browsing);
// all: every one; none.
enum class ItemsDetail { kMatching, kAll, kNone };

struct SearchRequest {
  std::string q;
  // facet API key -> selected values (as given; matched case- and accent-insensitively)
  std::map<std::string, std::vector<std::string>> filters;
  int year_from = 0;  // 0 = open
  int year_to = 0;
  int page = 1;
  int per_page = 10;
  SortOrder sort = SortOrder::kRelevance;
  Scope scope = Scope::kArticles;
  int facet_size = 10;
  bool or_fallback = true;
  // `match=`: last (the default): articles with every word first, then
  // those with some of them; all: every word (any word only when no
  // article has all, see or_fallback); any: ranked retrieval over any word.
  MatchMode match = MatchMode::kLast;
  bool prf = false;        // pseudo-relevance feedback: expand with the top results' terms
  // `correct=0` searches the words as typed; by default unknown words are
  // corrected when the correction finds more (SearchResponse::corrected_from).
  bool correct = true;
  ItemsDetail items = ItemsDetail::kMatching;
};

// Validates parameters (name, value pairs in request order). Errors are
// kInvalidArgument with param() set: unknown parameter/facet, bad number,
// page or per_page out of range, q too long or not UTF-8, too many filters.
Result<SearchRequest> parse_search_request(const std::vector<std::pair<std::string, std::string>>& params,
                                           const Schema& schema, const Limits& limits);

// Inverse of parse: the query string for a request (for "did you mean" and
// pagination links), parameters in a stable order.
std::string to_query_string(const SearchRequest& req);
// The same parameters as (name, value) pairs, unencoded (a form's hidden fields).
std::vector<std::pair<std::string, std::string>> to_params(const SearchRequest& req);

// Percent-encodes a query-string component.
std::string url_encode(const std::string& s);

}  // namespace casebase
