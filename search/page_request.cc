#include "page_request.h"

#include "casebase/text.h"

#include <algorithm>
#include <set>

namespace casebase::serve {

Result<LenientRequest> parse_page_request(const std::vector<std::pair<std::string, std::string>>& params,
                                         const Schema& schema, const Limits& limits, ListKind kind) {
  static const std::set<std::string> kNames = {"q", "page", "per_page", "from", "to", "sort", "scope", "match", "correct"};
  std::vector<std::pair<std::string, std::string>> kept;
  bool per_page_given = false;
  for (const auto& [k, v] : params) {
    if (!kNames.count(k) && !schema.facet_by_api_key(k)) continue;
    if (kind == ListKind::kLessons && k == "scope") continue;
    per_page_given |= k == "per_page";
    kept.emplace_back(k, v);
  }
  LenientRequest out;
  for (int attempt = 0;; ++attempt) {
    auto r = parse_search_request(kept, schema, limits);
    if (r.ok()) {
      out.req = *r;
      break;
    }
    const std::string param = r.status().param();
    const size_t before = kept.size();
    if (r.status().kind() == ErrorKind::kInvalidArgument && !param.empty() && attempt < 32) {
      std::erase_if(kept, [&](const auto& kv) { return kv.first == param; });
    }
    if (kept.size() == before) return r.status();
    if (std::find(out.ignored.begin(), out.ignored.end(), param) == out.ignored.end()) out.ignored.push_back(param);
    if (param == "per_page") per_page_given = false;
  }
  if (kind == ListKind::kLessons) {
    out.req.scope = Scope::kLessons;
    if (!per_page_given) out.req.per_page = kLessonsPerPage;
  }
  out.req.facet_size = kFacetSize;
  return out;
}

std::string list_url(const SearchRequest& req, ListKind kind) {
  SearchRequest r = req;
  std::string path = "/";
  if (kind == ListKind::kLessons) {
    path = "/lessons";
    r.scope = Scope::kArticles;  // implied by the page
    if (r.per_page == kLessonsPerPage) r.per_page = 10;
  }
  std::string qs = to_query_string(r);
  // The lessons page's own default is 20: 10 must be said.
  if (kind == ListKind::kLessons && req.per_page == 10) qs += std::string(qs.empty() ? "" : "&") + "per_page=10";
  return qs.empty() ? path : path + "?" + qs;
}

std::string export_query(SearchRequest r) {
  r.page = 1;
  r.per_page = 10;
  return to_query_string(r);
}

std::vector<std::string> filter_terms(const SearchRequest& req, ListKind kind) {
  std::vector<std::string> out;
  for (const auto& [key, values] : req.filters) {
    for (const auto& v : values) out.push_back(key + "=" + normalize_keyword(v));
  }
  if (req.year_from > 0) out.push_back("year_from=" + std::to_string(req.year_from));
  if (req.year_to > 0) out.push_back("year_to=" + std::to_string(req.year_to));
  if (kind == ListKind::kLessons) out.push_back("list=lessons");
  if (req.scope != Scope::kArticles) out.push_back(std::string("scope=") + to_string(req.scope));
  return out;
}

}  // namespace casebase::serve
