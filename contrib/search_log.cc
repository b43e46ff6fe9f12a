#include "search_log.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "casebase/text.h"
#include "secrets.h"
#include "sqlite_stmt.h"

namespace casebase::contrib {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA secure_delete = ON;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS searches (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  day INTEGER NOT NULL,
  visitor BLOB NOT NULL,
  epoch INTEGER NOT NULL,
  q TEXT NOT NULL,
  results INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS searches_day ON searches (day, q);
CREATE INDEX IF NOT EXISTS searches_visitor ON searches (visitor, day, at);
CREATE TABLE IF NOT EXISTS search_filters (
  search INTEGER NOT NULL REFERENCES searches(id) ON DELETE CASCADE,
  filter TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_filters_search ON search_filters (search);
CREATE TABLE IF NOT EXISTS opens (
  at INTEGER NOT NULL,
  day INTEGER NOT NULL,
  visitor BLOB NOT NULL,
  q TEXT NOT NULL,
  article TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS opens_day ON opens (day, q);
CREATE TABLE IF NOT EXISTS synonym_decisions (
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  accepted INTEGER NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (a, b)
);
)sql";

constexpr size_t kMaxQueryBytes = 200;
constexpr size_t kMaxFilters = 20;
constexpr size_t kMaxFilterBytes = 200;


// The Monday of a day's week (1970-01-01 was a Thursday).
long long monday_of(long long day) { return day - (day + 3) % 7; }

// Runs a query of (text, max distinct visitors on a day, searches, …) rows.
std::vector<QueryStat> stats_of(sqlite3* db, const char* sql, long long from, long long to, int k, int limit) {
  std::vector<QueryStat> out;
  Stmt s(db, sql);
  s.bind(1, from).bind(2, to).bind(3, static_cast<long long>(k)).bind(4, static_cast<long long>(limit));
  while (s.row()) {
    QueryStat q;
    q.text = s.text(0);
    q.visitors = s.integer(1);
    q.searches = s.integer(2);
    q.results = s.integer(3);
    q.opens = s.integer(4);
    out.push_back(std::move(q));
  }
  return out;
}

// The least number of people behind a group of rows of one day: each
// salt (an epoch: a day's, or the rest of it after a restart) gives one
// person one key, so k keys under e salts are at least ceil(k / e) people.
std::string people(const std::string& visitor, const std::string& epoch) {
  return "((COUNT(DISTINCT " + visitor + ") + COUNT(DISTINCT " + epoch + ") - 1) / COUNT(DISTINCT " + epoch + "))";
}

// Per query and day: distinct visitors and searches; then per query: the
// most visitors on one day (the k-anonymity test), all searches, the
// results of the latest search, and the opens from it in the week.
// ?1..?2: the week's days, ?3: k, ?4: limit. `where` narrows the searches.
std::string query_stats_sql(const std::string& where, const std::string& having) {
  return "SELECT q, MAX(n) AS v, SUM(c) AS c, "
         " (SELECT results FROM searches l WHERE l.q = d.q AND l.day BETWEEN ?1 AND ?2 ORDER BY l.at DESC, l.id DESC "
         "LIMIT 1), "
         " (SELECT COUNT(*) FROM opens o WHERE o.q = d.q AND o.day BETWEEN ?1 AND ?2) AS opened "
         "FROM (SELECT q, day, " + people("visitor", "epoch") + " AS n, COUNT(*) AS c FROM searches "
         "      WHERE day BETWEEN ?1 AND ?2 AND q <> '' " + where + " GROUP BY q, day) d "
         "GROUP BY q HAVING MAX(n) >= ?3 " + having + " ORDER BY v DESC, c DESC, q LIMIT ?4";
}

}  // namespace

Result<std::unique_ptr<SearchLog>> SearchLog::open(const std::string& data_dir, SearchLogSettings settings) {
  if (settings.retention_days < 1) return Status::invalid_argument("the search log's retention must be at least 1 day");
  if (settings.k < 2) return Status::invalid_argument("the insights' threshold k must be at least 2");
  auto db = open_database(data_dir, "insights.sqlite", kSchema);
  if (!db.ok()) return db.status();
  std::unique_ptr<SearchLog> log(new SearchLog(*db, settings));
  return log;
}

SearchLog::~SearchLog() {
  OPENSSL_cleanse(salt_.data(), salt_.size());
  sqlite3_close(db_);
}

std::string SearchLog::normalise(const std::string& query) {
  const std::string folded = normalize_keyword(query);
  std::string out;
  bool space = false;
  for (char ch : folded) {
    const bool blank = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
    if (blank) {
      space = !out.empty();
      continue;
    }
    if (static_cast<unsigned char>(ch) < 0x20) continue;
    if (space) out += ' ';
    space = false;
    out += ch;
  }
  return utf8_truncate(out, kMaxQueryBytes);
}

long long SearchLog::purge_locked(long long day) {
  const long long cutoff = day - settings_.retention_days;
  long long n = 0;
  Stmt del(db_, "DELETE FROM searches WHERE day < ?1");
  if (del.bind(1, cutoff).run()) n += sqlite3_changes(db_);
  Stmt del_opens(db_, "DELETE FROM opens WHERE day < ?1");
  if (del_opens.bind(1, cutoff).run()) n += sqlite3_changes(db_);
  return n;
}

void SearchLog::new_day_locked(long long day) {
  if (day == day_) return;
  OPENSSL_cleanse(salt_.data(), salt_.size());
  salt_ = random_hex(32);
  epoch_ = std::stoll(random_hex(6), nullptr, 16);
  day_ = day;
  logged_today_ = 0;
  per_visitor_.clear();
  purge_locked(day);
}

std::string SearchLog::visitor(const std::string& client, long long now) {
  std::lock_guard<std::mutex> g(mu_);
  new_day_locked(day_of(now));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), salt_.data(), static_cast<int>(salt_.size()), reinterpret_cast<const unsigned char*>(client.data()),
       client.size(), mac, &len);
  return std::string(reinterpret_cast<const char*>(mac), std::min<unsigned int>(len, 16));
}

