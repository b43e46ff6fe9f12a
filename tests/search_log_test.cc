// The private search log (issue 17) without HTTP: visitor keys, the
// k-anonymity of every list, the weeks, reformulations as synonym
// candidates, the flood bounds and the retention purge. Time is passed in.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <fstream>
#include <iterator>

#include "search_log.h"
#include "test_util.h"

using namespace casebase;
using namespace casebase::contrib;
using casebase::test::TempDir;

namespace {

// 2026-12-02 12:00 UTC, a Wednesday of ISO week 2026-W49.
constexpr long long kNoon = 1796212800;

std::unique_ptr<SearchLog> open_log(const TempDir& dir, SearchLogSettings s = {}) {
  auto log = SearchLog::open(dir.path().string(), s);
  REQUIRE(log.ok());
  return std::move(*log);
}

// `n` different visitors search `q` at `at`.
void visitors_search(SearchLog& log, int n, const std::string& q, long long results, long long at,
                     const std::vector<std::string>& filters = {}) {
  for (int i = 0; i < n; ++i) {
    log.record_search(log.visitor("198.51.100." + std::to_string(i + 1), at), q, filters, results, at);
  }
}

const QueryStat* find(const std::vector<QueryStat>& v, const std::string& text) {
  for (const auto& q : v) {
    if (q.text == text) return &q;
  }
  return nullptr;
}

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("search log: a visitor key is stable for a day and changes the next") {
  TempDir dir;
  auto log = open_log(dir);
  const std::string a = log->visitor("192.0.2.7", kNoon);
  CHECK(a.size() == 16);
  CHECK(log->visitor("192.0.2.7", kNoon + 3600) == a);
  CHECK(log->visitor("192.0.2.8", kNoon) != a);
  CHECK(log->visitor("192.0.2.7", kNoon + 86400) != a);
  // A new start has a new salt: no key can be made again from an address.
  auto again = open_log(dir);
  CHECK(again->visitor("192.0.2.7", kNoon) != a);
}

TEST_CASE("search log: queries are normalised") {
  CHECK(SearchLog::normalise("  Aanbesteding   ICT\t") == "aanbesteding ict");
  CHECK(SearchLog::normalise("Ideeën") == "ideeen");
  CHECK(SearchLog::normalise(std::string(500, 'x')).size() == 200);
}

TEST_CASE("search log: a query is shown only when k visitors asked it on one day") {
  TempDir dir;
  auto log = open_log(dir);
  const long long monday = kNoon - 2 * 86400;
  visitors_search(*log, 2, "warmtepomp", 0, monday);
  auto weeks = log->insights(1, monday, 20);
  REQUIRE(weeks.size() == 1);
  CHECK(weeks[0].week == "2026-W49");
  CHECK(weeks[0].searches == 2);
  CHECK(weeks[0].zero_results.empty());
  CHECK(weeks[0].top_queries.empty());
  // A third visitor, written differently.
  log->record_search(log->visitor("192.0.2.3", monday + 60), "Warmtepomp ", {}, 0, monday + 60);
  // One visitor on three days is still one person.
  for (int d = 1; d <= 3; ++d) {
    const long long at = monday + d * 86400;
    log->record_search(log->visitor("192.0.2.9", at), "zonnepanelen", {}, 0, at);
  }
  weeks = log->insights(1, monday + 3 * 86400, 20);
  CHECK(weeks[0].searches == 6);
  const QueryStat* q = find(weeks[0].zero_results, "warmtepomp");
  REQUIRE(q);
  CHECK(q->visitors == 3);
  CHECK(q->searches == 3);
  CHECK(find(weeks[0].zero_results, "zonnepanelen") == nullptr);
}

TEST_CASE("search log: a restart's new keys do not count a person twice") {
  TempDir dir;
  {
    auto log = open_log(dir);
    visitors_search(*log, 2, "kademuur", 0, kNoon);
  }
  auto log = open_log(dir);  // a new salt: the same two people get new keys
  visitors_search(*log, 2, "kademuur", 0, kNoon + 600);
  CHECK(log->insights(1, kNoon, 20)[0].zero_results.empty());  // 4 keys, 2 salts: at least 2 people
  log->record_search(log->visitor("198.51.100.77", kNoon + 700), "kademuur", {}, 0, kNoon + 700);
  const auto weeks = log->insights(1, kNoon, 20);  // kept: `q` points into it
  const QueryStat* q = find(weeks[0].zero_results, "kademuur");
  REQUIRE(q);  // 5 keys, 2 salts: at least 3 people
  CHECK(q->visitors == 3);
}

TEST_CASE("search log: k is configurable but never below 2") {
  TempDir dir;
  SearchLogSettings s;
  s.k = 1;
  CHECK_FALSE(SearchLog::open(dir.path().string(), s).ok());
  s.k = 2;
  auto log = open_log(dir, s);
  visitors_search(*log, 2, "gladheid", 0, kNoon);
  CHECK(find(log->insights(1, kNoon, 20)[0].zero_results, "gladheid"));
}

TEST_CASE("search log: never opened, top queries and filters per week") {
  TempDir dir;
  auto log = open_log(dir);
  visitors_search(*log, 3, "ict", 12, kNoon, {"theme=ict"});
  visitors_search(*log, 4, "glas", 5, kNoon, {"theme=ict", "year_from=2020"});
  const std::string v = log->visitor("198.51.100.1", kNoon);
  CHECK(log->record_open(v, "glas", "cases/glas", kNoon + 10));
  // Opens need a logged search of the visitor that day.
  CHECK_FALSE(log->record_open(log->visitor("203.0.113.99", kNoon), "glas", "cases/glas", kNoon));
  auto w = log->insights(2, kNoon, 20);
  REQUIRE(w.size() == 2);
  CHECK(w[1].week == "2026-W48");
  CHECK(w[1].searches == 0);
  CHECK(find(w[0].never_opened, "ict"));
  CHECK_FALSE(find(w[0].never_opened, "glas"));
  const QueryStat* glas = find(w[0].top_queries, "glas");
  REQUIRE(glas);
  CHECK(glas->opens == 1);
  CHECK(glas->results == 5);
  CHECK(w[0].top_queries.front().text == "glas");  // the most visitors first
  const QueryStat* theme = find(w[0].top_filters, "theme=ict");
  REQUIRE(theme);
  CHECK(theme->visitors == 4);  // on its busiest day
  CHECK(theme->searches == 7);
  CHECK(find(w[0].top_filters, "year_from=2020"));
  // A later week does not see this one's searches.
  CHECK(log->insights(1, kNoon + 7 * 86400, 20)[0].top_queries.empty());
}

TEST_CASE("search log: reformulations within a minute are synonym candidates") {
  TempDir dir;
  auto log = open_log(dir);
  for (int i = 0; i < 3; ++i) {
    const std::string v = log->visitor("198.51.100." + std::to_string(i + 1), kNoon);
    log->record_search(v, "heat pump", {}, 0, kNoon + i);
    log->record_search(v, "warmtepomp", {}, 4, kNoon + i + 30);
    // Too late to count as a reformulation.
    log->record_search(v, "geothermal", {}, 0, kNoon + i + 31);
    log->record_search(v, "bodemwarmte", {}, 2, kNoon + i + 200);
  }
  auto c = log->synonym_candidates(30, kNoon, 10);
  REQUIRE(c.size() == 1);
  CHECK(c[0].from == "heat pump");
  CHECK(c[0].to == "warmtepomp");
  CHECK(c[0].visitors == 3);
  CHECK(c[0].results == 4);
  log->decide_synonym("heat pump", "warmtepomp", true, kNoon);
  CHECK(log->synonym_candidates(30, kNoon, 10).empty());
}

TEST_CASE("search log: only the next search is a reformulation") {
  TempDir dir;
  auto log = open_log(dir);
  for (int i = 0; i < 3; ++i) {
    const std::string v = log->visitor("198.51.100." + std::to_string(i + 1), kNoon);
    log->record_search(v, "asbestsanering", {}, 0, kNoon + i);
    log->record_search(v, "legionella", {}, 0, kNoon + i + 10);
    log->record_search(v, "zwerfafval", {}, 6, kNoon + i + 20);
  }
  auto c = log->synonym_candidates(30, kNoon, 10);
  REQUIRE(c.size() == 1);
  CHECK(c[0].from == "legionella");
  CHECK(c[0].to == "zwerfafval");
}

TEST_CASE("search log: two visitors reformulating are not enough") {
  TempDir dir;
  auto log = open_log(dir);
  for (int i = 0; i < 2; ++i) {
    const std::string v = log->visitor("198.51.100." + std::to_string(i + 1), kNoon);
    log->record_search(v, "heat pump", {}, 0, kNoon);
    log->record_search(v, "warmtepomp", {}, 4, kNoon + 5);
  }
  CHECK(log->synonym_candidates(30, kNoon, 10).empty());
}

TEST_CASE("search log: searching as you type is one search of the last words") {
  TempDir dir;
  auto log = open_log(dir);
  for (int i = 0; i < 3; ++i) {
    const std::string v = log->visitor("198.51.100." + std::to_string(i + 1), kNoon);
    long long t = kNoon + i * 100;
    for (const char* typed : {"zw", "zwerf", "zwerfafv", "zwerfafval"}) log->record_search(v, typed, {}, 0, t++);
    log->record_search(v, "zwerfafval", {}, 6, t + 1);       // Enter: the same search
    log->record_search(v, "zwerfafval", {}, 6, t + 60);      // later again: a new one
  }
  auto w = log->insights(1, kNoon, 20)[0];
  CHECK(w.searches == 6);
  CHECK(w.zero_results.empty());  // the partial words are gone
  const QueryStat* q = find(w.top_queries, "zwerfafval");
  REQUIRE(q);
  CHECK(q->searches == 6);
  CHECK(q->results == 6);
  CHECK(log->synonym_candidates(30, kNoon, 10).empty());
}

TEST_CASE("search log: a flood from one visitor is bounded") {
  TempDir dir;
  SearchLogSettings s;
  s.per_visitor_day = 5;
  s.per_day = 8;
  auto log = open_log(dir, s);
  const std::string v = log->visitor("192.0.2.1", kNoon);
  int logged = 0;
  // Far enough apart not to count as typing.
  for (int i = 0; i < 20; ++i) logged += log->record_search(v, "q" + std::to_string(i), {}, 0, kNoon + i * 10) ? 1 : 0;
  CHECK(logged == 5);
  for (int i = 0; i < 10; ++i) {
    logged += log->record_search(log->visitor("192.0.2." + std::to_string(10 + i), kNoon), "x", {}, 0, kNoon) ? 1 : 0;
  }
  CHECK(logged == 8);
  // The next day starts afresh.
  CHECK(log->record_search(log->visitor("192.0.2.1", kNoon + 86400), "x", {}, 0, kNoon + 86400));
}

TEST_CASE("search log: rows past the retention are deleted, their bytes too") {
  TempDir dir;
  SearchLogSettings s;
  s.retention_days = 90;
  const long long old = kNoon - 91LL * 86400;
  {
    auto log = open_log(dir, s);
    visitors_search(*log, 3, "oudezoekvraag", 0, old, {"theme=oudfilter"});
    CHECK(log->record_open(log->visitor("198.51.100.1", old), "oudezoekvraag", "cases/oud", old));
    visitors_search(*log, 3, "nieuwezoekvraag", 1, kNoon - 89LL * 86400);
    CHECK(log->purge(kNoon) >= 3);
    auto w = log->insights(14, kNoon, 20);
    bool old_seen = false, new_seen = false;
    for (const auto& wk : w) {
      old_seen = old_seen || find(wk.top_queries, "oudezoekvraag");
      new_seen = new_seen || find(wk.top_queries, "nieuwezoekvraag");
    }
    CHECK_FALSE(old_seen);
    CHECK(new_seen);
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "insights.sqlite").string().c_str(), &db) == SQLITE_OK);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const std::string bytes = file_bytes(dir.path() / "insights.sqlite");
  CHECK(bytes.find("nieuwezoekvraag") != std::string::npos);
  CHECK(bytes.find("oudezoekvraag") == std::string::npos);
  CHECK(bytes.find("oudfilter") == std::string::npos);
  CHECK(bytes.find("cases/oud") == std::string::npos);
}

