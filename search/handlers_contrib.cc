// The JSON side of contributions (issue 14, docs/API.md): thin handlers
// over contrib::Contributions. Order of checks on a state change: a session
// (401), its CSRF token in X-CSRF-Token (403), then the role (403).
#include <httplib.h>

#include <ctime>
#include <map>

#include "casebase/text.h"
#include "contrib_http.h"
#include "dates.h"
#include "contributions.h"
#include "handlers.h"
#include "secrets.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

json submission_json(const contrib::Submission& s, bool with_text) {
  json j = {{"id", s.id},         {"article_id", s.article_id}, {"status", s.status},
            {"author", s.author}, {"edit", s.edit},             {"comment", s.comment},
            {"reviewer", s.reviewer}, {"commit", s.commit},     {"created", iso_time(s.created)},
            {"updated", iso_time(s.updated)}, {"url", "/api/submissions/" + std::to_string(s.id)}};
  if (s.status == "published") j["article_url"] = "/articles/" + s.article_id;
  if (with_text) {
    j["markdown"] = s.markdown;
    if (s.edit) j["base_markdown"] = s.base;
  }
  return j;
}

json session_json(const contrib::User& u, const std::string& csrf, long long expires) {
  json j = {{"user", u.name},
            {"role", contrib::role_name(u.role)},
            {"csrf_token", csrf},
            {"must_change_password", u.must_change}};
  if (expires > 0) j["expires"] = iso_time(expires);
  return j;
}

std::optional<long long> submission_id(const httplib::Request& req, httplib::Response& res) {
  const std::string s = req.matches.size() > 1 ? req.matches[1].str() : "";
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) {
    send_error(res, 404, "not_found", "no such submission");
    return std::nullopt;
  }
  return std::stoll(s);
}

}  // namespace

void post_session(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = enabled(ctx, res);
  if (!c) return;
  const std::string& header = c->settings().trusted_user_header;
  if (!header.empty() && req.has_header(header)) {
    auto in = c->login_trusted(req.get_header_value(header));
    if (!in.ok()) return send_refusal(res, in.refusal());
    set_session_cookie(*c, req, res, in->token, c->settings().session_seconds);
    return send_json(res, 200, session_json(in->user, in->csrf_token, in->expires));
  }
  auto body = body_of(req, res);
  if (!body) return;
  auto user = string_member(*body, "user", res);
  if (!user) return;
  auto password = string_member(*body, "password", res);
  if (!password) return;
  if (user->empty() || password->empty() || user->size() > 256 || password->size() > 1024) {
    return send_error(res, 400, "bad_request", "`user` and `password` are required");
  }
  auto in = c->login(*user, *password, client_address(ctx, req));
  if (!in.ok()) return send_refusal(res, in.refusal());
  set_session_cookie(*c, req, res, in->token, c->settings().session_seconds);
  send_json(res, 200, session_json(in->user, in->csrf_token, in->expires));
}

void get_session(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = enabled(ctx, res);
  if (!c) return;
  auto a = actor_of(*c, req, res);
  if (!a) return;
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200, session_json(a->user, a->csrf_token, 0));
}

void delete_session(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto ch = change_of(ctx, req, res, {});
  if (!ch) return;
  ch->c->logout(session_token(req));
  ch->c->store().audit(ch->actor.user.name, "logout", "");
  set_session_cookie(*ch->c, req, res, "", 0);
  send_json(res, 200, {{"status", "logged out"}});
}

void post_password(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto ch = change_of(ctx, req, res, {"password", "new_password"});
  if (!ch) return;
  auto in = ch->c->change_password(ch->actor, ch->values[0], ch->values[1]);
  if (!in.ok()) return send_refusal(res, in.refusal());
  set_session_cookie(*ch->c, req, res, in->token, ch->c->settings().session_seconds);
  send_json(res, 200, session_json(in->user, in->csrf_token, in->expires));
}

