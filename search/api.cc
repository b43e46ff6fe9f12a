#include "api.h"

#include <algorithm>

using nlohmann::json;

namespace casebase::serve {

json hit_json(const Hit& h) {
  json j = h.data;
  const bool item = j.value("kind", "") == "item";
  std::string case_id = item ? j.value("case_id", "") : j.value("id", "");
  j["url"] = "/articles/" + case_id + (item ? "#" + j.value("anchor", "") : "");
  j["api_url"] = "/api/articles/" + case_id;
  json fields = j.value("fields", json::object());
  j["organisation"] = fields.value("organisation", std::vector<std::string>{});
  j["snippet"] = h.snippet;
  if (!h.snippet_section.empty()) j["snippet_section"] = h.snippet_section;
  j["score"] = h.score;
  // Items keep their case's fields only long enough to fill `organisation`.
  if (item) j.erase("fields");
  return j;
}

json facets_json(const std::vector<FacetResult>& facets) {
  json out = json::object();
  for (const auto& f : facets) {
    json vals = json::array();
    for (const auto& v : f.values) vals.push_back({{"value", v.value}, {"count", v.count}, {"selected", v.selected}});
    json labels = json::object();
    for (const auto& [lang, text] : f.labels) labels[lang] = text;
    for (const char* lang : {"nl", "en"}) labels[lang] = pick_label(f.labels, lang, f.key);
    out[f.key] = {{"label", labels}, {"distinct", f.distinct}, {"values", vals}};
  }
  return out;
}

json search_json(const SearchRequest& req, const SearchResponse& resp) {
  json hits = json::array();
  for (const auto& h : resp.hits) hits.push_back(hit_json(h));
  json body = {{"total", resp.total},
               {"page", req.page},
               {"per_page", req.per_page},
               {"pages", (resp.total + req.per_page - 1) / req.per_page},
               {"hits", hits},
               {"facets", facets_json(resp.facets)},
               {"took_ms", resp.took_ms},
               {"or_fallback", resp.or_fallback}};
  if (!resp.suggestion.empty()) {
    SearchRequest corrected = req;
    corrected.q = resp.suggestion;
    corrected.page = 1;
    body["suggestion"] = {{"q", resp.suggestion},
                          {"url", "/?" + to_query_string(corrected)},
                          {"api_url", "/api/search?" + to_query_string(corrected)}};
  }
  return body;
}

json article_json(const std::string& id, json stored) {
  stored.erase("text");
  stored["url"] = "/articles/" + id;
  return stored;
}

bool valid_article_id(const std::string& id) {
  if (id.empty() || id.size() > 200 || id.front() == '/' || id.back() == '/') return false;
  if (id.find("..") != std::string::npos || id.find("//") != std::string::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_';
  });
}

json related_json(const RelatedHit& r) {
  json j = r.data;
  j["url"] = "/articles/" + j.value("id", "");
  json facets = json::array();
  for (const auto& [k, v] : r.shared_facets) facets.push_back({{"facet", k}, {"value", v}});
  j["reason"] = {{"shared_terms", r.shared_terms}, {"shared_facets", facets}};
  return j;
}

}  // namespace casebase::serve
