// What the handlers of signed-in users share (contrib_http.h).
#include "contrib_http.h"

#include <httplib.h>

#include "secrets.h"

namespace casebase::serve {

using nlohmann::json;

namespace {
constexpr const char* kSessionCookie = "casebase_session";
}  // namespace

// The session cookie's value, "" when absent.
std::string session_token(const httplib::Request& req) {
  const std::string cookies = req.get_header_value("Cookie");
  const std::string key = std::string(kSessionCookie) + "=";
  size_t pos = 0;
  while (pos < cookies.size()) {
    while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
    size_t end = cookies.find(';', pos);
    if (end == std::string::npos) end = cookies.size();
    if (cookies.compare(pos, key.size(), key) == 0) return cookies.substr(pos + key.size(), end - pos - key.size());
    pos = end;
  }
  return "";
}

bool secure(const contrib::Contributions& c, const httplib::Request& req) {
  return c.settings().secure_cookies || req.get_header_value("X-Forwarded-Proto") == "https";
}

void set_session_cookie(const contrib::Contributions& c, const httplib::Request& req, httplib::Response& res,
                        const std::string& token, long long max_age) {
  res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + token + "; Path=/; Max-Age=" +
                                   std::to_string(max_age) + "; HttpOnly; SameSite=Strict" +
                                   (secure(c, req) ? "; Secure" : ""));
  res.set_header("Cache-Control", "no-store");
}


json diagnostics_json(const std::vector<Diagnostic>& diags) {
  json out = json::array();
  for (const auto& d : diags) {
    out.push_back({{"line", d.loc.line},
                   {"column", d.loc.col},
                   {"severity", d.severity == Severity::kError ? "error" : "warning"},
                   {"code", diag_name(d.code)},
                   {"message", d.message}});
  }
  return out;
}

void send_refusal(httplib::Response& res, const contrib::Refusal& r) {
  json e = {{"code", r.code}, {"message", r.message}};
  json body = {{"error", e}};
  if (!r.diagnostics.empty() || r.code == "check_failed") body["diagnostics"] = diagnostics_json(r.diagnostics);
  if (r.http == 409 && !r.merge.empty()) body["merge"] = {{"markdown", r.merge}, {"clean", r.merge_clean}};
  if (r.retry_after > 0) res.set_header("Retry-After", std::to_string(r.retry_after));
  send_json(res, r.http, body);
}


// The contributions, or a 404 when the server has none.
contrib::Contributions* enabled(const Context& c, httplib::Response& res) {
  if (!c.contributions) send_error(res, 404, "contributions_off", "this server takes no contributions (no --data)");
  return c.contributions;
}

// A JSON object body, or an error sent.
std::optional<nlohmann::json> body_of(const httplib::Request& req, httplib::Response& res) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    send_error(res, 415, "unsupported_media_type", "send the body as application/json");
    return std::nullopt;
  }
  nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    send_error(res, 400, "bad_json", "the body is no JSON object");
    return std::nullopt;
  }
  return j;
}

// A string member of `j` ("" when absent), or nullopt with an error sent
// when it is there but no string.
std::optional<std::string> string_member(const nlohmann::json& j, const char* key, httplib::Response& res) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) {
    send_error(res, 400, "bad_request", std::string("`") + key + "` must be a string", key);
    return std::nullopt;
  }
  return it->get<std::string>();
}

// The logged-in actor, or 401 sent.
std::optional<contrib::Actor> actor_of(contrib::Contributions& c, const httplib::Request& req, httplib::Response& res) {
  auto a = c.authenticate(session_token(req));
  if (!a) send_error(res, 401, "unauthenticated", "log in first (POST /api/session)");
  return a;
}

// The actor of a state change: a session (401) with its CSRF token (403).
std::optional<contrib::Actor> changing_actor(contrib::Contributions& c, const httplib::Request& req,
                                             httplib::Response& res) {
  auto a = actor_of(c, req, res);
  if (!a) return std::nullopt;
  if (!contrib::same_secret(req.get_header_value("X-CSRF-Token"), a->csrf_token)) {
    send_error(res, 403, "csrf", "missing or wrong X-CSRF-Token header");
    return std::nullopt;
  }
  return a;
}

