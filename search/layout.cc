#include "layout.h"

#include <iostream>

using nlohmann::json;

namespace casebase::serve {

namespace {

json nav_view(const Language& lang, Nav current) {
  json nav = json::array();
  auto add = [&](const char* href, const char* key, Nav which) {
    nav.push_back({{"href", href}, {"text", tr(lang, key)}, {"current", current == which}});
  };
  add("/", "nav_search", Nav::kSearch);
  add("/lessons", "nav_lessons", Nav::kLessons);
  add("/contribute", "nav_contribute", Nav::kContribute);
  return nav;
}

Result<std::string> render_layout(const Templates& tp, const PageRequest& pr, const Layout& l,
                                  const std::string& content_html) {
  const Language& lang = *pr.lang;
  json view = {
      {"t", lang.t},
      {"lang", lang.code},
      {"title", l.title},
      {"nav", nav_view(lang, l.nav)},
      {"lang_switch", lang_switch_view(pr, l.current_url)},
      {"feed", l.feed_href.empty() ? json(false) : json{{"href", l.feed_href}, {"title", tr(lang, "feed_link")}}},
      {"js_strings", lang.js_strings},
      {"body_class", l.body_class},
      {"scripts", l.scripts},
      {"content", content_html},
  };
  return render_template(tp, "layout", view);
}

}  // namespace

json lang_switch_view(const PageRequest& pr, const std::string& current_url) {
  const std::string sep = current_url.find('?') == std::string::npos ? "?" : "&";
  json links = json::array();
  for (const Language& other : pr.languages->all()) {
    if (other.code == pr.lang->code) continue;
    // Each link is worded in its own language: "English", "Read this page in English".
    links.push_back({{"href", current_url + sep + "lang=" + other.code},
                     {"lang", other.code},
                     {"text", other.name},
                     {"label", other.switch_label},
                     {"first", links.empty()}});
  }
  return links;
}

Page html_page(const Templates& tp, const PageRequest& pr, const Layout& l, const std::string& content_template,
               json content_view, int status) {
  content_view["t"] = pr.lang->t;
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

int page_status(const Status& st) {
  // Pages only see kNotFound from a search without an index.
  return st.kind() == ErrorKind::kNotFound ? 503 : st.http_status();
}

Page status_page(const Templates& tp, const PageRequest& pr, const Status& st) {
  const int status = page_status(st);
  if (status == 500) std::cerr << "casebase-serve: internal error: " << st.message() << "\n";
  return error_page(tp, pr, status);
}

Page account_page(const Templates& tp, const PageRequest& pr, Nav nav, const std::string& title_key,
                  const std::string& url, const std::string& content_template, nlohmann::json content_view, int status) {
  Layout l;
  l.title = tr(*pr.lang, title_key) + " – Casebase";
  l.current_url = url;
  l.nav = nav;
  l.body_class = "page-contrib";
  return html_page(tp, pr, l, content_template, std::move(content_view), status);
}

}  // namespace casebase::serve
