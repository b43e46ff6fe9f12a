#include "server.h"

#include <httplib.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api.h"
#include "casebase/text.h"
#include "i18n.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace casebase::serve {

Result<Options> parse_args(int argc, const char* const* argv) {
  Options o;
  CLI::App app{"casebase-serve: the Casebase search server"};
  app.set_help_flag("-h,--help", "print this help");
  app.add_option("--db", o.db_path, "Xapian database folder (default: var/index)");
  app.add_option("--host", o.host, "address to listen on (default: 127.0.0.1)");
  app.add_option("--port", o.port, "port (default: 8080; 0 picks a free one)")->check(CLI::Range(0, 65535));
  app.add_option("--config", o.config_path, "schema file (default: built-in case-library schema)");
  app.add_option("--web", o.web_dir, "folder with static/ and templates/ (default: web)");
  app.add_option("--base-url", o.base_url,
                 "public URL of the site, for feeds and OpenSearch (default: from the Host header)");
  app.add_option("--threads", o.threads, "worker threads (default: 8)")->check(CLI::Range(1, 256));
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
    std::ifstream in(p, std::ios::binary);
    if (!in) return Status::io("cannot read `" + p.string() + "`");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string url = std::string("/static/") + name;
    sf.files[url] = {type, ss.str()};
  }
  return sf;
}

Result<Site> load_site(const std::string& web_dir, const std::string& base_url) {
  auto files = load_static(web_dir);
  if (!files.ok()) return files.status();
  auto templates = load_templates(web_dir);
  if (!templates.ok()) return templates.status();
  return Site{std::move(*files), std::move(*templates), base_url};
}

namespace {

constexpr size_t kMaxHeaderBytes = 16 * 1024;
constexpr size_t kMaxHeaders = 64;
constexpr size_t kMaxTargetBytes = 8 * 1024;

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& param = "") {
  json e = {{"code", code}, {"message", message}};
  if (!param.empty()) e["param"] = param;
  send_json(res, status, {{"error", e}});
}

void send_status(httplib::Response& res, const Status& st) {
  switch (st.kind()) {
    case ErrorKind::kInvalidArgument: return send_error(res, 400, "bad_request", st.message(), st.param());
    case ErrorKind::kNotFound: return send_error(res, 404, "not_found", st.message());
    case ErrorKind::kBusy: return send_error(res, 503, "busy", st.message());
    default:
      std::cerr << "casebase-serve: internal error: " << st.message() << "\n";
      return send_error(res, 500, "internal", "internal error");
  }
}

std::vector<std::pair<std::string, std::string>> params_of(const httplib::Request& req) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : req.params) out.emplace_back(k, v);
  return out;
}

void get_search(const Searcher& s, const httplib::Request& req, httplib::Response& res) {
  auto r = parse_search_request(params_of(req), s.schema(), s.limits());
  if (!r.ok()) return send_status(res, r.status());
  auto resp = s.search(*r);
  if (!resp.ok()) return send_status(res, resp.status());
  send_json(res, 200, search_json(*r, *resp));
}

void get_article(const Searcher& s, const httplib::Request& req, httplib::Response& res) {
  std::string id = req.matches[1];
  if (!valid_article_id(id)) return send_error(res, 400, "bad_request", "invalid article id", "id");
  auto a = s.get_article(id);
  if (!a.ok()) return send_status(res, a.status());
  send_json(res, 200, article_json(id, *a));
}

void get_related(const Searcher& s, const httplib::Request& req, httplib::Response& res) {
  std::string id = req.matches[1];
  if (!valid_article_id(id)) return send_error(res, 400, "bad_request", "invalid article id", "id");
  auto params = params_of(req);
  size_t n = 5;
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& [k, v] : params) {
    if (k == "n") {
      auto r = parse_search_request({{"per_page", v}}, s.schema(), s.limits());
      if (!r.ok()) return send_error(res, 400, "bad_request", "`n` must be between 1 and 100", "n");
      n = static_cast<size_t>(r->per_page);
    } else {
      filters.emplace_back(k, v);
    }
  }
  auto f = parse_search_request(filters, s.schema(), s.limits());
  if (!f.ok()) return send_status(res, f.status());
  auto rel = s.related(id, *f, n);
  if (!rel.ok()) return send_status(res, rel.status());
  json out = json::array();
  for (const auto& r : *rel) out.push_back(related_json(r));
  send_json(res, 200, {{"id", id}, {"related", out}});
}

