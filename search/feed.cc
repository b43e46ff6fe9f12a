// The Atom feed of a search (/feed.atom) and the OpenSearch description and
// suggestions. An entry's authors and categories are the values of the
// fields the schema marks `feed: author` and `feed: category`.
#include "api.h"
#include "casebase/text.h"
#include "dates.h"
#include "layout.h"
#include "pages.h"
#include "views.h"
#include "xml_text.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

constexpr int kFeedEntries = 20;

// The values of an article hit's fields that play `role` in the feed.
json feed_values(const Schema& schema, const json& hit, const std::string& role) {
  const json fields = hit.value("fields", json::object());
  json out = json::array();
  for (const auto& f : schema.fields) {
    if (f.feed != role) continue;
    for (const auto& v : strings_of(fields.value(f.key, json::array()))) out.push_back(v);
  }
  return out;
}

json entry_view(const json& h, const Schema& schema, const std::string& base_url) {
  return {{"title", str(h, "title")},
          {"id", base_url + str(h, "url")},
          {"url", base_url + str(h, "url")},
          {"updated", rfc3339(str(h, "date"))},
          {"people", feed_values(schema, h, "author")},
          {"categories", feed_values(schema, h, "category")},
          {"summary", str(h, "summary").empty() ? snippet_text(str(h, "snippet")) : str(h, "summary")}};
}

Page xml_page(const Templates& tp, const PageRequest& pr, const std::string& name, const json& view,
              const char* content_type) {
  auto xml = render_template(tp, name, view);
  if (!xml.ok()) return status_page(tp, pr, xml.status());
  Page p;
  p.content_type = content_type;
  p.body = std::move(*xml);
  return p;
}

}  // namespace

Page atom_feed(const Searcher& s, const Templates& tp, const PageRequest& pr) {
  const Language& lang = *pr.lang;
  auto lr = parse_page_request(pr.params, s.schema(), s.limits(), ListKind::kSearch);
  if (!lr.ok()) return status_page(tp, pr, lr.status());
  SearchRequest req = lr->req;
  const std::string qs = export_query(req);
  req.sort = SortOrder::kNewest;
  req.scope = Scope::kArticles;
  req.page = 1;
  req.per_page = kFeedEntries;
  req.facet_size = 1;
  auto resp = s.search(req);
  if (!resp.ok()) return status_page(tp, pr, resp.status());
  json body = search_json(req, *resp, HitForm::kFull);
  json entries = json::array();
  std::string updated;
  for (const auto& h : body["hits"]) {
    entries.push_back(entry_view(h, s.schema(), pr.base_url));
    updated = std::max(updated, str(entries.back(), "updated"));
  }
  std::string self = pr.base_url + "/feed.atom" + (qs.empty() ? "" : "?" + qs);
  json view = {{"lang", lang.code},
               {"title", lr->req.q.empty() ? tr(lang, "feed_title") : format(tr(lang, "feed_title_q"), {{"q", lr->req.q}})},
               {"subtitle", tr(lang, "feed_subtitle")},
               {"id", self},
               {"self", self},
               {"alternate", pr.base_url + "/" + (qs.empty() ? "" : "?" + qs)},
               {"updated", updated.empty() ? rfc3339("") : updated},
               {"entries", entries}};
  xml_clean(view);
  return xml_page(tp, pr, "feed_atom", view, "application/atom+xml; charset=utf-8");
}

Page opensearch_description(const Templates& tp, const PageRequest& pr) {
  json view = {{"base", pr.base_url},
               {"description", tr(*pr.lang, "opensearch_description")},
               {"language", pr.lang->code}};
  return xml_page(tp, pr, "opensearch", view, "application/opensearchdescription+xml; charset=utf-8");
}

Page opensearch_suggestions(const Searcher& s, const PageRequest& pr) {
  std::string q;
  for (const auto& [k, v] : pr.params) {
    if (k == "q") q = v;
  }
  json texts = json::array();
  if (is_valid_utf8(q)) {
    auto r = s.suggest(q, 8);
    if (r.ok()) {
      for (const auto& x : *r) texts.push_back(x.text);
    }
  } else {
    q.clear();
  }
  Page p;
  p.content_type = "application/x-suggestions+json; charset=utf-8";
  p.body = json::array({q, texts}).dump(-1, ' ', false, json::error_handler_t::replace);
  return p;
}

}  // namespace casebase::serve
