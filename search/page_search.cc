// The search page (/) and the lessons page (/lessons): one page, two kinds.
#include "api.h"
#include "layout.h"
#include "pages.h"
#include "search_views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

// The results column: notices, count, "did you mean", active filters,
// hits, pagination, tips for zero results and the export/feed tools.
// `results` may already hold an error text for a query that cannot run.
void fill_results(json& results, const json& body, const LenientRequest& lr, ListKind kind, const Language& lang,
                  const Schema& schema) {
  const SearchRequest& req = lr.req;
  const size_t total = body.value("total", size_t{0});
  const size_t pages = body.value("pages", size_t{0});
  json notices = json::array();
  for (const auto& p : lr.ignored) notices.push_back(format(tr(lang, "ignored_param"), {{"param", p}}));
  results["notices"] = notices;
  results["count_text"] = results_count_text(req, total, pages, lang);

  json suggestion = false;
  if (body.contains("suggestion")) {
    SearchRequest c = req;
    c.q = body["suggestion"].value("q", "");
    c.page = 1;
    suggestion = {{"q", c.q}, {"url", list_url(c, kind)}};
  }
  results["suggestion"] = suggestion;
  // Results for the corrected words, and the way back to the words as typed.
  json corrected = false;
  if (body.contains("corrected")) {
    SearchRequest typed = req;
    typed.correct = false;
    typed.page = 1;
    corrected = {{"q", body["corrected"].value("q", "")},
                 {"from", body["corrected"].value("from", "")},
                 {"url", list_url(typed, kind)}};
  }
  results["corrected"] = corrected;
  results["or_fallback"] = body.value("or_fallback", false);
  // match=last: some results have every word, the rest follow.
  const size_t all = body.value("matched_all", total);
  results["some_note"] = all > 0 && all < total && !req.q.empty()
                             ? json(format(tr(lang, all == 1 ? "some_note_one" : "some_note"), {{"all", std::to_string(all)}, {"total", std::to_string(total)}}))
                             : json(false);

  const json active = active_filters_view(req, kind, lang, schema);
  results["active"] = active;
  results["has_active"] = !active.empty();

  json hits = json::array();
  for (const auto& h : body["hits"]) hits.push_back(hit_view(h, lang, schema));
  results["hits"] = hits;
  results["has_hits"] = !hits.empty();
  results["start"] = std::to_string((req.page - 1) * req.per_page + 1);
  results["pagination"] = hits.empty() ? json(false) : pagination_view(req, pages, kind, lang);
  if (hits.empty() && total > 0) {
    SearchRequest c = req;
    c.page = 1;
    results["out_of_range"] = {{"url", list_url(c, kind)}};
  }
  const bool empty = total == 0 && !results.contains("error");
  results["empty"] = empty ? json{{"tips", tips_view(req, kind, lang, suggestion, active)}} : json(false);

  const std::string eq = export_query(req);
  const std::string eqs = eq.empty() ? "" : "?" + eq;
  results["tools"] = total == 0 ? json(false)
                                : json{{"csv", "/export.csv" + eqs},
                                       {"json", "/export.json" + eqs},
                                       {"feed", kind == ListKind::kLessons ? "" : "/feed.atom" + eqs}};
}

Layout search_layout(const SearchRequest& req, ListKind kind, const Language& lang) {
  const bool lessons = kind == ListKind::kLessons;
  const std::string eq = export_query(req);
  Layout l;
  const char* title_key = lessons ? (req.q.empty() ? "title_lessons" : "title_lessons_q")
                                  : (req.q.empty() ? "title_search" : "title_search_q");
  l.title = format(tr(lang, title_key), {{"q", req.q}});
  l.current_url = list_url(req, kind);
  l.nav = lessons ? Nav::kLessons : Nav::kSearch;
  l.feed_href = lessons ? "" : "/feed.atom" + (eq.empty() ? "" : "?" + eq);
  l.body_class = lessons ? "page-lessons" : "page-search";
  return l;
}

}  // namespace

Page search_page(const Searcher& s, const Templates& tp, const PageRequest& pr, ListKind kind) {
  const Language& lang = *pr.lang;
  const Schema& schema = s.schema();
  auto lr = parse_page_request(pr.params, schema, s.limits(), kind);
  if (!lr.ok()) return status_page(tp, pr, lr.status());
  const SearchRequest& req = lr->req;
  const bool lessons = kind == ListKind::kLessons;

  int status = 200;
  json results = json::object();
  json body = {{"total", 0}, {"pages", 0}, {"hits", json::array()}, {"facets", json::object()}};
  auto resp = s.search(req);
  if (resp.ok()) {
    body = search_json(req, *resp);
  } else if (resp.status().kind() == ErrorKind::kInvalidArgument) {
    // The query cannot run (a wildcard matching too much): say so on the page.
    status = 400;
    bool wildcard = resp.status().message().find("wildcard") != std::string::npos;
    results["error"] = tr(lang, wildcard ? "error_wildcard" : "error_query");
  } else {
    return status_page(tp, pr, resp.status());
  }
  fill_results(results, body, *lr, kind, lang, schema);

  json view = {{"form", form_view(req, kind, lang)},
               {"heading", tr(lang, lessons ? "heading_lessons" : "heading_search")},
               {"intro", lessons ? tr(lang, "lessons_intro") : ""},
               {"kind", lessons ? "lessons" : "search"},
               {"facets", facets_view(body, req, kind, lang, schema)},
               {"results", results}};
  return html_page(tp, pr, search_layout(req, kind, lang), "search", view, status);
}

}  // namespace casebase::serve
