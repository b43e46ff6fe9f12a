#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include "alert_watcher.h"
#include "alerts.h"
#include "casebase/schema.h"
#include "contributions.h"
#include "search_log.h"
#include "http_server.h"
#include "server.h"
#include "telemetry.h"

namespace {

using namespace casebase;

Result<Schema> schema_of(const serve::Options& o) {
  if (o.config_path.empty()) return default_schema();
  return load_schema(o.config_path);
}

// --check-config: everything the server would load, without listening.
int check_config(const serve::Options& o) {
  int rc = 0;
  auto fail = [&](const std::string& what) {
    std::cerr << "casebase-serve: " << what << "\n";
    rc = 2;
  };
  if (auto s = schema_of(o); !s.ok()) fail(s.status().to_string());
  if (auto site = serve::load_site(o.web_dir, o.base_url); !site.ok()) fail(site.status().message());
  for (const auto& db : o.db_paths) {
    if (db.rfind("tcp://", 0) == 0) continue;
    std::error_code ec;
    if (!std::filesystem::exists(std::filesystem::path(db) / kCurrentStub, ec)) {
      std::cout << "note: no index in `" << db << "` yet (casebase-index creates it)\n";
    }
  }
  if (!o.access_log.empty() && o.access_log != "-") {
    serve::Telemetry t;
    if (Status st = t.set_log({o.access_log, o.log_ip}); !st.ok()) fail(st.message());
  }
  if (rc != 0) return rc;
  std::cout << "settings ok: http://" << o.host << ":" << o.port << "/ serving";
  for (const auto& db : o.db_paths) std::cout << " " << db;
  std::cout << " with " << o.threads << " workers, web " << o.web_dir
            << (o.data_dir.empty() ? "" : ", contributions in " + o.data_dir)
            << (o.access_log.empty() ? ", no access log" : ", access log " + o.access_log) << "\n";
  return 0;
}

// SIGHUP: the settings file and the web folder again. What needs a new
// process (address, port, workers, indexes, schema, data) is reported.
void reload(int argc, char** argv, const serve::Options& running, serve::SiteSlot& sites, serve::Telemetry& tel) {
  auto o = serve::parse_args(argc, argv);
  if (!o.ok()) {
    std::cerr << "casebase-serve: reload refused, the settings are kept: " << o.status().message() << "\n";
    return;
  }
  auto site = serve::load_site(o->web_dir, o->base_url, o->facet_search_min);
  if (!site.ok()) {
    std::cerr << "casebase-serve: reload refused, the settings are kept: " << site.status().message() << "\n";
    return;
  }
  if (Status st = tel.set_log({o->access_log, o->log_ip}); !st.ok()) {
    std::cerr << "casebase-serve: " << st.message() << "\n";
  }
  sites.set(std::make_shared<const serve::Site>(std::move(*site)));
  if (o->host != running.host || o->port != running.port || o->threads != running.threads ||
      o->db_paths != running.db_paths || o->config_path != running.config_path || o->data_dir != running.data_dir ||
      o->smtp != running.smtp || o->mail_from != running.mail_from || o->alert_interval != running.alert_interval) {
    std::cerr << "casebase-serve: host, port, threads, db, schema, data and the alert settings change only with a "
                 "restart\n";
  }
  std::cerr << "casebase-serve: reloaded the settings, templates and messages\n";
}

}  // namespace

