// The HTTP routes in one table, and the server's limits, guards and
// security headers.
#include <httplib.h>

#include <iostream>

#include "handlers.h"
#include "http_server.h"
#include "server.h"
#include "telemetry.h"

namespace casebase::serve {

namespace {

constexpr size_t kMaxHeaderBytes = 16 * 1024;
constexpr size_t kMaxHeaders = 64;
constexpr size_t kMaxTargetBytes = 8 * 1024;

struct Route {
  const char* method;
  const char* pattern;
  Handler handler;
};

// Every route. The JSON API (docs/API.md) is strict about parameters; pages
// ignore unknown ones.
constexpr Route kRoutes[] = {
    {"GET", "/healthz", get_health},
    {"GET", "/metrics", get_metrics},
    {"GET", "/api/search", get_search},
    {"GET", "/api/suggest", get_suggest},
    {"GET", "/api/facet-values", get_facet_values},
    {"GET", R"(/api/articles/(.+)/related)", get_related},
    {"GET", R"(/api/articles/(.+))", get_article},
    {"GET", "/", get_search_page},
    {"GET", "/lessons", get_lessons_page},
    {"GET", "/contribute", get_contribute_page},
    {"GET", R"(/articles/(.+)\.md)", get_article_source},  // before the page: ids have no dots
    {"GET", R"(/articles/(.+))", get_article_page},
    {"GET", "/compare", get_compare_page},
    {"GET", "/feed.atom", get_feed},
    {"GET", "/opensearch.xml", get_opensearch},
    {"GET", "/opensearch/suggest", get_opensearch_suggestions},
    {"GET", "/export.csv", get_export_csv},
    {"GET", "/export.json", get_export_json},
    {"GET", R"(/static/([A-Za-z0-9._-]+))", get_static},
    // Contributions (handlers_contrib.cc); 404 without --data.
    {"POST", "/api/session", post_session},
    {"GET", "/api/session", get_session},
    {"DELETE", "/api/session", delete_session},
    {"POST", "/api/password", post_password},
    {"POST", "/api/submissions", post_submission},
    {"GET", "/api/submissions", get_submissions},
    {"GET", R"(/api/submissions/([0-9]+))", get_submission},
    {"POST", R"(/api/submissions/([0-9]+)/(approve|request-changes|reject))", post_submission_review},
    {"GET", "/login", get_login_page},
    {"POST", "/login", post_login_page},
    {"POST", "/logout", post_logout_page},
    {"GET", "/account/password", get_password_page},
    {"POST", "/account/password", post_password_page},
    {"GET", "/submit", get_submit_page},
    {"POST", "/submit", post_submit_page},
    {"GET", "/submissions", get_submissions_page},
    {"GET", R"(/submissions/([0-9]+))", get_submission_page},
    {"POST", R"(/submissions/([0-9]+)/(approve|request-changes|reject))", post_review_page},
    // Insights for editors (handlers_insights.cc); 404 without --data.
    {"GET", "/api/insights/gaps", get_insights_gaps},
    {"POST", "/api/insights/synonyms", post_insights_synonym},
    {"GET", "/insights", get_insights_page},
    {"POST", "/insights/synonyms", post_insights_synonym_page},
    // Saved searches and e-mail alerts (handlers_alerts.cc); 404 without --data and --smtp.
    {"POST", "/api/alerts", post_alert},
    {"GET", "/api/alerts", get_alerts},
    {"DELETE", R"(/api/alerts/([0-9]+))", delete_alert},
    {"GET", "/alerts", get_alerts_page},
    {"POST", "/alerts", post_alerts_page},
    {"POST", R"(/alerts/([0-9]+)/delete)", post_alert_delete_page},
    {"GET", "/alerts/unsubscribe", get_unsubscribe_page},
    {"POST", "/alerts/unsubscribe", post_unsubscribe_page},
};

bool changes_alerts(const std::string& path) {
  return path == "/api/alerts" || path.rfind("/api/alerts/", 0) == 0 || path == "/alerts" ||
         path.rfind("/alerts/", 0) == 0;
}

// Paths that take POST or DELETE (a JSON or form body of at most kMaxBodyBytes).
bool changes_state(const std::string& path) {
  return path == "/api/session" || path == "/api/password" || path.rfind("/api/submissions", 0) == 0 ||
         path == "/login" || path == "/logout" || path == "/account/password" || path == "/submit" ||
         path.rfind("/submissions/", 0) == 0 || path == "/api/insights/synonyms" || path == "/insights/synonyms" ||
         changes_alerts(path);
}

// A submission's Markdown (512 KiB at most) JSON-escaped, with room.
constexpr size_t kMaxBodyBytes = 2 * 1024 * 1024;

using Guard = httplib::Server::HandlerResponse;

// Checks before routing: bounded headers and target, no compressed or
// ranged requests (httplib 0.11 decompresses bodies past the size limit and
// multiplies ranges), only GET/HEAD.
Guard check_request(const httplib::Request& req, httplib::Response& res) {
  size_t bytes = req.target.size();
  for (const auto& [k, v] : req.headers) bytes += k.size() + v.size() + 4;
  if (req.headers.size() > kMaxHeaders || bytes > kMaxHeaderBytes) {
    send_error(res, 431, "headers_too_large", "request headers are too large");
    return Guard::Handled;
  }
  if (req.target.size() > kMaxTargetBytes) {
    send_error(res, 414, "uri_too_long", "request target is longer than 8 KiB");
    return Guard::Handled;
  }
  if (req.has_header("Content-Encoding")) {
    send_error(res, 415, "unsupported_encoding", "compressed request bodies are not accepted");
    return Guard::Handled;
  }
  if ((req.method == "POST" || req.method == "DELETE") && changes_state(req.path)) {
    // httplib reads the body after this guard, at most
    // set_payload_max_length; a declared length over it is refused here.
    const std::string length = req.get_header_value("Content-Length");
    if (length.size() > 9 || length.find_first_not_of("0123456789") != std::string::npos ||
        (!length.empty() && std::stoul(length) > kMaxBodyBytes)) {
      res.set_header("Connection", "close");
      send_error(res, 413, "payload_too_large", "the request body is too large");
      return Guard::Handled;
    }
    if (!req.ranges.empty()) const_cast<httplib::Request&>(req).ranges.clear();
    return Guard::Unhandled;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    send_error(res, 405, "method_not_allowed", "only GET and HEAD are supported here");
    return Guard::Handled;
  }
  // httplib 0.11 never reads the body of a GET: its bytes would be parsed
  // as the next request on the connection. Refuse and close.
  const std::string length = req.get_header_value("Content-Length");
  if (req.has_header("Transfer-Encoding") || (!length.empty() && length.find_first_not_of('0') != std::string::npos)) {
    res.set_header("Connection", "close");
    send_error(res, 413, "payload_too_large", "request bodies are not accepted");
    return Guard::Handled;
  }
  // httplib 0.11 answers a multi-range request with the body once per
  // range (even an error body). Nothing served here needs ranges, and a
  // server may ignore Range: drop the parsed ranges. The Request is a
  // non-const local of httplib's process_request, so this is well defined.
  if (!req.ranges.empty()) const_cast<httplib::Request&>(req).ranges.clear();
  return Guard::Unhandled;
}

void add_security_headers(const httplib::Request&, httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  // Ranges are never honoured: the whole body is always sent (httplib adds
  // "bytes" to HEAD answers; one header, not two).
  res.headers.erase("Accept-Ranges");
  res.set_header("Accept-Ranges", "none");
  // A connection that closes after this answer promises no keep-alive.
  if (res.get_header_value("Connection") == "close") res.headers.erase("Keep-Alive");
}

void on_exception(const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
  try {
    if (ep) std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    std::cerr << "casebase-serve: unexpected exception: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "casebase-serve: unexpected exception\n";
  }
  send_error(res, 500, "internal", "internal error");
}

// API clients get JSON errors; browsers asking for HTML get a page.
bool wants_html(const httplib::Request& req) {
  if (req.path.rfind("/api/", 0) == 0 || req.path == "/healthz") return false;
  return req.get_header_value("Accept").find("text/html") != std::string::npos;
}

// The body of an error no handler answered (unknown route, …).
void on_error(const Site& site, const httplib::Request& req, httplib::Response& res) {
  // A malformed or oversized request leaves the connection in an unknown
  // state: the server closes it after this answer (http_server.h).
  if (res.status == 400 || res.status == 413 || res.status == 414 || res.status == 431) {
    if (!res.has_header("Connection")) res.set_header("Connection", "close");
  }
  if (!res.body.empty()) return;
  if (wants_html(req)) {
    int status = res.status == 404 || res.status == 503 || res.status == 400 ? res.status : 500;
    Page page = error_page(site.templates, page_request(req, site), status);
    res.set_content(page.body, page.content_type);
    return;
  }
  if (res.status == 404) {
    send_error(res, 404, "not_found", "no such page");
  } else {
    send_error(res, res.status, "error", "request failed with status " + std::to_string(res.status));
  }
}

void set_limits(httplib::Server& server) {
  // Only the contribution routes take a body (check_request); a submission
  // is at most 512 KiB of Markdown, escaped as JSON.
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_idle_interval(0, 200000);
  server.set_keep_alive_max_count(100);
  server.set_keep_alive_timeout(5);
  server.set_tcp_nodelay(true);  // no Nagle stall between header and body writes
}

}  // namespace

void register_routes(httplib::Server& server, const Services& services) {
  set_limits(server);
  server.set_pre_routing_handler(check_request);
  server.set_post_routing_handler(add_security_headers);
  server.set_exception_handler(on_exception);
  std::shared_ptr<SiteSlot> sites = services.sites;
  server.set_error_handler([sites](const httplib::Request& req, httplib::Response& res) {
    on_error(*sites->get(), req, res);
  });
  if (Telemetry* telemetry = services.telemetry) {
    server.set_logger([telemetry](const httplib::Request& req, const httplib::Response& res) {
      RequestContext& rc = current_request();
      const double seconds = rc.start == std::chrono::steady_clock::time_point{}
                                 ? 0
                                 : std::chrono::duration<double>(std::chrono::steady_clock::now() - rc.start).count();
      telemetry->record(req, res, rc.route, seconds);
      rc.route = "";
    });
  }
  for (const Route& r : kRoutes) {
    auto handler = [services, h = r.handler, pattern = r.pattern](const httplib::Request& req,
                                                                   httplib::Response& res) {
      current_request().route = pattern;
      const std::shared_ptr<const Site> site = services.sites->get();
      const Context context{services.searcher, site.get(), services.contributions, services.telemetry,
                            services.http,     services.search_log, &services.trusted_proxies, services.alerts};
      h(context, req, res);
    };
    // HEAD is answered by the GET handler (httplib); check_request refuses other methods.
    const std::string_view m = r.method;
    if (m == "GET") server.Get(r.pattern, handler);
    if (m == "POST") server.Post(r.pattern, handler);
    if (m == "DELETE") server.Delete(r.pattern, handler);
  }
}

void register_routes(httplib::Server& server, const Searcher& searcher, const Site& site,
                     contrib::Contributions* contributions) {
  Services s;
  s.searcher = &searcher;
  s.sites = std::make_shared<SiteSlot>(std::shared_ptr<const Site>(&site, [](const Site*) {}));
  s.contributions = contributions;
  register_routes(server, s);
}

}  // namespace casebase::serve
