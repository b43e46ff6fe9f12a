// casebase-load: one load generator for every engine, so latencies compare
// fairly. Reads queries (one per line: words, then optional TAB-separated
// facet=value filters), runs them round-robin from N client threads for a
// fixed time, and prints QPS and latency percentiles as one JSON line.
//   casebase-load --http 127.0.0.1:8080 --queries q.tsv --concurrency 8 --seconds 10
//   casebase-load --sphinxql 127.0.0.1:9306 --index cases --queries q.tsv ...
// HTTP asks /api/search with exact facets and snippets (what users get);
// SphinxQL asks the same words with MATCH(), the same filters, and FACET
// clauses for the same attributes.
#include <httplib.h>
#include <mysql.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "casebase/query.h"

namespace {

struct Query {
  std::string words;
  std::vector<std::pair<std::string, std::string>> filters;
};

std::vector<Query> read_queries(const std::string& path) {
  std::vector<Query> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Query q;
    std::istringstream ls(line);
    std::string part;
    std::getline(ls, q.words, '\t');
    while (std::getline(ls, part, '\t')) {
      size_t eq = part.find('=');
      if (eq != std::string::npos) q.filters.emplace_back(part.substr(0, eq), part.substr(eq + 1));
    }
    out.push_back(std::move(q));
  }
  return out;
}

// FNV-1a, 32 bits: the attribute id of a keyword value, the same in
// bench/sphinx/xmlpipe.py (Sphinx filters and facets need integers).
uint32_t value_id(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h % 1000000;
}

std::string sql_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '\'' || c == '\\') o.push_back('\\');
    o.push_back(c);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  std::string http, sphinx, index = "cases", queries_path;
  int concurrency = 1;
  double seconds = 10;
  std::string static_path;
  bool browse = false, suggest = false;
  int visitors = 0;
  CLI::App app{"casebase-load: fixed-time load with latency percentiles"};
  app.add_option("--http", http, "host:port of casebase-serve");
  app.add_option("--static", static_path, "with --http: GET this path instead of searches (the floor)");
  app.add_flag("--browse", browse, "drop the words: facets-only browse mode (filters kept)");
  app.add_flag("--suggest", suggest, "autocomplete: GET /api/suggest with the first 1-4 letters of each query");
  app.add_option("--sphinxql", sphinx, "host:port of Sphinx searchd's MySQL protocol listener");
  app.add_option("--index", index, "Sphinx index name");
  app.add_option("--queries", queries_path, "query file")->required();
  app.add_option("--concurrency", concurrency, "client threads");
  app.add_option("--seconds", seconds, "duration");
  app.add_option("--visitors", visitors,
                 "with --http: send X-Forwarded-For from this many addresses in turn (a server with --trust-proxy "
                 "127.0.0.1 logs them as different visitors; 0: none)");
  CLI11_PARSE(app, argc, argv);
  auto queries = read_queries(queries_path);
  if (browse) {
    for (auto& q : queries) q.words.clear();
  }
  if (queries.empty()) {
    std::fprintf(stderr, "no queries\n");
    return 2;
  }
  std::mutex mu;
  std::vector<double> lat;
  std::atomic<size_t> errors{0};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  auto worker = [&](int k) {
    std::vector<double> mine;
    size_t i = static_cast<size_t>(k) * 7919;
    std::unique_ptr<httplib::Client> cli;
    MYSQL* my = nullptr;
    if (!http.empty()) {
      cli = std::make_unique<httplib::Client>("http://" + http);
      cli->set_keep_alive(true);
      cli->set_tcp_nodelay(true);
    } else {
      my = mysql_init(nullptr);
      size_t c = sphinx.find(':');
      if (!mysql_real_connect(my, sphinx.substr(0, c).c_str(), "", "", "", std::stoi(sphinx.substr(c + 1)), nullptr, 0)) {
        std::fprintf(stderr, "sphinxql connect: %s\n", mysql_error(my));
        ++errors;
        return;
      }
    }
    while (std::chrono::steady_clock::now() < deadline) {
      const Query& q = queries[i++ % queries.size()];
      auto t0 = std::chrono::steady_clock::now();
      bool ok = true;
      if (cli) {
        std::string path;
        if (!static_path.empty()) {
          path = static_path;
        } else if (suggest) {
          // What a user has typed so far: 1 to 4 letters of the query's first word.
          std::string w = q.words.substr(0, q.words.find(' '));
          path = "/api/suggest?q=" + casebase::url_encode(w.substr(0, 1 + i % 4));
        } else {
          path = "/api/search?q=" + casebase::url_encode(q.words) + "&facet_size=10";
          for (const auto& [k2, v] : q.filters) path += "&" + casebase::url_encode(k2) + "=" + casebase::url_encode(v);
        }
        httplib::Headers headers;
        if (visitors > 0) {
          const size_t v = i % static_cast<size_t>(visitors);
          headers.emplace("X-Forwarded-For", "10." + std::to_string(v >> 16 & 255) + "." + std::to_string(v >> 8 & 255) +
                                                 "." + std::to_string(v & 255));
        }
        auto r = cli->Get(path.c_str(), headers);
        ok = r && r->status == 200;
      } else {
        std::string sql = "SELECT id, SNIPPET(title, '" + sql_escape(q.words) + "') FROM " + index + " WHERE MATCH('" +
                          sql_escape(q.words) + "')";
        for (const auto& [k2, v] : q.filters) {
          if (k2 == "year") {
            sql += " AND year=" + v;
          } else {
            sql += " AND " + k2 + "=" + std::to_string(value_id(v));
          }
        }
        sql += " LIMIT 10 OPTION max_matches=1000 FACET organisation FACET organisation_type FACET region"
               " FACET themes FACET instruments FACET year";
        ok = mysql_real_query(my, sql.data(), sql.size()) == 0;
        // Read every result set (hits, then one per FACET).
        do {
          MYSQL_RES* res = mysql_store_result(my);
          if (res) mysql_free_result(res);
        } while (ok && mysql_next_result(my) == 0);
      }
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (!ok) ++errors;
      mine.push_back(ms);
    }
    if (my) mysql_close(my);
    std::lock_guard<std::mutex> g(mu);
    lat.insert(lat.end(), mine.begin(), mine.end());
  };
  std::vector<std::thread> th;
  auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < concurrency; ++k) th.emplace_back(worker, k);
  for (auto& t : th) t.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, static_cast<size_t>(p * lat.size()))]; };
  std::printf("{\"requests\": %zu, \"errors\": %zu, \"qps\": %.1f, \"p50_ms\": %.2f, \"p95_ms\": %.2f, \"p99_ms\": %.2f}\n",
              lat.size(), errors.load(), lat.size() / wall, pct(0.50), pct(0.95), pct(0.99));
  return errors ? 1 : 0;
}