void get_suggest(const Searcher& s, const httplib::Request& req, httplib::Response& res) {
  auto t0 = std::chrono::steady_clock::now();
  std::string q = req.get_param_value("q");
  for (const auto& [k, v] : req.params) {
    if (k != "q") return send_error(res, 400, "bad_request", "unknown parameter `" + k.substr(0, 60) + "`", k);
  }
  auto r = s.suggest(q, 8);
  if (!r.ok()) return send_status(res, r.status());
  json out = json::array();
  for (const auto& x : *r) {
    json j = {{"text", x.text}, {"kind", x.kind}};
    if (!x.facet.empty()) j["facet"] = x.facet;
    if (!x.id.empty()) j["url"] = "/articles/" + x.id;
    out.push_back(j);
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  send_json(res, 200, {{"q", q}, {"suggestions", out}, {"took_ms", ms}});
}

void get_health(const Searcher& s, const httplib::Request&, httplib::Response& res) {
  auto st = s.stats();
  if (!st.ok()) return send_json(res, 503, {{"status", "no index"}, {"message", st.status().message()}});
  send_json(res, 200, {{"status", "ok"}, {"articles", st->first}, {"revision", st->second}});
}

// A Host header usable in absolute URLs (name or address, optional port).
std::string base_from_host(const std::string& host) {
  bool ok = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
  return "http://" + (ok ? host : std::string("localhost"));
}

// The path and query of a same-origin Referer, or empty.
std::string same_origin_path(const std::string& referer, const std::string& host) {
  for (const char* scheme : {"http://", "https://"}) {
    std::string prefix = scheme + host;
    if (!host.empty() && referer.rfind(prefix, 0) == 0 && referer.size() > prefix.size() &&
        referer[prefix.size()] == '/') {
      std::string path = referer.substr(prefix.size());
      if (path.size() <= 2048 && path.find_first_of("\"<>\\ ") == std::string::npos) return path;
    }
  }
  return "";
}

PageRequest page_request(const httplib::Request& req, const Site& site) {
  PageRequest pr;
  pr.lang = negotiate_lang(req.get_param_value("lang"), req.get_header_value("Cookie"),
                           req.get_header_value("Accept-Language"));
  pr.params = params_of(req);
  pr.path = req.path;
  const std::string host = req.get_header_value("Host");
  pr.base_url = site.base_url.empty() ? base_from_host(host) : site.base_url;
  pr.referer_path = same_origin_path(req.get_header_value("Referer"), host);
  return pr;
}

void send_page(const httplib::Request& req, httplib::Response& res, const Page& page) {
  res.status = page.status;
  for (const auto& [k, v] : page.headers) res.set_header(k, v);
  // Pages, feeds and exports are worded in the language chosen by header or cookie.
  res.set_header("Vary", "Accept-Language, Cookie");
  if (page.content_type.rfind("text/html", 0) == 0) {
    res.set_header("Cache-Control", "no-cache");
    // The language switch (?lang=en) is remembered for the next pages.
    if (auto lang = parse_lang(req.get_param_value("lang"))) {
      res.set_header("Set-Cookie", std::string(kLangCookie) + "=" + lang_code(*lang) +
                                       "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
    }
  }
  res.set_content(page.body, page.content_type);
}

// API clients get JSON errors; browsers asking for HTML get a page.
bool wants_html(const httplib::Request& req) {
  if (req.path.rfind("/api/", 0) == 0 || req.path == "/healthz") return false;
  return req.get_header_value("Accept").find("text/html") != std::string::npos;
}

}  // namespace

void register_routes(httplib::Server& server, const Searcher& searcher, const Site& site) {
  server.set_payload_max_length(64 * 1024);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_idle_interval(0, 200000);
  server.set_keep_alive_max_count(100);
  server.set_keep_alive_timeout(5);
  server.set_tcp_nodelay(true);  // no Nagle stall between header and body writes

  // Checks before routing: bounded headers and target, no compressed or
  // ranged requests (httplib 0.11 decompresses bodies past the size limit and
  // multiplies ranges), only GET/HEAD.
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    size_t bytes = req.target.size();
    for (const auto& [k, v] : req.headers) bytes += k.size() + v.size() + 4;
    if (req.headers.size() > kMaxHeaders || bytes > kMaxHeaderBytes) {
      send_error(res, 431, "headers_too_large", "request headers are too large");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.target.size() > kMaxTargetBytes) {
      send_error(res, 414, "uri_too_long", "request target is longer than 8 KiB");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Content-Encoding")) {
      send_error(res, 415, "unsupported_encoding", "compressed request bodies are not accepted");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD") {
      send_error(res, 405, "method_not_allowed", "only GET and HEAD are supported");
      return httplib::Server::HandlerResponse::Handled;
    }
    // httplib 0.11 never reads the body of a GET: its bytes would be parsed
    // as the next request on the connection. Refuse and close.
    const std::string length = req.get_header_value("Content-Length");
    if (req.has_header("Transfer-Encoding") || (!length.empty() && length.find_first_not_of('0') != std::string::npos)) {
      res.set_header("Connection", "close");
      send_error(res, 413, "payload_too_large", "request bodies are not accepted");
      return httplib::Server::HandlerResponse::Handled;
    }
    // httplib 0.11 answers a multi-range request with the body once per
    // range (even an error body). Nothing served here needs ranges, and a
    // server may ignore Range: drop the parsed ranges. The Request is a
    // non-const local of httplib's process_request, so this is well defined.
    if (!req.ranges.empty()) const_cast<httplib::Request&>(req).ranges.clear();
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "same-origin");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    // Ranges are never honoured: the whole body is always sent.
    res.set_header("Accept-Ranges", "none");
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      std::cerr << "casebase-serve: unexpected exception: " << e.what() << "\n";
    } catch (...) {
      std::cerr << "casebase-serve: unexpected exception\n";
    }
    send_error(res, 500, "internal", "internal error");
  });
  const Site* site_ptr = &site;
  server.set_error_handler([site_ptr](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (wants_html(req)) {
      int status = res.status == 404 || res.status == 503 || res.status == 400 ? res.status : 500;
      Page page = error_page(site_ptr->templates, page_request(req, *site_ptr), status);
      res.set_content(page.body, page.content_type);
      return;
    }
    if (res.status == 404) {
      send_error(res, 404, "not_found", "no such page");
    } else {
      send_error(res, res.status, "error", "request failed with status " + std::to_string(res.status));
    }
  });

  const Searcher* s = &searcher;
  const Site* w = &site;
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  // A page handler: the request's language and parameters in, a Page out.
  auto page = [w](auto render) -> Handler {
    return [w, render](const httplib::Request& q, httplib::Response& r) {
      send_page(q, r, render(q, page_request(q, *w)));
    };
  };
  const Templates* tp = &site.templates;
  // One table of routes.
  struct Route {
    const char* pattern;
    Handler handler;
  };
  const Route routes[] = {
      // JSON API (docs/API.md): strict about parameters.
      {"/healthz", [s](const auto& q, auto& r) { get_health(*s, q, r); }},
      {"/api/search", [s](const auto& q, auto& r) { get_search(*s, q, r); }},
      {"/api/suggest", [s](const auto& q, auto& r) { get_suggest(*s, q, r); }},
      {R"(/api/articles/(.+)/related)", [s](const auto& q, auto& r) { get_related(*s, q, r); }},
      {R"(/api/articles/(.+))", [s](const auto& q, auto& r) { get_article(*s, q, r); }},
      // Pages: unknown parameters are ignored.
      {"/", page([s, tp](const auto&, const PageRequest& pr) { return search_page(*s, *tp, pr, ListKind::kSearch); })},
      {"/lessons",
       page([s, tp](const auto&, const PageRequest& pr) { return search_page(*s, *tp, pr, ListKind::kLessons); })},
      {"/contribute", page([s, tp](const auto&, const PageRequest& pr) { return contribute_page(*s, *tp, pr); })},
      {R"(/articles/(.+))", page([s, tp](const httplib::Request& q, const PageRequest& pr) {
         return article_page(*s, *tp, pr, q.matches[1]);
       })},
      // Feeds, search-engine integration and export.
      {"/feed.atom", page([s, tp](const auto&, const PageRequest& pr) { return atom_feed(*s, *tp, pr); })},
      {"/opensearch.xml", page([tp](const auto&, const PageRequest& pr) { return opensearch_description(*tp, pr); })},
      {"/opensearch/suggest", page([s](const auto&, const PageRequest& pr) { return opensearch_suggestions(*s, pr); })},
      {"/export.csv",
       page([s](const auto&, const PageRequest& pr) { return export_results(*s, pr, ExportFormat::kCsv); })},
      {"/export.json",
       page([s](const auto&, const PageRequest& pr) { return export_results(*s, pr, ExportFormat::kJson); })},
      {R"(/static/([A-Za-z0-9._-]+))",
       [w](const httplib::Request& req, httplib::Response& res) {
         auto it = w->files.files.find(req.path);
         if (it == w->files.files.end()) return send_error(res, 404, "not_found", "no such file");
         res.set_header("Cache-Control", "public, max-age=300");
         res.set_content(it->second.second, it->second.first);
       }},
  };
  for (const auto& r : routes) server.Get(r.pattern, r.handler);
}

}  // namespace casebase::serve
