#include "handlers.h"

#include <optional>

#include "http_server.h"
#include "telemetry.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "api.h"
#include "views.h"
#include "contributions.h"
#include "search_log.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

std::vector<std::pair<std::string, std::string>> params_of(const httplib::Request& req) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : req.params) out.emplace_back(k, v);
  return out;
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

// Renders a page with `render(searcher, templates, page request)` and sends it.
template <typename Render>
void serve_page(const Context& c, const httplib::Request& req, httplib::Response& res, Render render) {
  send_page(req, res, *c.site, render(*c.searcher, c.site->templates, page_request(req, *c.site)));
}

}  // namespace

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const std::string& param) {
  json e = {{"code", code}, {"message", message}};
  if (!param.empty()) e["param"] = param;
  send_json(res, status, {{"error", e}});
}

void send_status(httplib::Response& res, const Status& st) {
  const int status = st.http_status();
  if (status == 500) {
    std::cerr << "casebase-serve: internal error: " << st.message() << "\n";
    return send_error(res, 500, "internal", "internal error");
  }
  send_error(res, status, st.code(), st.message(), st.param());
}

const Language& request_language(const httplib::Request& req, const Site& site) {
  return site.languages.negotiate(req.get_param_value("lang"), req.get_header_value("Cookie"),
                                  req.get_header_value("Accept-Language"));
}

std::optional<int> int_param(const httplib::Request& req, httplib::Response& res, const char* name, int lo, int hi,
                             int fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) < lo ||
      std::stoi(v) > hi) {
    send_error(res, 400, "bad_request",
               std::string("`") + name + "` must be a number from " + std::to_string(lo) + " to " + std::to_string(hi),
               name);
    return std::nullopt;
  }
  return std::stoi(v);
}

PageRequest page_request(const httplib::Request& req, const Site& site) {
  PageRequest pr;
  pr.languages = &site.languages;
  pr.lang = &request_language(req, site);
  pr.params = params_of(req);
  pr.path = req.path;
  const std::string host = req.get_header_value("Host");
  pr.base_url = site.base_url.empty() ? base_from_host(host) : site.base_url;
  pr.referer_path = same_origin_path(req.get_header_value("Referer"), host);
  pr.facet_search_min = site.facet_search_min;
  return pr;
}

