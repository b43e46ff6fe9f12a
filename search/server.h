// casebase-serve: options, argument parsing, the site's files and the HTTP
// routes. Handlers (handlers.h) are thin: they parse, call the core
// Searcher, and emit JSON (api.h) or a rendered page (pages.h). All routes
// live in one table in routes.cc, read by register_routes().
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>
#include <string>

#include "casebase/searcher.h"
#include "casebase/status.h"
#include "pages.h"

namespace httplib {
class Server;
}

namespace casebase::contrib {
class Contributions;
class SearchLog;
class Alerts;
}

namespace casebase::serve {

struct Options {
  // Index folders, or tcp://HOST:PORT shards (casebase-shard), searched as
  // one; db_path is the first (the one contributions are indexed into).
  std::vector<std::string> db_paths;
  std::string db_path = "var/index";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string config_path;  // empty: built-in schema
  std::string web_dir = "web";  // static/, templates/ and i18n/ (the message catalogues)
  std::string base_url;     // absolute URL of the site for feeds; empty: from the Host header
  int threads = 8;
  // Contributions (issue 14): accounts, sessions, submissions and the audit
  // log live in data_dir (SQLite); approved articles are written into
  // content_dir (committed when it is in a git work tree) and indexed into
  // db_path. Empty data_dir: the contribution routes answer 404.
  std::string data_dir;
  std::string content_dir = "content";
  std::string trusted_user_header;  // single sign-on: a proxy names the user in this header
  bool secure_cookies = false;      // Secure on the session cookie (also when X-Forwarded-Proto is https)
  // Operations (docs/OPERATIONS.md): the settings file, the access log
  // ("" none, "-" standard output, else a file) and whether it may hold
  // client addresses.
  std::string config_file;
  bool check_config = false;  // --check-config: check the settings, the schema and the web folder, then exit
  std::string access_log;
  bool log_ip = false;
  int shard_timeout_ms = 5000;  // a remote shard (tcp://) that takes longer is left out: "partial": true
  // Insights (issue 17, docs/PRIVACY.md): with data_dir, searches are
  // logged privately for search_log_days days (0: no log); a query is shown
  // to editors once insights_k visitors asked it on one day. Requests from a
  // trusted proxy take the client address from X-Forwarded-For.
  int search_log_days = 90;
  int insights_k = 3;
  std::vector<std::string> trusted_proxies;
  // E-mail alerts on saved searches (issue 17), with data_dir: the SMTP
  // relay ("HOST:PORT", plain SMTP without TLS, so localhost or a trusted
  // LAN relay); empty: no alerts, their routes answer 404. mail_from is the
  // sender; alert_interval how often (seconds) the index revision is looked
  // at: shorter mails sooner after an indexing run, each look is a stat of
  // the index, and a new revision costs one search per alert.
  std::string smtp;
  std::string mail_from = "casebase@localhost";
  int alert_interval = 60;
  // A facet with more values than this gets a box that narrows its values
  // as you type (issue 18; GET /api/facet-values).
  int facet_search_min = 10;
  bool help = false;
  std::string usage;
};

Result<Options> parse_args(int argc, const char* const* argv);

// Static files served from memory: loaded once at start from a fixed list
// under web/static (symlinks refused), so no request can read another file.
struct StaticFiles {
  std::map<std::string, std::pair<std::string, std::string>> files;  // url path -> (content type, body)
};
Result<StaticFiles> load_static(const std::string& web_dir);

// Everything the web side serves besides the index: static files, page
// templates, the interface languages, and the site's base URL.
struct Site {
  StaticFiles files;
  Templates templates;
  Catalogues languages;
  std::string base_url;  // "https://casebase.example" (no trailing slash) or empty
  size_t facet_search_min = 10;  // Options::facet_search_min
};

// Loads web_dir/static, web_dir/templates and web_dir/i18n. Errors as
// load_static, load_templates and load_catalogues.
Result<Site> load_site(const std::string& web_dir, const std::string& base_url, int facet_search_min = 10);

// The site served now: SIGHUP loads it again and swaps it in; a request
// keeps the one it started with.
class SiteSlot {
 public:
  explicit SiteSlot(std::shared_ptr<const Site> site) : site_(std::move(site)) {}
  std::shared_ptr<const Site> get() const {
    std::lock_guard<std::mutex> g(mu_);
    return site_;
  }
  void set(std::shared_ptr<const Site> site) {
    std::lock_guard<std::mutex> g(mu_);
    site_ = std::move(site);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Site> site_;
};

class Telemetry;
class HttpServer;

// What the routes use. Everything must outlive the server. `contributions`
// may be null (no --data): the contribution routes answer 404. Without
// `telemetry`, /metrics answers 404 and nothing is logged; `http` gives
// /metrics the connection figures.
struct Services {
  const Searcher* searcher = nullptr;
  std::shared_ptr<SiteSlot> sites;
  contrib::Contributions* contributions = nullptr;
  Telemetry* telemetry = nullptr;
  const HttpServer* http = nullptr;
  contrib::SearchLog* search_log = nullptr;           // null: nothing is logged, insights answer 404
  std::vector<std::string> trusted_proxies;           // peers whose X-Forwarded-For is believed
  contrib::Alerts* alerts = nullptr;  // null: the alert routes answer 404
};

// Applies the request limits, timeouts and security headers, and registers
// every route.
void register_routes(httplib::Server& server, const Services& services);
// The same for a fixed site (tests): `searcher` and `site` must outlive the server.
void register_routes(httplib::Server& server, const Searcher& searcher, const Site& site,
                     contrib::Contributions* contributions = nullptr);

}  // namespace casebase::serve
