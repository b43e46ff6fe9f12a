#include "store.h"

#include <sqlite3.h>

#include "sqlite_stmt.h"

#include <chrono>
#include <ctime>
#include <filesystem>

#include "sqlite_stmt.h"

namespace casebase::contrib {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('contributor', 'editor', 'admin')),
  email TEXT NOT NULL DEFAULT '',
  password TEXT NOT NULL,
  must_change INTEGER NOT NULL DEFAULT 1,
  created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  expires INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  markdown TEXT NOT NULL,
  base TEXT NOT NULL DEFAULT '',
  edit INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL DEFAULT '',
  git_commit TEXT NOT NULL DEFAULT '',
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_author ON submissions (author_id, created);
CREATE INDEX IF NOT EXISTS submissions_status ON submissions (status, created);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
)sql";

User user_of(const Stmt& s) {
  User u;
  u.id = s.integer(0);
  u.name = s.text(1);
  u.role = parse_role(s.text(2)).value_or(Role::kContributor);
  u.email = s.text(3);
  u.password_hash = s.text(4);
  u.must_change = s.integer(5) != 0;
  u.created = s.integer(6);
  return u;
}

constexpr const char* kUserColumns = "SELECT id, name, role, email, password, must_change, created FROM users ";
constexpr const char* kSubmissionColumns =
    "SELECT s.id, s.article_id, s.author_id, u.name, s.markdown, s.base, s.edit, s.status, s.comment, s.reviewer, "
    "s.git_commit, s.created, s.updated FROM submissions s JOIN users u ON u.id = s.author_id ";

Submission submission_of(const Stmt& s) {
  Submission x;
  x.id = s.integer(0);
  x.article_id = s.text(1);
  x.author_id = s.integer(2);
  x.author = s.text(3);
  x.markdown = s.text(4);
  x.base = s.text(5);
  x.edit = s.integer(6) != 0;
  x.status = s.text(7);
  x.comment = s.text(8);
  x.reviewer = s.text(9);
  x.commit = s.text(10);
  x.created = s.integer(11);
  x.updated = s.integer(12);
  return x;
}

}  // namespace

std::string utc_text(long long unix_seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  if (std::strftime(buf, sizeof buf, format, &tm) == 0) return "";
  return buf;
}

long long unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

const char* role_name(Role r) {
  switch (r) {
    case Role::kContributor: return "contributor";
    case Role::kEditor: return "editor";
    case Role::kAdmin: return "admin";
  }
  return "contributor";
}

std::optional<Role> parse_role(const std::string& s) {
  if (s == "contributor") return Role::kContributor;
  if (s == "editor") return Role::kEditor;
  if (s == "admin") return Role::kAdmin;
  return std::nullopt;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& data_dir) {
  auto db = open_database(data_dir, "casebase.sqlite", kSchema);
  if (!db.ok()) return db.status();
  return std::unique_ptr<Store>(new Store(*db));
}

Store::~Store() { sqlite3_close(db_); }

Status Store::add_user(const User& u) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "INSERT INTO users (name, role, email, password, must_change, created) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, u.name).bind(2, std::string(role_name(u.role))).bind(3, u.email).bind(4, u.password_hash);
  s.bind(5, u.must_change ? 1LL : 0LL).bind(6, unix_now());
  if (!s.run()) return Status::invalid_argument("an account named `" + u.name + "` exists already");
  return Status{};
}

std::optional<User> Store::user(const std::string& name) {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kUserColumns) + "WHERE name = ?").c_str());
  s.bind(1, name);
  if (!s.row()) return std::nullopt;
  return user_of(s);
}

std::optional<User> Store::user_by_id(long long id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kUserColumns) + "WHERE id = ?").c_str());
  s.bind(1, id);
  if (!s.row()) return std::nullopt;
  return user_of(s);
}

std::vector<User> Store::users() {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kUserColumns) + "ORDER BY name").c_str());
  std::vector<User> out;
  while (s.row()) out.push_back(user_of(s));
  return out;
}

Status Store::remove_user(const std::string& name) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM users WHERE name = ?");
  s.bind(1, name);
  if (!s.run() || sqlite3_changes(db_) == 0) return Status::not_found("no account named `" + name + "`");
  return Status{};
}

Status Store::set_password(const std::string& name, const std::string& hash, bool must_change) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "UPDATE users SET password = ?, must_change = ? WHERE name = ?");
  s.bind(1, hash).bind(2, must_change ? 1LL : 0LL).bind(3, name);
  if (!s.run() || sqlite3_changes(db_) == 0) return Status::not_found("no account named `" + name + "`");
  Stmt end(db_, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)");
  end.bind(1, name);
  end.run();
  return Status{};
}

