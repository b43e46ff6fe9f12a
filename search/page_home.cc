// The home sections of the search page: what / shows above the browse list
// when nobody has searched yet (no words, no filters, page 1). Each
// section is left out when it has nothing to show. The cost is a few small
// Xapian queries: the newest articles (one search), and for the lessons one
// search per theme; the themes come from the browse the page ran anyway.
#include <algorithm>

#include "dates.h"
#include "pages.h"
#include "search_views.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

constexpr int kNewest = 3;
constexpr size_t kLessonThemes = 4;

json newest_view(const Searcher& s, const Language& lang) {
  SearchRequest r;
  r.sort = SortOrder::kNewest;
  r.per_page = kNewest;
  r.facet_size = 1;
  json out = json::array();
  auto resp = s.search(r);
  if (!resp.ok()) return out;
  for (const auto& h : resp->hits) {
    if (!std::holds_alternative<StoredArticle>(h.doc)) continue;
    const auto& a = std::get<StoredArticle>(h.doc);
    out.push_back({{"title", a.title.empty() ? a.id : a.title},
                   {"url", "/articles/" + a.id},
                   {"lang", content_lang(a.language, lang)},
                   {"date", a.date},
                   {"date_text", a.date.empty() ? "" : format_date(lang, a.date)}});
  }
  return out;
}

// The theme facet's values of the browse, largest first.
std::vector<FacetValue> theme_values(const SearchResponse& browse, const FieldSpec& theme) {
  std::vector<FacetValue> values;
  for (const auto& f : browse.facets) {
    if (f.key == facet_api_key(theme)) values = f.values;
  }
  std::stable_sort(values.begin(), values.end(), [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  values.erase(std::remove_if(values.begin(), values.end(), [](const FacetValue& v) { return v.count == 0; }), values.end());
  return values;
}

json themes_view(const Schema& schema, const FieldSpec& theme, const std::vector<FacetValue>& values,
                 const Language& lang) {
  json out = json::array();
  for (const auto& v : values) {
    SearchRequest r;
    r.filters[theme.key] = {v.value};
    out.push_back({{"text", value_label(schema, lang, facet_api_key(theme), v.value)},
                   {"count", v.count == 1 ? tr(lang, "home_theme_count_one")
                                          : format(tr(lang, "home_theme_count"), {{"n", std::to_string(v.count)}})},
                   {"url", list_url(r, ListKind::kSearch)}});
  }
  return out;
}

// The rule (docs/API.md, and the note on the page): the newest lesson of
// each of the kLessonThemes largest themes, one lesson per theme, no
// lesson twice (a lesson newest in two themes gives way to the next).
json lessons_view(const Searcher& s, const FieldSpec& theme, const std::vector<FacetValue>& values,
                  const Language& lang) {
  json out = json::array();
  std::vector<std::string> seen;
  for (size_t i = 0; i < values.size() && i < kLessonThemes; ++i) {
    SearchRequest r;
    r.scope = Scope::kLessons;
    r.sort = SortOrder::kNewest;
    r.per_page = static_cast<int>(kLessonThemes);
    r.facet_size = 1;
    r.filters[theme.key] = {values[i].value};
    auto resp = s.search(r);
    if (!resp.ok()) continue;
    for (const auto& h : resp->hits) {
      if (!std::holds_alternative<StoredItem>(h.doc)) continue;
      const auto& it = std::get<StoredItem>(h.doc);
      if (std::find(seen.begin(), seen.end(), it.id) != seen.end()) continue;
      seen.push_back(it.id);
      out.push_back({{"text", it.text},
                     {"url", "/articles/" + it.case_id + "#" + it.anchor},
                     {"case_title", it.case_title.empty() ? it.case_id : it.case_title},
                     {"theme", value_label(s.schema(), lang, facet_api_key(theme), values[i].value)},
                     {"lang", content_lang(it.language, lang)}});
      break;
    }
  }
  return out;
}

}  // namespace

bool is_home(const SearchRequest& req, ListKind kind) {
  return kind == ListKind::kSearch && req.q.empty() && req.filters.empty() && req.year_from == 0 &&
         req.year_to == 0 && req.page == 1;
}

json home_view(const Searcher& s, const SearchResponse& browse, const Language& lang, const HomePopular& popular) {
  const Schema& schema = s.schema();
  json home = {{"newest", newest_view(s, lang)}};
  const FieldSpec* theme = theme_field(schema);
  const std::vector<FacetValue> values = theme ? theme_values(browse, *theme) : std::vector<FacetValue>{};
  home["themes"] = theme ? themes_view(schema, *theme, values, lang) : json::array();
  const std::string label = theme ? theme->label(lang.code) : "";
  home["themes_heading"] = label.empty() || (theme && label == theme->key) ? tr(lang, "home_themes_heading") : label;
  home["lessons"] = theme ? lessons_view(s, *theme, values, lang) : json::array();
  json queries = json::array();
  for (const auto& q : popular.queries) {
    SearchRequest r;
    r.q = q;
    queries.push_back({{"text", q}, {"url", list_url(r, ListKind::kSearch)}});
  }
  home["popular"] = queries;
  home["popular_note"] = format(tr(lang, "home_popular_note"), {{"k", std::to_string(popular.k)}});
  for (const char* k : {"newest", "themes", "lessons", "popular"}) home[std::string("has_") + k] = !home[k].empty();
  return home;
}

}  // namespace casebase::serve