void post_submission(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto ch = change_of(ctx, req, res, {"markdown", "id"});
  if (!ch) return;
  const std::string& markdown = ch->values[0];
  if (markdown.empty()) return send_error(res, 400, "bad_request", "`markdown` is required", "markdown");
  auto s = ch->c->submit(ch->actor, markdown, ch->values[1]);
  if (!s.ok()) return send_refusal(res, s.refusal());
  res.set_header("Location", "/api/submissions/" + std::to_string(s->id));
  send_json(res, 201, submission_json(*s, false));
}

void get_submissions(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = enabled(ctx, res);
  if (!c) return;
  auto a = actor_of(*c, req, res);
  if (!a) return;
  const std::string status = req.get_param_value("status");
  if (!status.empty() && status != "pending" && status != "published" && status != "changes_requested" &&
      status != "rejected") {
    return send_error(res, 400, "bad_request", "`status` is pending, published, changes_requested or rejected", "status");
  }
  auto list = c->list(*a, status, req.get_param_value("mine") == "1");
  if (!list.ok()) return send_refusal(res, list.refusal());
  json items = json::array();
  for (const auto& s : *list) items.push_back(submission_json(s, false));
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200, {{"submissions", items}});
}

void get_submission(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = enabled(ctx, res);
  if (!c) return;
  auto a = actor_of(*c, req, res);
  if (!a) return;
  auto id = submission_id(req, res);
  if (!id) return;
  auto s = c->get(*a, *id);
  if (!s.ok()) return send_refusal(res, s.refusal());
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200, submission_json(*s, true));
}

void post_submission_review(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto ch = change_of(ctx, req, res, req.body.empty() ? std::initializer_list<const char*>{} : std::initializer_list<const char*>{"comment"});
  if (!ch) return;
  auto id = submission_id(req, res);
  if (!id) return;
  const std::string action = req.matches.size() > 2 ? req.matches[2].str() : "";
  const std::string comment = ch->values.empty() ? "" : ch->values[0];
  auto s = action == "approve"           ? ch->c->approve(ch->actor, *id)
           : action == "request-changes" ? ch->c->request_changes(ch->actor, *id, comment)
                                         : ch->c->reject(ch->actor, *id, comment);
  if (!s.ok()) return send_refusal(res, s.refusal());
  json j = submission_json(*s, false);
  if (action == "approve") j["indexed"] = ch->c->last_index_ok();
  send_json(res, 200, j);
}

}  // namespace casebase::serve

// ---------- The same flow as HTML forms (page_contrib.cc) ----------

namespace casebase::serve {

namespace {

// The article form as posted.
SubmitView submit_view_of(const contrib::Contributions& c, const httplib::Request& req, const Language& lang) {
  const auto form = form_of(req);
  SubmitView v;
  v.mode = form_value(form, "mode") == "markdown" ? "markdown" : "form";
  v.id = form_value(form, "id");
  const std::string draft = form_value(form, "draft");
  if (!draft.empty() && draft.size() < 19 && draft.find_first_not_of("0123456789") == std::string::npos) {
    v.draft = std::stoll(draft);
  }
  if (v.mode == "markdown") {
    v.markdown = form_value(form, "markdown");
    // Browsers send text areas with CRLF line ends.
    std::erase(v.markdown, '\r');
    return v;
  }
  for (const auto& [k, val] : form) {
    if (k.rfind("f.", 0) == 0) v.input.fields[k.substr(2)].push_back(val);
    if (k.rfind("s.", 0) == 0) v.input.sections[k.substr(2)] = val;
  }
  v.input.intro = form_value(form, "intro");
  v.assembled = contrib::assemble_markdown(c.schema(), v.input, lang.code);
  return v;
}

std::string notice_of(const httplib::Request& req) {
  static const char* known[] = {"notice_submitted", "notice_approved", "notice_changes_requested", "notice_rejected",
                                "notice_password_changed", "notice_draft_saved"};
  const std::string n = "notice_" + req.get_param_value("notice");
  for (const char* k : known) {
    if (n == k) return n;
  }
  return "";
}

}  // namespace

void get_login_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  if (c->authenticate(session_token(req))) return redirect(res, "/submissions");
  send_page(req, res, *ctx.site, login_page(ctx.site->templates, page_request(req, *ctx.site), "", "", 200));
}

