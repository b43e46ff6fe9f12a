#include "server.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>

#include "casebase/config_file.h"
#include "casebase/file.h"
#include "smtp.h"

namespace fs = std::filesystem;

namespace casebase::serve {

namespace {
constexpr size_t kMaxStaticBytes = 4u << 20;
}  // namespace

namespace {

// The settings file's keys (config_file.h): every option below but
// --config-file and --check-config.
const std::vector<std::string> kFileKeys = {"db", "host", "port", "schema", "web", "base_url", "threads", "data",
                                            "content", "trusted_user_header", "secure_cookies", "access_log",
                                            "log_ip", "shard_timeout", "search_log_days", "insights_k",
                                            "trust_proxy", "smtp", "mail_from", "alert_interval",
                                            "facet_search_min"};

}  // namespace

Result<Options> parse_args(int argc, const char* const* argv) {
  Options o;
  CLI::App app{"casebase-serve: the Casebase search server"};
  app.set_help_flag("-h,--help", "print this help");
  app.add_option("--config-file", o.config_file,
                 "settings file (YAML, docs/OPERATIONS.md; the package's is /etc/casebase/casebase.yaml); flags "
                 "override it");
  app.add_flag("--check-config", o.check_config,
               "check the settings file, the schema and the web folder, print what would be served, and exit");
  app.add_option("--db", o.db_paths,
                 "index folder (default: var/index); give it more than once to search several as one: each a "
                 "folder or tcp://HOST:PORT (casebase-shard)");
  app.add_option("--host", o.host, "address to listen on (default: 127.0.0.1)");
  app.add_option("--port", o.port, "port (default: 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
  app.add_option("--config", o.config_path, "schema file (default: built-in case-library schema)");
  app.add_option("--web", o.web_dir, "folder with static/, templates/ and i18n/ (default: web)");
  app.add_option("--base-url", o.base_url,
                 "public URL of the site, for feeds and OpenSearch (default: from the Host header)");
  app.add_option("--threads", o.threads, "worker threads (default: 8)")->check(CLI::Range(1, 256));
  app.add_option("--data", o.data_dir,
                 "folder for accounts, sessions, submissions, the audit log and the private search log (SQLite); turns contributions and insights on");
  app.add_option("--content", o.content_dir,
                 "content folder approved articles are written into, committed when it is a git work tree "
                 "(default: content)");
  app.add_option("--trusted-user-header", o.trusted_user_header,
                 "single sign-on: the header in which an authenticating proxy names the user (the proxy must strip "
                 "it from clients)");
  app.add_flag("--secure-cookies", o.secure_cookies, "mark the session cookie Secure (behind TLS)");
  app.add_option("--access-log", o.access_log,
                 "access log as JSON lines: - for standard output, or a file (default: none)");
  app.add_flag("--log-ip", o.log_ip, "write client addresses in the access log (default: never)");
  app.add_option("--shard-timeout", o.shard_timeout_ms,
                 "milliseconds a remote shard (--db tcp://…) may take before the answer leaves it out and says "
                 "\"partial\": true (default: 5000)")
      ->check(CLI::Range(50, 600000));
  app.add_option("--search-log-days", o.search_log_days,
                 "with --data: days the private search log keeps a search for the editors' insights; 0: no "
                 "log (default: 90, docs/PRIVACY.md)")
      ->check(CLI::Range(0, 3660));
  app.add_option("--insights-k", o.insights_k,
                 "distinct visitors on one day before the insights show a query (default: 3, at least 2)")
      ->check(CLI::Range(2, 1000));
  app.add_option("--trust-proxy", o.trusted_proxies,
                 "a proxy's address (repeatable): its requests' client address comes from X-Forwarded-For");
  app.add_option("--smtp", o.smtp,
                 "e-mail alerts on saved searches (with --data): the SMTP relay as HOST:PORT, plain SMTP without TLS "
                 "(localhost or a relay on a trusted network; default: no alerts)");
  app.add_option("--mail-from", o.mail_from, "sender address of alert e-mails (default: casebase@localhost)");
  app.add_option("--alert-interval", o.alert_interval,
                 "seconds between looks at the index revision for alerts (default: 60)")
      ->check(CLI::Range(1, 86400));
  app.add_option("--facet-search-min", o.facet_search_min,
                 "a facet with more values than this gets a search box for its values (default: 10)")
      ->check(CLI::Range(0, 10000));
  std::vector<std::string> args;
  const std::string file = config_file_arg(argc, argv);
  if (!file.empty()) {
    auto settings = load_config_args(file, "serve", kFileKeys, {"db", "trust_proxy"}, {"secure_cookies", "log_ip"});
    if (!settings.ok()) return Status::invalid_argument(settings.status().to_string());
    args = merge_config_args(*settings, argc, argv);
  } else {
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    o.help = true;
    o.usage = app.help();
    return o;
  } catch (const CLI::ParseError& e) {
    return Status::invalid_argument(std::string(e.what()) + "\n" + app.help());
  }
  o.usage = app.help();
  if (o.db_paths.empty()) o.db_paths.push_back(o.db_path);
  o.db_path = o.db_paths.front();
  if (!o.base_url.empty()) {
    if (o.base_url.rfind("http://", 0) != 0 && o.base_url.rfind("https://", 0) != 0) {
      return Status::invalid_argument("--base-url must start with http:// or https://\n" + app.help(), "base-url");
    }
    while (!o.base_url.empty() && o.base_url.back() == '/') o.base_url.pop_back();
  }
  if (!o.smtp.empty()) {
    if (auto relay = contrib::parse_relay(o.smtp); !relay.ok()) {
      return Status::invalid_argument(relay.status().message() + "\n" + app.help(), "smtp");
    }
    if (o.data_dir.empty()) return Status::invalid_argument("--smtp needs --data (the saved searches live there)\n" + app.help(), "smtp");
  }
  if (!contrib::valid_address(o.mail_from)) {
    return Status::invalid_argument("--mail-from must be an address like casebase@example.org\n" + app.help(), "mail-from");
  }
  return o;
}

Result<StaticFiles> load_static(const std::string& web_dir) {
  static const std::pair<const char*, const char*> kFiles[] = {
      {"app.js", "text/javascript; charset=utf-8"},
      {"copy.js", "text/javascript; charset=utf-8"},
      {"compare.js", "text/javascript; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},
      {"favicon.svg", "image/svg+xml"},
  };
  StaticFiles sf;
  for (const auto& [name, type] : kFiles) {
    fs::path p = fs::path(web_dir) / "static" / name;
    std::error_code ec;
    if (fs::is_symlink(p, ec)) return Status::io("refusing symlinked static file `" + p.string() + "`");
    auto body = read_file(p.string(), kMaxStaticBytes);
    if (!body.ok()) return Status::io("cannot read `" + p.string() + "`");
    sf.files[std::string("/static/") + name] = {type, std::move(*body)};
  }
  return sf;
}

Result<Site> load_site(const std::string& web_dir, const std::string& base_url, int facet_search_min) {
  auto files = load_static(web_dir);
  if (!files.ok()) return files.status();
  auto templates = load_templates(web_dir);
  if (!templates.ok()) return templates.status();
  auto languages = load_catalogues(web_dir);
  if (!languages.ok()) return languages.status();
  return Site{std::move(*files), std::move(*templates), std::move(*languages), base_url,
              static_cast<size_t>(facet_search_min)};
}

}  // namespace casebase::serve
