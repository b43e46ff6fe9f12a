#include "api.h"

#include <algorithm>

using nlohmann::json;

namespace casebase::serve {

namespace {

// The response JSON of the stored documents: the edge where typed data
// becomes the API's contract (docs/API.md).
json fields_json(const StoredFields& fields) {
  json out = json::object();
  for (const auto& [k, v] : fields) out[k] = v;
  return out;
}

json article_data(const StoredArticle& a) {
  json items = json::array();
  for (const auto& it : a.items) items.push_back({{"type", it.type}, {"anchor", it.anchor}, {"text", it.text}});
  return {{"kind", "article"}, {"id", a.id},     {"path", a.path},         {"title", a.title},
          {"summary", a.summary}, {"language", a.language}, {"type", a.type}, {"date", a.date},
          {"fields", fields_json(a.fields)}, {"items", items}};
}

// An article as a hit: its items as `detail` asks, and `fields` without
// the members the hit has already.
json article_hit_data(const Hit& h, const StoredArticle& a, ItemsDetail detail) {
  json j = article_data(a);
  if (detail == ItemsDetail::kNone) {
    j["items"] = json::array();
  } else if (detail == ItemsDetail::kMatching) {
    json items = json::array();
    for (size_t i : h.matching_items) {
      if (i < a.items.size()) items.push_back(j["items"][i]);
    }
    j["items"] = std::move(items);
  }
  for (const char* k : {"title", "summary", "date", "language", "type"}) j["fields"].erase(k);
  return j;
}

// An item hit carries neither its text (the snippet shows it) nor its
// case's fields (the article has them).
json item_data(const StoredItem& i) {
  return {{"kind", "item"},         {"id", i.id},         {"case_id", i.case_id}, {"case_title", i.case_title},
          {"anchor", i.anchor},     {"type", i.type},     {"section", i.section}, {"language", i.language},
          {"date", i.date}};
}

}  // namespace

json hit_json(const Hit& h, HitForm form, ItemsDetail items) {
  const auto* item = std::get_if<StoredItem>(&h.doc);
  json j = item ? item_data(*item)
           : form == HitForm::kFull ? article_data(std::get<StoredArticle>(h.doc))
                                    : article_hit_data(h, std::get<StoredArticle>(h.doc), items);
  const std::string& case_id = item ? item->case_id : stored_id(h.doc);
  j["url"] = "/articles/" + case_id + (item ? "#" + item->anchor : "");
  j["api_url"] = "/api/articles/" + case_id;
  for (const auto& [key, values] : h.hit_fields) j[key] = values;
  j["snippet"] = h.snippet;
  if (!h.snippet_section.empty()) j["snippet_section"] = h.snippet_section;
  j["score"] = h.score;
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

json search_json(const SearchRequest& req, const SearchResponse& resp, HitForm form) {
  json hits = json::array();
  for (const auto& h : resp.hits) hits.push_back(hit_json(h, form, req.items));
  json body = {{"total", resp.total},
               {"page", req.page},
               {"per_page", req.per_page},
               {"pages", (resp.total + req.per_page - 1) / req.per_page},
               {"hits", hits},
               {"facets", facets_json(resp.facets)},
               {"took_ms", resp.took_ms},
               {"or_fallback", resp.or_fallback},
               {"matched_all", resp.matched_all},
               // Searching shards: true when some could not be reached
               // (named in missing_shards) and the answer is for the others.
               {"partial", !resp.missing_shards.empty()}};
  if (!resp.missing_shards.empty()) body["missing_shards"] = resp.missing_shards;
  // With a year filter (from/to or the year facet): the matches without a date it leaves out.
  if (req.year_from || req.year_to || req.filters.count("year")) body["undated"] = resp.undated;
  if (!resp.corrected_from.empty()) {
    // The results are for the corrected query; the words as typed, on request.
    SearchRequest typed = req;
    typed.correct = false;
    typed.page = 1;
    body["corrected"] = {{"q", resp.q},
                         {"from", resp.corrected_from},
                         {"url", "/?" + to_query_string(typed)},
                         {"api_url", "/api/search?" + to_query_string(typed)}};
  }
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

json article_json(const std::string& id, const ArticleView& stored) {
  json j = article_data(stored.article);
  if (stored.has_body) {
    json sections = json::array();
    for (const auto& s : stored.sections) {
      sections.push_back({{"name", s.name}, {"heading", s.heading}, {"anchor", s.anchor}, {"text", s.text}});
    }
    j["html"] = stored.html;
    j["sections"] = sections;
  }
  j["url"] = "/articles/" + id;
  return j;
}

bool valid_article_id(const std::string& id) {
  if (id.empty() || id.size() > 200 || id.front() == '/' || id.back() == '/') return false;
  if (id.find("..") != std::string::npos || id.find("//") != std::string::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_';
  });
}

json related_json(const RelatedHit& r) {
  json j = article_data(r.article);
  j["url"] = "/articles/" + r.article.id;
  json facets = json::array();
  for (const auto& [k, v] : r.shared_facets) facets.push_back({{"facet", k}, {"value", v}});
  j["reason"] = {{"shared_terms", r.shared_terms}, {"shared_facets", facets}};
  return j;
}

}  // namespace casebase::serve
