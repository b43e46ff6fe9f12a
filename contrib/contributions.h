// Contributions: the flow from a contributor's Markdown to a published,
// searchable article (issue 14), independent of HTTP: log in, submit
// (checked as `casebase-index check` would), list, and review (approve
// publishes into the content folder, commits it with git and indexes it;
// request changes; reject). The JSON API (search/handlers_contrib.cc) and
// any HTML form call these; each answer is a value or a Refusal with the
// HTTP status it maps to. Every action is written to the audit log.
//
// E.g. auto in = c.login("anna", "pw", "client-key");  // in->token: the session cookie
//      auto s = c.submit(*c.authenticate(in->token), text, "");  // s->status == "pending"
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "casebase/document.h"
#include "casebase/schema.h"
#include "publish.h"
#include "store.h"

namespace casebase::contrib {

// Why a request is refused: the HTTP status, a stable code, a message, and
// for a submission that fails the checker its diagnostics.
struct Refusal {
  int http = 400;
  std::string code;
  std::string message;
  std::vector<Diagnostic> diagnostics;
  long long retry_after = 0;  // seconds, with 429
  std::string merge;          // with a conflict: the three-way merge of the edit into the current file
  bool merge_clean = false;   // the merge has no conflict markers
};

template <typename T>
class Answer {
 public:
  Answer(T v) : v_(std::move(v)) {}        // NOLINT: implicit by design
  Answer(Refusal r) : v_(std::move(r)) {}  // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& operator*() const { return std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }
  const Refusal& refusal() const { return std::get<Refusal>(v_); }

 private:
  std::variant<T, Refusal> v_;
};

struct Login {
  std::string token;  // the session cookie's value (stored only hashed)
  std::string csrf_token;
  User user;
  long long expires = 0;
};

// The logged-in user of a request.
struct Actor {
  User user;
  std::string csrf_token;
};

struct Settings {
  std::string content_dir;    // the content folder articles are published into
  std::string db_path;        // the index to update after publishing; empty: none
  std::string config_path;    // the schema file the indexer reads (as casebase-index --config)
  long long session_seconds = 8 * 3600;
  int account_failures = 5;   // failed logins per account in `failure_window` before 429
  int client_failures = 30;   // failed logins per client in `failure_window` before 429
  long long failure_window = 15 * 60;
  int submissions_per_hour = 30;
  size_t max_markdown_bytes = 512 * 1024;
  size_t max_comment_bytes = 4000;
  std::string trusted_user_header;  // single sign-on (casebase-serve --trusted-user-header)
  bool secure_cookies = false;
};

class Contributions {
 public:
  Contributions(std::unique_ptr<Store> store, Schema schema, Settings settings);
  ~Contributions();

  Store& store() { return *store_; }
  const Settings& settings() const { return settings_; }

  // `client` identifies the caller for throttling (kept in memory only,
  // hashed). A wrong name and a wrong password get the same answer and
  // take the same time.
  Answer<Login> login(const std::string& name, const std::string& password, const std::string& client);
  // A session for `name` without a password: single sign-on, when a
  // trusted proxy has authenticated the user. Refused for unknown names.
  Answer<Login> login_trusted(const std::string& name);
  std::optional<Actor> authenticate(const std::string& token);
  void logout(const std::string& token);
  // Sets a new password (at least 12 characters) after checking the old one.
  // Every session of the account ends; the answer is a new one.
  Answer<Login> change_password(const Actor& a, const std::string& old_password, const std::string& new_password);

  // What the checker says of `markdown` as the article `article_id` (empty:
  // a new one, named from its title), without submitting it (a preview).
  std::vector<Diagnostic> check(const std::string& markdown, const std::string& article_id) const;
  const Schema& schema() const { return schema_; }

  // A new article (`article_id` empty: the id comes from its title, in the
  // schema's template folder) or an edit of the published `article_id`.
  // `draft`: a draft of the author's this submission replaces (removed once
  // the submission is accepted), 0 for none.
  Answer<Submission> submit(const Actor& a, const std::string& markdown, const std::string& article_id,
                            long long draft = 0);
  // Saves unfinished work, unchecked and out of the queue: a new draft, or
  // the author's draft `draft` again. Size and rate limits apply.
  Answer<Submission> save_draft(const Actor& a, const std::string& markdown, const std::string& article_id,
                                long long draft);
  // Contributors: their own; editors and admins: those with `status`
  // (default "pending": the queue), or their own with mine=true.
  Answer<std::vector<Submission>> list(const Actor& a, const std::string& status, bool mine);
  Answer<Submission> get(const Actor& a, long long id);
  Answer<Submission> approve(const Actor& a, long long id);
  Answer<Submission> request_changes(const Actor& a, long long id, const std::string& comment);
  Answer<Submission> reject(const Actor& a, long long id, const std::string& comment);

  // Editors: adds the group [from, to] to the content folder's
  // _synonyms.yaml (created when missing), commits it like an article and
  // indexes. Terms: 1-60 bytes of letters, digits, spaces, '-' and '.';
  // 409 when both are in one group already. The answer is the commit ("" without git).
  Answer<std::string> add_synonyms(const Actor& a, const std::string& from, const std::string& to);

  // The git history of a published article, newest first (at most 10);
  // cached for 10 seconds, and renewed by an approval.
  std::vector<HistoryEntry> history(const std::string& article_id);

  // Whether the index was updated after the last approval (false: the
  // indexer could not run; the file is published and a later run indexes it).
  bool last_index_ok() const { return last_index_ok_; }

 private:
  class Throttle;
  Answer<Login> open_session(const User& u);
  Answer<Submission> close(const Actor& a, long long id, const std::string& to, const std::string& comment);
  // The size limit, and with `new_row` the hourly rate per account: the refusal, or nullopt.
  std::optional<Refusal> over_limits(const Actor& a, const std::string& markdown, bool new_row);
  bool reindex();

  std::unique_ptr<Store> store_;
  Schema schema_;
  Settings settings_;
  std::unique_ptr<Throttle> throttle_;
  std::mutex publish_mu_;  // one approval at a time: file, commit, index
  std::atomic<bool> last_index_ok_{true};
  std::mutex history_mu_;
  std::map<std::string, std::pair<long long, std::vector<HistoryEntry>>> history_;  // id -> (when read, entries)
};

// Whether `name` may name an account: 1-64 of a-z, 0-9, '.', '_', '-',
// starting with a letter or digit.
bool valid_account_name(const std::string& name);
// Whether `id` may name an article: path segments of a-z, 0-9, '_', '-'.
bool valid_article_id(const std::string& id);

}  // namespace casebase::contrib