void post_login_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  const PageRequest pr = page_request(req, *ctx.site);
  const std::string user = req.get_param_value("user");
  if (!same_origin(req)) return send_page(req, res, *ctx.site, login_page(ctx.site->templates, pr, user, "form_expired", 403));
  auto in = c->login(user.substr(0, 256), req.get_param_value("password").substr(0, 1024), client_address(ctx, req));
  if (!in.ok()) {
    const bool throttled = in.refusal().http == 429;
    if (throttled) res.set_header("Retry-After", std::to_string(in.refusal().retry_after));
    return send_page(req, res, *ctx.site,
                     login_page(ctx.site->templates, pr, user, throttled ? "login_throttled" : "login_failed",
                                in.refusal().http));
  }
  set_session_cookie(*c, req, res, in->token, c->settings().session_seconds);
  redirect(res, in->user.must_change ? "/account/password" : "/submissions");
}

void post_logout_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = form_actor(ctx, *c, req, res, true);
  if (!a) return;
  c->logout(session_token(req));
  c->store().audit(a->user.name, "logout", "");
  set_session_cookie(*c, req, res, "", 0);
  redirect(res, "/");
}

void get_password_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = page_actor(*c, req, res, true);
  if (!a) return;
  send_page(req, res, *ctx.site,
            password_page(ctx.site->templates, page_request(req, *ctx.site), account_of(*a), a->user.must_change, "", 200));
}

void post_password_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = form_actor(ctx, *c, req, res, true);
  if (!a) return;
  auto in = c->change_password(*a, req.get_param_value("password"), req.get_param_value("new_password"));
  if (!in.ok()) {
    const std::string key = in.refusal().http == 403 ? "password_wrong" : "password_weak";
    return send_page(req, res, *ctx.site,
                     password_page(ctx.site->templates, page_request(req, *ctx.site), account_of(*a),
                                   a->user.must_change, key, in.refusal().http));
  }
  set_session_cookie(*c, req, res, in->token, c->settings().session_seconds);
  redirect(res, "/submissions?notice=password_changed");
}

void get_submit_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = page_actor(*c, req, res);
  if (!a) return;
  SubmitView v;
  v.mode = req.get_param_value("mode") == "markdown" ? "markdown" : "form";
  // An edit of a published article, or a submission revised: the Markdown itself.
  const std::string id = req.get_param_value("id");
  const std::string from = req.get_param_value("from");
  if (!id.empty()) {
    if (!contrib::valid_article_id(id) || contrib::article_text(c->settings().content_dir, id).empty()) {
      return send_page(req, res, *ctx.site, error_page(ctx.site->templates, page_request(req, *ctx.site), 404));
    }
    v.mode = "markdown";
    v.id = id;
    v.markdown = contrib::article_text(c->settings().content_dir, id);
  } else if (!from.empty() && from.size() < 19 && from.find_first_not_of("0123456789") == std::string::npos) {
    auto s = c->get(*a, std::stoll(from));
    if (!s.ok()) return send_page(req, res, *ctx.site, error_page(ctx.site->templates, page_request(req, *ctx.site), 404));
    v.mode = "markdown";
    v.id = s->edit ? s->article_id : "";
    v.markdown = s->markdown;
    if (s->status == "draft") v.draft = s->id;
  } else if (const std::string title = req.get_param_value("title"); !title.empty()) {
    // "Write a case about this" from the insights: the words as a start.
    v.input.fields["title"].push_back(utf8_truncate(title, 200));
  }
  send_page(req, res, *ctx.site,
            submit_page(c->schema(), ctx.site->templates, page_request(req, *ctx.site), account_of(*a), v, 200));
}