int main(int argc, char** argv) {
  auto opts = serve::parse_args(argc, argv);
  if (!opts.ok()) {
    std::cerr << opts.status().message() << "\n";
    return 2;
  }
  if (opts->help) {
    std::cout << opts->usage;
    return 0;
  }
  if (opts->check_config) return check_config(*opts);
  auto schema = schema_of(*opts);
  if (!schema.ok()) {
    std::cerr << schema.status().to_string() << "\n";
    return 2;
  }
  auto site = serve::load_site(opts->web_dir, opts->base_url, opts->facet_search_min);
  if (!site.ok()) {
    std::cerr << "casebase-serve: " << site.status().message() << "\n";
    return 2;
  }
  serve::Telemetry telemetry;
  if (Status st = telemetry.set_log({opts->access_log, opts->log_ip}); !st.ok()) {
    std::cerr << "casebase-serve: " << st.message() << "\n";
    return 2;
  }
  // Signals go to one thread (sigwait), blocked everywhere else: set
  // before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a client or shard that went away is an error return, not a kill

  Searcher searcher(opts->db_paths, *schema, Limits{}, static_cast<unsigned>(opts->shard_timeout_ms));
  // Facet and autocomplete caches before the first request (a few seconds
  // at 100k articles). No index yet is fine: they are built on first use.
  (void)searcher.warm();
  // Contributions: on with --data (accounts, sessions, submissions).
  std::unique_ptr<contrib::Contributions> contributions;
  if (!opts->data_dir.empty()) {
    auto store = contrib::Store::open(opts->data_dir);
    if (!store.ok()) {
      std::cerr << "casebase-serve: " << store.status().message() << "\n";
      return 2;
    }
    contrib::Settings settings;
    settings.content_dir = opts->content_dir;
    settings.db_path = opts->db_path;
    settings.config_path = opts->config_path;
    settings.trusted_user_header = opts->trusted_user_header;
    settings.secure_cookies = opts->secure_cookies;
    contributions = std::make_unique<contrib::Contributions>(std::move(*store), *schema, settings);
  }
  // The private search log behind the editors' insights (docs/PRIVACY.md).
  std::unique_ptr<contrib::SearchLog> search_log;
  if (!opts->data_dir.empty() && opts->search_log_days > 0) {
    contrib::SearchLogSettings log_settings;
    log_settings.retention_days = opts->search_log_days;
    log_settings.k = opts->insights_k;
    auto log = contrib::SearchLog::open(opts->data_dir, log_settings);
    if (!log.ok()) {
      std::cerr << "casebase-serve: " << log.status().message() << "\n";
      return 2;
    }
    search_log = std::move(*log);
    search_log->purge(contrib::unix_now());
  }
  // E-mail alerts: with --data and --smtp (saved searches, a watcher thread).
  std::unique_ptr<contrib::Alerts> alerts;
  if (contributions && !opts->smtp.empty()) {
    auto a = contrib::Alerts::open(opts->data_dir);
    if (!a.ok()) {
      std::cerr << "casebase-serve: " << a.status().message() << "\n";
      return 2;
    }
    alerts = std::move(*a);
  }
  serve::HttpServer server(static_cast<size_t>(opts->threads));
  serve::Services services;
  services.searcher = &searcher;
  services.sites = std::make_shared<serve::SiteSlot>(std::make_shared<const serve::Site>(std::move(*site)));
  services.contributions = contributions.get();
  services.telemetry = &telemetry;
  services.http = &server;
  services.search_log = search_log.get();
  services.trusted_proxies = opts->trusted_proxies;
  services.alerts = alerts.get();
  serve::register_routes(server, services);
  int port = opts->port;
  if (port == 0) {
    port = server.bind_to_any_port(opts->host);
  } else if (!server.bind_to_port(opts->host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::cerr << "casebase-serve: cannot listen on " << opts->host << ":" << opts->port << "\n";
    return 1;
  }
  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        reload(argc, argv, *opts, *services.sites, telemetry);
        continue;
      }
      // SIGTERM, SIGINT, or the wake-up below: stop accepting, let the
      // requests in flight finish.
      server.shutdown();
      return;
    }
  });
  std::unique_ptr<serve::AlertWatcher> watcher;
  if (alerts) {
    serve::AlertSettings as;
    as.relay = *contrib::parse_relay(opts->smtp);  // checked by parse_args
    as.from = opts->mail_from;
    // Links in mails need an absolute URL: --base-url, else where this listens.
    const bool v6 = opts->host.find(':') != std::string::npos;
    as.base_url = "http://" + (v6 ? "[" + opts->host + "]" : opts->host) + ":" + std::to_string(port);
    as.interval_seconds = opts->alert_interval;
    watcher = std::make_unique<serve::AlertWatcher>(searcher, *alerts, services.sites, as);
    watcher->start();
  }
  std::cout << "Casebase is serving on http://" << opts->host << ":" << port << "/" << std::endl;
  const bool ok = server.listen_after_bind();
  if (watcher) watcher->stop();
  // Wakes the signal thread when the server ended without a signal.
  if (signal_thread.joinable()) {
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
  }
  std::cerr << "casebase-serve: stopped\n";
  return ok ? 0 : 1;
}
