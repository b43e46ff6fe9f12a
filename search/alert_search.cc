#include "alert_search.h"

#include <httplib.h>

#include <algorithm>
#include <set>

#include "page_request.h"
#include "views.h"

namespace casebase::serve {

namespace {

std::string label_of(const SearchRequest& r) {
  std::vector<std::string> parts;
  if (!r.q.empty()) parts.push_back("\xE2\x80\x9C" + r.q + "\xE2\x80\x9D");  // “q”
  for (const auto& [k, vs] : r.filters) parts.push_back(k + ": " + join(vs, ", "));
  if (r.year_from || r.year_to) {
    parts.push_back((r.year_from ? std::to_string(r.year_from) : "") + "\xE2\x80\x93" +  // –
                    (r.year_to ? std::to_string(r.year_to) : ""));
  }
  if (r.scope != Scope::kArticles) parts.push_back(to_string(r.scope));
  return parts.empty() ? "*" : join(parts, " \xC2\xB7 ");  // ·
}

SavedSearch saved_of(SearchRequest r) {
  r.page = 1;
  r.per_page = 10;
  SavedSearch s;
  s.query = export_query(r);
  s.label = label_of(r);
  s.req = std::move(r);
  return s;
}

}  // namespace

Result<SavedSearch> saved_search(const std::vector<std::pair<std::string, std::string>>& params, const Schema& schema,
                                 const Limits& limits) {
  auto r = parse_search_request(params, schema, limits);
  if (!r.ok()) return r.status();
  return saved_of(std::move(*r));
}

Result<SavedSearch> read_saved_search(const std::string& query, const Schema& schema, const Limits& limits) {
  auto r = parse_page_request(query_params(query), schema, limits, ListKind::kSearch);
  if (!r.ok()) return r.status();
  return saved_of(std::move(r->req));
}

std::vector<std::pair<std::string, std::string>> query_params(const std::string& query) {
  httplib::Params p;
  httplib::detail::parse_query_text(query, p);
  return {p.begin(), p.end()};
}

Result<AlertMatches> alert_matches(const Searcher& searcher, const SavedSearch& s, size_t max) {
  SearchRequest r = s.req;
  r.correct = false;
  r.sort = SortOrder::kNewest;
  r.per_page = searcher.limits().max_per_page;
  r.facet_size = 1;
  r.items = ItemsDetail::kNone;
  const std::string& byline = searcher.schema().byline;
  auto byline_of = [&](const StoredFields& f) {
    auto it = byline.empty() ? f.end() : f.find(byline);
    return it == f.end() ? std::string() : join(it->second, ", ");
  };
  AlertMatches out;
  std::set<std::string> seen;
  // Item hits (scope lessons, items, all) name their article again and
  // again: the pages read are bounded too, at four hits per article.
  const int pages = std::min(searcher.limits().max_page, static_cast<int>(4 * max / static_cast<size_t>(r.per_page)) + 1);
  for (r.page = 1; r.page <= pages; ++r.page) {
    auto resp = searcher.search(r);
    if (!resp.ok()) return resp.status();
    for (const auto& h : resp->hits) {
      AlertMatch m;
      if (const auto* a = std::get_if<StoredArticle>(&h.doc)) {
        m = {a->id, a->title, byline_of(a->fields)};
      } else if (const auto* i = std::get_if<StoredItem>(&h.doc)) {
        m = {i->case_id, i->case_title, byline_of(i->fields)};
      }
      if (m.id.empty() || !seen.insert(m.id).second) continue;
      if (out.articles.size() >= max) {
        out.complete = false;
        return out;
      }
      out.articles.push_back(std::move(m));
    }
    if (resp->hits.empty() || static_cast<size_t>(r.page) * static_cast<size_t>(r.per_page) >= resp->total) {
      return out;
    }
  }
  out.complete = false;
  return out;
}

std::vector<std::string> match_ids(const AlertMatches& m) {
  std::vector<std::string> out;
  out.reserve(m.articles.size());
  for (const auto& a : m.articles) out.push_back(a.id);
  return out;
}

}  // namespace casebase::serve