std::optional<contrib::Actor> editor_of(contrib::Contributions& c, const httplib::Request& req, httplib::Response& res) {
  auto a = actor_of(c, req, res);
  if (!a) return std::nullopt;
  if (a->user.role != contrib::Role::kEditor && a->user.role != contrib::Role::kAdmin) {
    send_error(res, 403, "forbidden", "editors and admins only");
    return std::nullopt;
  }
  return a;
}

std::optional<Change> change_of(const Context& ctx, const httplib::Request& req, httplib::Response& res,
                                std::initializer_list<const char*> keys) {
  Change ch;
  ch.c = enabled(ctx, res);
  if (!ch.c) return std::nullopt;
  auto a = changing_actor(*ch.c, req, res);
  if (!a) return std::nullopt;
  ch.actor = *a;
  if (keys.size() == 0 && req.body.empty()) return ch;
  auto body = body_of(req, res);
  if (!body) return std::nullopt;
  for (const char* k : keys) {
    auto v = string_member(*body, k, res);
    if (!v) return std::nullopt;
    ch.values.push_back(*v);
  }
  return ch;
}


// A form's fields: urlencoded (httplib's params, at most 8 KiB) or
// multipart/form-data (the article form: its text may be larger).
std::multimap<std::string, std::string> form_of(const httplib::Request& req) {
  std::multimap<std::string, std::string> out(req.params.begin(), req.params.end());
  for (const auto& [name, part] : req.files) {
    if (part.filename.empty()) out.emplace(name, part.content);
  }
  return out;
}

std::string form_value(const std::multimap<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it != form.end() ? it->second : "";
}

void redirect(httplib::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
  res.set_header("Cache-Control", "no-store");
}

// A form post from another site is refused (the cookie is SameSite=Strict
// already; this also covers the login form, which has no session yet).
bool same_origin(const httplib::Request& req) {
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty() || origin == "null") return origin.empty();
  const std::string host = req.get_header_value("Host");
  return origin == "http://" + host || origin == "https://" + host;
}

Account account_of(const contrib::Actor& a) {
  return {a.user.name, contrib::role_name(a.user.role), a.csrf_token,
          a.user.role == contrib::Role::kEditor || a.user.role == contrib::Role::kAdmin};
}

// The logged-in actor of a page, or a redirect to the login (or to the
// password page while the password is a one-time one).
std::optional<contrib::Actor> page_actor(contrib::Contributions& c, const httplib::Request& req, httplib::Response& res,
                                         bool password_page) {
  auto a = c.authenticate(session_token(req));
  if (!a) {
    redirect(res, "/login");
    return std::nullopt;
  }
  if (a->user.must_change && !password_page) {
    redirect(res, "/account/password");
    return std::nullopt;
  }
  return a;
}

// The actor of a form post: a session, the form's CSRF token, same origin.
std::optional<contrib::Actor> form_actor(const Context& ctx, contrib::Contributions& c, const httplib::Request& req,
                                         httplib::Response& res, bool password_page) {
  auto a = page_actor(c, req, res, password_page);
  if (!a) return std::nullopt;
  if (!same_origin(req) || !contrib::same_secret(form_value(form_of(req), "csrf_token"), a->csrf_token)) {
    Page p = error_page(ctx.site->templates, page_request(req, *ctx.site), 403);
    send_page(req, res, *ctx.site, p);
    return std::nullopt;
  }
  return a;
}

contrib::Contributions* pages_enabled(const Context& c, const httplib::Request& req, httplib::Response& res) {
  if (!c.contributions) send_page(req, res, *c.site, error_page(c.site->templates, page_request(req, *c.site), 404));
  return c.contributions;
}


}  // namespace casebase::serve