TEST_CASE("search log: the first write of a new day purges") {
  TempDir dir;
  SearchLogSettings s;
  s.retention_days = 2;
  auto log = open_log(dir, s);
  visitors_search(*log, 3, "eerst", 0, kNoon);
  visitors_search(*log, 3, "later", 0, kNoon + 3 * 86400);
  auto w = log->insights(2, kNoon + 3 * 86400, 20);
  bool first = false;
  for (const auto& wk : w) first = first || find(wk.zero_results, "eerst");
  CHECK_FALSE(first);
}

TEST_CASE("search log: popular searches are k-anonymous, found something, and kept a minute when full") {
  TempDir dir;
  auto log = open_log(dir);
  const long long monday = kNoon - 2 * 86400;
  visitors_search(*log, 2, "zeldzaam", 5, monday);       // 2 visitors: never shown
  visitors_search(*log, 3, "niets gevonden", 0, monday);  // k-anonymous, but found nothing
  CHECK(log->popular(2, monday, 2).empty());
  // The list is not full: the next search is seen at once.
  visitors_search(*log, 4, "zonnepanelen", 7, monday + 10);
  CHECK(log->popular(2, monday + 11, 2) == std::vector<std::string>{"zonnepanelen"});
  // Last week's popular queries follow this week's.
  visitors_search(*log, 3, "laadpalen", 2, monday - 7 * 86400);
  CHECK(log->popular(2, monday + 12, 2) == std::vector<std::string>{"zonnepanelen", "laadpalen"});
  CHECK(log->popular(1, monday + 12, 2) == std::vector<std::string>{"zonnepanelen"});
  // Full: kept for a minute, whatever is searched meanwhile.
  CHECK(log->popular(2, monday + 13, 2).size() == 2);
  visitors_search(*log, 5, "warmtepomp", 9, monday + 14);
  CHECK(log->popular(2, monday + 15, 2) == std::vector<std::string>{"zonnepanelen", "laadpalen"});
  CHECK(log->popular(2, monday + 13 + SearchLog::kPopularSeconds, 2) ==
        std::vector<std::string>{"warmtepomp", "zonnepanelen"});
}
