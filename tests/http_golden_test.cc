// Golden files of the HTTP server's output: every request of
// tests/golden/http/requests.txt is sent to the real server (routes, pages,
// templates, i18n) over the demo content in content/, and its status, content
// type, download/cookie headers and body must equal what was recorded.
//
//   CASEBASE_UPDATE_GOLDEN=1 build/tests/casebase_tests -tc='http golden*'
//
// records them again (review the diff before committing). Without it a
// missing golden file is a failure.
//
// Layout of tests/golden/http:
//   requests.txt   name<TAB>path?query[<TAB>Header: value]; # comments
//   index.txt      name<TAB>status<TAB>content type[<TAB>Header: value]...
//   <name>.<ext>   the body; ext by content type (json, html, atom, xml, csv, md, txt)
//
// What is normalised, and why (nothing else varies between runs, nor between
// a fresh index and a reused one):
//   - `took_ms` (search, suggest) is wall-clock time: dropped.
//   - Absolute URLs (feed, OpenSearch, exports) are built from the Host
//     header, which holds the random port of the test server: the port is
//     replaced by PORT.
//   - JSON bodies are pretty-printed (dump(2)) so that diffs are readable;
//     key order is nlohmann's (sorted) either way.
// And one input is pinned rather than normalised: the indexer builds one
// shard per core (at most 4) and merges them, so the document ids, which
// break ties between equal scores and equal dates, depend on the machine.
// The test indexes with CASEBASE_INDEX_THREADS=1 so that the goldens are the
// same on every machine.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "casebase/searcher.h"
#include "cli.h"
#include "server.h"
#include "test_util.h"

using namespace casebase;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kGoldenDir = fs::path(CASEBASE_SOURCE_DIR) / "tests" / "golden" / "http";

// Headers a user sees besides the body: the download's file name and the
// remembered language.
const char* const kKeptHeaders[] = {"Content-Disposition", "Set-Cookie"};

// The demo content indexed into a temp dir, served by the real routes on a
// free loopback port in a thread; stops and joins in the destructor.
class DemoServer {
 public:
  DemoServer() : searcher_(tmp_.str() + "/db", default_schema(), Limits{}) {
    {
      test::ScopedEnv threads("CASEBASE_INDEX_THREADS", "1");  // see the top of the file
      indexer::Options o;
      o.content_dir = std::string(CASEBASE_SOURCE_DIR) + "/content";
      o.db_path = tmp_.str() + "/db";
      o.quiet = true;
      std::ostringstream out, err;
      int rc = indexer::run(o, out, err);
      CAPTURE(err.str());
      REQUIRE(rc == 0);
    }
    auto site = serve::load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
    REQUIRE(site.ok());
    site_ = *site;
    serve::register_routes(server_, searcher_, site_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(server_.is_running());
  }
  ~DemoServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Result get(const std::string& path, const httplib::Headers& headers) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c.Get(path.c_str(), headers);
  }
  int port() const { return port_; }

