#include "alerts.h"

#include <sqlite3.h>

#include <ctime>
#include <filesystem>

#include "secrets.h"
#include "sqlite_stmt.h"

namespace casebase::contrib {

namespace {

// The known ids are rows, not a blob: a round adds a few and a pruning
// removes a few, and SQLite's primary key keeps them unique.
constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  query TEXT NOT NULL,
  label TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  last_digest_day TEXT NOT NULL DEFAULT '',
  last_sent INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS alerts_user ON alerts (user_id);
CREATE TABLE IF NOT EXISTS alert_known (
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  article_id TEXT NOT NULL,
  PRIMARY KEY (alert_id, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alert_tokens (
  token_hash TEXT PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  created INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_tokens_alert ON alert_tokens (alert_id, created);
)sql";

constexpr const char* kColumns =
    "SELECT a.id, a.user_id, a.query, a.label, a.lang, a.created, a.last_digest_day, a.last_sent FROM alerts a ";
// The same and the owner's name and address (columns 8 and 9).
constexpr const char* kOwnedColumns =
    "SELECT a.id, a.user_id, a.query, a.label, a.lang, a.created, a.last_digest_day, a.last_sent, u.name, u.email "
    "FROM alerts a JOIN users u ON u.id = a.user_id ";

Alert alert_of(const Stmt& s) {
  Alert a;
  a.id = s.integer(0);
  a.user_id = s.integer(1);
  a.query = s.text(2);
  a.label = s.text(3);
  a.lang = s.text(4);
  a.created = s.integer(5);
  a.last_digest_day = s.text(6);
  a.last_sent = s.integer(7);
  return a;
}

// A transaction that rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(sqlite3* db) : db_(db) { ok_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK; }
  ~Transaction() {
    if (ok_ && !done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  bool ok() const { return ok_; }
  bool commit() {
    done_ = true;
    return ok_ && sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
  }

 private:
  sqlite3* db_;
  bool ok_ = false;
  bool done_ = false;
};

bool insert_known(sqlite3* db, long long id, const std::set<std::string>& ids) {
  Stmt s(db, "INSERT OR IGNORE INTO alert_known (alert_id, article_id) VALUES (?, ?)");
  for (const auto& k : ids) {
    s.reset();
    if (!s.bind(1, id).bind(2, k).run()) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Alerts>> Alerts::open(const std::string& data_dir) {
  auto db = open_database(data_dir, "casebase.sqlite", kSchema);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Alerts>(new Alerts(*db));
}

Alerts::~Alerts() { sqlite3_close(db_); }

Result<Alert> Alerts::add(Alert a, const std::vector<std::string>& known, long long now) {
  if (a.query.size() > kMaxAlertQueryBytes) {
    return Status::invalid_argument("the search is longer than " + std::to_string(kMaxAlertQueryBytes) + " bytes", "q");
  }
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  if (!tx.ok()) return Status::io(std::string("cannot save the alert: ") + sqlite3_errmsg(db_));
  // Counted inside the transaction: two requests at once cannot both pass.
  Stmt count(db_, "SELECT count(*) FROM alerts WHERE user_id = ?");
  count.bind(1, a.user_id);
  if (count.row() && count.integer(0) >= kMaxAlertsPerUser) {
    return Status::invalid_argument("an account has at most " + std::to_string(kMaxAlertsPerUser) +
                                        " alerts; delete one first",
                                    "alerts");
  }
  Stmt s(db_, "INSERT INTO alerts (user_id, query, label, lang, created) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, a.user_id).bind(2, a.query).bind(3, a.label).bind(4, a.lang).bind(5, now);
  if (!s.run()) return Status::io(std::string("cannot save the alert: ") + sqlite3_errmsg(db_));
  a.id = sqlite3_last_insert_rowid(db_);
  a.created = now;
  a.last_digest_day.clear();
  a.last_sent = 0;
  if (!insert_known(db_, a.id, std::set<std::string>(known.begin(), known.end())) || !tx.commit()) {
    return Status::io(std::string("cannot save the alert: ") + sqlite3_errmsg(db_));
  }
  return a;
}

std::vector<Alert> Alerts::list(long long user_id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kColumns) + "WHERE a.user_id = ? ORDER BY a.id").c_str());
  s.bind(1, user_id);
  std::vector<Alert> out;
  while (s.row()) out.push_back(alert_of(s));
  return out;
}

std::optional<Alert> Alerts::get(long long user_id, long long id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kColumns) + "WHERE a.id = ? AND a.user_id = ?").c_str());
  s.bind(1, id).bind(2, user_id);
  if (!s.row()) return std::nullopt;
  return alert_of(s);
}

Status Alerts::remove(long long user_id, long long id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM alerts WHERE id = ? AND user_id = ?");
  s.bind(1, id).bind(2, user_id);
  if (!s.run() || sqlite3_changes(db_) == 0) return Status::not_found("no such alert");
  return Status{};
}

std::vector<OwnedAlert> Alerts::all() {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kOwnedColumns) + "ORDER BY a.id").c_str());
  std::vector<OwnedAlert> out;
  while (s.row()) out.push_back({alert_of(s), s.text(8), s.text(9)});
  return out;
}