Status Store::add_session(const std::string& token_hash, const Session& x) {
  std::lock_guard lock(mu_);
  Stmt gc(db_, "DELETE FROM sessions WHERE expires < ?");
  gc.bind(1, unix_now());
  gc.run();
  Stmt s(db_, "INSERT INTO sessions (token_hash, user_id, csrf, expires) VALUES (?, ?, ?, ?)");
  s.bind(1, token_hash).bind(2, x.user_id).bind(3, x.csrf_token).bind(4, x.expires);
  if (!s.run()) return Status::io(std::string("cannot store the session: ") + sqlite3_errmsg(db_));
  return Status{};
}

std::optional<Session> Store::session(const std::string& token_hash, long long now) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT user_id, csrf, expires FROM sessions WHERE token_hash = ? AND expires >= ?");
  s.bind(1, token_hash).bind(2, now);
  if (!s.row()) return std::nullopt;
  return Session{s.integer(0), s.text(1), s.integer(2)};
}

void Store::remove_session(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM sessions WHERE token_hash = ?");
  s.bind(1, token_hash);
  s.run();
}

Result<long long> Store::add_submission(const Submission& x) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "INSERT INTO submissions (article_id, author_id, markdown, base, edit, status, created, updated) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const long long now = unix_now();
  s.bind(1, x.article_id).bind(2, x.author_id).bind(3, x.markdown).bind(4, x.base).bind(5, x.edit ? 1LL : 0LL);
  s.bind(6, x.status).bind(7, now).bind(8, now);
  if (!s.run()) return Status::io(std::string("cannot store the submission: ") + sqlite3_errmsg(db_));
  return static_cast<long long>(sqlite3_last_insert_rowid(db_));
}

std::optional<Submission> Store::submission(long long id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, (std::string(kSubmissionColumns) + "WHERE s.id = ?").c_str());
  s.bind(1, id);
  if (!s.row()) return std::nullopt;
  return submission_of(s);
}

std::vector<Submission> Store::submissions(long long author_id, const std::string& status, int limit) {
  std::lock_guard lock(mu_);
  std::string sql = kSubmissionColumns;
  sql += author_id > 0 ? "WHERE s.author_id = ? " : "WHERE s.status = ? ";
  sql += "ORDER BY s.id DESC LIMIT ?";
  Stmt s(db_, sql.c_str());
  if (author_id > 0) {
    s.bind(1, author_id);
  } else {
    s.bind(1, status);
  }
  s.bind(2, static_cast<long long>(limit));
  std::vector<Submission> out;
  while (s.row()) out.push_back(submission_of(s));
  return out;
}

long long Store::count_submissions(long long author_id, long long since) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT count(*) FROM submissions WHERE author_id = ? AND created >= ?");
  s.bind(1, author_id).bind(2, since);
  return s.row() ? s.integer(0) : 0;
}

Status Store::review(long long id, const std::string& from, const std::string& to, const std::string& reviewer,
                     const std::string& comment, const std::string& commit, long long now) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "UPDATE submissions SET status = ?, reviewer = ?, comment = ?, git_commit = ?, updated = ? "
         "WHERE id = ? AND status = ?");
  s.bind(1, to).bind(2, reviewer).bind(3, comment).bind(4, commit).bind(5, now).bind(6, id).bind(7, from);
  if (!s.run() || sqlite3_changes(db_) == 0) return Status::not_found("the submission is no longer " + from);
  return Status{};
}

Status Store::update_draft(long long id, long long author_id, const std::string& markdown, const std::string& article_id,
                           long long now) {
  std::lock_guard lock(mu_);
  Stmt s(db_,
         "UPDATE submissions SET markdown = ?, article_id = ?, updated = ? WHERE id = ? AND author_id = ? AND "
         "status = 'draft'");
  s.bind(1, markdown).bind(2, article_id).bind(3, now).bind(4, id).bind(5, author_id);
  if (!s.run() || sqlite3_changes(db_) == 0) return Status::not_found("no such draft");
  return Status{};
}

void Store::remove_draft(long long id, long long author_id) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "DELETE FROM submissions WHERE id = ? AND author_id = ? AND status = 'draft'");
  s.bind(1, id).bind(2, author_id);
  s.run();
}

void Store::audit(const std::string& actor, const std::string& action, const std::string& target,
                  const std::string& detail) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)");
  s.bind(1, unix_now()).bind(2, actor).bind(3, action).bind(4, target).bind(5, detail);
  s.run();
}

std::vector<AuditEntry> Store::audit_log(int limit) {
  std::lock_guard lock(mu_);
  Stmt s(db_, "SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?");
  s.bind(1, static_cast<long long>(limit));
  std::vector<AuditEntry> out;
  while (s.row()) out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4)});
  return out;
}

}  // namespace casebase::contrib
