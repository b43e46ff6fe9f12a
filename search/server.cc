#include "server.h"

#include <CLI/CLI.hpp>
#include <filesystem>

#include "casebase/file.h"

namespace fs = std::filesystem;

namespace casebase::serve {

namespace {
constexpr size_t kMaxStaticBytes = 4u << 20;
}  // namespace

Result<Options> parse_args(int argc, const char* const* argv) {
  Options o;
  CLI::App app{"casebase-serve: the Casebase search server"};
  app.set_help_flag("-h,--help", "print this help");
  app.add_option("--db", o.db_path, "Xapian database folder (default: var/index)");
  app.add_option("--host", o.host, "address to listen on (default: 127.0.0.1)");
  app.add_option("--port", o.port, "port (default: 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
  app.add_option("--config", o.config_path, "schema file (default: built-in case-library schema)");
  app.add_option("--web", o.web_dir, "folder with static/, templates/ and i18n/ (default: web)");
  app.add_option("--base-url", o.base_url,
                 "public URL of the site, for feeds and OpenSearch (default: from the Host header)");
  app.add_option("--threads", o.threads, "worker threads (default: 8)")->check(CLI::Range(1, 256));
  app.add_option("--data", o.data_dir,
                 "folder for accounts, sessions, submissions and the audit log (SQLite); turns contributions on");
  app.add_option("--content", o.content_dir,
                 "content folder approved articles are written into, committed when it is a git work tree "
                 "(default: content)");
  app.add_option("--trusted-user-header", o.trusted_user_header,
                 "single sign-on: the header in which an authenticating proxy names the user (the proxy must strip "
                 "it from clients)");
  app.add_flag("--secure-cookies", o.secure_cookies, "mark the session cookie Secure (behind TLS)");
  std::vector<std::string> args;
  for (int i = argc - 1; i > 0; --i) args.emplace_back(argv[i]);
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
  if (!o.base_url.empty()) {
    if (o.base_url.rfind("http://", 0) != 0 && o.base_url.rfind("https://", 0) != 0) {
      return Status::invalid_argument("--base-url must start with http:// or https://\n" + app.help(), "base-url");
    }
    while (!o.base_url.empty() && o.base_url.back() == '/') o.base_url.pop_back();
  }
  return o;
}

Result<StaticFiles> load_static(const std::string& web_dir) {
  static const std::pair<const char*, const char*> kFiles[] = {
      {"app.js", "text/javascript; charset=utf-8"},
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

Result<Site> load_site(const std::string& web_dir, const std::string& base_url) {
  auto files = load_static(web_dir);
  if (!files.ok()) return files.status();
  auto templates = load_templates(web_dir);
  if (!templates.ok()) return templates.status();
  auto languages = load_catalogues(web_dir);
  if (!languages.ok()) return languages.status();
  return Site{std::move(*files), std::move(*templates), std::move(*languages), base_url};
}

}  // namespace casebase::serve
