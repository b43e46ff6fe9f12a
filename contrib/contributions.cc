#include "contributions.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "casebase/index_writer.h"
#include "casebase/text.h"
#include "cli.h"
#include "publish.h"
#include "secrets.h"

namespace fs = std::filesystem;

namespace casebase::contrib {

namespace {

Refusal refuse(int http, std::string code, std::string message) {
  Refusal r;
  r.http = http;
  r.code = std::move(code);
  r.message = std::move(message);
  return r;
}

bool reviewer(const User& u) { return u.role == Role::kEditor || u.role == Role::kAdmin; }

std::optional<Refusal> password_first(const Actor& a) {
  if (!a.user.must_change) return std::nullopt;
  return refuse(403, "password_change_required", "set a password of your own first (POST /api/password)");
}

}  // namespace

bool valid_account_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

bool valid_article_id(const std::string& id) {
  if (id.empty() || id.size() > 200) return false;
  size_t seg = 0;
  for (char c : id) {
    if (c == '/') {
      if (seg == 0) return false;
      seg = 0;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    ++seg;
  }
  return seg > 0 && id[0] != '_';
}

// Failed logins per key in a sliding window, in memory (a restart forgets
// them). Bounded: expired keys are dropped, and past kMaxKeys the oldest.
class Contributions::Throttle {
 public:
  // Seconds to wait, 0 when `key` may try again.
  long long wait(const std::string& key, int max, long long window, long long now) {
    std::lock_guard lock(mu_);
    auto it = fails_.find(key);
    if (it == fails_.end()) return 0;
    auto& q = it->second;
    while (!q.empty() && q.front() <= now - window) q.pop_front();
    if (static_cast<int>(q.size()) < max) return 0;
    return q.front() + window - now;
  }
  void fail(const std::string& key, long long now, long long window) {
    std::lock_guard lock(mu_);
    if (fails_.size() >= kMaxKeys) prune(now, window);
    auto& q = fails_[key];
    q.push_back(now);
    if (q.size() > 1000) q.pop_front();
  }
  void clear(const std::string& key) {
    std::lock_guard lock(mu_);
    fails_.erase(key);
  }

 private:
  static constexpr size_t kMaxKeys = 100000;
  void prune(long long now, long long window) {
    for (auto it = fails_.begin(); it != fails_.end();) {
      if (it->second.empty() || it->second.back() <= now - window) {
        it = fails_.erase(it);
      } else {
        ++it;
      }
    }
    while (fails_.size() >= kMaxKeys) fails_.erase(fails_.begin());
  }
  std::mutex mu_;
  std::map<std::string, std::deque<long long>> fails_;
};

Contributions::Contributions(std::unique_ptr<Store> store, Schema schema, Settings settings)
    : store_(std::move(store)),
      schema_(std::move(schema)),
      settings_(std::move(settings)),
      throttle_(std::make_unique<Throttle>()) {}

Contributions::~Contributions() = default;

Answer<Login> Contributions::open_session(const User& u) {
  Login in;
  in.token = random_hex(32);
  in.csrf_token = random_hex(32);
  in.user = u;
  in.expires = unix_now() + settings_.session_seconds;
  if (Status st = store_->add_session(sha256_hex(in.token), {u.id, in.csrf_token, in.expires}); !st.ok()) {
    return refuse(500, "internal", st.message());
  }
  return in;
}

Answer<Login> Contributions::login(const std::string& name, const std::string& password, const std::string& client) {
  const long long now = unix_now();
  const std::string account_key = "a:" + name, client_key = "c:" + sha256_hex(client);
  const long long wait = std::max(throttle_->wait(account_key, settings_.account_failures, settings_.failure_window, now),
                                  throttle_->wait(client_key, settings_.client_failures, settings_.failure_window, now));
  if (wait > 0) {
    store_->audit(name, "login-throttled", "");
    Refusal r = refuse(429, "too_many_attempts", "too many failed logins; try again later");
    r.retry_after = wait;
    return r;
  }
  std::optional<User> u = valid_account_name(name) ? store_->user(name) : std::nullopt;
  const bool good = u ? verify_password(u->password_hash, password) : (waste_password_check(password), false);
  if (!good) {
    throttle_->fail(account_key, now, settings_.failure_window);
    throttle_->fail(client_key, now, settings_.failure_window);
    store_->audit(valid_account_name(name) ? name : "?", "login-failed", "");
    return refuse(401, "bad_credentials", "wrong account name or password");
  }
  throttle_->clear(account_key);
  store_->audit(u->name, "login", "");
  return open_session(*u);
}

Answer<Login> Contributions::login_trusted(const std::string& name) {
  std::optional<User> u = valid_account_name(name) ? store_->user(name) : std::nullopt;
  if (!u) return refuse(401, "unknown_account", "the proxy's user has no account here");
  User trusted = *u;
  trusted.must_change = false;  // the proxy vouches for the user; no local password involved
  store_->audit(u->name, "login-trusted", "");
  return open_session(trusted);
}

std::optional<Actor> Contributions::authenticate(const std::string& token) {
  if (token.size() != 64) return std::nullopt;
  auto s = store_->session(sha256_hex(token), unix_now());
  if (!s) return std::nullopt;
  auto u = store_->user_by_id(s->user_id);
  if (!u) return std::nullopt;
  return Actor{*u, s->csrf_token};
}

void Contributions::logout(const std::string& token) {
  if (token.size() == 64) store_->remove_session(sha256_hex(token));
}

Answer<Login> Contributions::change_password(const Actor& a, const std::string& old_password,
                                             const std::string& new_password) {
  if (!verify_password(a.user.password_hash, old_password)) {
    store_->audit(a.user.name, "password-change-failed", "");
    return refuse(403, "bad_credentials", "the current password is wrong");
  }
  if (new_password.size() < 12 || new_password.size() > 1024) {
    return refuse(422, "weak_password", "a password has 12 to 1024 characters");
  }
  if (new_password == old_password) return refuse(422, "weak_password", "choose a password other than the old one");
  auto hash = hash_password(new_password);
  if (!hash.ok()) return refuse(500, "internal", hash.status().message());
  if (Status st = store_->set_password(a.user.name, *hash, false); !st.ok()) return refuse(404, "not_found", st.message());
  store_->audit(a.user.name, "password-changed", "");
  auto u = store_->user(a.user.name);
  if (!u) return refuse(404, "not_found", "the account is gone");
  return open_session(*u);
}

std::optional<Refusal> Contributions::over_limits(const Actor& a, const std::string& markdown, bool new_row) {
  if (markdown.size() > settings_.max_markdown_bytes) {
    return refuse(413, "too_large", "the article is larger than " + std::to_string(settings_.max_markdown_bytes / 1024) + " KiB");
  }
  if (new_row && store_->count_submissions(a.user.id, unix_now() - 3600) >= settings_.submissions_per_hour) {
    Refusal r = refuse(429, "too_many_submissions", "too many submissions in the last hour");
    r.retry_after = 600;
    return r;
  }
  return std::nullopt;
}

Answer<Submission> Contributions::save_draft(const Actor& a, const std::string& markdown, const std::string& article_id,
                                             long long draft) {
  if (auto r = password_first(a)) return *r;
  if (auto r = over_limits(a, markdown, false)) return *r;
  if (!article_id.empty() && !valid_article_id(article_id)) return refuse(400, "bad_id", "`id` names no article");
  if (draft > 0) {
    if (Status st = store_->update_draft(draft, a.user.id, markdown, article_id, unix_now()); !st.ok()) {
      return refuse(404, "not_found", "no such draft");
    }
    return *store_->submission(draft);
  }
  if (auto r = over_limits(a, markdown, true)) return *r;
  Submission s;
  s.author_id = a.user.id;
  s.author = a.user.name;
  s.markdown = markdown;
  s.article_id = article_id;
  s.edit = !article_id.empty();
  s.status = "draft";
  auto id = store_->add_submission(s);
  if (!id.ok()) return refuse(500, "internal", id.status().message());
  store_->audit(a.user.name, "draft", article_id, "submission " + std::to_string(*id));
  return *store_->submission(*id);
}

Answer<Submission> Contributions::submit(const Actor& a, const std::string& markdown, const std::string& article_id,
                                         long long draft) {
  if (auto r = password_first(a)) return *r;
  if (auto r = over_limits(a, markdown, true)) return *r;
  Submission s;
  s.author_id = a.user.id;
  s.author = a.user.name;
  s.markdown = markdown;
  s.status = "pending";
  if (!article_id.empty()) {
    if (!valid_article_id(article_id)) return refuse(400, "bad_id", "`id` names no article");
    if (!article_exists(settings_.content_dir, article_id)) {
      return refuse(404, "not_found", "no published article `" + article_id + "` to edit");
    }
    s.article_id = article_id;
    s.edit = true;
    s.base = article_text(settings_.content_dir, article_id);
  } else {
    // The id from the title, in the template folder; a taken one gets -2, -3, ...
    auto parsed = build_article(markdown, "new.md", schema_.template_folder + "/new.md", schema_);
    std::string slug = parsed.ok() ? slugify(parsed->title) : "";
    if (slug.empty()) slug = "article";
    const std::string folder = schema_.template_folder.empty() ? "" : schema_.template_folder + "/";
    std::vector<Submission> pending = store_->submissions(0, "pending", 100000);
    for (int n = 1; n < 1000; ++n) {
      const std::string id = folder + slug + (n == 1 ? "" : "-" + std::to_string(n));
      const bool queued =
          std::any_of(pending.begin(), pending.end(), [&](const Submission& p) { return p.article_id == id && !p.edit; });
      if (!queued && !article_exists(settings_.content_dir, id)) {
        s.article_id = id;
        break;
      }
    }
    if (s.article_id.empty()) return refuse(409, "id_taken", "no free id for this title");
  }
  std::vector<Diagnostic> diags = check(markdown, s.article_id);
  const bool errors = std::any_of(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; });
  if (errors) {
    Refusal r = refuse(422, "check_failed", "the article has mistakes; see diagnostics");
    r.diagnostics = std::move(diags);
    store_->audit(a.user.name, "submit-refused", s.article_id, std::to_string(r.diagnostics.size()) + " diagnostics");
    return r;
  }
  auto id = store_->add_submission(s);
  if (!id.ok()) return refuse(500, "internal", id.status().message());
  store_->audit(a.user.name, "submit", s.article_id, "submission " + std::to_string(*id));
  if (draft > 0) store_->remove_draft(draft, a.user.id);
  auto stored = store_->submission(*id);
  if (!stored) return refuse(500, "internal", "the submission was not stored");
  return *stored;
}

std::vector<Diagnostic> Contributions::check(const std::string& markdown, const std::string& article_id) const {
  std::string id = article_id;
  if (id.empty()) {
    auto parsed = build_article(markdown, "new.md", schema_.template_folder + "/new.md", schema_);
    const std::string slug = parsed.ok() ? slugify(parsed->title) : "";
    id = (schema_.template_folder.empty() ? "" : schema_.template_folder + "/") + (slug.empty() ? "article" : slug);
  }
  indexer::Options o;
  o.content_dir = settings_.content_dir;
  return indexer::check_text(o, schema_, markdown, id + ".md");
}

Answer<std::vector<Submission>> Contributions::list(const Actor& a, const std::string& status, bool mine) {
  if (auto r = password_first(a)) return *r;
  if (!reviewer(a.user) || mine) return store_->submissions(a.user.id, "", 500);
  return store_->submissions(0, status.empty() ? "pending" : status, 500);
}

Answer<Submission> Contributions::get(const Actor& a, long long id) {
  if (auto r = password_first(a)) return *r;
  auto s = store_->submission(id);
  // Someone else's submission is as unknown to a contributor as a missing one.
  // Drafts are their author's alone.
  if (!s || ((!reviewer(a.user) || s->status == "draft") && s->author_id != a.user.id)) {
    return refuse(404, "not_found", "no such submission");
  }
  return *s;
}

Answer<Submission> Contributions::approve(const Actor& a, long long id) {
  if (auto r = password_first(a)) return *r;
  if (!reviewer(a.user)) return refuse(403, "forbidden", "only editors review submissions");
  std::lock_guard lock(publish_mu_);
  auto s = store_->submission(id);
  if (!s || s->status == "draft") return refuse(404, "not_found", "no such submission");
  if (s->status != "pending") return refuse(409, "not_pending", "the submission is " + s->status + ", not pending");
  const std::string current = article_text(settings_.content_dir, s->article_id);
  const bool exists = article_exists(settings_.content_dir, s->article_id);
  if ((s->edit && current != s->base) || (!s->edit && exists)) {
    Refusal r = refuse(409, "conflict",
                       "the published article changed since this edit was written; the merge is offered, submit it as "
                       "a new edit");
    if (s->edit) std::tie(r.merge, r.merge_clean) = merge_texts(s->base, current, s->markdown);
    store_->audit(a.user.name, "approve-conflict", s->article_id, "submission " + std::to_string(id));
    return r;
  }
  auto author = store_->user_by_id(s->author_id);
  const Person by{author ? author->name : s->author, author ? author->email : ""};
  const Person editor{a.user.name, a.user.email};
  const std::string message = std::string(s->edit ? "Edit " : "Add ") + s->article_id + " (submission " +
                              std::to_string(id) + ", approved by " + a.user.name + ")";
  auto commit = publish(settings_.content_dir, s->article_id, s->markdown, by, editor, message);
  if (!commit.ok()) return refuse(500, "publish_failed", commit.status().message());
  if (Status st = store_->review(id, "pending", "published", a.user.name, "", *commit, unix_now()); !st.ok()) {
    return refuse(409, "not_pending", st.message());
  }
  last_index_ok_ = reindex();
  {
    std::lock_guard hl(history_mu_);
    history_.erase(s->article_id);
  }
  store_->audit(a.user.name, "approve", s->article_id,
                "submission " + std::to_string(id) + (commit->empty() ? "" : ", commit " + *commit) +
                    (last_index_ok_ ? "" : ", index not updated"));
  return *store_->submission(id);
}

Answer<Submission> Contributions::close(const Actor& a, long long id, const std::string& to, const std::string& comment) {
  if (auto r = password_first(a)) return *r;
  if (!reviewer(a.user)) return refuse(403, "forbidden", "only editors review submissions");
  if (comment.size() > settings_.max_comment_bytes) return refuse(413, "too_large", "the comment is too long");
  if (to == "changes_requested" && comment.empty()) {
    return refuse(422, "comment_required", "say what should change (`comment`)");
  }
  auto s = store_->submission(id);
  if (!s || s->status == "draft") return refuse(404, "not_found", "no such submission");
  if (Status st = store_->review(id, "pending", to, a.user.name, comment, "", unix_now()); !st.ok()) {
    return refuse(409, "not_pending", "the submission is " + s->status + ", not pending");
  }
  store_->audit(a.user.name, to == "rejected" ? "reject" : "request-changes", s->article_id,
                "submission " + std::to_string(id));
  return *store_->submission(id);
}

Answer<Submission> Contributions::request_changes(const Actor& a, long long id, const std::string& comment) {
  return close(a, id, "changes_requested", comment);
}

Answer<Submission> Contributions::reject(const Actor& a, long long id, const std::string& comment) {
  return close(a, id, "rejected", comment);
}

std::vector<HistoryEntry> Contributions::history(const std::string& article_id) {
  if (!valid_article_id(article_id)) return {};
  const long long now = unix_now();
  {
    std::lock_guard lock(history_mu_);
    auto it = history_.find(article_id);
    if (it != history_.end() && it->second.first + 10 > now) return it->second.second;
  }
  std::vector<HistoryEntry> h = article_history(settings_.content_dir, article_id, 10);
  std::lock_guard lock(history_mu_);
  if (history_.size() >= 10000) history_.clear();
  history_[article_id] = {now, h};
  return h;
}

namespace {

// A synonym term that is safe in a YAML flow sequence and means one thing.
bool valid_synonym_term(const std::string& t) {
  if (t.empty() || t.size() > 60 || t.front() == ' ' || t.back() == ' ' || t.front() == '-') return false;
  for (unsigned char ch : t) {
    const bool ok = ch >= 0x80 || std::isalnum(ch) || ch == ' ' || ch == '-' || ch == '.';
    if (!ok) return false;
  }
  return is_valid_utf8(t);
}

}  // namespace

Answer<std::string> Contributions::add_synonyms(const Actor& a, const std::string& from_text,
                                                const std::string& to_text) {
  const std::string from = normalize_keyword(from_text), to = normalize_keyword(to_text);
  if (auto r = password_first(a)) return *r;
  if (!reviewer(a.user)) return refuse(403, "forbidden", "only editors change the synonyms");
  if (!valid_synonym_term(from) || !valid_synonym_term(to) || from == to) {
    return refuse(400, "bad_request", "two different terms of letters, digits, spaces, '-' and '.' (60 bytes at most)");
  }
  std::lock_guard lock(publish_mu_);
  const std::filesystem::path file = std::filesystem::path(settings_.content_dir) / "_synonyms.yaml";
  std::string text;
  {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto groups_of = [](const std::string& yaml) -> Result<std::vector<std::vector<std::string>>> {
    const auto tmp = std::filesystem::temp_directory_path() / ("casebase-synonyms-" + random_hex(8) + ".yaml");
    {
      std::ofstream out(tmp, std::ios::binary);
      out << yaml;
    }
    auto g = load_synonyms(tmp.string());
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    return g;
  };
  if (!text.empty()) {
    auto before = groups_of(text);
    if (!before.ok()) return refuse(409, "synonyms_invalid", "_synonyms.yaml does not load: " + before.status().message());
    for (const auto& g : *before) {
      if (std::find(g.begin(), g.end(), from) != g.end() && std::find(g.begin(), g.end(), to) != g.end()) {
        return refuse(409, "exists", "`" + from + "` and `" + to + "` are synonyms already");
      }
    }
  }
  // The group goes at the end of the file: `synonyms:` is its only key.
  if (text.empty()) text = "# Synonym groups (casebase-index loads them into Xapian's synonym table).\nsynonyms:\n";
  if (text.back() != '\n') text += '\n';
  text += "  - [" + from + ", " + to + "]  # accepted by " + a.user.name + " from the search log\n";
  auto after = groups_of(text);
  bool found = false;
  if (after.ok()) {
    for (const auto& g : *after) found = found || (g.size() == 2 && g[0] == from && g[1] == to);
  }
  if (!found) return refuse(409, "synonyms_invalid", "_synonyms.yaml would not load with the new group");
  const Person editor{a.user.name, a.user.email};
  auto commit = publish_file(settings_.content_dir, "_synonyms.yaml", text, editor, editor,
                             "Synonyms: " + from + " = " + to + " (from the search insights, by " + a.user.name + ")");
  if (!commit.ok()) return refuse(500, "publish_failed", commit.status().message());
  last_index_ok_ = reindex();
  store_->audit(a.user.name, "add-synonyms", "_synonyms.yaml",
                from + " = " + to + (commit->empty() ? "" : ", commit " + *commit) +
                    (last_index_ok_ ? "" : ", index not updated"));
  return *commit;
}

bool Contributions::reindex() {
  if (settings_.db_path.empty()) return true;
  indexer::Options o;
  o.content_dir = settings_.content_dir;
  o.db_path = settings_.db_path;
  o.config_path = settings_.config_path;
  o.quiet = true;
  // Another indexer (a --watch) may hold the lock for a moment.
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::ostringstream out, err;
    int rc = indexer::run(o, out, err);
    if (rc <= 1) return true;
    if (rc != 3) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace casebase::contrib
