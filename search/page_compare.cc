// The compare page (/compare?ids=a,b,c): up to three articles side by side
// in one table: their facts (the facets an article page shows as
// metadata), then each schema section (goal, pros, cons, lessons, …) as a
// row, an item section as a list of its items. Ids come as one
// comma-separated `ids` or as `ids` repeated; they are looked up in the
// index only, never on disk.
#include <algorithm>

#include "api.h"
#include "casebase/text.h"
#include "dates.h"
#include "layout.h"
#include "pages.h"
#include "views.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

// Bounds on what a request may name before it is refused: the ids read
// (more than kMaxCompare distinct ones is refused anyway), and the bytes of
// an id quoted back in a message.
constexpr size_t kMaxIdsRead = 64;
constexpr size_t kQuotedIdBytes = 80;

// One cell's values as text: a date field's date, other values by their labels.
std::vector<std::string> fact_values(const FieldSpec& f, const json& a, const Language& lang) {
  const json fields = a.value("fields", json::object());
  std::vector<std::string> out;
  if (f.kind == FieldKind::kDate) {
    std::string date = f.key == "date" ? str(a, "date") : "";
    if (date.empty()) {
      auto d = strings_of(fields.value(f.key, json::array()));
      if (!d.empty()) date = d[0];
    }
    if (!date.empty()) out.push_back(format_date(lang, date));
    return out;
  }
  for (const auto& v : strings_of(fields.value(f.key, json::array()))) out.push_back(f.value_label(v, lang.code));
  return out;
}

// A column: the article's title (the cell's label on a phone) and its
// language when it is not the page's.
struct Column {
  std::string title;
  std::string lang;
};

json cell(std::vector<std::string> values, const Column& column, bool list) {
  const std::string text = join(values, ", ");
  json items = json::array();
  for (auto& v : values) items.push_back(std::move(v));
  return {{"column", column.title}, {"text", text}, {"lang", column.lang}, {"empty", items.empty()},
          {"list", list && !items.empty()}, {"values", items}};
}

// The facts rows: each facet the article page shows as metadata (display
// empty or "meta"), left out when no article has a value.
json fact_rows(const Schema& schema, const std::vector<json>& articles, const std::vector<Column>& columns,
               const Language& lang) {
  json rows = json::array();
  for (const auto& f : schema.fields) {
    if (!f.facet || !(f.display.empty() || f.display == "meta")) continue;
    json cells = json::array();
    bool any = false;
    for (size_t i = 0; i < articles.size(); ++i) {
      auto vs = fact_values(f, articles[i], lang);
      any = any || !vs.empty();
      // Values of facts are interface labels, in the page's language.
      cells.push_back(cell(std::move(vs), {columns[i].title, ""}, false));
    }
    std::string label = f.kind == FieldKind::kDate && f.key == "date" ? tr(lang, "date_label") : f.label(lang.code);
    if (any) rows.push_back({{"label", label.empty() ? f.key : label}, {"cells", cells}});
  }
  return rows;
}

// The section rows, in schema order: an item section lists its items, any
// other shows its text; left out when no article has the section.
json section_rows(const Schema& schema, const std::vector<json>& articles, const std::vector<Column>& columns,
                  const Language& lang) {
  json rows = json::array();
  for (const auto& sec : schema.sections) {
    json cells = json::array();
    bool any = false;
    for (size_t i = 0; i < articles.size(); ++i) {
      std::vector<std::string> vs;
      if (!sec.item_type.empty()) {
        for (const auto& it : articles[i].value("items", json::array())) {
          if (str(it, "type") == sec.item_type) vs.push_back(str(it, "text"));
        }
      } else {
        for (const auto& s : articles[i].value("sections", json::array())) {
          if (str(s, "name") == sec.name && !str(s, "text").empty()) vs.push_back(str(s, "text"));
        }
      }
      any = any || !vs.empty();
      cells.push_back(cell(std::move(vs), columns[i], !sec.item_type.empty()));
    }
    if (any) rows.push_back({{"label", sec.label(lang.code)}, {"cells", cells}});
  }
  return rows;
}

Page compare_message(const Templates& tp, const PageRequest& pr, const Layout& l, const std::string& message,
                     int status) {
  json view = {{"message", message}, {"error", status != 200}, {"has_table", false}};
  return html_page(tp, pr, l, "compare", view, status);
}

}  // namespace

std::vector<std::string> compare_ids(const std::vector<std::pair<std::string, std::string>>& params) {
  std::vector<std::string> ids;
  for (const auto& [k, v] : params) {
    if (k != "ids") continue;
    size_t start = 0;
    while (start <= v.size() && ids.size() < kMaxIdsRead) {
      size_t end = v.find(',', start);
      if (end == std::string::npos) end = v.size();
      std::string id = trim(v.substr(start, end - start));
      if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
      start = end + 1;
    }
  }
  return ids;
}

Page compare_page(const Searcher& s, const Templates& tp, const PageRequest& pr) {
  const Language& lang = *pr.lang;
  const Schema& schema = s.schema();
  const std::vector<std::string> ids = compare_ids(pr.params);
  Layout l;
  l.title = tr(lang, "title_compare");
  l.current_url = "/compare";
  l.body_class = "page-compare";
  if (ids.empty()) return compare_message(tp, pr, l, tr(lang, "compare_how"), 200);
  if (ids.size() > kMaxCompare) {
    const std::string n = ids.size() >= kMaxIdsRead ? std::to_string(kMaxIdsRead) + "+" : std::to_string(ids.size());
    return compare_message(tp, pr, l, format(tr(lang, "compare_too_many"), {{"n", n}}), 400);
  }
  std::vector<json> articles;
  for (const auto& id : ids) {
    auto view = valid_article_id(id) ? s.get_article(id) : Result<ArticleView>(Status::not_found("bad id"));
    if (!view.ok()) {
      if (view.status().kind() != ErrorKind::kNotFound || !s.stats().ok()) return status_page(tp, pr, view.status());
      const std::string quoted = utf8_truncate(is_valid_utf8(id) ? id : std::string("?"), kQuotedIdBytes);
      return compare_message(tp, pr, l, format(tr(lang, "compare_unknown"), {{"id", quoted}}), 400);
    }
    articles.push_back(article_json(id, *view));
  }
  std::vector<Column> columns;
  json heads = json::array();
  for (const auto& a : articles) {
    const std::string title = str(a, "title").empty() ? str(a, "id") : str(a, "title");
    columns.push_back({title, content_lang(str(a, "language"), lang)});
    heads.push_back({{"title", title}, {"url", str(a, "url")}, {"lang", columns.back().lang}});
  }
  std::string joined;
  for (const auto& id : ids) joined += (joined.empty() ? "" : ",") + id;
  l.current_url = "/compare?ids=" + joined;
  json view = {{"message", ""},
               {"error", false},
               {"has_table", true},
               {"heads", heads},
               {"facts", fact_rows(schema, articles, columns, lang)},
               {"sections", section_rows(schema, articles, columns, lang)}};
  return html_page(tp, pr, l, "compare", view, 200);
}

}  // namespace casebase::serve
