#include "pages.h"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <tuple>

#include "api.h"
#include "casebase/text.h"

namespace fs = std::filesystem;
using nlohmann::json;
namespace mst = kainjow::mustache;

namespace casebase::serve {

namespace {

// The templates, loaded once; a request can only pick one of these names.
constexpr const char* kTemplateNames[] = {
    "layout", "search", "p_facets", "p_facet_value", "p_results", "p_hit",   "article",
    "contribute", "error", "feed_atom", "opensearch",
};

constexpr size_t kFacetVisible = 8;   // values shown before "show more"
constexpr int kFacetSize = 100;       // values asked per facet
constexpr int kLessonsPerPage = 20;
constexpr int kFeedEntries = 20;
constexpr int kMaxExportRows = 1000;
constexpr size_t kRelated = 5;

using Params = std::vector<std::pair<std::string, std::string>>;

// Empty strings and null are false, so `{{#summary}}…{{/summary}}` skips an
// empty summary; numbers become their decimal text.
mst::data to_mustache(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mst::data d{mst::data::type::object};
      for (const auto& [k, v] : j.items()) d[k] = to_mustache(v);
      return d;
    }
    case json::value_t::array: {
      mst::data l{mst::data::type::list};
      for (const auto& v : j) l.push_back(to_mustache(v));
      return l;
    }
    case json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      return s.empty() ? mst::data{false} : mst::data{s};
    }
    case json::value_t::boolean: return mst::data{j.get<bool>()};
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return mst::data{j.dump()};
    default: return mst::data{false};
  }
}

const json& t_json(Lang lang) {
  static const json nl = [] {
    json j = json::object();
    for (const auto& [k, v] : strings(Lang::kNl)) j[k] = v;
    return j;
  }();
  static const json en = [] {
    json j = json::object();
    for (const auto& [k, v] : strings(Lang::kEn)) j[k] = v;
    return j;
  }();
  return lang == Lang::kEn ? en : nl;
}

// The strings app.js needs, as JSON text for the page's data-i18n attribute.
const std::string& js_strings(Lang lang) {
  auto make = [](Lang l) {
    json j = json::object();
    for (const auto& [k, v] : strings(l)) {
      if (k.rfind("js_", 0) == 0) j[k.substr(3)] = v;
    }
    return j.dump();
  };
  static const std::string nl = make(Lang::kNl);
  static const std::string en = make(Lang::kEn);
  return lang == Lang::kEn ? en : nl;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::string> strings_of(const json& j) {
  std::vector<std::string> out;
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_array()) {
    for (const auto& x : j) {
      if (x.is_string()) out.push_back(x.get<std::string>());
    }
  }
  return out;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A value safe as a CSS class suffix.
std::string css_token(const std::string& s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') out.push_back(c);
  }
  return out.empty() ? "other" : out;
}

