// pages: the server-rendered web pages (search, lessons, article,
// contribute, error pages), the Atom feed, the OpenSearch description and
// the export of a result set as CSV or JSON. One file per page or job:
// page_search.cc (with search_views.cc), page_article.cc, page_contribute.cc,
// page_error.cc, feed.cc, export.cc; layout.cc wraps a page in the site
// layout.
//
// Each page is a view model (nlohmann::json, built from the same JSON bodies
// as the API, see api.h) rendered by a Mustache template from web/templates
// (templates.h). Raw HTML is used only for HTML made safe on the server:
// cmark's safe-mode article body and search snippets passed through
// sanitize_snippet() (snippet_html.h). Interface text comes from the
// message catalogues (i18n.h); what is shown of an article comes from the
// schema's flags (display, feed, byline, facet_order).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "casebase/query.h"
#include "casebase/searcher.h"
#include "casebase/status.h"
#include "alerts.h"
#include "article_form.h"
#include "search_log.h"
#include "store.h"
#include "csv.h"
#include "i18n.h"
#include "page_request.h"
#include "snippet_html.h"
#include "templates.h"

namespace casebase::serve {

// What a page handler needs from the HTTP request.
// REQUIRES: `lang` and `languages` set (by the server from the Site's
// catalogues); both must outlive the call.
// REQUIRES: lang and languages point to loaded catalogues (handlers.cc's
// page_request sets both; a fuzz target or test must too).
struct PageRequest {
  const Language* lang = nullptr;          // the interface language
  const Catalogues* languages = nullptr;   // every language, for the language switch
  std::vector<std::pair<std::string, std::string>> params;  // query parameters
  std::string path;          // request path, for the language switch of error pages
  std::string base_url;      // "http://host:port" (no trailing slash), for feeds
  std::string referer_path;  // same-origin Referer path ("/?q=…"), or empty
  size_t facet_search_min = 10;  // a facet with more values gets a search box (Site)
};

// A search for the search log (issue 17): the first page of one that ran.
struct LoggedSearch {
  std::string q;
  std::vector<std::string> filters;  // filter_terms()
  long long results = 0;
};

// A rendered response.
struct Page {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<LoggedSearch> logged;  // set by the search and lessons pages
};

// The popular searches the home page shows: the search log's k-anonymous
// top queries of the last weeks (empty without a log) and its k.
struct HomePopular {
  std::vector<std::string> queries;
  int k = 0;
};
// True when the search page shows its home sections: the search page
// (not /lessons) without words, filters or years, on page 1.
bool is_home(const SearchRequest& req, ListKind kind);
// The home sections (page_home.cc): the newest articles, the theme facet's
// values with counts (from `browse`, the page's own search), the newest
// lesson of each of the four largest themes, and `popular`. Each list may
// be empty (has_* false). Errors of its searches leave their list empty.
nlohmann::json home_view(const Searcher& s, const SearchResponse& browse, const Language& lang,
                         const HomePopular& popular);

struct Account;
// The search or lessons page: form, facets (with counts, "show more", year
// range, clear-all), active filters, results, pagination, "did you mean",
// help for zero results, export and feed links. Status 400 when the query
// cannot run (shown on the page), 503 without an index. With `saver` (a
// signed-in user, alerts on) the search page offers "save this search".
// Without words or filters (is_home) the search page also shows the home
// sections; `popular` is asked for their popular searches then only.
Page search_page(const Searcher& searcher, const Templates& templates, const PageRequest& pr, ListKind kind,
                 const Account* saver = nullptr, const std::function<HomePopular()>& popular = {});
// One change of an article's file (its git history): who wrote it, who
// committed it, when (ISO 8601).
struct ArticleChange {
  std::string author, committer, date;
};
// An article: its safe HTML body, metadata linking to facet searches,
// lessons/pros/cons with anchors, related cases with the reason, the
// source, and its history when given (newest first).
// A 404 page for an unknown or malformed id.
Page article_page(const Searcher& searcher, const Templates& templates, const PageRequest& pr, const std::string& id,
                  const std::vector<ArticleChange>& history = {});
// The most articles /compare shows side by side.
inline constexpr size_t kMaxCompare = 3;
// The article ids a compare request names: each `ids` parameter split at
// commas, trimmed, empty ones and repeats dropped, in order; at most 64
// are read. E.g. {{"ids", "a,b"}, {"ids", "a"}} gives {"a", "b"}.
std::vector<std::string> compare_ids(const std::vector<std::pair<std::string, std::string>>& params);
// Up to kMaxCompare articles side by side: their facts and sections in one
// table. No ids: how to choose them (200). More than kMaxCompare, or an id
// that is malformed or not in the index: 400 with the reason on the page.
Page compare_page(const Searcher& searcher, const Templates& templates, const PageRequest& pr);
// How to contribute: the steps, the fields and sections of the schema, the
// template and the checker command.
// With `online` (contributions on), it also points to the browser form.
Page contribute_page(const Searcher& searcher, const Templates& templates, const PageRequest& pr, bool online = false);
// An HTML error page for `status` (400, 404, 500, 503).
Page error_page(const Templates& templates, const PageRequest& pr, int status);

// GET /feed.atom: the newest articles matching the search parameters.
Page atom_feed(const Searcher& searcher, const Templates& templates, const PageRequest& pr);
// GET /opensearch.xml and its suggestion endpoint (["q", ["…", …]]).
Page opensearch_description(const Templates& templates, const PageRequest& pr);
Page opensearch_suggestions(const Searcher& searcher, const PageRequest& pr);

enum class ExportFormat { kCsv, kJson };
// GET /export.csv and /export.json: the whole result set (up to 1000 rows)
// of the search parameters, with the query and filters that made it.
Page export_results(const Searcher& searcher, const PageRequest& pr, ExportFormat format);

// ---------- Contribution pages (page_contrib.cc) ----------
// Forms that work without JavaScript; every form that changes state carries
// the session's CSRF token.

// The logged-in user as the pages show them.
struct Account {
  std::string user;
  std::string role;
  std::string csrf;
  bool reviewer = false;
};

// Log in; `error` (a catalogue key) is shown above the form.
Page login_page(const Templates& tp, const PageRequest& pr, const std::string& user, const std::string& error, int status);
// Choose a password; `required` after a one-time password.
Page password_page(const Templates& tp, const PageRequest& pr, const Account& a, bool required, const std::string& error,
                   int status);

// The article form as filled in: the schema's fields and sections (mode
// "form") or the Markdown itself (mode "markdown": edits, and whoever
// prefers it); the checker's diagnostics; a preview.
struct SubmitView {
  std::string mode = "form";
  std::string id;  // the article an edit changes
  long long draft = 0;  // the author's draft this continues
  contrib::FormInput input;
  std::string markdown;
  contrib::AssembledArticle assembled;  // form mode: the Markdown it stands for
  std::vector<Diagnostic> diagnostics;
  bool preview = false;
  std::string error;  // a refusal's message (too large, too many)
};
Page submit_page(const Schema& schema, const Templates& tp, const PageRequest& pr, const Account& a, const SubmitView& v,
                 int status);

// A contributor's submissions; for editors also the queue. `notice`: a
// catalogue key shown on top ("submitted").
Page submissions_page(const Templates& tp, const PageRequest& pr, const Account& a,
                      const std::vector<contrib::Submission>& mine, const std::vector<contrib::Submission>& queue,
                      const std::string& notice);

// One submission: status, the editor's comment, its preview, for an edit
// the diff against `published`, and for editors the review forms. `merge`:
// the three-way merge offered after a conflict.
Page submission_page(const Schema& schema, const Templates& tp, const PageRequest& pr, const Account& a,
                     const contrib::Submission& s, const std::string& published, const std::string& notice,
                     const std::string& merge, int status);

// The editors' insights (issue 17): per week the queries without results
// (each with "write a case about this"), those whose results nobody
// opened, the most frequent queries and filters; then synonym candidates
// with accept and dismiss forms. Only k-anonymous entries reach it.
Page insights_page(const Templates& tp, const PageRequest& pr, const Account& a,
                   const std::vector<contrib::WeekInsights>& weeks,
                   const std::vector<contrib::SynonymCandidate>& candidates, int k, int retention_days,
                   const std::string& notice);
// ---------- Saved searches and alerts (page_alerts.cc) ----------

// The user's alerts, each with its search link and a delete button.
// `notice` and `error`: catalogue keys shown on top; `has_email`: false
// shows that no mail can be sent to the account.
Page alerts_page(const Templates& tp, const PageRequest& pr, const Account& a, const std::vector<contrib::Alert>& alerts,
                 bool has_email, const std::string& notice, const std::string& error, int status);
// The unsubscribe link's page: a confirm button for `token` (mail scanners
// follow links; only the POST deletes), or with `done` the confirmation.
Page unsubscribe_page(const Templates& tp, const PageRequest& pr, const std::string& label, const std::string& token,
                      bool done);

}  // namespace casebase::serve
