#include "search_views.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "dates.h"
#include "snippet_html.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

constexpr size_t kFacetVisible = 8;  // values shown before "show more"

// One facet's values, the first kFacetVisible (and every checked one)
// shown, the rest behind "show more".
json facet_group_view(const std::string& key, const json& values, const Language& lang, const Schema& schema) {
  json shown = json::array(), more = json::array();
  size_t i = 0;
  for (const auto& v : values) {
    const bool checked = v.value("selected", false);
    json entry = facet_value_view(key, i, v.value("value", ""), v.value("count", size_t{0}), checked, lang, schema);
    (i < kFacetVisible || checked ? shown : more).push_back(entry);
    ++i;
  }
  return {{"key", key},
          {"label", facet_label(schema, key, lang)},
          {"values", shown},
          {"more", more},
          {"has_more", !more.empty()},
          {"more_label", format(tr(lang, "show_more"), {{"n", std::to_string(more.size())}})}};
}

constexpr int kBarHeight = 40;  // the year histogram's tallest bar, in SVG units (px)

// One bar of the year histogram: a link selecting its year (or the
// undated), the bar drawn in SVG, its year and count as text for screen
// readers (the list reads "2021: 4 resultaten").
json year_bar(const std::string& label, size_t count, size_t max, bool selected, const std::string& url,
              const Language& lang) {
  const int h = max == 0 || count == 0 ? 0 : std::max(2, static_cast<int>(kBarHeight * count / max));
  // A year without results is drawn (the axis stays true) but links nowhere.
  return {{"url", count > 0 || selected ? url : ""},
          {"height", std::to_string(h)},
          {"y", std::to_string(kBarHeight - h)},
          {"text", format(tr(lang, "year_bar"), {{"year", label}, {"count", count_text(lang, count)}})},
          {"selected", selected}};
}

// The year histogram: a bar per year from the first to the last with
// matches (the years between at 0, so the axis is true), then the undated
// ("unknown year") when there are any or they are selected. A bar selects
// its year (from=to=year), the last the undated (year=unknown).
json histogram_view(const std::vector<std::pair<int, size_t>>& ys, size_t unknown, bool unknown_selected,
                    const SearchRequest& req, ListKind kind, const Language& lang) {
  if (ys.empty() && unknown == 0 && !unknown_selected) return false;
  size_t max = unknown;
  for (const auto& [y, c] : ys) max = std::max(max, c);
  json bars = json::array();
  const int first = ys.empty() ? 0 : ys.front().first, last = ys.empty() ? -1 : ys.back().first;
  for (int y = first; y <= last && last - first < 200; ++y) {
    size_t c = 0;
    for (const auto& [year, n] : ys) c = year == y ? n : c;
    SearchRequest r = req;
    r.year_from = r.year_to = y;
    r.filters.erase("year");
    r.page = 1;
    bars.push_back(year_bar(std::to_string(y), c, max, req.year_from == y && req.year_to == y, list_url(r, kind), lang));
  }
  json out = {{"bars", bars},
              {"label", tr(lang, "year_histogram_label")},
              {"first", ys.empty() ? "" : std::to_string(first)},
              {"last", ys.empty() ? "" : std::to_string(last)},
              {"unknown", false}};
  if (unknown > 0 || unknown_selected) {
    SearchRequest r = req;
    r.year_from = r.year_to = 0;
    r.filters["year"] = {"unknown"};
    r.page = 1;
    out["unknown"] = year_bar(tr(lang, "year_unknown"), unknown, max, unknown_selected, list_url(r, kind), lang);
  }
  return out;
}

// The from/to selects of the year range: every year with its count, plus
// the selected years even when they have no results; and the histogram.
json years_view(const json& facets, const std::string& ykey, const SearchRequest& req, ListKind kind,
                const Language& lang) {
  if (ykey.empty()) return false;
  auto it = facets.find(ykey);
  std::vector<std::pair<int, size_t>> ys;
  size_t unknown = 0;
  bool unknown_selected = false;
  if (it != facets.end()) {
    for (const auto& v : (*it)["values"]) {
      if (v.value("value", "") == "unknown") {
        unknown = v.value("count", size_t{0});
        unknown_selected = v.value("selected", false);
        continue;
      }
      int y = std::atoi(v.value("value", "").c_str());
      if (y > 0) ys.emplace_back(y, v.value("count", size_t{0}));
    }
  }
  std::sort(ys.begin(), ys.end());
  json histogram = histogram_view(ys, unknown, unknown_selected, req, kind, lang);
  for (int y : {req.year_from, req.year_to}) {
    if (y && std::none_of(ys.begin(), ys.end(), [y](const auto& p) { return p.first == y; })) ys.emplace_back(y, 0);
  }
  std::sort(ys.begin(), ys.end());
  if (ys.empty()) return histogram.is_object() ? json{{"has_range", false}, {"histogram", histogram}} : json(false);
  json from = json::array({option("", tr(lang, "year_any"), req.year_from == 0)});
  json to = json::array({option("", tr(lang, "year_any"), req.year_to == 0)});
  for (const auto& [y, c] : ys) {
    std::string label = format(tr(lang, "year_option"), {{"year", std::to_string(y)}, {"count", std::to_string(c)}});
    from.push_back(option(std::to_string(y), label, req.year_from == y));
    to.push_back(option(std::to_string(y), label, req.year_to == y));
  }
  return {{"has_range", true}, {"from", from}, {"to", to}, {"histogram", histogram}};
}

