// Store: the contribution side's state in one SQLite file under the
// server's --data folder (DIR/casebase.sqlite): accounts, sessions,
// submissions and the audit log. One connection, serialised by a mutex;
// WAL so that casebase-admin can write while the server runs.
//
// E.g. auto s = Store::open("var/data"); s->add_user({"anna", Role::kEditor, "", hash});
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "casebase/status.h"

struct sqlite3;

namespace casebase::contrib {

enum class Role { kContributor, kEditor, kAdmin };
const char* role_name(Role r);
std::optional<Role> parse_role(const std::string& s);

struct User {
  long long id = 0;
  std::string name;
  Role role = Role::kContributor;
  std::string email;
  std::string password_hash;  // argon2id, encoded
  bool must_change = true;    // a one-time password: to be changed before any other action
  long long created = 0;      // unix seconds
};

struct Session {
  long long user_id = 0;
  std::string csrf_token;
  long long expires = 0;
};

// draft (the author's own, not in the queue); pending -> published |
// changes_requested | rejected
struct Submission {
  long long id = 0;
  std::string article_id;  // "cases/x": the file content/cases/x.md
  long long author_id = 0;
  std::string author;      // the author's account name
  std::string markdown;
  std::string base;        // for an edit: the published text it was written against
  bool edit = false;
  std::string status;
  std::string comment;     // the editor's, with request-changes or reject
  std::string reviewer;
  std::string commit;      // the git commit that published it, if any
  long long created = 0, updated = 0;
};

struct AuditEntry {
  long long at = 0;
  std::string actor, action, target, detail;
};

class Store {
 public:
  // Opens (creating) DIR/casebase.sqlite; DIR is created when missing.
  static Result<std::unique_ptr<Store>> open(const std::string& data_dir);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Status add_user(const User& u);  // kInvalidArgument when the name is taken
  std::optional<User> user(const std::string& name);
  std::optional<User> user_by_id(long long id);
  std::vector<User> users();
  Status remove_user(const std::string& name);  // its sessions end too
  // Ends its sessions. `must_change`: a one-time password (casebase-admin user reset).
  Status set_password(const std::string& name, const std::string& hash, bool must_change);

  Status add_session(const std::string& token_hash, const Session& s);
  std::optional<Session> session(const std::string& token_hash, long long now);
  void remove_session(const std::string& token_hash);

  Result<long long> add_submission(const Submission& s);
  std::optional<Submission> submission(long long id);
  // An author's submissions (author_id > 0), or those with `status` (any
  // author), newest first; at most `limit`.
  std::vector<Submission> submissions(long long author_id, const std::string& status, int limit);
  // Submissions of an author since `since` (rate limits).
  long long count_submissions(long long author_id, long long since);
  // Sets status, reviewer, comment and commit; fails (kNotFound) when the
  // submission is no longer `from` (a concurrent review).
  Status review(long long id, const std::string& from, const std::string& to, const std::string& reviewer,
                const std::string& comment, const std::string& commit, long long now);

  // A draft's new text (only while it is a draft of `author_id`).
  Status update_draft(long long id, long long author_id, const std::string& markdown, const std::string& article_id,
                      long long now);
  // Removes a draft of `author_id` (once it has been submitted).
  void remove_draft(long long id, long long author_id);

  void audit(const std::string& actor, const std::string& action, const std::string& target,
             const std::string& detail = "");
  std::vector<AuditEntry> audit_log(int limit);

 private:
  explicit Store(sqlite3* db) : db_(db) {}
  std::mutex mu_;
  sqlite3* db_;
};

long long unix_now();
// Days since 1970-01-01 (UTC) of a unix time.
inline long long day_of(long long unix_seconds) { return unix_seconds >= 0 ? unix_seconds / 86400 : 0; }
// A unix time formatted in UTC with strftime: "%Y-%m-%d", "%G-W%V" (ISO
// week), "%Y-%m-%dT%H:%M:%SZ".
std::string utc_text(long long unix_seconds, const char* format);
// The UTC day of a unix time: "2026-12-01".
inline std::string utc_day(long long unix_seconds) { return utc_text(unix_seconds, "%Y-%m-%d"); }

}  // namespace casebase::contrib
