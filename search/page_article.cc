// The article page (/articles/{id}): the body, its metadata as links to
// facet searches, the lessons/pros/cons at a glance and related cases.
// What is shown of each field comes from its `display` flag in the schema.
#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "api.h"
#include "citation.h"
#include "dates.h"
#include "layout.h"
#include "pages.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

constexpr size_t kRelated = 5;

// The values of every field whose `display` flag is `role`, in field order.
std::vector<std::string> displayed(const Schema& schema, const json& fields, const std::string& role) {
  std::vector<std::string> out;
  for (const auto& f : schema.fields) {
    if (f.display != role) continue;
    for (auto& v : strings_of(fields.value(f.key, json::array()))) out.push_back(std::move(v));
  }
  return out;
}

// A date facet's value: a link to the year's search.
json date_values(const FieldSpec& f, const json& a, const json& fields, const Language& lang, const std::string& ykey) {
  std::string date = f.key == "date" ? str(a, "date") : "";
  if (date.empty()) {
    auto d = strings_of(fields.value(f.key, json::array()));
    if (!d.empty()) date = d[0];
  }
  if (date.size() < 4) return json::array();
  SearchRequest r;
  if (facet_api_key(f) == ykey) {
    r.year_from = r.year_to = std::atoi(date.substr(0, 4).c_str());
  } else {
    r.filters[facet_api_key(f)] = {date.substr(0, 4)};
  }
  return json::array({{{"text", format_date(lang, date)}, {"url", list_url(r, ListKind::kSearch)}, {"last", true}}});
}

// Metadata: each shown facet's values, each linking to the search for it.
json meta_view(const Schema& schema, const json& a, const Language& lang) {
  const json fields = a.value("fields", json::object());
  const std::string ykey = year_key(schema);
  json meta = json::array();
  for (const auto& f : schema.fields) {
    if (!f.facet || !(f.display.empty() || f.display == "meta")) continue;
    json values = json::array();
    std::string label = f.label(lang.code);
    if (f.kind == FieldKind::kDate) {
      values = date_values(f, a, fields, lang, ykey);
      if (f.key == "date") label = tr(lang, "date_label");
    } else {
      auto vs = strings_of(fields.value(f.key, json::array()));
      for (size_t i = 0; i < vs.size(); ++i) {
        SearchRequest r;
        r.filters[facet_api_key(f)] = {vs[i]};
        values.push_back({{"text", f.value_label(vs[i], lang.code)},
                          {"url", list_url(r, ListKind::kSearch)},
                          {"last", i + 1 == vs.size()}});
      }
    }
    if (!values.empty()) meta.push_back({{"label", label.empty() ? f.key : label}, {"values", values}});
  }
  return meta;
}

// The first http(s) URL of the `display: link` fields, with its host.
json link_view(const Schema& schema, const json& fields, const Language& lang) {
  for (const auto& src : displayed(schema, fields, "link")) {
    if (src.rfind("https://", 0) != 0 && src.rfind("http://", 0) != 0) continue;
    size_t start = src.find("://") + 3;
    size_t end = src.find_first_of("/:?#", start);
    std::string host = src.substr(start, end == std::string::npos ? std::string::npos : end - start);
    return {{"url", src}, {"text", format(tr(lang, "source_text"), {{"host", host}})}};
  }
  return false;
}

// The items of the schema's glance sections (lessons, pros, cons), each
// list under its section's label, each item with its anchor. `kind` names
// the list for CSS and tests: the item type in the plural ("lessons").
// Each item has a permalink to its anchor, named in the catalogue by item
// type (`permalink_lesson`: "Link to this lesson"), else `permalink_item`.
json glance_view(const json& a, const Language& lang, const Schema& schema) {
  json glance = json::array();
  for (const SectionSpec* sec : schema.glance_sections()) {
    json list = json::array();
    const std::string key = "permalink_" + css_token(sec->item_type);
    std::string permalink = tr(lang, key);
    if (permalink == key) permalink = tr(lang, "permalink_item");
    for (const auto& it : a.value("items", json::array())) {
      if (str(it, "type") != sec->item_type) continue;
      list.push_back({{"anchor", str(it, "anchor")}, {"text", str(it, "text")}, {"permalink", permalink}});
    }
    if (list.empty()) continue;
    glance.push_back({{"kind", css_token(sec->item_type) + "s"}, {"heading", sec->label(lang.code)}, {"items", list}});
  }
  return glance;
}

// Why a related case is related: its shared facet values, then shared words.
std::string related_reason(const json& reason, const Language& lang, const Schema& schema) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_facet;
  for (const auto& sf : reason["shared_facets"]) {
    std::string k = str(sf, "facet");
    auto it = std::find_if(by_facet.begin(), by_facet.end(), [&](const auto& p) { return p.first == k; });
    if (it == by_facet.end()) it = by_facet.insert(by_facet.end(), {k, {}});
    it->second.push_back(value_label(schema, lang, k, str(sf, "value")));
  }
  std::vector<std::string> parts;
  for (const auto& [k, vs] : by_facet) parts.push_back(facet_label(schema, k, lang) + ": " + join(vs, ", "));
  auto terms = strings_of(reason["shared_terms"]);
  if (!terms.empty()) parts.push_back(tr(lang, "related_words") + ": " + join(terms, ", "));
  return parts.empty() ? "" : format(tr(lang, "related_reason"), {{"parts", join(parts, "; ")}});
}

