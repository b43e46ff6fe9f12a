// alerts: saved searches and their e-mail alerts (issue 17), kept in the
// server's DATA/casebase.sqlite beside the accounts (own connection, WAL,
// so the contribution store and casebase-admin work alongside). An alert
// is a signed-in user's search as its canonical query string (what the
// search page's URL holds, e.g. "q=fiets&themes=mobiliteit"), the article
// ids already known to match it (recorded at creation, so only articles
// added later are news), and the UTC day of its last digest (one e-mail per
// day at most). Unsubscribe links carry a random token; only its SHA-256
// is stored. An account's alerts go with the account (ON DELETE CASCADE).
//
// What to send is decided by plan_digest(), a pure function of the known
// ids, the current matches and the day, so the once-a-day rule has tests
// without a clock or a mail server.
//
// E.g. auto a = Alerts::open("var/data");
//      auto x = (*a)->add({.user_id = 3, .query = "q=fiets", .label = "fiets", .lang = "nl"}, ids_now, unix_now());
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "casebase/status.h"
#include "store.h"  // utc_day

struct sqlite3;

namespace casebase::contrib {

// At most this many alerts per account: each costs a search per index revision.
inline constexpr int kMaxAlertsPerUser = 50;
// The canonical query string's length limit (the search page's URL is at most 8 KiB).
inline constexpr size_t kMaxAlertQueryBytes = 2048;
// Unsubscribe tokens kept per alert (one per digest sent): links in older
// mails than the last 60 digests stop working.
inline constexpr int kMaxTokensPerAlert = 60;

struct Alert {
  long long id = 0;
  long long user_id = 0;
  std::string query;  // canonical query string: "q=fiets&themes=mobiliteit"
  std::string label;  // for people: "fiets · themes: mobiliteit"
  std::string lang;   // the interface language it was saved in; its mails are written in it
  long long created = 0;
  std::string last_digest_day;  // "YYYY-MM-DD" (UTC) of the last e-mail; "" before the first
  long long last_sent = 0;      // unix seconds of the last e-mail, 0 before the first
};

// An alert with its owner, as the watcher needs it.
struct OwnedAlert {
  Alert alert;
  std::string user;
  std::string email;  // "" when the account has none: nothing is sent
};

class Alerts {
 public:
  // Opens (creating the tables in) DIR/casebase.sqlite. REQUIRES: the
  // contribution Store opened DIR first (the users table).
  static Result<std::unique_ptr<Alerts>> open(const std::string& data_dir);
  ~Alerts();
  Alerts(const Alerts&) = delete;
  Alerts& operator=(const Alerts&) = delete;

  // Saves `a` (its id, created and digest fields are set here) with the ids
  // matching it now. Errors: kInvalidArgument (param "alerts") when the
  // account has kMaxAlertsPerUser already, (param "q") for a query string
  // over kMaxAlertQueryBytes; kIo when the database fails.
  Result<Alert> add(Alert a, const std::vector<std::string>& known, long long now);
  // An account's alerts, oldest first.
  std::vector<Alert> list(long long user_id);
  // One alert of `user_id`'s; nullopt for another's or an unknown id.
  std::optional<Alert> get(long long user_id, long long id);
  // Deletes `user_id`'s alert `id`. kNotFound for another's or an unknown id.
  Status remove(long long user_id, long long id);
  // Every alert with its owner's name and address.
  std::vector<OwnedAlert> all();

  std::set<std::string> known(long long id);
  // Replaces the known ids; with a non-empty `digest_day` also records a
  // digest sent then (at `now`). kNotFound when the alert is gone.
  Status update(long long id, const std::set<std::string>& known, const std::string& digest_day, long long now);

  // Stores the SHA-256 of a new unsubscribe token of alert `id` (the oldest
  // beyond kMaxTokensPerAlert are dropped).
  Status add_token(long long id, const std::string& token, long long now);
  // The alert an unsubscribe token belongs to (nullopt: unknown, or the alert is gone).
  std::optional<Alert> by_token(const std::string& token);
  // Deletes the alert of `token`. kNotFound for an unknown token.
  Status unsubscribe(const std::string& token);

 private:
  explicit Alerts(sqlite3* db) : db_(db) {}
  std::mutex mu_;
  sqlite3* db_;
};

// What one watcher round does for one alert.
struct DigestPlan {
  std::vector<std::string> fresh;  // matches not known yet, in the order of `matches`
  bool send = false;               // e-mail `fresh` now
  std::set<std::string> known;     // the known ids after this round
  bool changed = false;            // `known` differs from before
};
// New matches are mailed when the alert had no digest on `today`; otherwise
// they stay pending (not known) for the next day's digest. `complete`: the
// matches are all of them (not cut at a bound), so known ids that no longer
// match may be forgotten; an article that matches again later is news again.
// E.g. known {a}, matches {a, b}, last_day "2024-05-01", today "2024-05-02" -> fresh {b}, send.
DigestPlan plan_digest(const std::set<std::string>& known, const std::vector<std::string>& matches, bool complete,
                       const std::string& last_day, const std::string& today);

}  // namespace casebase::contrib
