// The search page (/) and the lessons page (/lessons): one page, two kinds.
#include <algorithm>
#include <set>

#include "api.h"
#include "casebase/compound.h"
#include "casebase/text.h"
#include "layout.h"
#include "pages.h"
#include "search_views.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

constexpr size_t kRelatedThemes = 4;

// A word and, for a Dutch compound, its parts: "energiebesparing" gives
// energiebesparing, energie, besparing. Lower case, accents folded.
std::vector<std::string> word_forms(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& w : compound_tokens(fold_accents(text))) {
    out.push_back(w);
    for (const auto& p : CompoundSplitter::dutch().split(w)) out.push_back(p);
  }
  return out;
}

// Two word forms are related when one is the other's start and the
// shorter has four letters at least (energie, energietransitie).
bool related_forms(const std::string& a, const std::string& b) {
  const std::string& shorter = a.size() <= b.size() ? a : b;
  const std::string& longer = a.size() <= b.size() ? b : a;
  return shorter.size() >= 4 && longer.compare(0, shorter.size(), shorter) == 0;
}

// Zero results: themes to go on with, as tips. First the themes of what the
// words find without filters, years or all-words, in the same scope (each
// a search for the words in that theme); when the words find nothing anywhere, the themes
// whose name, alias or label shares a word with the query (each a browse).
nlohmann::json related_theme_tips(const Searcher& s, const SearchRequest& req, ListKind kind, const Language& lang) {
  json tips = json::array();
  const FieldSpec* theme = theme_field(s.schema());
  if (!theme || req.q.empty()) return tips;
  SearchRequest wide;
  wide.q = req.q;
  wide.scope = req.scope;
  wide.match = MatchMode::kAny;
  wide.per_page = 1;
  auto facet_values = [&](const SearchRequest& r) {
    std::vector<FacetValue> out;
    auto resp = s.search(r);
    if (!resp.ok() || resp->total == 0) return out;
    for (const auto& f : resp->facets) {
      if (f.key == theme->key) out = f.values;
    }
    return out;
  };
  for (const auto& v : facet_values(wide)) {
    if (tips.size() >= kRelatedThemes || v.count == 0) break;
    SearchRequest c;
    c.q = req.q;
    c.scope = req.scope;
    c.filters[theme->key] = {v.value};
    tips.push_back(tip(format(tr(lang, "tip_theme_q"), {{"theme", value_label(s.schema(), lang, theme->key, v.value)},
                                                        {"count", std::to_string(v.count)}}),
                       list_url(c, kind)));
  }
  if (!tips.empty()) return tips;
  SearchRequest browse;
  browse.per_page = 1;
  browse.facet_size = s.limits().max_facet_size;
  const std::vector<std::string> words = word_forms(req.q);
  for (const auto& v : facet_values(browse)) {
    if (tips.size() >= kRelatedThemes) break;
    std::vector<std::string> names = {v.value};
    for (const auto& a : theme->allowed) {
      if (normalize_keyword(a.value) != normalize_keyword(v.value)) continue;
      names.insert(names.end(), a.aliases.begin(), a.aliases.end());
      for (const auto& [l, label] : a.labels) names.push_back(label);
    }
    bool related = false;
    for (const auto& name : names) {
      for (const auto& t : word_forms(name)) {
        related = related || std::any_of(words.begin(), words.end(), [&](const std::string& w) { return related_forms(w, t); });
      }
    }
    if (!related) continue;
    SearchRequest c;
    c.filters[theme->key] = {v.value};
    tips.push_back(tip(format(tr(lang, "tip_theme"), {{"theme", value_label(s.schema(), lang, theme->key, v.value)},
                                                      {"count", std::to_string(v.count)}}),
                       list_url(c, kind)));
  }
  return tips;
}

constexpr size_t kFacetSearchValues = 200;  // values a facet search shows at most
constexpr size_t kFacetSearchBytes = 100;   // the longest facet search text kept

// The text typed into facet `key`'s search box without JavaScript
// (`fq.KEY`), trimmed; empty when none.
std::string facet_query(const PageRequest& pr, const std::string& key) {
  for (const auto& [k, v] : pr.params) {
    if (k != "fq." + key) continue;
    std::string t = trim(v);
    if (t.size() > kFacetSearchBytes || !is_valid_utf8(t)) return "";
    return t;
  }
  return "";
}

