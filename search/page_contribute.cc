// The contribute page (/contribute): how to add a case, with the fields and
// sections of the schema.
#include "layout.h"
#include "pages.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

// What a field accepts, in words: its vocabulary, or its kind.
std::string values_text(const FieldSpec& f, const Language& lang) {
  if (!f.allowed.empty()) {
    std::vector<std::string> vs;
    for (const auto& a : f.allowed) vs.push_back(a.value);
    // An open vocabulary: its usual values, and room for another.
    if (f.open_values) return format(tr(lang, "values_open"), {{"values", join(vs, ", ")}});
    return join(vs, ", ");
  }
  if (f.kind == FieldKind::kDate) return tr(lang, "values_date");
  if (f.kind == FieldKind::kNumber) return tr(lang, "values_number");
  if (f.multi) return tr(lang, "values_list");
  if (f.kind == FieldKind::kText) return tr(lang, "values_text");
  return tr(lang, "values_one");
}

}  // namespace

Page contribute_page(const Searcher& s, const Templates& tp, const PageRequest& pr, bool online) {
  const Language& lang = *pr.lang;
  const Schema& schema = s.schema();
  json fields = json::array();
  for (const auto& f : schema.fields) {
    fields.push_back({{"key", f.key},
                      {"label", f.label(lang.code)},
                      {"required", tr(lang, f.required ? "yes" : "no")},
                      {"values", values_text(f, lang)}});
  }
  json sections = json::array();
  for (const auto& sec : schema.sections) {
    std::vector<std::string> q;
    for (const auto& n : sec.query_names) q.push_back(n + ":");
    sections.push_back({{"label", sec.label(lang.code)},
                        {"headings", join(sec.headings, ", ")},
                        {"query", join(q, " ")},
                        {"items", sec.item_type.empty() ? "–" : value_label(schema, lang, "type", sec.item_type)}});
  }
  json view = {{"fields", fields}, {"sections", sections}, {"online", online}};
  Layout l;
  l.title = tr(lang, "title_contribute");
  l.current_url = "/contribute";
  l.nav = Nav::kContribute;
  l.body_class = "page-contribute";
  return html_page(tp, pr, l, "contribute", view, 200);
}

}  // namespace casebase::serve