json active_entry(const std::string& label, const std::string& value, const SearchRequest& without, ListKind kind,
                  const Language& lang) {
  return {{"label", label},
          {"value", value},
          {"remove_url", list_url(without, kind)},
          {"aria", format(tr(lang, "remove_filter"), {{"facet", label}, {"value", value}})}};
}

}  // namespace

json tip(const std::string& text, const std::string& url) { return {{"text", text}, {"url", url}}; }

json facet_value_view(const std::string& key, size_t i, const std::string& value, size_t count, bool checked,
                      const Language& lang, const Schema& schema) {
  return {{"key", key},
          {"id", "f-" + css_token(key) + "-" + std::to_string(i)},
          {"value", value},
          {"label", value_label(schema, lang, key, value)},
          {"count", std::to_string(count)},
          {"count_text", count_text(lang, count)},
          {"checked", checked}};
}

json facets_view(const json& body, const SearchRequest& req, ListKind kind, const Language& lang, const Schema& schema) {
  const std::string ykey = year_key(schema);
  const json facets = body.value("facets", json::object());
  json groups = json::array();
  for (const FieldSpec* f : schema.facets_in_order()) {
    const std::string key = facet_api_key(*f);
    if (key == ykey) continue;  // the year range has its own controls
    if (kind == ListKind::kLessons && key == "type") continue;
    auto it = facets.find(key);
    if (it == facets.end() || (*it)["values"].empty()) continue;
    groups.push_back(facet_group_view(key, (*it)["values"], lang, schema));
  }
  SearchRequest cleared = req;
  cleared.filters.clear();
  cleared.year_from = cleared.year_to = 0;
  cleared.page = 1;
  bool has_filters = !req.filters.empty() || req.year_from || req.year_to;
  return {{"groups", groups},
          {"years", years_view(facets, ykey, req, kind, lang)},
          {"has_filters", has_filters},
          {"clear_url", list_url(cleared, kind)}};
}

json hit_view(const json& h, const Language& lang, const Schema& schema) {
  const bool item = str(h, "kind") == "item";
  const std::string type = str(h, "type");
  const std::string date = str(h, "date");
  json v = {{"kind", item ? "item" : "article"},
            {"is_item", item},
            {"is_article", !item},
            {"url", str(h, "url")},
            {"lang", content_lang(str(h, "language"), lang)},
            {"type", css_token(type)},
            {"type_label", value_label(schema, lang, "type", type)},
            {"byline", schema.byline.empty() ? "" : join(strings_of(h.value(schema.byline, json::array())), ", ")},
            {"date", date},
            {"date_text", format_date(lang, date)},
            {"snippet", sanitize_snippet(str(h, "snippet"))}};
  if (item) {
    const SectionSpec* sec = schema.section_for_item_type(type);
    const std::string from = sec ? pick_label(sec->item_label, lang.code, "") : "";
    v["from_label"] = from.empty() ? value_label(schema, lang, "type", type) : from;
    v["case_title"] = str(h, "case_title");
    v["case_url"] = "/articles/" + str(h, "case_id");
    if (str(v, "snippet").empty()) v["snippet"] = v["type_label"];
  } else {
    v["title"] = str(h, "title").empty() ? str(h, "id") : str(h, "title");
    v["id"] = str(h, "id");  // the compare checkbox's value
    const SectionSpec* sec = schema.section(str(h, "snippet_section"));
    v["section_label"] = sec ? pick_label(sec->snippet_label, lang.code, "") : "";
  }
  return v;
}

json pagination_view(const SearchRequest& req, size_t pages, ListKind kind, const Language& lang) {
  if (pages <= 1) return false;
  const int cur = req.page;
  const int last = static_cast<int>(std::min<size_t>(pages, 1000));
  auto url = [&](int p) {
    SearchRequest r = req;
    r.page = p;
    return list_url(r, kind);
  };
  json items = json::array();
  int prev_shown = 0;
  for (int p = 1; p <= last; ++p) {
    if (p != 1 && p != last && (p < cur - 2 || p > cur + 2)) continue;
    if (prev_shown && p > prev_shown + 1) items.push_back({{"gap", true}});
    items.push_back({{"gap", false}, {"number", std::to_string(p)}, {"url", url(p)}, {"current", p == cur}});
    prev_shown = p;
  }
  return {{"items", items},
          {"prev", cur > 1 && cur <= last ? url(cur - 1) : ""},
          {"next", cur < last ? url(cur + 1) : ""},
          {"label", tr(lang, "pagination_label")}};
}