 private:
  test::TempDir tmp_;
  Searcher searcher_;
  serve::Site site_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

struct GoldenRequest {
  std::string name;
  std::string target;
  httplib::Headers headers;
  int line = 0;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::vector<GoldenRequest> read_requests() {
  std::ifstream in(kGoldenDir / "requests.txt");
  REQUIRE(in);
  std::vector<GoldenRequest> out;
  std::set<std::string> names;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    CAPTURE(n);
    CAPTURE(line);
    auto cols = split(line, '\t');
    REQUIRE(cols.size() >= 2);
    REQUIRE(cols.size() <= 3);
    GoldenRequest r{cols[0], cols[1], {}, n};
    REQUIRE(!r.name.empty());
    REQUIRE(r.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos);
    REQUIRE(names.insert(r.name).second);
    REQUIRE(r.target.rfind("/", 0) == 0);
    if (cols.size() == 3) {
      size_t colon = cols[2].find(": ");
      REQUIRE(colon != std::string::npos);
      r.headers.emplace(cols[2].substr(0, colon), cols[2].substr(colon + 2));
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string extension_of(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  if (t == "application/json" || (t.size() > 5 && t.compare(t.size() - 5, 5, "+json") == 0)) return "json";
  if (t == "text/html") return "html";
  if (t == "application/atom+xml") return "atom";
  if (t == "text/csv") return "csv";
  if (t == "text/markdown") return "md";
  if (t == "application/xml" || t == "text/xml" || (t.size() > 4 && t.compare(t.size() - 4, 4, "+xml") == 0)) {
    return "xml";
  }
  return "txt";
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) s.replace(i, from.size(), to);
}

// See the top of the file for what is normalised and why.
std::string normalise(std::string body, const std::string& ext, int port) {
  replace_all(body, "127.0.0.1:" + std::to_string(port), "127.0.0.1:PORT");
  if (ext != "json") return body;
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return body;  // kept as sent: the comparison shows it
  if (j.is_object()) j.erase("took_ms");
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// "status<TAB>content type[<TAB>Header: value]..." as kept in index.txt.
std::string index_entry(const httplib::Response& r) {
  std::string e = std::to_string(r.status) + "\t" + r.get_header_value("Content-Type");
  for (const char* h : kKeptHeaders) {
    for (size_t i = 0; i < r.get_header_value_count(h); ++i) e += std::string("\t") + h + ": " + r.get_header_value(h, i);
  }
  return e;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << s;
  REQUIRE(out.good());
}

std::string clip(const std::string& s) {
  constexpr size_t kMax = 300;
  if (s.size() <= kMax) return s;
  size_t n = kMax;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // not inside a UTF-8 sequence
  return s.substr(0, n) + "…";
}

// The first line where `want` and `got` differ, for the failure message.
std::string first_difference(const std::string& want, const std::string& got) {
  auto a = split(want, '\n');
  auto b = split(got, '\n');
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    const std::string x = i < a.size() ? a[i] : "<end of golden file>";
    const std::string y = i < b.size() ? b[i] : "<end of response>";
    if (i >= a.size() || i >= b.size() || x != y) {
      return "line " + std::to_string(i + 1) + "\n  golden:   " + clip(x) + "\n  response: " + clip(y);
    }
  }
  return "(same lines)";
}

}  // namespace

TEST_CASE("http golden: API, pages, feed and exports of the demo content") {
  const bool update = [] {
    const char* v = std::getenv("CASEBASE_UPDATE_GOLDEN");
    return v && std::string(v) == "1";
  }();
  const auto requests = read_requests();
  REQUIRE(requests.size() >= 60);

  // index.txt: name -> "status<TAB>content type[<TAB>header]...".
  std::map<std::string, std::string> index;
  if (auto text = read_file(kGoldenDir / "index.txt")) {
    for (const auto& line : split(*text, '\n')) {
      size_t tab = line.find('\t');
      if (!line.empty() && line[0] != '#' && tab != std::string::npos) index[line.substr(0, tab)] = line.substr(tab + 1);
    }
  } else if (!update) {
    FAIL_CHECK("no " << (kGoldenDir / "index.txt").string() << ": record with CASEBASE_UPDATE_GOLDEN=1");
  }

  DemoServer server;
  std::string new_index = "# name<TAB>status<TAB>content type[<TAB>header]... (written by http_golden_test.cc)\n";
  std::set<std::string> golden_files = {"requests.txt", "index.txt", ".gitattributes"};
  size_t problems = 0;
  for (const auto& rq : requests) {
    auto res = server.get(rq.target, rq.headers);
    if (!res) {
      FAIL_CHECK(rq.name << " (requests.txt:" << rq.line << "): no response: " << httplib::to_string(res.error()));
      ++problems;
      continue;
    }
    const std::string entry = index_entry(*res);
    const std::string ext = extension_of(res->get_header_value("Content-Type"));
    const std::string file = rq.name + "." + ext;
    const std::string body = normalise(res->body, ext, server.port());
    golden_files.insert(file);
    new_index += rq.name + "\t" + entry + "\n";
    if (update) {
      write_file(kGoldenDir / file, body);
      continue;
    }
    auto it = index.find(rq.name);
    if (it == index.end()) {
      FAIL_CHECK(rq.name << ": not in index.txt (got " << entry << "); record with CASEBASE_UPDATE_GOLDEN=1");
      ++problems;
    } else if (it->second != entry) {
      FAIL_CHECK(rq.name << " " << rq.target.substr(0, 120) << ": status, type or headers differ\n  golden:   "
                         << it->second << "\n  response: " << entry);
      ++problems;
    }
    auto want = read_file(kGoldenDir / file);
    if (!want) {
      FAIL_CHECK(rq.name << ": no golden file " << file << "; record with CASEBASE_UPDATE_GOLDEN=1");
      ++problems;
    } else if (*want != body) {
      FAIL_CHECK(rq.name << " " << rq.target.substr(0, 120) << ": body differs from " << file << " at "
                         << first_difference(*want, body));
      ++problems;
    }
  }

  std::set<std::string> names;
  for (const auto& rq : requests) names.insert(rq.name);
  for (const auto& [name, entry] : index) {
    if (!update && !names.count(name)) {
      FAIL_CHECK("stale line in index.txt: " << name << " is not in requests.txt");
      ++problems;
    }
  }
  // Golden files that no request produces (a renamed request, or a changed
  // content type) are stale: removed when recording, a failure otherwise.
  for (const auto& e : fs::directory_iterator(kGoldenDir)) {
    const std::string name = e.path().filename().string();
    if (golden_files.count(name)) continue;
    if (update) {
      fs::remove(e.path());
    } else {
      FAIL_CHECK("stale golden file " << name << ": no request in requests.txt produces it");
      ++problems;
    }
  }
  if (update) {
    write_file(kGoldenDir / "index.txt", new_index);
    MESSAGE("recorded " << requests.size() << " golden responses in " << kGoldenDir.string());
  } else {
    CHECK_MESSAGE(problems == 0, problems << " differences from the goldens of " << requests.size() << " requests (above)");
  }
}
