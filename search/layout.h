// layout: the site layout around every HTML page (header, navigation,
// language switch, footer) and the wrapping of a page's content template in
// it, with the error page for a core error.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "casebase/status.h"
#include "pages.h"

namespace casebase::serve {

enum class Nav { kNone, kSearch, kLessons, kContribute };

struct Layout {
  std::string title;
  std::string current_url;  // this page's URL without `lang`, for the switch
  Nav nav = Nav::kNone;
  std::string feed_href;    // alternate Atom feed, or empty
  std::string body_class;
  // Scripts of this page besides app.js (deferred), e.g. "/static/copy.js".
  std::vector<std::string> scripts;
};

// The language switch: one link per other language (its own name, the
// current URL with `lang=<code>`), ordered by code; the first has id
// "lang-switch". E.g. on a Dutch page with nl and en: one link "English".
nlohmann::json lang_switch_view(const PageRequest& pr, const std::string& current_url);

// A page of the signed-in side (contributions, insights, alerts): the
// catalogue's `title_key` as title, `url` for the language switch, `nav`
// marked current, body class "page-contrib".
Page account_page(const Templates& tp, const PageRequest& pr, Nav nav, const std::string& title_key,
                  const std::string& url, const std::string& content_template, nlohmann::json content_view, int status);

// Renders `content_template` with `content_view` (plus the catalogue as
// `t`) inside the layout. A rendering error is logged and becomes a plain
// 500 page.
Page html_page(const Templates& tp, const PageRequest& pr, const Layout& l, const std::string& content_template,
               nlohmann::json content_view, int status);

// The HTTP status of a page for a core error: an invalid query 400; no
// index (not found) or a busy one 503; anything else 500.
// E.g. page_status(Status::not_found("no index")) == 503.
int page_status(const Status& st);

// The error page for a core error (page_status); a 500 is logged.
Page status_page(const Templates& tp, const PageRequest& pr, const Status& st);

}  // namespace casebase::serve
