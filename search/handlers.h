// handlers: one function per route, named <verb>_<resource> (get_search,
// get_article_page, …). The JSON API handlers are strict about parameters
// and answer errors as {"error": {"code", "message", "param"}}; the page
// handlers negotiate the interface language and send a rendered Page.
// routes.cc lists them in one table.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "casebase/searcher.h"
#include "casebase/status.h"
#include "server.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace casebase::contrib {
class Contributions;
class SearchLog;
class Alerts;
}

namespace casebase::serve {

// What every handler may use; all outlive the server. `contributions` is
// null when the server has no --data folder.
struct Context {
  const Searcher* searcher = nullptr;
  const Site* site = nullptr;
  contrib::Contributions* contributions = nullptr;
  Telemetry* telemetry = nullptr;  // null: no /metrics
  const HttpServer* http = nullptr;
  contrib::SearchLog* search_log = nullptr;  // null: no search log (no --data, or --search-log-days 0)
  const std::vector<std::string>* trusted_proxies = nullptr;
  // Saved searches and e-mail alerts: null unless --data and --smtp.
  contrib::Alerts* alerts = nullptr;
};

// The client's address: the peer, or behind a proxy listed with
// --trust-proxy the last address in X-Forwarded-For that is no trusted
// proxy. Never logged (docs/PRIVACY.md); used for throttling and the
// search log's visitor key.
std::string client_address(const Context& c, const httplib::Request& req);

using Handler = void (*)(const Context&, const httplib::Request&, httplib::Response&);

// JSON API (docs/API.md).
void get_health(const Context& c, const httplib::Request& req, httplib::Response& res);
// Prometheus text format (telemetry.h); 404 without telemetry.
void get_metrics(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_search(const Context& c, const httplib::Request& req, httplib::Response& res);
// GET /api/facet-values?facet=KEY&prefix=TEXT plus a search's parameters:
// the values of one facet that answer the typed text, counted in that
// search (Searcher::facet_values), labelled in the negotiated language.
void get_facet_values(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_suggest(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_related(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_article(const Context& c, const httplib::Request& req, httplib::Response& res);
// Pages, feeds, export and static files.
void get_search_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_lessons_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_contribute_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_article_page(const Context& c, const httplib::Request& req, httplib::Response& res);
// GET /articles/{id}.md: the article's file as written (front matter and
// Markdown), text/markdown; 404 for an unknown or malformed id.
void get_article_source(const Context& c, const httplib::Request& req, httplib::Response& res);
// GET /compare?ids=a,b,c: up to three articles side by side (page_compare.cc).
void get_compare_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_feed(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_opensearch(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_opensearch_suggestions(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_export_csv(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_export_json(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_static(const Context& c, const httplib::Request& req, httplib::Response& res);
// Contributions (handlers_contrib.cc, docs/API.md): session, password,
// submissions and their review.
void post_session(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_session(const Context& c, const httplib::Request& req, httplib::Response& res);
void delete_session(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_password(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_submission(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_submissions(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_submission(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_submission_review(const Context& c, const httplib::Request& req, httplib::Response& res);
// The same flow as pages with forms (work without JavaScript).
void get_login_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_login_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_logout_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_password_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_password_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_submit_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_submit_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_submissions_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_submission_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_review_page(const Context& c, const httplib::Request& req, httplib::Response& res);
// Saved searches and e-mail alerts (handlers_alerts.cc, docs/API.md); 404
// without --data and --smtp.
void post_alert(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_alerts(const Context& c, const httplib::Request& req, httplib::Response& res);
void delete_alert(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_alerts_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_alerts_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_alert_delete_page(const Context& c, const httplib::Request& req, httplib::Response& res);
// The one-link unsubscribe of an alert's mail: no login, the token is the key.
void get_unsubscribe_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_unsubscribe_page(const Context& c, const httplib::Request& req, httplib::Response& res);
// The signed-in user who may save the search page's search as an alert:
// alerts on and a session; nullopt otherwise (no redirect, nothing sent).
std::optional<Account> alert_saver(const Context& c, const httplib::Request& req);

// Insights (handlers_insights.cc, docs/API.md, docs/PRIVACY.md): editors
// and admins only; 404 without --data or search log.
void get_insights_gaps(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_insights_synonym(const Context& c, const httplib::Request& req, httplib::Response& res);
void get_insights_page(const Context& c, const httplib::Request& req, httplib::Response& res);
void post_insights_synonym_page(const Context& c, const httplib::Request& req, httplib::Response& res);

// The search log (no-ops without one): a search's first page, and an
// article opened from a result page (`referer_path`: the same-origin
// Referer, "/?q=…").
struct LoggedSearch;
void log_search(const Context& c, const httplib::Request& req, const LoggedSearch& s);
void log_open(const Context& c, const httplib::Request& req, const std::string& referer_path,
              const std::string& article_id);

// Sends `body` as JSON (invalid UTF-8 replaced).
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// Sends {"error": {"code", "message"[, "param"]}}.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& param = "");
// Sends a core error with its HTTP status (Status::http_status) and code; a
// 500 is logged and answered with a generic message.
void send_status(httplib::Response& res, const Status& st);

// The page request of an HTTP request: the negotiated language, the
// parameters, the base URL (from --base-url or the Host header) and a
// same-origin Referer path.
PageRequest page_request(const httplib::Request& req, const Site& site);

// The interface language a request asks for: `lang=`, the language
// cookie, Accept-Language, else the default (Catalogues::negotiate).
const Language& request_language(const httplib::Request& req, const Site& site);

// A whole number parameter within [lo, hi], `fallback` when absent; a 400
// naming it is sent (and nullopt returned) otherwise.
std::optional<int> int_param(const httplib::Request& req, httplib::Response& res, const char* name, int lo, int hi,
                             int fallback);
// Sends a Page; a `lang` parameter naming a catalogue is remembered in a cookie.
void send_page(const httplib::Request& req, httplib::Response& res, const Site& site, const Page& page);

}  // namespace casebase::serve
