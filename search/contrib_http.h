// contrib_http: what the handlers of signed-in users share (contributions,
// insights, alerts): the session cookie, the JSON body, the actor of a
// request (session, CSRF token, role) and the HTML forms' plumbing. Each
// function that returns nullopt or null has sent the error already.
//
// E.g. auto ch = change_of(ctx, req, res, {"q"});  // 401/403/415/400 sent when it fails
//      if (!ch) return;
#pragma once

#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "contributions.h"
#include "handlers.h"

namespace casebase::serve {

// The session cookie's value, "" when absent.
std::string session_token(const httplib::Request& req);
// Whether cookies get Secure (--secure-cookies, or X-Forwarded-Proto: https).
bool secure(const contrib::Contributions& c, const httplib::Request& req);
void set_session_cookie(const contrib::Contributions& c, const httplib::Request& req, httplib::Response& res,
                        const std::string& token, long long max_age);
// A checker's diagnostics as JSON: [{"line","column","severity","code","message"}].
nlohmann::json diagnostics_json(const std::vector<Diagnostic>& diags);
void send_refusal(httplib::Response& res, const contrib::Refusal& r);

// The contributions, or a 404 (JSON) when the server has no --data.
contrib::Contributions* enabled(const Context& c, httplib::Response& res);
// A JSON object body (415 unless application/json, 400 when no object).
std::optional<nlohmann::json> body_of(const httplib::Request& req, httplib::Response& res);
// A string member of `j` ("" when absent); 400 when it is there but no string.
std::optional<std::string> string_member(const nlohmann::json& j, const char* key, httplib::Response& res);
// The logged-in actor (401).
std::optional<contrib::Actor> actor_of(contrib::Contributions& c, const httplib::Request& req, httplib::Response& res);
// The actor of a state change: a session (401) with its CSRF token in X-CSRF-Token (403).
std::optional<contrib::Actor> changing_actor(contrib::Contributions& c, const httplib::Request& req,
                                             httplib::Response& res);
// Editors and admins: the actor (401), or 403 for a contributor.
std::optional<contrib::Actor> editor_of(contrib::Contributions& c, const httplib::Request& req, httplib::Response& res);

// A state change of the JSON API: the contributions, the actor (session
// and CSRF token) and the body's string members `keys` ("" when absent).
// A body is optional when `keys` is empty.
struct Change {
  contrib::Contributions* c = nullptr;
  contrib::Actor actor;
  std::vector<std::string> values;
};
std::optional<Change> change_of(const Context& ctx, const httplib::Request& req, httplib::Response& res,
                                std::initializer_list<const char*> keys);

// HTML forms. A form's fields: urlencoded (httplib's params, at most
// 8 KiB) or multipart/form-data (the article form may be larger).
std::multimap<std::string, std::string> form_of(const httplib::Request& req);
std::string form_value(const std::multimap<std::string, std::string>& form, const std::string& key);
// 303 to `to`, not cached.
void redirect(httplib::Response& res, const std::string& to);
// A form post from another site is refused (the cookie is SameSite=Strict
// already; this also covers the login form, which has no session yet).
bool same_origin(const httplib::Request& req);
Account account_of(const contrib::Actor& a);
// The logged-in actor of a page, or a redirect to the login (or to the
// password page while the password is a one-time one).
std::optional<contrib::Actor> page_actor(contrib::Contributions& c, const httplib::Request& req, httplib::Response& res,
                                         bool password_page = false);
// The actor of a form post: a session, the form's CSRF token, same origin (403 page).
std::optional<contrib::Actor> form_actor(const Context& ctx, contrib::Contributions& c, const httplib::Request& req,
                                         httplib::Response& res, bool password_page = false);
// The contributions, or a 404 page when the server has no --data.
contrib::Contributions* pages_enabled(const Context& c, const httplib::Request& req, httplib::Response& res);

}  // namespace casebase::serve