std::set<std::string> Alerts::known(long long id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT article_id FROM alert_known WHERE alert_id = ?");
  s.bind(1, id);
  std::set<std::string> out;
  while (s.row()) out.insert(s.text(0));
  return out;
}

Status Alerts::update(long long id, const std::set<std::string>& known, const std::string& digest_day, long long now) {
  std::lock_guard lock(mu_);
  Transaction tx(db_);
  auto failed = [&] { return Status::io(std::string("cannot update alert ") + std::to_string(id) + ": " + sqlite3_errmsg(db_)); };
  if (!tx.ok()) return failed();
  Stmt alive(db_, "SELECT 1 FROM alerts WHERE id = ?");
  alive.bind(1, id);
  if (!alive.row()) return Status::not_found("no such alert");
  Stmt clear(db_, "DELETE FROM alert_known WHERE alert_id = ?");
  clear.bind(1, id);
  if (!clear.run() || !insert_known(db_, id, known)) return failed();
  if (!digest_day.empty()) {
    Stmt d(db_, "UPDATE alerts SET last_digest_day = ?, last_sent = ? WHERE id = ?");
    d.bind(1, digest_day).bind(2, now).bind(3, id);
    if (!d.run()) return failed();
  }
  if (!tx.commit()) return failed();
  return Status{};
}

Status Alerts::add_token(long long id, const std::string& token, long long now) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "INSERT INTO alert_tokens (token_hash, alert_id, created) VALUES (?, ?, ?)");
  s.bind(1, sha256_hex(token)).bind(2, id).bind(3, now);
  if (!s.run()) return Status::io(std::string("cannot store the unsubscribe token: ") + sqlite3_errmsg(db_));
  Stmt trim(db_,
            "DELETE FROM alert_tokens WHERE alert_id = ? AND token_hash NOT IN "
            "(SELECT token_hash FROM alert_tokens WHERE alert_id = ? ORDER BY created DESC, rowid DESC LIMIT ?)");
  trim.bind(1, id).bind(2, id).bind(3, static_cast<long long>(kMaxTokensPerAlert));
  trim.run();
  return Status{};
}

std::optional<Alert> Alerts::by_token(const std::string& token) {
  if (token.empty() || token.size() > 256) return std::nullopt;
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kColumns) + "JOIN alert_tokens t ON t.alert_id = a.id WHERE t.token_hash = ?").c_str());
  s.bind(1, sha256_hex(token));
  if (!s.row()) return std::nullopt;
  return alert_of(s);
}

Status Alerts::unsubscribe(const std::string& token) {
  if (token.empty() || token.size() > 256) return Status::not_found("no such alert");
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM alerts WHERE id = (SELECT alert_id FROM alert_tokens WHERE token_hash = ?)");
  s.bind(1, sha256_hex(token));
  if (!s.run() || sqlite3_changes(db_) == 0) return Status::not_found("no such alert");
  return Status{};
}

DigestPlan plan_digest(const std::set<std::string>& known, const std::vector<std::string>& matches, bool complete,
                       const std::string& last_day, const std::string& today) {
  DigestPlan p;
  std::set<std::string> seen;
  for (const auto& id : matches) {
    if (!known.count(id) && seen.insert(id).second) p.fresh.push_back(id);
  }
  p.send = !p.fresh.empty() && last_day != today;
  p.known = known;
  if (complete) {
    const std::set<std::string> now(matches.begin(), matches.end());
    std::erase_if(p.known, [&](const std::string& id) { return !now.count(id); });
  }
  if (p.send) p.known.insert(p.fresh.begin(), p.fresh.end());
  p.changed = p.known != known;
  return p;
}

}  // namespace casebase::contrib