void send_page(const httplib::Request& req, httplib::Response& res, const Site& site, const Page& page) {
  res.status = page.status;
  for (const auto& [k, v] : page.headers) res.set_header(k, v);
  // Pages, feeds and exports are worded in the language chosen by header or cookie.
  res.set_header("Vary", "Accept-Language, Cookie");
  if (page.content_type.rfind("text/html", 0) == 0) {
    res.set_header("Cache-Control", "no-cache");
    // The language switch (?lang=en) is remembered for the next pages.
    if (const Language* lang = site.languages.find(req.get_param_value("lang"))) {
      res.set_header("Set-Cookie", std::string(kLangCookie) + "=" + lang->code +
                                       "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
    }
  }
  res.set_content(page.body, page.content_type);
}

// ---------- JSON API ----------

void get_health(const Context& c, const httplib::Request&, httplib::Response& res) {
  auto st = c.searcher->stats();
  if (!st.ok()) return send_json(res, 503, {{"status", "no index"}, {"message", st.status().message()}});
  send_json(res, 200, {{"status", "ok"}, {"articles", st->first}, {"revision", st->second}});
}

void get_metrics(const Context& c, const httplib::Request&, httplib::Response& res) {
  if (!c.telemetry) return send_error(res, 404, "not_found", "no such page");
  std::optional<IndexInfo> index;
  if (auto info = c.searcher->info(); info.ok()) index = std::move(*info);
  ConnectionFigures conns;
  if (c.http) {
    conns.open = c.http->active_connections();
    conns.idle = c.http->idle_connections();
    conns.workers = c.http->workers();
    conns.busy_workers = c.http->busy_workers();
  }
  res.set_header("Cache-Control", "no-store");
  res.set_content(c.telemetry->metrics_text(index, conns), "text/plain; version=0.0.4; charset=utf-8");
}

void get_search(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const Searcher& s = *c.searcher;
  auto r = parse_search_request(params_of(req), s.schema(), s.limits());
  if (!r.ok()) return send_status(res, r.status());
  auto resp = s.search(*r);
  if (!resp.ok()) return send_status(res, resp.status());
  send_json(res, 200, search_json(*r, *resp));
  if (r->page == 1) {
    log_search(c, req, {r->q, filter_terms(*r, ListKind::kSearch), static_cast<long long>(resp->total)});
  }
}

void get_suggest(const Context& c, const httplib::Request& req, httplib::Response& res) {
  auto t0 = std::chrono::steady_clock::now();
  std::string q = req.get_param_value("q");
  for (const auto& [k, v] : req.params) {
    if (k != "q") return send_error(res, 400, "bad_request", "unknown parameter `" + k.substr(0, 60) + "`", k);
  }
  auto r = c.searcher->suggest(q, 8);
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

void get_facet_values(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const Searcher& s = *c.searcher;
  const auto n = int_param(req, res, "size", 1, s.limits().max_facet_size, 20);
  if (!n) return;
  std::vector<std::pair<std::string, std::string>> search_params;
  std::string facet, prefix;
  for (const auto& [k, v] : params_of(req)) {
    if (k == "facet") {
      facet = v;
    } else if (k == "prefix") {
      prefix = v;
    } else if (k != "size") {
      search_params.emplace_back(k, v);
    }
  }
  if (facet.empty()) return send_error(res, 400, "bad_request", "`facet` is required", "facet");
  auto r = parse_search_request(search_params, s.schema(), s.limits());
  if (!r.ok()) return send_status(res, r.status());
  auto values = s.facet_values(*r, facet, prefix, static_cast<size_t>(*n));
  if (!values.ok()) return send_status(res, values.status());
  const Language& lang = request_language(req, *c.site);
  json out = json::array();
  for (const auto& v : values->values) {
    out.push_back({{"value", v.value},
                   {"label", value_label(s.schema(), lang, facet, v.value)},
                   {"count", v.count},
                   {"selected", v.selected}});
  }
  send_json(res, 200, {{"facet", facet}, {"prefix", prefix}, {"values", out}});
}

void get_related(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const Searcher& s = *c.searcher;
  std::string id = req.matches[1];
  if (!valid_article_id(id)) return send_error(res, 400, "bad_request", "invalid article id", "id");
  size_t n = 5;
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& [k, v] : params_of(req)) {
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

void get_article(const Context& c, const httplib::Request& req, httplib::Response& res) {
  std::string id = req.matches[1];
  if (!valid_article_id(id)) return send_error(res, 400, "bad_request", "invalid article id", "id");
  auto a = c.searcher->get_article(id);
  if (!a.ok()) return send_status(res, a.status());
  send_json(res, 200, article_json(id, *a));
}

// ---------- pages ----------

constexpr size_t kHomePopular = 6;  // popular searches on the home page

void get_search_page(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const std::optional<Account> saver = alert_saver(c, req);
  // The home sections' popular searches: the log's own k-anonymous top
  // queries of this week and the last (cached a minute), only with a log.
  std::function<HomePopular()> popular;
  if (contrib::SearchLog* log = c.search_log) {
    popular = [log] {
      return HomePopular{log->popular(2, contrib::unix_now(), static_cast<int>(kHomePopular)), log->settings().k};
    };
  }
  const Page page = search_page(*c.searcher, c.site->templates, page_request(req, *c.site), ListKind::kSearch,
                                saver ? &*saver : nullptr, popular);
  send_page(req, res, *c.site, page);
  if (page.logged) log_search(c, req, *page.logged);
}

void get_lessons_page(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const Page page = search_page(*c.searcher, c.site->templates, page_request(req, *c.site), ListKind::kLessons);
  send_page(req, res, *c.site, page);
  if (page.logged) log_search(c, req, *page.logged);
}

void get_contribute_page(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const bool online = c.contributions != nullptr;
  serve_page(c, req, res, [online](const Searcher& s, const Templates& tp, const PageRequest& pr) {
    return contribute_page(s, tp, pr, online);
  });
}

void get_article_page(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  // With contributions on, the page shows who changed the article (git).
  std::vector<ArticleChange> history;
  if (c.contributions) {
    for (const auto& h : c.contributions->history(id)) history.push_back({h.author, h.committer, h.date});
  }
  const PageRequest pr = page_request(req, *c.site);
  const Page page = article_page(*c.searcher, c.site->templates, pr, id, history);
  send_page(req, res, *c.site, page);
  if (page.status == 200) log_open(c, req, pr.referer_path, id);
}

// The article's file as written, from the index. An id that is not one
// (valid_article_id: no dots, so no path traversal) or not in the index
// gets the same 404; the file system is never read.
void get_article_source(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  if (!valid_article_id(id)) return send_error(res, 404, "not_found", "no such article");
  auto src = c.searcher->article_source(id);
  if (!src.ok()) {
    if (src.status().kind() == ErrorKind::kNotFound && c.searcher->stats().ok()) {
      return send_error(res, 404, "not_found", "no article `" + id + "`");
    }
    return send_status(res, src.status());
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_content(*src, "text/markdown; charset=utf-8");
}

void get_compare_page(const Context& c, const httplib::Request& req, httplib::Response& res) {
  serve_page(c, req, res, compare_page);
}

void get_feed(const Context& c, const httplib::Request& req, httplib::Response& res) {
  serve_page(c, req, res, atom_feed);
}

void get_opensearch(const Context& c, const httplib::Request& req, httplib::Response& res) {
  serve_page(c, req, res, [](const Searcher&, const Templates& tp, const PageRequest& pr) {
    return opensearch_description(tp, pr);
  });
}

void get_opensearch_suggestions(const Context& c, const httplib::Request& req, httplib::Response& res) {
  serve_page(c, req, res, [](const Searcher& s, const Templates&, const PageRequest& pr) {
    return opensearch_suggestions(s, pr);
  });
}

void get_export_csv(const Context& c, const httplib::Request& req, httplib::Response& res) {
  serve_page(c, req, res, [](const Searcher& s, const Templates&, const PageRequest& pr) {
    return export_results(s, pr, ExportFormat::kCsv);
  });
}

void get_export_json(const Context& c, const httplib::Request& req, httplib::Response& res) {
  serve_page(c, req, res, [](const Searcher& s, const Templates&, const PageRequest& pr) {
    return export_results(s, pr, ExportFormat::kJson);
  });
}

void get_static(const Context& c, const httplib::Request& req, httplib::Response& res) {
  const auto& files = c.site->files.files;
  auto it = files.find(req.path);
  if (it == files.end()) return send_error(res, 404, "not_found", "no such file");
  res.set_header("Cache-Control", "public, max-age=300");
  res.set_content(it->second.second, it->second.first);
}

}  // namespace casebase::serve