// A facet with more values than pr.facet_search_min gets a search box: a
// small GET form of its own that carries the page's search along (hidden
// fields) and narrows the facet's list on the server (`fq.KEY`), so it
// works without JavaScript; app.js narrows as you type with
// GET /api/facet-values instead. A ticked value stays in the list even when
// it does not match, or applying the filters would drop it.
// `counted` is the search the facets were counted in (`req` without its
// words when those found nothing), `body` its response.
void add_facet_search(json& facets, const json& body, const Searcher& s, const SearchRequest& req,
                      const SearchRequest& counted_req, const PageRequest& pr, ListKind kind, const Language& lang) {
  if (!facets.contains("groups")) return;
  const json counted = body.value("facets", json::object());
  SearchRequest first = req;
  first.page = 1;
  json hidden = json::array();
  for (const auto& [k, v] : to_params(first)) hidden.push_back({{"name", k}, {"value", v}});
  for (auto& g : facets["groups"]) {
    const std::string key = g.value("key", "");
    auto it = counted.find(key);
    const size_t distinct = it != counted.end() ? it->value("distinct", size_t{0}) : 0;
    g["search"] = false;
    if (distinct <= pr.facet_search_min) continue;
    const std::string typed = facet_query(pr, key);
    const std::string label = format(tr(lang, "facet_search_label"), {{"facet", g.value("label", key)}});
    json search = {{"action", kind == ListKind::kLessons ? "/lessons" : "/"},
                   {"name", "fq." + key},
                   {"id", "fq-" + css_token(key)},
                   {"value", typed},
                   {"label", label},
                   {"button", tr(lang, "facet_search_button")},
                   {"hidden", hidden},
                   {"active", false}};
    if (!typed.empty()) {
      if (auto found = s.facet_values(counted_req, key, typed, kFacetSearchValues); found.ok()) {
        json shown = json::array();
        std::set<std::string> seen;
        for (const auto& v : found->values) {
          shown.push_back(facet_value_view(key, shown.size(), v.value, v.count, v.selected, lang, s.schema()));
          seen.insert(v.value);
        }
        for (const char* part : {"values", "more"}) {
          for (const auto& e : g.value(part, json::array())) {
            if (!e.value("checked", false) || seen.count(e.value("value", ""))) continue;
            shown.push_back(facet_value_view(key, shown.size(), e.value("value", ""), std::stoul(e.value("count", "0")),
                                             true, lang, s.schema()));
          }
        }
        const size_t n = found->values.size();
        const char* note = n == 0 ? "facet_search_none" : n == 1 ? "facet_search_one" : "facet_search_count";
        g["values"] = shown;
        g["more"] = json::array();
        g["has_more"] = false;
        search["active"] = true;
        search["note"] = format(tr(lang, note), {{"n", std::to_string(n)}, {"q", typed}});
        search["clear_url"] = list_url(req, kind);
      }
    }
    g["search"] = search;
  }
}

// The results column: notices, count, "did you mean", active filters,
// hits, pagination, tips for zero results and the export/feed tools.
// `results` may already hold an error text for a query that cannot run.
void fill_results(json& results, const json& body, const LenientRequest& lr, ListKind kind, const Language& lang,
                  const Schema& schema, const json& theme_tips) {
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

  // A year filter leaves out the articles without a date: say how many.
  const size_t undated = body.value("undated", size_t{0});
  if (undated > 0) {
    SearchRequest all_years = req;
    all_years.year_from = all_years.year_to = 0;
    all_years.page = 1;
    results["undated_note"] = {{"text", format(tr(lang, undated == 1 ? "undated_note_one" : "undated_note"),
                                               {{"n", std::to_string(undated)}})},
                               {"url", list_url(all_years, kind)},
                               {"link", tr(lang, "undated_link")}};
  } else {
    results["undated_note"] = false;
  }

  const json active = active_filters_view(req, kind, lang, schema);
  results["active"] = active;
  results["has_active"] = !active.empty();

  json hits = json::array();
  for (const auto& h : body["hits"]) hits.push_back(hit_view(h, lang, schema));
  results["hits"] = hits;
  results["has_hits"] = !hits.empty();
  // Article hits get a "compare" checkbox of the form behind the list.
  results["compare"] = kind == ListKind::kSearch;
  results["ui_lang"] = lang.code;
  results["start"] = std::to_string((req.page - 1) * req.per_page + 1);
  results["pagination"] = hits.empty() ? json(false) : pagination_view(req, pages, kind, lang);
  if (hits.empty() && total > 0) {
    SearchRequest c = req;
    c.page = 1;
    results["out_of_range"] = {{"url", list_url(c, kind)}};
  }
  const bool empty = total == 0 && !results.contains("error");
  results["empty"] = empty ? json{{"tips", tips_view(req, kind, lang, suggestion, active, theme_tips)}} : json(false);

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
  if (!lessons) l.scripts = {"/static/compare.js"};
  return l;
}

}  // namespace

Page search_page(const Searcher& s, const Templates& tp, const PageRequest& pr, ListKind kind, const Account* saver,
                 const std::function<HomePopular()>& popular) {
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
  const bool none = body.value("total", size_t{0}) == 0 && !results.contains("error");
  fill_results(results, body, *lr, kind, lang, schema, none ? related_theme_tips(s, req, kind, lang) : json::array());

  // Zero results for the words: the facets stay, counted without them.
  json facets = facets_view(body, req, kind, lang, schema);
  json facet_body = body;
  SearchRequest counted = req;
  if (none && !req.q.empty()) {
    SearchRequest browse = req;
    browse.q.clear();
    browse.page = 1;
    if (auto all = s.search(browse); all.ok() && all->total > 0) {
      facet_body = search_json(browse, *all);
      facets = facets_view(facet_body, req, kind, lang, schema);
      facets["without_words"] = true;
      counted = browse;
    }
  }
  add_facet_search(facets, facet_body, s, req, counted, pr, kind, lang);
  json view = {{"form", form_view(req, kind, lang)},
               {"heading", tr(lang, lessons ? "heading_lessons" : "heading_search")},
               {"intro", lessons ? tr(lang, "lessons_intro") : ""},
               {"kind", lessons ? "lessons" : "search"},
               {"facets", facets},
               {"results", results}};
  if (resp.ok() && is_home(req, kind)) view["home"] = home_view(s, *resp, lang, popular ? popular() : HomePopular{});
  // The form posts the page's own query string: the alert means what the page shows.
  if (saver && !lessons) view["save_search"] = {{"csrf", saver->csrf}, {"query", export_query(req)}};
  Page page = html_page(tp, pr, search_layout(req, kind, lang), "search", view, status);
  if (resp.ok() && req.page == 1) page.logged = LoggedSearch{req.q, filter_terms(req, kind), static_cast<long long>(resp->total)};
  return page;
}

}  // namespace casebase::serve
