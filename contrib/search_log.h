// SearchLog: the private search log behind the editors' insights (issue
// 17, docs/PRIVACY.md), in its own SQLite file DIR/insights.sqlite under
// the server's --data folder.
//
// What a row holds: the time, the normalised query, the filters, the number
// of results, and a visitor key. The key is HMAC-SHA256 of the client
// address under a random salt that lives only in memory and is replaced at
// every UTC midnight (and at every start): searches of one day can be told
// apart by visitor, nothing links two days, and no key leads back to an
// address. No address, user agent or account is written.
//
// Everything shown is k-anonymous: a query (or filter, or reformulation)
// appears only when at least k different visitors asked it on one day. The
// salt changes daily, so one person on k days counts once, not k times.
// Rows older than the retention are deleted (with secure_delete, so their
// bytes are overwritten too) at start and at the first write of each day.
//
// E.g. auto log = SearchLog::open("var/data", {});
//      (*log)->record_search((*log)->visitor("192.0.2.7", now), "aanbesteding ict", {}, 12, now);
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "casebase/status.h"
#include "store.h"

struct sqlite3;

namespace casebase::contrib {

inline constexpr long long kTypingSeconds = 5;

struct SearchLogSettings {
  int retention_days = 90;  // rows older than this many days are deleted (at least 1)
  int k = 3;                // distinct visitors on one day before a query is shown (at least 2)
  // Bounds against a flood: searches logged per visitor key and day, and in
  // all per day; beyond them a search is not logged.
  int per_visitor_day = 300;
  int per_day = 200000;
};

// One query (or filter "key=value") in a week's insights.
struct QueryStat {
  std::string text;
  long long visitors = 0;  // the most distinct visitors on one day: at least this many people asked
  long long searches = 0;  // searches in the week
  long long results = 0;   // results of its latest search
  long long opens = 0;     // articles opened from its results in the week
};

struct WeekInsights {
  std::string week;      // ISO 8601 week, "2026-W49"
  long long first_day = 0;  // days since 1970-01-01 of its Monday
  long long searches = 0;   // every search of the week (a count, shown without threshold)
  std::vector<QueryStat> zero_results;  // queries that found nothing
  std::vector<QueryStat> never_opened;  // queries with results, none opened from them
  std::vector<QueryStat> top_queries;
  std::vector<QueryStat> top_filters;
};

// A query that found nothing, reformulated by the same visitor within a
// minute into one that found something: a synonym candidate.
struct SynonymCandidate {
  std::string from, to;
  long long visitors = 0;  // the most distinct visitors on one day
  long long results = 0;   // results of `to`'s latest search
};

class SearchLog {
 public:
  static Result<std::unique_ptr<SearchLog>> open(const std::string& data_dir, SearchLogSettings settings);
  ~SearchLog();
  SearchLog(const SearchLog&) = delete;
  SearchLog& operator=(const SearchLog&) = delete;

  const SearchLogSettings& settings() const { return settings_; }

  // The visitor key of `client` (an address) on the UTC day of `now`:
  // 16 bytes. The day's salt is made at the first call of a day.
  std::string visitor(const std::string& client, long long now);

  // A search: `query` as typed (normalised here: folded, lower-case, one
  // space, at most 200 bytes), `filters` as "key=value" (at most 20 kept),
  // the number of results. False when not logged (a bound, or an error).
  // The page searches as you type: a search whose words extend or shorten
  // the same visitor's previous one of at most kTypingSeconds ago replaces
  // it, so "zwe", "zwerf", "zwerfafval" is one search of the last words.
  bool record_search(const std::string& visitor, const std::string& query, const std::vector<std::string>& filters,
                     long long results, long long now);
  // An article opened from the results of `query`.
  bool record_open(const std::string& visitor, const std::string& query, const std::string& article_id, long long now);

  // Deletes the rows older than the retention; the number deleted.
  long long purge(long long now);

  // The last `weeks` ISO weeks up to `now`'s, newest first; at most
  // `limit` entries per list, each k-anonymous.
  std::vector<WeekInsights> insights(int weeks, long long now, int limit);
  // The home page's popular searches: the k-anonymous top queries (as in
  // insights()) of the ISO weeks from `weeks - 1` weeks before `now`'s up to
  // it, newest week first, repeats dropped, at most `limit`; only queries
  // whose latest search found something. A full list is kept for
  // kPopularSeconds, so a busy home page runs the query once a minute, not
  // per view; a shorter one is asked again after the next search.
  std::vector<std::string> popular(int weeks, long long now, int limit);
  static constexpr long long kPopularSeconds = 60;
  // Candidates of the last `days` days, k-anonymous, without those decided.
  std::vector<SynonymCandidate> synonym_candidates(int days, long long now, int limit);
  // An editor accepted or dismissed a candidate: it is not proposed again.
  void decide_synonym(const std::string& from, const std::string& to, bool accepted, long long now);

  // The normal form of a query as logged (also for lookups).
  static std::string normalise(const std::string& query);

 private:
  SearchLog(sqlite3* db, SearchLogSettings s) : db_(db), settings_(s) {}
  // A new salt and epoch when `day` is not today's, and the purge.
  void new_day_locked(long long day);
  // Deletes rows older than the retention as of `day`; the number deleted.
  long long purge_locked(long long day);

  std::mutex mu_;
  sqlite3* db_;
  SearchLogSettings settings_;
  long long day_ = -1;
  std::string salt_;  // 32 random bytes of day_, never written anywhere
  long long epoch_ = 0;  // names the salt in rows (random), so restarts are counted (see insights())
  long long logged_today_ = 0;
  // Today's visitors: searches logged, and the last one (to fold typing
  // into the search it ends with).
  struct VisitorDay {
    int logged = 0;
    long long last_id = 0;
    long long last_at = 0;
    std::string last_q;
  };
  std::unordered_map<std::string, VisitorDay> per_visitor_;
  // popular()'s answer, its time and arguments.
  std::vector<std::string> popular_;
  long long popular_at_ = -1;
  int popular_weeks_ = 0, popular_limit_ = 0;
};


}  // namespace casebase::contrib
