#include "server.h"

#include <httplib.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "casebase/text.h"

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
  app.add_option("--web", o.web_dir, "folder with static/ (default: web)");
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
  return o;
}

Result<StaticFiles> load_static(const std::string& web_dir) {
  static const std::pair<const char*, const char*> kFiles[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"app.js", "text/javascript; charset=utf-8"},
      {"style.css", "text/css; charset=utf-8"},
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

json hit_json(const Hit& h) {
  json j = h.data;
  const bool item = j.value("kind", "") == "item";
  std::string case_id = item ? j.value("case_id", "") : j.value("id", "");
  j["url"] = "/articles/" + case_id + (item ? "#" + j.value("anchor", "") : "");
  j["api_url"] = "/api/articles/" + case_id;
  json fields = j.value("fields", json::object());
  j["organisation"] = fields.value("organisation", std::vector<std::string>{});
  j["snippet"] = h.snippet;
  if (!h.snippet_section.empty()) j["snippet_section"] = h.snippet_section;
  j["score"] = h.score;
  if (item) j.erase("fields");
  return j;
}

json facets_json(const std::vector<FacetResult>& facets) {
  json out = json::object();
  for (const auto& f : facets) {
    json vals = json::array();
    for (const auto& v : f.values) vals.push_back({{"value", v.value}, {"count", v.count}, {"selected", v.selected}});
    out[f.key] = {{"label", {{"nl", f.label_nl}, {"en", f.label_en}}}, {"distinct", f.distinct}, {"values", vals}};
  }
  return out;
}

void get_search(const Searcher& s, const httplib::Request& req, httplib::Response& res) {
  auto r = parse_search_request(params_of(req), s.schema(), s.limits());
  if (!r.ok()) return send_status(res, r.status());
  auto resp = s.search(*r);
  if (!resp.ok()) return send_status(res, resp.status());
  json hits = json::array();
  for (const auto& h : resp->hits) hits.push_back(hit_json(h));
  json body = {{"total", resp->total},
               {"page", r->page},
               {"per_page", r->per_page},
               {"pages", (resp->total + r->per_page - 1) / r->per_page},
               {"hits", hits},
               {"facets", facets_json(resp->facets)},
               {"took_ms", resp->took_ms},
               {"or_fallback", resp->or_fallback}};
  if (!resp->suggestion.empty()) {
    SearchRequest corrected = *r;
    corrected.q = resp->suggestion;
    corrected.page = 1;
    body["suggestion"] = {{"q", resp->suggestion}, {"url", "/?" + to_query_string(corrected)},
                          {"api_url", "/api/search?" + to_query_string(corrected)}};
  }
  send_json(res, 200, body);
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 200 || id.front() == '/' || id.back() == '/') return false;
  if (id.find("..") != std::string::npos || id.find("//") != std::string::npos) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_';
  });
}

void get_article(const Searcher& s, const httplib::Request& req, httplib::Response& res) {
  std::string id = req.matches[1];
  if (!valid_id(id)) return send_error(res, 400, "bad_request", "invalid article id", "id");
  auto a = s.get_article(id);
  if (!a.ok()) return send_status(res, a.status());
  json j = *a;
  j.erase("text");
  j["url"] = "/articles/" + id;
  send_json(res, 200, j);
}

void get_related(const Searcher& s, const httplib::Request& req, httplib::Response& res) {
  std::string id = req.matches[1];
  if (!valid_id(id)) return send_error(res, 400, "bad_request", "invalid article id", "id");
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
  for (const auto& r : *rel) {
    json j = r.data;
    j["url"] = "/articles/" + j.value("id", "");
    json facets = json::array();
    for (const auto& [k, v] : r.shared_facets) facets.push_back({{"facet", k}, {"value", v}});
    j["reason"] = {{"shared_terms", r.shared_terms}, {"shared_facets", facets}};
    out.push_back(j);
  }
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

}  // namespace

void register_routes(httplib::Server& server, const Searcher& searcher, const StaticFiles& files) {
  server.set_payload_max_length(64 * 1024);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  server.set_idle_interval(0, 200000);
  server.set_keep_alive_max_count(100);
  server.set_keep_alive_timeout(5);

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
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      if (res.status == 404) {
        send_error(res, 404, "not_found", "no such page");
      } else {
        send_error(res, res.status, "error", "request failed with status " + std::to_string(res.status));
      }
    }
  });

  const Searcher* s = &searcher;
  // One table of routes.
  struct Route {
    const char* pattern;
    std::function<void(const httplib::Request&, httplib::Response&)> handler;
  };
  const Route routes[] = {
      {"/healthz", [s](const auto& q, auto& r) { get_health(*s, q, r); }},
      {"/api/search", [s](const auto& q, auto& r) { get_search(*s, q, r); }},
      {"/api/suggest", [s](const auto& q, auto& r) { get_suggest(*s, q, r); }},
      {R"(/api/articles/(.+)/related)", [s](const auto& q, auto& r) { get_related(*s, q, r); }},
      {R"(/api/articles/(.+))", [s](const auto& q, auto& r) { get_article(*s, q, r); }},
  };
  for (const auto& r : routes) server.Get(r.pattern, r.handler);

  const StaticFiles* sf = &files;
  auto page = [sf](const httplib::Request&, httplib::Response& res) {
    const auto& [type, body] = sf->files.at("/static/index.html");
    res.set_content(body, type);
  };
  server.Get("/", page);
  server.Get(R"(/articles/([a-z0-9/_-]+))", page);
  server.Get(R"(/static/([A-Za-z0-9._-]+))", [sf](const httplib::Request& req, httplib::Response& res) {
    auto it = sf->files.find(req.path);
    if (it == sf->files.end()) return send_error(res, 404, "not_found", "no such file");
    res.set_header("Cache-Control", "public, max-age=300");
    res.set_content(it->second.second, it->second.first);
  });
}

}  // namespace casebase::serve