bool SearchLog::record_search(const std::string& visitor, const std::string& query,
                              const std::vector<std::string>& filters, long long results, long long now) {
  const std::string q = normalise(query);
  std::lock_guard<std::mutex> g(mu_);
  new_day_locked(day_of(now));
  if (logged_today_ >= settings_.per_day) return false;
  // The map is bounded by per_day: a new key is one more logged search.
  VisitorDay& vd = per_visitor_[visitor];
  if (vd.logged >= settings_.per_visitor_day) return false;
  const bool typing = vd.last_id > 0 && now - vd.last_at <= kTypingSeconds && !q.empty() && !vd.last_q.empty() &&
                      (q.starts_with(vd.last_q) || vd.last_q.starts_with(q));
  sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
  bool ok = false;
  long long id = 0;
  if (typing) {
    id = vd.last_id;
    Stmt s(db_, "UPDATE searches SET at = ?1, q = ?2, results = ?3 WHERE id = ?4");
    Stmt del(db_, "DELETE FROM search_filters WHERE search = ?1");
    ok = s.bind(1, now).bind(2, q).bind(3, results).bind(4, id).run() && del.bind(1, id).run();
  } else {
    Stmt s(db_, "INSERT INTO searches (at, day, visitor, epoch, q, results) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    s.bind(1, now).bind(2, day_of(now)).bind_blob(3, visitor).bind(4, epoch_).bind(5, q).bind(6, results);
    ok = s.run();
    id = sqlite3_last_insert_rowid(db_);
  }
  std::vector<std::string> kept;
  for (const auto& f : filters) {
    if (kept.size() >= kMaxFilters) break;
    kept.push_back(utf8_truncate(f, kMaxFilterBytes));
  }
  std::sort(kept.begin(), kept.end());
  kept.erase(std::unique(kept.begin(), kept.end()), kept.end());
  for (const auto& f : kept) {
    if (!ok) break;
    Stmt fs(db_, "INSERT INTO search_filters (search, filter) VALUES (?1, ?2)");
    ok = fs.bind(1, id).bind(2, f).run();
  }
  sqlite3_exec(db_, ok ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  if (!ok) return false;
  if (!typing) {
    ++vd.logged;
    ++logged_today_;
  }
  vd.last_id = id;
  vd.last_at = now;
  vd.last_q = q;
  // A popular() list that is not full may gain a query by this search: it
  // is asked again. A full one (a busy site) keeps its minute.
  if (static_cast<int>(popular_.size()) < popular_limit_) popular_at_ = -1;
  return true;
}

bool SearchLog::record_open(const std::string& visitor, const std::string& query, const std::string& article_id,
                            long long now) {
  const std::string q = normalise(query);
  if (q.empty() || article_id.empty() || article_id.size() > 200) return false;
  std::lock_guard<std::mutex> g(mu_);
  new_day_locked(day_of(now));
  auto it = per_visitor_.find(visitor);
  // Only a visitor whose search was logged today opens from a result page.
  if (it == per_visitor_.end() || it->second.logged >= settings_.per_visitor_day) return false;
  ++it->second.logged;
  Stmt s(db_, "INSERT INTO opens (at, day, visitor, q, article) VALUES (?1, ?2, ?3, ?4, ?5)");
  return s.bind(1, now).bind(2, day_of(now)).bind_blob(3, visitor).bind(4, q).bind(5, article_id).run();
}

long long SearchLog::purge(long long now) {
  std::lock_guard<std::mutex> g(mu_);
  return purge_locked(day_of(now));
}

std::vector<WeekInsights> SearchLog::insights(int weeks, long long now, int limit) {
  std::lock_guard<std::mutex> g(mu_);
  const int k = settings_.k;
  static const std::string zero_sql = query_stats_sql("AND results = 0", "");
  static const std::string unopened_sql =
      query_stats_sql("AND results > 0", "AND NOT EXISTS (SELECT 1 FROM opens o WHERE o.q = d.q AND o.day BETWEEN ?1 AND ?2)");
  static const std::string top_sql = query_stats_sql("", "");
  static const std::string filters_sql =
      "SELECT filter, MAX(n) AS v, SUM(c) AS c, 0, 0 FROM "
      "(SELECT f.filter, s.day, " + people("s.visitor", "s.epoch") + " AS n, COUNT(*) AS c FROM search_filters f "
      " JOIN searches s ON s.id = f.search WHERE s.day BETWEEN ?1 AND ?2 GROUP BY f.filter, s.day) "
      "GROUP BY filter HAVING MAX(n) >= ?3 ORDER BY v DESC, c DESC, filter LIMIT ?4";
  std::vector<WeekInsights> out;
  long long monday = monday_of(day_of(now));
  for (int w = 0; w < weeks; ++w, monday -= 7) {
    WeekInsights wk;
    wk.first_day = monday;
    wk.week = utc_text(monday * 86400, "%G-W%V");
    const long long last = monday + 6;
    Stmt count(db_, "SELECT COUNT(*) FROM searches WHERE day BETWEEN ?1 AND ?2");
    if (count.bind(1, monday).bind(2, last).row()) wk.searches = count.integer(0);
    if (wk.searches > 0) {
      wk.zero_results = stats_of(db_, zero_sql.c_str(), monday, last, k, limit);
      wk.never_opened = stats_of(db_, unopened_sql.c_str(), monday, last, k, limit);
      wk.top_queries = stats_of(db_, top_sql.c_str(), monday, last, k, limit);
      wk.top_filters = stats_of(db_, filters_sql.c_str(), monday, last, k, limit);
    }
    out.push_back(std::move(wk));
  }
  return out;
}

std::vector<std::string> SearchLog::popular(int weeks, long long now, int limit) {
  std::lock_guard<std::mutex> g(mu_);
  if (popular_at_ >= 0 && now >= popular_at_ && now - popular_at_ < kPopularSeconds && weeks == popular_weeks_ &&
      limit == popular_limit_) {
    return popular_;
  }
  static const std::string top_sql = query_stats_sql("", "");
  std::vector<std::string> out;
  long long monday = monday_of(day_of(now));
  for (int w = 0; w < weeks && static_cast<int>(out.size()) < limit; ++w, monday -= 7) {
    // More than `limit`: some are left out below (found nothing, repeats).
    for (const auto& q : stats_of(db_, top_sql.c_str(), monday, monday + 6, settings_.k, limit * 2 + 5)) {
      const bool seen = std::find(out.begin(), out.end(), q.text) != out.end();
      if (!seen && !q.text.empty() && q.results > 0 && static_cast<int>(out.size()) < limit) out.push_back(q.text);
    }
  }
  popular_ = out;
  popular_at_ = now;
  popular_weeks_ = weeks;
  popular_limit_ = limit;
  return out;
}

std::vector<SynonymCandidate> SearchLog::synonym_candidates(int days, long long now, int limit) {
  std::lock_guard<std::mutex> g(mu_);
  // a: a search without results; b: the same visitor's next search, with
  // results, within a minute (the next one only: a visitor who goes on to
  // something else within the minute proposes no pair).
  static const std::string sql =
         "SELECT f, t, MAX(n) AS v, "
         " (SELECT results FROM searches l WHERE l.q = p.t ORDER BY l.at DESC, l.id DESC LIMIT 1) "
         "FROM (SELECT a.q AS f, b.q AS t, a.day AS day, " + people("a.visitor", "a.epoch") + " AS n "
         "      FROM searches a JOIN searches b ON b.visitor = a.visitor AND b.day = a.day "
         "        AND b.at BETWEEN a.at AND a.at + 60 "
         "        AND b.id = (SELECT MIN(n.id) FROM searches n WHERE n.visitor = a.visitor AND n.day = a.day "
         "                    AND n.id > a.id) "
         "      WHERE a.day >= ?1 AND a.results = 0 AND b.results > 0 AND a.q <> '' AND b.q <> '' AND a.q <> b.q "
         "      GROUP BY f, t, a.day) p "
         "WHERE NOT EXISTS (SELECT 1 FROM synonym_decisions d WHERE d.a = p.f AND d.b = p.t) "
         "GROUP BY f, t HAVING MAX(n) >= ?2 ORDER BY v DESC, f, t LIMIT ?3";
  Stmt s(db_, sql.c_str());
  s.bind(1, day_of(now) - days + 1).bind(2, static_cast<long long>(settings_.k)).bind(3, static_cast<long long>(limit));
  std::vector<SynonymCandidate> out;
  while (s.row()) {
    SynonymCandidate c;
    c.from = s.text(0);
    c.to = s.text(1);
    c.visitors = s.integer(2);
    c.results = s.integer(3);
    out.push_back(std::move(c));
  }
  return out;
}

void SearchLog::decide_synonym(const std::string& from, const std::string& to, bool accepted, long long now) {
  std::lock_guard<std::mutex> g(mu_);
  Stmt s(db_, "INSERT OR REPLACE INTO synonym_decisions (a, b, accepted, at) VALUES (?1, ?2, ?3, ?4)");
  s.bind(1, normalise(from)).bind(2, normalise(to)).bind(3, accepted ? 1LL : 0LL).bind(4, now).run();
}

}  // namespace casebase::contrib