json related_view(const Searcher& s, const std::string& id, const Language& lang) {
  json related = json::array();
  auto rel = s.related(id, SearchRequest{}, kRelated);
  if (!rel.ok()) return related;
  for (const auto& r : *rel) {
    json rj = related_json(r);
    related.push_back({{"title", str(rj, "title").empty() ? str(rj, "id") : str(rj, "title")},
                       {"url", str(rj, "url")},
                       {"summary", str(rj, "summary")},
                       {"lang", content_lang(str(rj, "language"), lang)},
                       {"reason", related_reason(rj["reason"], lang, s.schema())}});
  }
  return related;
}

// Back to the search the reader came from, when it was one of ours.
std::string back_url(const std::string& referer_path) {
  const std::string& r = referer_path;
  return r == "/" || r.rfind("/?", 0) == 0 || r.rfind("/lessons", 0) == 0 ? r : "/";
}

// How to cite the article (citation.h): the schema's feed author field as
// the authors (the organisations), its first `display: link` URL as the
// source, the permalink from the base URL; plus the link to its Markdown.
json cite_view(const Schema& schema, const json& a, const std::string& id, const PageRequest& pr) {
  const Language& lang = *pr.lang;
  const json fields = a.value("fields", json::object());
  CitationInput in;
  in.id = id;
  in.title = str(a, "title");
  for (const auto& f : schema.fields) {
    if (f.feed != "author") continue;
    for (auto& v : strings_of(fields.value(f.key, json::array()))) in.authors.push_back(std::move(v));
  }
  in.date = str(a, "date");
  for (const auto& src : displayed(schema, fields, "link")) {
    if (in.source_url.empty() && (src.rfind("https://", 0) == 0 || src.rfind("http://", 0) == 0)) in.source_url = src;
  }
  in.permalink = pr.base_url + "/articles/" + id;
  CiteWords words;
  words.undated = tr(lang, "cite_undated");
  for (size_t m = 0; m < 12; ++m) words.months[m] = tr(lang, "month_" + std::to_string(m + 1));
  words.day_month_year = tr(lang, "cite_date_day_month_year");
  words.month_year = tr(lang, "cite_date_month_year");
  words.source = tr(lang, "cite_source");
  return {{"md_url", "/articles/" + id + ".md"},
          {"permalink", in.permalink},
          {"apa", apa_citation(in, words)},
          {"bibtex", bibtex_citation(in)}};
}

Page not_found_page(const Templates& tp, const PageRequest& pr) {
  const Language& lang = *pr.lang;
  Layout l;
  l.title = tr(lang, "article_not_found_heading") + " – Casebase";
  l.current_url = pr.path;
  json view = {{"heading", tr(lang, "article_not_found_heading")}, {"text", tr(lang, "article_not_found_text")}};
  return html_page(tp, pr, l, "error", view, 404);
}

}  // namespace

Page article_page(const Searcher& s, const Templates& tp, const PageRequest& pr, const std::string& id,
                  const std::vector<ArticleChange>& history) {
  const Language& lang = *pr.lang;
  const Schema& schema = s.schema();
  if (!valid_article_id(id)) return not_found_page(tp, pr);
  auto stored = s.get_article(id);
  if (!stored.ok()) {
    if (stored.status().kind() == ErrorKind::kNotFound && s.stats().ok()) return not_found_page(tp, pr);
    return status_page(tp, pr, stored.status());
  }
  const json a = article_json(id, *stored);
  const json fields = a.value("fields", json::object());
  const json meta = meta_view(schema, a, lang);
  const auto credits = displayed(schema, fields, "authors");
  const json link = link_view(schema, fields, lang);
  const json glance = glance_view(a, lang, schema);
  const json related = related_view(s, id, lang);
  const std::string type = str(a, "type");
  json view = {{"id", id},
               {"title", str(a, "title").empty() ? id : str(a, "title")},
               {"summary", str(a, "summary")},
               {"content_lang", content_lang(str(a, "language"), lang)},
               {"type", css_token(type)},
               {"type_label", value_label(schema, lang, "type", type)},
               {"html", str(a, "html")},
               {"meta", meta},
               {"has_meta", !meta.empty() || !credits.empty() || link.is_object()},
               {"credits", join(credits, ", ")},
               {"link", link},
               {"glance", glance},
               {"has_glance", !glance.empty()},
               {"ui_lang", lang.code},
               {"related", related},
               {"has_related", !related.empty()},
               {"back_url", back_url(pr.referer_path)},
               {"cite", cite_view(schema, a, id, pr)}};
  json changes = json::array();
  for (const auto& c : history) {
    const std::string day = c.date.substr(0, 10);
    json item = {{"date", day}, {"date_label", format_date(lang, day)}, {"author", c.author}};
    if (c.committer != c.author) item["committer"] = c.committer;
    changes.push_back(item);
  }
  view["history"] = changes;
  view["has_history"] = !changes.empty();
  Layout l;
  l.title = format(tr(lang, "title_article"), {{"title", str(view, "title")}});
  l.current_url = "/articles/" + id;
  l.body_class = "page-article";
  l.scripts = {"/static/copy.js"};
  return html_page(tp, pr, l, "article", view, 200);
}

}  // namespace casebase::serve