json active_filters_view(const SearchRequest& req, ListKind kind, const Language& lang, const Schema& schema) {
  json active = json::array();
  for (const auto& [key, values] : req.filters) {
    for (const auto& v : values) {
      SearchRequest c = req;
      auto& vs = c.filters[key];
      std::erase(vs, v);
      if (vs.empty()) c.filters.erase(key);
      c.page = 1;
      // The date facet's values (a year, the undated) are part of the period.
      const std::string label = key == year_key(schema) ? tr(lang, "years_legend") : facet_label(schema, key, lang);
      active.push_back(active_entry(label, value_label(schema, lang, key, v), c, kind, lang));
    }
  }
  if (req.year_from || req.year_to) {
    SearchRequest c = req;
    c.year_from = c.year_to = 0;
    c.page = 1;
    active.push_back(active_entry(tr(lang, "years_legend"), years_text(lang, req.year_from, req.year_to), c, kind, lang));
  }
  return active;
}

std::string results_count_text(const SearchRequest& req, size_t total, size_t pages, const Language& lang) {
  std::string count = total == 0 ? tr(lang, "count_none") : count_text(lang, total);
  // More than a page: which ones this page shows ("11–20 van 49 resultaten").
  if (pages > 1 && static_cast<size_t>(req.page) <= pages) {
    const size_t first = static_cast<size_t>(req.page - 1) * static_cast<size_t>(req.per_page) + 1;
    const size_t last = std::min(total, first + static_cast<size_t>(req.per_page) - 1);
    count = format(tr(lang, "range_of"), {{"from", std::to_string(first)}, {"to", std::to_string(last)}, {"count", count}});
  }
  if (!req.q.empty()) count = format(tr(lang, "count_for"), {{"count", count}, {"q", req.q}});
  return count;
}

json tips_view(const SearchRequest& req, ListKind kind, const Language& lang, const json& suggestion, const json& active,
               const json& theme_tips) {
  const bool lessons = kind == ListKind::kLessons;
  json tips = json::array();
  if (suggestion.is_object()) {
    tips.push_back(tip(format(tr(lang, "tip_suggestion"), {{"q", suggestion["q"].get<std::string>()}}), suggestion["url"]));
  }
  for (const auto& a : active) {
    std::string text = a["label"] == tr(lang, "years_legend")
                           ? format(tr(lang, "tip_drop_years"), {{"years", a["value"].get<std::string>()}})
                           : format(tr(lang, "tip_drop_filter"), {{"facet", a["label"].get<std::string>()},
                                                                  {"value", a["value"].get<std::string>()}});
    tips.push_back(tip(text, a["remove_url"]));
  }
  for (const auto& t : theme_tips) tips.push_back(t);
  SearchRequest c = req;
  c.page = 1;
  if (active.size() > 1) {
    SearchRequest cleared = c;
    cleared.filters.clear();
    cleared.year_from = cleared.year_to = 0;
    tips.push_back(tip(tr(lang, "clear_all"), list_url(cleared, kind)));
  }
  if (!lessons && req.scope == Scope::kArticles && !req.q.empty()) {
    SearchRequest all = c;
    all.scope = Scope::kAll;
    tips.push_back(tip(tr(lang, "tip_scope_all"), list_url(all, kind)));
  }
  if (!req.q.empty()) tips.push_back(tip(tr(lang, "tip_fewer_words"), ""));
  if (!req.q.empty() || !active.empty()) {
    tips.push_back(tip(tr(lang, lessons ? "go_lessons" : "tip_browse"), lessons ? "/lessons" : "/"));
  }
  // Nobody wrote it up yet: the gap is a case to contribute.
  if (!req.q.empty()) tips.push_back(tip(tr(lang, "tip_contribute"), "/contribute"));
  return tips;
}

json form_view(const SearchRequest& req, ListKind kind, const Language& lang) {
  const bool lessons = kind == ListKind::kLessons;
  json sort = json::array();
  for (SortOrder s : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
    sort.push_back(option(to_string(s), tr(lang, std::string("sort_") + to_string(s)), req.sort == s));
  }
  json scope = json::array();
  for (Scope s : {Scope::kArticles, Scope::kLessons, Scope::kItems, Scope::kAll}) {
    scope.push_back(option(to_string(s), tr(lang, std::string("scope_") + to_string(s)), req.scope == s));
  }
  // The page sizes offered; another one given in the URL is kept as an option.
  json per_page = json::array();
  std::vector<int> sizes = {10, 20, 50};
  if (std::find(sizes.begin(), sizes.end(), req.per_page) == sizes.end()) sizes.push_back(req.per_page);
  std::sort(sizes.begin(), sizes.end());
  for (int n : sizes) per_page.push_back(option(std::to_string(n), std::to_string(n), req.per_page == n));
  return {{"action", lessons ? "/lessons" : "/"},
          {"q", req.q},
          {"per_page", per_page},
          {"default_per_page", std::to_string(lessons ? kLessonsPerPage : 10)},
          {"label", tr(lang, lessons ? "lessons_search_label" : "search_label")},
          {"hint", tr(lang, lessons ? "lessons_hint" : "search_hint")},
          {"sort", sort},
          {"scope", scope},
          {"show_scope", !lessons},
          {"match_any", req.match == MatchMode::kAny}};
}

}  // namespace casebase::serve