// An article's language as an HTML lang value when it differs from the
// page's (WCAG 3.1.2, language of parts); empty otherwise.
std::string content_lang(const std::string& article_lang, Lang page_lang) {
  if (article_lang.empty() || article_lang == lang_code(page_lang) || article_lang.size() > 35) return "";
  bool ok = std::all_of(article_lang.begin(), article_lang.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
  return ok ? article_lang : "";
}

const FieldSpec* facet_field(const Schema& schema, const std::string& api_key) {
  for (const FieldSpec* f : schema.facets()) {
    if (facet_api_key(*f) == api_key) return f;
  }
  return nullptr;
}

std::string facet_label(const Schema& schema, const std::string& api_key, Lang lang) {
  const FieldSpec* f = facet_field(schema, api_key);
  if (!f) return api_key;
  const std::string l = f->label(lang_code(lang));
  return l.empty() ? api_key : l;
}

// The facet key of the year range (from/to), or empty without a date facet.
std::string year_key(const Schema& schema) {
  for (const auto& f : schema.fields) {
    if (f.kind == FieldKind::kDate && f.facet) return facet_api_key(f);
  }
  return "";
}

std::string years_text(Lang lang, int from, int to) {
  if (from && to) return format(tr(lang, "year_range"), {{"from", std::to_string(from)}, {"to", std::to_string(to)}});
  if (from) return format(tr(lang, "year_since"), {{"from", std::to_string(from)}});
  return format(tr(lang, "year_until"), {{"to", std::to_string(to)}});
}

// "2019-08" -> "2019-08-01T00:00:00Z"; an undated article gets the epoch.
std::string rfc3339(const std::string& date) {
  std::string y = "1970", m = "01", d = "01";
  if (date.size() >= 4) y = date.substr(0, 4);
  if (date.size() >= 7) m = date.substr(5, 2);
  if (date.size() >= 10) d = date.substr(8, 2);
  return y + "-" + m + "-" + d + "T00:00:00Z";
}

// Removes characters XML 1.0 forbids (C0 controls but tab, LF and CR).
void xml_clean(json& j) {
  if (j.is_string()) {
    std::string s = j.get<std::string>();
    std::erase_if(s, [](char c) {
      auto u = static_cast<unsigned char>(c);
      return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
    });
    j = s;
  } else if (j.is_structured()) {
    for (auto& x : j) xml_clean(x);
  }
}

// Plain text of a snippet: tags dropped, the five entities decoded.
std::string snippet_text(const std::string& html) {
  std::string out;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      size_t e = html.find('>', i);
      if (e == std::string::npos) break;
      i = e;
      continue;
    }
    if (html[i] == '&') {
      static const std::pair<const char*, char> kEnt[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
      bool done = false;
      for (const auto& [ent, ch] : kEnt) {
        if (html.compare(i, std::strlen(ent), ent) == 0) {
          out.push_back(ch);
          i += std::strlen(ent) - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out.push_back(html[i]);
  }
  return out;
}

// ---------- layout ----------

enum class Nav { kNone, kSearch, kLessons, kContribute };

struct Layout {
  std::string title;
  std::string current_url;  // this page's URL without `lang`, for the switch
  Nav nav = Nav::kNone;
  std::string feed_href;    // alternate Atom feed, or empty
  std::string body_class;
};

Result<std::string> render_layout(const Templates& tp, const PageRequest& pr, const Layout& l,
                                  const std::string& content_html) {
  const Lang lang = pr.lang;
  const Lang other = lang == Lang::kNl ? Lang::kEn : Lang::kNl;
  std::string sep = l.current_url.find('?') == std::string::npos ? "?" : "&";
  json nav = json::array();
  auto add_nav = [&](const char* href, const char* key, Nav which) {
    nav.push_back({{"href", href}, {"text", tr(lang, key)}, {"current", l.nav == which}});
  };
  add_nav("/", "nav_search", Nav::kSearch);
  add_nav("/lessons", "nav_lessons", Nav::kLessons);
  add_nav("/contribute", "nav_contribute", Nav::kContribute);
  json view = {
      {"t", t_json(lang)},
      {"lang", lang_code(lang)},
      {"title", l.title},
      {"nav", nav},
      {"lang_switch",
       {{"href", l.current_url + sep + "lang=" + lang_code(other)},
        {"lang", lang_code(other)},
        {"text", tr(lang, "lang_switch_text")},
        {"label", tr(lang, "lang_switch_label")}}},
      {"feed", l.feed_href.empty() ? json(false) : json{{"href", l.feed_href}, {"title", tr(lang, "feed_link")}}},
      {"js_strings", js_strings(lang)},
      {"body_class", l.body_class},
      {"content", content_html},
  };
  return render_template(tp, "layout", view);
}

// ---------- search and lessons pages ----------

json option(const std::string& value, const std::string& label, bool selected) {
  return {{"value", value}, {"label", label}, {"selected", selected}};
}

// The query string of a request for exports and feeds: every filter, no
// page or page size.
std::string export_query(SearchRequest r) {
  r.page = 1;
  r.per_page = 10;
  return to_query_string(r);
}

json facets_view(const json& body, const SearchRequest& req, ListKind kind, Lang lang, const Schema& schema) {
  const std::string ykey = year_key(schema);
  const json facets = body.value("facets", json::object());
  json groups = json::array();
  // Facets in schema order, the most useful first.
  static const std::vector<std::string> kPreferred = {"themes", "instruments", "organisation_type", "organisation",
                                                      "region", "country", "type", "language"};
  std::vector<std::string> order;
  for (const auto& k : kPreferred) {
    if (facet_field(schema, k)) order.push_back(k);
  }
  for (const FieldSpec* f : schema.facets()) {
    std::string k = facet_api_key(*f);
    if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
  }
  for (const auto& key : order) {
    if (key == ykey) continue;  // the year range has its own controls
    if (kind == ListKind::kLessons && key == "type") continue;
    auto it = facets.find(key);
    if (it == facets.end()) continue;
    const json& values = (*it)["values"];
    if (values.empty()) continue;
    json shown = json::array(), more = json::array();
    size_t i = 0;
    for (const auto& v : values) {
      std::string value = v.value("value", "");
      size_t count = v.value("count", size_t{0});
      bool checked = v.value("selected", false);
      json entry = {{"key", key},
                    {"id", "f-" + css_token(key) + "-" + std::to_string(i)},
                    {"value", value},
                    {"label", value_label(lang, key, value)},
                    {"count", std::to_string(count)},
                    {"count_text", count == 1 ? tr(lang, "count_one")
                                              : format(tr(lang, "count_many"), {{"n", std::to_string(count)}})},
                    {"checked", checked}};
      (i < kFacetVisible || checked ? shown : more).push_back(entry);
      ++i;
    }
    groups.push_back({{"key", key},
                      {"label", facet_label(schema, key, lang)},
                      {"values", shown},
                      {"more", more},
                      {"has_more", !more.empty()},
                      {"more_label", format(tr(lang, "show_more"), {{"n", std::to_string(more.size())}})}});
  }
  json years = false;
  if (!ykey.empty()) {
    auto it = facets.find(ykey);
    std::vector<std::pair<int, size_t>> ys;
    if (it != facets.end()) {
      for (const auto& v : (*it)["values"]) {
        int y = std::atoi(v.value("value", "").c_str());
        if (y > 0) ys.emplace_back(y, v.value("count", size_t{0}));
      }
    }
    for (int y : {req.year_from, req.year_to}) {
      if (y && std::none_of(ys.begin(), ys.end(), [y](const auto& p) { return p.first == y; })) ys.emplace_back(y, 0);
    }
    std::sort(ys.begin(), ys.end());
    if (!ys.empty()) {
      json from = json::array({option("", tr(lang, "year_any"), req.year_from == 0)});
      json to = json::array({option("", tr(lang, "year_any"), req.year_to == 0)});
      for (const auto& [y, c] : ys) {
        std::string label = format(tr(lang, "year_option"), {{"year", std::to_string(y)}, {"count", std::to_string(c)}});
        from.push_back(option(std::to_string(y), label, req.year_from == y));
        to.push_back(option(std::to_string(y), label, req.year_to == y));
      }
      years = {{"from", from}, {"to", to}};
    }
  }
  SearchRequest cleared = req;
  cleared.filters.clear();
  cleared.year_from = cleared.year_to = 0;
  cleared.page = 1;
  bool has_filters = !req.filters.empty() || req.year_from || req.year_to;
  return {{"groups", groups}, {"years", years}, {"has_filters", has_filters}, {"clear_url", list_url(cleared, kind)}};
}

json hit_view(const json& h, Lang lang) {
  const bool item = str(h, "kind") == "item";
  const std::string type = str(h, "type");
  const std::string date = str(h, "date");
  json v = {{"kind", item ? "item" : "article"},
            {"is_item", item},
            {"is_article", !item},
            {"url", str(h, "url")},
            {"lang", content_lang(str(h, "language"), lang)},
            {"type", css_token(type)},
            {"type_label", value_label(lang, "type", type)},
            {"organisation", join(strings_of(h.value("organisation", json::array())), ", ")},
            {"date", date},
            {"date_text", format_date(lang, date)},
            {"snippet", sanitize_snippet(str(h, "snippet"))}};
  if (item) {
    const char* from = type == "pro" ? "pro_from" : type == "con" ? "con_from" : "lesson_from";
    v["from_label"] = tr(lang, from);
    v["case_title"] = str(h, "case_title");
    v["case_url"] = "/articles/" + str(h, "case_id");
    if (str(v, "snippet").empty()) v["snippet"] = v["type_label"];
  } else {
    v["title"] = str(h, "title").empty() ? str(h, "id") : str(h, "title");
    std::string sec = str(h, "snippet_section");
    std::string key = "snippet_section." + sec;
    v["section_label"] = sec.empty() || strings(lang).find(key) == strings(lang).end() ? "" : tr(lang, key);
  }
  return v;
}

json pagination_view(const SearchRequest& req, size_t pages, ListKind kind, Lang lang) {
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

}  // namespace

// ---------- public helpers ----------

Result<Templates> load_templates(const std::string& web_dir) {
  Templates tp;
  for (const char* name : kTemplateNames) {
    fs::path p = fs::path(web_dir) / "templates" / (std::string(name) + ".mustache");
    std::error_code ec;
    if (fs::is_symlink(p, ec)) return Status::io("refusing symlinked template `" + p.string() + "`");
    std::ifstream in(p, std::ios::binary);
    if (!in) return Status::io("cannot read `" + p.string() + "`");
    std::stringstream ss;
    ss << in.rdbuf();
    mst::mustache check{ss.str()};
    if (!check.is_valid()) return Status::internal("template `" + p.string() + "`: " + check.error_message());
    tp.text[name] = ss.str();
  }
  return tp;
}

Result<std::string> render_template(const Templates& tp, const std::string& name, const json& view) {
  auto it = tp.text.find(name);
  if (it == tp.text.end()) return Status::internal("no template `" + name + "`");
  // Parsed per call: a kainjow template object is not safe to render from
  // several threads at once, and parsing a few kilobytes is cheap.
  mst::mustache tmpl{it->second};
  mst::data data = to_mustache(view);
  for (const auto& [pname, ptext] : tp.text) {
    if (pname.rfind("p_", 0) != 0) continue;
    const std::string* text = &ptext;
    data[pname] = mst::data{mst::partial{[text] { return *text; }}};
  }
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) return Status::internal("template `" + name + "`: " + tmpl.error_message());
  return out;
}

Result<LenientRequest> parse_page_request(const Params& params, const Schema& schema, const Limits& limits,
                                         ListKind kind) {
  static const std::set<std::string> kNames = {"q", "page", "per_page", "from", "to", "sort", "scope", "match"};
  Params kept;
  bool per_page_given = false;
  for (const auto& [k, v] : params) {
    if (!kNames.count(k) && !facet_field(schema, k)) continue;
    if (kind == ListKind::kLessons && k == "scope") continue;
    per_page_given |= k == "per_page";
    kept.emplace_back(k, v);
  }
  LenientRequest out;
  for (int attempt = 0;; ++attempt) {
    auto r = parse_search_request(kept, schema, limits);
    if (r.ok()) {
      out.req = *r;
      break;
    }
    const std::string param = r.status().param();
    const size_t before = kept.size();
    if (r.status().kind() == ErrorKind::kInvalidArgument && !param.empty() && attempt < 32) {
      std::erase_if(kept, [&](const auto& kv) { return kv.first == param; });
    }
    if (kept.size() == before) return r.status();
    if (std::find(out.ignored.begin(), out.ignored.end(), param) == out.ignored.end()) out.ignored.push_back(param);
    if (param == "per_page") per_page_given = false;
  }
  if (kind == ListKind::kLessons) {
    out.req.scope = Scope::kLessons;
    if (!per_page_given) out.req.per_page = kLessonsPerPage;
  }
  out.req.facet_size = kFacetSize;
  return out;
}

std::string list_url(const SearchRequest& req, ListKind kind) {
  SearchRequest r = req;
  std::string path = "/";
  if (kind == ListKind::kLessons) {
    path = "/lessons";
    r.scope = Scope::kArticles;  // implied by the page
    if (r.per_page == kLessonsPerPage) r.per_page = 10;
  }
  std::string qs = to_query_string(r);
  return qs.empty() ? path : path + "?" + qs;
}

std::string sanitize_snippet(std::string_view html) {
  std::string out;
  int open = 0;
  for (size_t i = 0; i < html.size(); ++i) {
    char c = html[i];
    if (c == '<') {
      if (html.compare(i, 6, "<mark>") == 0) {
        if (open == 0) {
          out += "<mark>";
          open = 1;
        }
        i += 5;
        continue;
      }
      if (html.compare(i, 7, "</mark>") == 0) {
        if (open == 1) {
          out += "</mark>";
          open = 0;
        }
        i += 6;
        continue;
      }
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '&') {
      // A character reference stays: &name; or &#123; or &#x1F;.
      const size_t n = html.size();
      size_t j = i + 1, start = j;
      if (j < n && html[j] == '#') {
        ++j;
        const bool hex = j < n && (html[j] == 'x' || html[j] == 'X');
        if (hex) ++j;
        start = j;
        while (j < n && j - start < 8 &&
               (hex ? std::isxdigit(static_cast<unsigned char>(html[j])) : std::isdigit(static_cast<unsigned char>(html[j])))) {
          ++j;
        }
      } else {
        while (j < n && j - start < 32 && std::isalnum(static_cast<unsigned char>(html[j]))) ++j;
      }
      if (j > start && j < n && html[j] == ';') {
        out.append(html.substr(i, j - i + 1));
        i = j;
      } else {
        out += "&amp;";
      }
    } else {
      out.push_back(c);
    }
  }
  if (open) out += "</mark>";
  return out;
}

std::string csv_field(std::string_view value) {
  std::string v(value);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) {
    v = "'" + v;
  }
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

// ---------- pages ----------

namespace {

Page html_page(const Templates& tp, const PageRequest& pr, const Layout& l, const std::string& content_template,
               json content_view, int status) {
  content_view["t"] = t_json(pr.lang);
  Page page;
  page.status = status;
  auto content = render_template(tp, content_template, content_view);
  Result<std::string> html = content.ok() ? render_layout(tp, pr, l, *content) : Result<std::string>(content.status());
  if (!html.ok()) {
    std::cerr << "casebase-serve: rendering `" << content_template << "`: " << html.status().message() << "\n";
    page.status = 500;
    page.content_type = "text/plain; charset=utf-8";
    page.body = "internal error\n";
    return page;
  }
  page.body = std::move(*html);
  return page;
}

Page status_page(const Templates& tp, const PageRequest& pr, const Status& st) {
  switch (st.kind()) {
    case ErrorKind::kInvalidArgument: return error_page(tp, pr, 400);
    case ErrorKind::kNotFound:
    case ErrorKind::kBusy: return error_page(tp, pr, 503);
    default:
      std::cerr << "casebase-serve: internal error: " << st.message() << "\n";
      return error_page(tp, pr, 500);
  }
}

}  // namespace

Page search_page(const Searcher& s, const Templates& tp, const PageRequest& pr, ListKind kind) {
  const Lang lang = pr.lang;
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

  const size_t total = body.value("total", size_t{0});
  const size_t pages = body.value("pages", size_t{0});
  json notices = json::array();
  for (const auto& p : lr->ignored) notices.push_back(format(tr(lang, "ignored_param"), {{"param", p}}));
  results["notices"] = notices;

  // Count, e.g. "12 resultaten voor ‘laadpalen’, pagina 2 van 3".
  std::string count = total == 0   ? tr(lang, "count_none")
                      : total == 1 ? tr(lang, "count_one")
                                   : format(tr(lang, "count_many"), {{"n", std::to_string(total)}});
  if (!req.q.empty()) count = format(tr(lang, "count_for"), {{"count", count}, {"q", req.q}});
  if (pages > 1 && static_cast<size_t>(req.page) <= pages) {
    count += ", " + format(tr(lang, "page_of"), {{"page", std::to_string(req.page)}, {"pages", std::to_string(pages)}});
  }
  results["count_text"] = count;

  json suggestion = false;
  if (body.contains("suggestion")) {
    SearchRequest c = req;
    c.q = body["suggestion"].value("q", "");
    c.page = 1;
    suggestion = {{"q", c.q}, {"url", list_url(c, kind)}};
  }
  results["suggestion"] = suggestion;
  results["or_fallback"] = body.value("or_fallback", false);

  // Active filters, each removable on its own.
  json active = json::array();
  for (const auto& [key, values] : req.filters) {
    for (const auto& v : values) {
      SearchRequest c = req;
      auto& vs = c.filters[key];
      std::erase(vs, v);
      if (vs.empty()) c.filters.erase(key);
      c.page = 1;
      std::string label = facet_label(schema, key, lang);
      std::string value = value_label(lang, key, v);
      active.push_back({{"label", label},
                        {"value", value},
                        {"remove_url", list_url(c, kind)},
                        {"aria", format(tr(lang, "remove_filter"), {{"facet", label}, {"value", value}})}});
    }
  }
  if (req.year_from || req.year_to) {
    SearchRequest c = req;
    c.year_from = c.year_to = 0;
    c.page = 1;
    std::string label = tr(lang, "years_legend");
    std::string value = years_text(lang, req.year_from, req.year_to);
    active.push_back({{"label", label},
                      {"value", value},
                      {"remove_url", list_url(c, kind)},
                      {"aria", format(tr(lang, "remove_filter"), {{"facet", label}, {"value", value}})}});
  }
  results["active"] = active;
  results["has_active"] = !active.empty();

  json hits = json::array();
  for (const auto& h : body["hits"]) hits.push_back(hit_view(h, lang));
  results["hits"] = hits;
  results["has_hits"] = !hits.empty();
  results["start"] = std::to_string((req.page - 1) * req.per_page + 1);
  results["pagination"] = hits.empty() ? json(false) : pagination_view(req, pages, kind, lang);

  if (hits.empty() && total > 0) {
    SearchRequest c = req;
    c.page = 1;
    results["out_of_range"] = {{"url", list_url(c, kind)}};
  }

  // Zero results: ways out, most specific first.
  if (total == 0 && !results.contains("error")) {
    json tips = json::array();
    if (suggestion.is_object()) {
      tips.push_back({{"text", format(tr(lang, "tip_suggestion"), {{"q", suggestion["q"].get<std::string>()}})},
                      {"url", suggestion["url"]}});
    }
    for (const auto& a : active) {
      std::string text = a["label"] == tr(lang, "years_legend")
                             ? format(tr(lang, "tip_drop_years"), {{"years", a["value"].get<std::string>()}})
                             : format(tr(lang, "tip_drop_filter"), {{"facet", a["label"].get<std::string>()},
                                                                    {"value", a["value"].get<std::string>()}});
      tips.push_back({{"text", text}, {"url", a["remove_url"]}});
    }
    if (active.size() > 1) {
      SearchRequest c = req;
      c.filters.clear();
      c.year_from = c.year_to = 0;
      c.page = 1;
      tips.push_back({{"text", tr(lang, "clear_all")}, {"url", list_url(c, kind)}});
    }
    if (!lessons && req.scope == Scope::kArticles && !req.q.empty()) {
      SearchRequest c = req;
      c.scope = Scope::kAll;
      c.page = 1;
      tips.push_back({{"text", tr(lang, "tip_scope_all")}, {"url", list_url(c, kind)}});
    }
    if (!req.q.empty()) tips.push_back({{"text", tr(lang, "tip_fewer_words")}, {"url", ""}});
    if (!req.q.empty() || !active.empty()) {
      tips.push_back({{"text", tr(lang, lessons ? "go_lessons" : "tip_browse")}, {"url", lessons ? "/lessons" : "/"}});
    }
    results["empty"] = {{"tips", tips}};
  } else {
    results["empty"] = false;
  }

  const std::string eq = export_query(req);
  const std::string eqs = eq.empty() ? "" : "?" + eq;
  results["tools"] = total == 0 ? json(false)
                                : json{{"csv", "/export.csv" + eqs},
                                       {"json", "/export.json" + eqs},
                                       {"feed", lessons ? "" : "/feed.atom" + eqs}};

  // The form.
  json sort = json::array({option("relevance", tr(lang, "sort_relevance"), req.sort == SortOrder::kRelevance),
                           option("newest", tr(lang, "sort_newest"), req.sort == SortOrder::kNewest),
                           option("oldest", tr(lang, "sort_oldest"), req.sort == SortOrder::kOldest)});
  json scope = json::array({option("articles", tr(lang, "scope_articles"), req.scope == Scope::kArticles),
                            option("lessons", tr(lang, "scope_lessons"), req.scope == Scope::kLessons),
                            option("items", tr(lang, "scope_items"), req.scope == Scope::kItems),
                            option("all", tr(lang, "scope_all"), req.scope == Scope::kAll)});
  json form = {{"action", lessons ? "/lessons" : "/"},
               {"q", req.q},
               {"label", tr(lang, lessons ? "lessons_search_label" : "search_label")},
               {"hint", tr(lang, lessons ? "lessons_hint" : "search_hint")},
               {"sort", sort},
               {"scope", scope},
               {"show_scope", !lessons},
               {"match_any", req.match_any}};

  json view = {{"form", form},
               {"heading", tr(lang, lessons ? "heading_lessons" : "heading_search")},
               {"intro", lessons ? tr(lang, "lessons_intro") : ""},
               {"kind", lessons ? "lessons" : "search"},
               {"facets", facets_view(body, req, kind, lang, schema)},
               {"results", results}};

  Layout l;
  const char* title_key = lessons ? (req.q.empty() ? "title_lessons" : "title_lessons_q")
                                  : (req.q.empty() ? "title_search" : "title_search_q");
  l.title = format(tr(lang, title_key), {{"q", req.q}});
  l.current_url = list_url(req, kind);
  l.nav = lessons ? Nav::kLessons : Nav::kSearch;
  l.feed_href = lessons ? "" : "/feed.atom" + eqs;
  l.body_class = lessons ? "page-lessons" : "page-search";
  return html_page(tp, pr, l, "search", view, status);
}

Page article_page(const Searcher& s, const Templates& tp, const PageRequest& pr, const std::string& id) {
  const Lang lang = pr.lang;
  const Schema& schema = s.schema();
  auto not_found = [&] {
    Layout l;
    l.title = tr(lang, "article_not_found_heading") + " – Casebase";
    l.current_url = pr.path;
    json view = {{"heading", tr(lang, "article_not_found_heading")}, {"text", tr(lang, "article_not_found_text")}};
    return html_page(tp, pr, l, "error", view, 404);
  };
  if (!valid_article_id(id)) return not_found();
  auto stored = s.get_article(id);
  if (!stored.ok()) {
    if (stored.status().kind() == ErrorKind::kNotFound && s.stats().ok()) return not_found();
    return status_page(tp, pr, stored.status());
  }
  const json a = article_json(id, *stored);
  const json fields = a.value("fields", json::object());
  const std::string clang = content_lang(str(a, "language"), lang);

  // Metadata: each facet value links to the search for it.
  json meta = json::array();
  const std::string ykey = year_key(schema);
  for (const auto& f : schema.fields) {
    if (!f.facet || f.key == "type" || f.key == "language") continue;
    json values = json::array();
    std::string label = f.label(lang_code(lang));
    if (f.kind == FieldKind::kDate) {
      std::string date = f.key == "date" ? str(a, "date") : "";
      if (date.empty()) {
        auto d = strings_of(fields.value(f.key, json::array()));
        if (!d.empty()) date = d[0];
      }
      if (date.size() < 4) continue;
      SearchRequest r;
      std::string url;
      if (facet_api_key(f) == ykey) {
        r.year_from = r.year_to = std::atoi(date.substr(0, 4).c_str());
        url = list_url(r, ListKind::kSearch);
      } else {
        r.filters[facet_api_key(f)] = {date.substr(0, 4)};
        url = list_url(r, ListKind::kSearch);
      }
      values.push_back({{"text", format_date(lang, date)}, {"url", url}, {"last", true}});
      if (f.key == "date") label = tr(lang, "date_label");
    } else {
      auto vs = strings_of(fields.value(f.key, json::array()));
      for (size_t i = 0; i < vs.size(); ++i) {
        SearchRequest r;
        r.filters[facet_api_key(f)] = {vs[i]};
        values.push_back(
            {{"text", value_label(lang, f.key, vs[i])}, {"url", list_url(r, ListKind::kSearch)}, {"last", i + 1 == vs.size()}});
      }
    }
    if (!values.empty()) meta.push_back({{"label", label.empty() ? f.key : label}, {"values", values}});
  }
  auto authors = strings_of(fields.value("authors", json::array()));

  json source = false;
  for (const auto& src : strings_of(fields.value("source", json::array()))) {
    if (src.rfind("https://", 0) != 0 && src.rfind("http://", 0) != 0) continue;
    size_t start = src.find("://") + 3;
    size_t end = src.find_first_of("/:?#", start);
    std::string host = src.substr(start, end == std::string::npos ? std::string::npos : end - start);
    source = {{"url", src}, {"text", format(tr(lang, "source_text"), {{"host", host}})}};
    break;
  }

  json lessons = json::array(), pros = json::array(), cons = json::array();
  for (const auto& it : a.value("items", json::array())) {
    json e = {{"anchor", str(it, "anchor")}, {"text", str(it, "text")}};
    std::string type = str(it, "type");
    (type == "pro" ? pros : type == "con" ? cons : lessons).push_back(e);
  }

  json glance = json::array();
  for (const auto& [kind, heading, list] : {std::tuple{"lessons", "lessons_heading", &lessons},
                                            std::tuple{"pros", "pros_heading", &pros},
                                            std::tuple{"cons", "cons_heading", &cons}}) {
    if (!list->empty()) glance.push_back({{"kind", kind}, {"heading", tr(lang, heading)}, {"items", *list}});
  }

  json related = json::array();
  auto rel = s.related(id, SearchRequest{}, kRelated);
  if (rel.ok()) {
    for (const auto& r : *rel) {
      json rj = related_json(r);
      std::vector<std::string> parts;
      std::vector<std::pair<std::string, std::vector<std::string>>> by_facet;
      for (const auto& sf : rj["reason"]["shared_facets"]) {
        std::string k = str(sf, "facet");
        auto it = std::find_if(by_facet.begin(), by_facet.end(), [&](const auto& p) { return p.first == k; });
        if (it == by_facet.end()) it = by_facet.insert(by_facet.end(), {k, {}});
        it->second.push_back(value_label(lang, k, str(sf, "value")));
      }
      for (const auto& [k, vs] : by_facet) parts.push_back(facet_label(schema, k, lang) + ": " + join(vs, ", "));
      auto terms = strings_of(rj["reason"]["shared_terms"]);
      if (!terms.empty()) parts.push_back(tr(lang, "related_words") + ": " + join(terms, ", "));
      related.push_back({{"title", str(rj, "title").empty() ? str(rj, "id") : str(rj, "title")},
                         {"url", str(rj, "url")},
                         {"summary", str(rj, "summary")},
                         {"lang", content_lang(str(rj, "language"), lang)},
                         {"reason", parts.empty() ? "" : format(tr(lang, "related_reason"), {{"parts", join(parts, "; ")}})}});
    }
  }

  std::string back = "/";
  if (pr.referer_path == "/" || pr.referer_path.rfind("/?", 0) == 0 || pr.referer_path.rfind("/lessons", 0) == 0) {
    back = pr.referer_path;
  }
  const std::string type = str(a, "type");
  json view = {{"id", id},
               {"title", str(a, "title").empty() ? id : str(a, "title")},
               {"summary", str(a, "summary")},
               {"content_lang", clang},
               {"type", css_token(type)},
               {"type_label", value_label(lang, "type", type)},
               {"html", str(a, "html")},
               {"meta", meta},
               {"has_meta", !meta.empty() || !authors.empty() || source.is_object()},
               {"authors", join(authors, ", ")},
               {"source", source},
               {"glance", glance},
               {"has_glance", !glance.empty()},
               {"ui_lang", lang_code(lang)},
               {"related", related},
               {"has_related", !related.empty()},
               {"back_url", back}};
  Layout l;
  l.title = format(tr(lang, "title_article"), {{"title", str(view, "title")}});
  l.current_url = "/articles/" + id;
  l.body_class = "page-article";
  return html_page(tp, pr, l, "article", view, 200);
}

Page contribute_page(const Searcher& s, const Templates& tp, const PageRequest& pr) {
  const Lang lang = pr.lang;
  const Schema& schema = s.schema();
  json fields = json::array();
  for (const auto& f : schema.fields) {
    std::string values;
    if (!f.allowed.empty()) {
      std::vector<std::string> vs;
      for (const auto& a : f.allowed) vs.push_back(a.value);
      values = join(vs, ", ");
    } else if (f.kind == FieldKind::kDate) {
      values = tr(lang, "values_date");
    } else if (f.kind == FieldKind::kNumber) {
      values = tr(lang, "values_number");
    } else if (f.multi) {
      values = tr(lang, "values_list");
    } else if (f.kind == FieldKind::kText) {
      values = tr(lang, "values_text");
    } else {
      values = tr(lang, "values_one");
    }
    fields.push_back({{"key", f.key},
                      {"label", f.label(lang_code(lang))},
                      {"required", tr(lang, f.required ? "yes" : "no")},
                      {"values", values}});
  }
  json sections = json::array();
  for (const auto& sec : schema.sections) {
    std::vector<std::string> q;
    for (const auto& n : sec.query_names) q.push_back(n + ":");
    sections.push_back({{"label", sec.label(lang_code(lang))},
                        {"headings", join(sec.headings, ", ")},
                        {"query", join(q, " ")},
                        {"items", sec.item_type.empty() ? "–" : value_label(lang, "type", sec.item_type)}});
  }
  json view = {{"fields", fields}, {"sections", sections}};
  Layout l;
  l.title = tr(lang, "title_contribute");
  l.current_url = "/contribute";
  l.nav = Nav::kContribute;
  l.body_class = "page-contribute";
  return html_page(tp, pr, l, "contribute", view, 200);
}

Page error_page(const Templates& tp, const PageRequest& pr, int status) {
  const Lang lang = pr.lang;
  std::string heading, text;
  switch (status) {
    case 404:
      heading = tr(lang, "not_found_heading");
      text = tr(lang, "not_found_text");
      break;
    case 400:
      heading = tr(lang, "error_heading");
      text = tr(lang, "error_query");
      break;
    case 503:
      heading = tr(lang, "unavailable_heading");
      text = tr(lang, "unavailable_text");
      break;
    default:
      heading = tr(lang, "error_heading");
      text = tr(lang, "error_text");
  }
  Layout l;
  l.title = heading + " – Casebase";
  // Only a known-safe path goes into the language switch.
  l.current_url = "/";
  if (!pr.path.empty() && pr.path.size() < 300 && pr.path[0] == '/' &&
      std::all_of(pr.path.begin(), pr.path.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.';
      })) {
    l.current_url = pr.path;
  }
  Page p = html_page(tp, pr, l, "error", {{"heading", heading}, {"text", text}}, status);
  if (status == 503) p.headers.emplace_back("Retry-After", "60");
  return p;
}

// ---------- feed, OpenSearch, export ----------

Page atom_feed(const Searcher& s, const Templates& tp, const PageRequest& pr) {
  const Lang lang = pr.lang;
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
  json body = search_json(req, *resp);
  json entries = json::array();
  std::string updated;
  for (const auto& h : body["hits"]) {
    std::string date = str(h, "date");
    std::string u = rfc3339(date);
    if (u > updated) updated = u;
    entries.push_back({{"title", str(h, "title")},
                       {"id", pr.base_url + str(h, "url")},
                       {"url", pr.base_url + str(h, "url")},
                       {"updated", u},
                       {"authors", h.value("organisation", json::array())},
                       {"categories", h.value("fields", json::object()).value("themes", json::array())},
                       {"summary", str(h, "summary").empty() ? snippet_text(str(h, "snippet")) : str(h, "summary")}});
  }
  std::string self = pr.base_url + "/feed.atom" + (qs.empty() ? "" : "?" + qs);
  json view = {{"lang", lang_code(lang)},
               {"title", lr->req.q.empty() ? tr(lang, "feed_title") : format(tr(lang, "feed_title_q"), {{"q", lr->req.q}})},
               {"subtitle", tr(lang, "feed_subtitle")},
               {"id", self},
               {"self", self},
               {"alternate", pr.base_url + "/" + (qs.empty() ? "" : "?" + qs)},
               {"updated", updated.empty() ? rfc3339("") : updated},
               {"entries", entries}};
  xml_clean(view);
  auto xml = render_template(tp, "feed_atom", view);
  if (!xml.ok()) return status_page(tp, pr, xml.status());
  Page p;
  p.content_type = "application/atom+xml; charset=utf-8";
  p.body = std::move(*xml);
  return p;
}

Page opensearch_description(const Templates& tp, const PageRequest& pr) {
  json view = {{"base", pr.base_url},
               {"description", tr(pr.lang, "opensearch_description")},
               {"language", pr.lang == Lang::kEn ? "en" : "nl"}};
  auto xml = render_template(tp, "opensearch", view);
  if (!xml.ok()) return status_page(tp, pr, xml.status());
  Page p;
  p.content_type = "application/opensearchdescription+xml; charset=utf-8";
  p.body = std::move(*xml);
  return p;
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

Page export_results(const Searcher& s, const PageRequest& pr, ExportFormat fmt) {
  Page p;
  auto fail = [&](int status, const std::string& code, const std::string& message) {
    p.status = status;
    p.content_type = "application/json; charset=utf-8";
    p.body = json{{"error", {{"code", code}, {"message", message}}}}.dump();
    return p;
  };
  auto lr = parse_page_request(pr.params, s.schema(), s.limits(), ListKind::kSearch);
  if (!lr.ok()) return fail(400, "bad_request", lr.status().message());
  SearchRequest req = lr->req;
  const std::string qs = export_query(req);
  req.page = 1;
  req.per_page = kMaxExportRows;
  req.facet_size = 1;
  auto resp = s.search(req);
  if (!resp.ok()) {
    const Status& st = resp.status();
    if (st.kind() == ErrorKind::kInvalidArgument) return fail(400, "bad_request", st.message());
    if (st.kind() == ErrorKind::kNotFound || st.kind() == ErrorKind::kBusy) return fail(503, "busy", st.message());
    std::cerr << "casebase-serve: export: " << st.message() << "\n";
    return fail(500, "internal", "internal error");
  }
  json body = search_json(req, *resp);

  // Items carry only a snippet of their text and no fields: take both from
  // their case (each case read once).
  std::map<std::string, json> cases;
  auto case_of = [&](const std::string& id) -> const json& {
    auto it = cases.find(id);
    if (it == cases.end()) {
      auto a = s.get_article(id);
      it = cases.emplace(id, a.ok() ? article_json(id, *a) : json::object()).first;
    }
    return it->second;
  };
  json rows = json::array();
  for (json h : body["hits"]) {
    const bool item = str(h, "kind") == "item";
    if (item) {
      const json& c = case_of(str(h, "case_id"));
      h["fields"] = c.value("fields", json::object());
      for (const auto& it : c.value("items", json::array())) {
        if (str(it, "anchor") == str(h, "anchor")) h["text"] = str(it, "text");
      }
      if (!h.contains("text")) h["text"] = snippet_text(str(h, "snippet"));
    }
    for (const char* k : {"snippet", "snippet_section", "score", "api_url"}) h.erase(k);
    h["url"] = pr.base_url + str(h, "url");
    rows.push_back(std::move(h));
  }
  const size_t total = body.value("total", size_t{0});
  const std::string stamp = pr.lang == Lang::kEn ? "casebase-results" : "casebase-resultaten";

  if (fmt == ExportFormat::kJson) {
    json filters = json::object();
    for (const auto& [k, vs] : lr->req.filters) filters[k] = vs;
    static const char* kSort[] = {"relevance", "newest", "oldest"};
    static const char* kScope[] = {"articles", "lessons", "items", "all"};
    json query = {{"q", lr->req.q},
                  {"filters", filters},
                  {"from", lr->req.year_from ? json(lr->req.year_from) : json(nullptr)},
                  {"to", lr->req.year_to ? json(lr->req.year_to) : json(nullptr)},
                  {"sort", kSort[static_cast<int>(lr->req.sort)]},
                  {"scope", kScope[static_cast<int>(lr->req.scope)]}};
    json out = {{"query", query},
                {"search_url", pr.base_url + "/" + (qs.empty() ? "" : "?" + qs)},
                {"total", total},
                {"count", rows.size()},
                {"truncated", total > rows.size()},
                {"results", rows}};
    p.content_type = "application/json; charset=utf-8";
    p.body = out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    p.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stamp + ".json\"");
    return p;
  }

  // CSV (RFC 4180, with a BOM so spreadsheet programs read UTF-8).
  std::vector<std::string> facet_cols;
  for (const FieldSpec* f : s.schema().facets()) {
    if (f->kind == FieldKind::kKeyword && f->key != "type" && f->key != "language") facet_cols.push_back(f->key);
  }
  std::vector<std::string> header = {"kind", "id", "title", "type", "date", "language", "summary", "text",
                                     "case_id", "case_title"};
  header.insert(header.end(), facet_cols.begin(), facet_cols.end());
  header.push_back("url");
  std::string csv = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csv_field(cells[i]);
    csv += "\r\n";
  };
  line(header);
  for (const auto& h : rows) {
    const json f = h.value("fields", json::object());
    std::vector<std::string> cells = {str(h, "kind"), str(h, "id"),       str(h, "title"),   str(h, "type"),
                                      str(h, "date"), str(h, "language"), str(h, "summary"), str(h, "text"),
                                      str(h, "case_id"), str(h, "case_title")};
    for (const auto& k : facet_cols) cells.push_back(join(strings_of(f.value(k, json::array())), "; "));
    cells.push_back(str(h, "url"));
    line(cells);
  }
  p.content_type = "text/csv; charset=utf-8";
  p.body = std::move(csv);
  p.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stamp + ".csv\"");
  return p;
}

}  // namespace casebase::serve
