#include <httplib.h>

#include <csignal>
#include <iostream>

#include "casebase/schema.h"
#include "contributions.h"
#include "server.h"

namespace {
httplib::Server* g_server = nullptr;
void on_signal(int) {
  if (g_server) g_server->stop();
}
}  // namespace

int main(int argc, char** argv) {
  using namespace casebase;
  auto opts = serve::parse_args(argc, argv);
  if (!opts.ok()) {
    std::cerr << opts.status().message() << "\n";
    return 2;
  }
  if (opts->help) {
    std::cout << opts->usage;
    return 0;
  }
  Schema schema = default_schema();
  if (!opts->config_path.empty()) {
    auto s = load_schema(opts->config_path);
    if (!s.ok()) {
      std::cerr << s.status().to_string() << "\n";
      return 2;
    }
    schema = *s;
  }
  auto site = serve::load_site(opts->web_dir, opts->base_url);
  if (!site.ok()) {
    std::cerr << "casebase-serve: " << site.status().message() << "\n";
    return 2;
  }
  Searcher searcher(opts->db_path, schema);
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
    contributions = std::make_unique<contrib::Contributions>(std::move(*store), schema, settings);
  }
  httplib::Server server;
  int threads = opts->threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  serve::register_routes(server, searcher, *site, contributions.get());
  g_server = &server;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
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
  std::cout << "Casebase is serving on http://" << opts->host << ":" << port << "/" << std::endl;
  return server.listen_after_bind() ? 0 : 1;
}