void post_submit_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = form_actor(ctx, *c, req, res);
  if (!a) return;
  const PageRequest pr = page_request(req, *ctx.site);
  SubmitView v = submit_view_of(*c, req, *pr.lang);
  const std::string markdown = v.mode == "form" ? v.assembled.markdown : v.markdown;
  const std::string action = form_value(form_of(req), "action");
  if (action == "draft") {
    auto d = c->save_draft(*a, markdown, v.id, v.draft);
    if (!d.ok()) {
      v.error = d.refusal().message;
      return send_page(req, res, *ctx.site,
                       submit_page(c->schema(), ctx.site->templates, pr, account_of(*a), v, d.refusal().http));
    }
    return redirect(res, "/submissions/" + std::to_string(d->id) + "?notice=draft_saved");
  }
  if (action != "submit") {
    v.preview = true;
    if (markdown.size() <= c->settings().max_markdown_bytes) v.diagnostics = c->check(markdown, v.id);
    return send_page(req, res, *ctx.site, submit_page(c->schema(), ctx.site->templates, pr, account_of(*a), v, 200));
  }
  auto s = c->submit(*a, markdown, v.id, v.draft);
  if (!s.ok()) {
    v.diagnostics = s.refusal().diagnostics;
    if (v.diagnostics.empty()) v.error = s.refusal().message;
    v.preview = true;
    return send_page(req, res, *ctx.site,
                     submit_page(c->schema(), ctx.site->templates, pr, account_of(*a), v, s.refusal().http));
  }
  redirect(res, "/submissions/" + std::to_string(s->id) + "?notice=submitted");
}

void get_submissions_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = page_actor(*c, req, res);
  if (!a) return;
  auto mine = c->list(*a, "", true);
  std::vector<contrib::Submission> queue;
  if (a->user.role != contrib::Role::kContributor) {
    auto q = c->list(*a, "pending", false);
    if (q.ok()) queue = *q;
  }
  res.set_header("Cache-Control", "no-store");
  send_page(req, res, *ctx.site,
            submissions_page(ctx.site->templates, page_request(req, *ctx.site), account_of(*a),
                             mine.ok() ? *mine : std::vector<contrib::Submission>{}, queue, notice_of(req)));
}

void get_submission_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = page_actor(*c, req, res);
  if (!a) return;
  const std::string n = req.matches[1].str();
  auto s = n.size() < 19 ? c->get(*a, std::stoll(n)) : contrib::Answer<contrib::Submission>(contrib::Refusal{404, "", "", {}, 0, "", false});
  if (!s.ok()) return send_page(req, res, *ctx.site, error_page(ctx.site->templates, page_request(req, *ctx.site), 404));
  res.set_header("Cache-Control", "no-store");
  send_page(req, res, *ctx.site,
            submission_page(c->schema(), ctx.site->templates, page_request(req, *ctx.site), account_of(*a), *s,
                            contrib::article_text(c->settings().content_dir, s->article_id), notice_of(req), "", 200));
}

void post_review_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = form_actor(ctx, *c, req, res);
  if (!a) return;
  const std::string n = req.matches[1].str(), action = req.matches[2].str();
  if (n.size() >= 19) return send_page(req, res, *ctx.site, error_page(ctx.site->templates, page_request(req, *ctx.site), 404));
  const long long id = std::stoll(n);
  const std::string comment = req.get_param_value("comment");
  auto r = action == "approve"           ? c->approve(*a, id)
           : action == "request-changes" ? c->request_changes(*a, id, comment)
                                         : c->reject(*a, id, comment);
  if (r.ok()) {
    const char* notice = action == "approve" ? "approved" : action == "reject" ? "rejected" : "changes_requested";
    return redirect(res, "/submissions/" + n + "?notice=" + notice);
  }
  auto s = c->get(*a, id);
  if (!s.ok()) return send_page(req, res, *ctx.site, error_page(ctx.site->templates, page_request(req, *ctx.site), 404));
  const std::string& code = r.refusal().code;
  const std::string notice = code == "conflict"           ? "notice_conflict"
                             : code == "comment_required" ? "notice_comment_required"
                             : code == "forbidden"        ? "notice_forbidden"
                                                          : "notice_not_pending";
  send_page(req, res, *ctx.site,
            submission_page(c->schema(), ctx.site->templates, page_request(req, *ctx.site), account_of(*a), *s,
                            contrib::article_text(c->settings().content_dir, s->article_id), notice, r.refusal().merge,
                            r.refusal().http));
}

}  // namespace casebase::serve
