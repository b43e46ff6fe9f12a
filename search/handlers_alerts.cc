// Saved searches and e-mail alerts (issue 17, docs/API.md): the JSON API,
// the /alerts page with its forms, the search page's "save this search"
// form, and the unsubscribe link. Saving runs the search once, so the
// articles matching now are known and only later ones are mailed
// (alert_watcher.h). Order of checks on a change: alerts on (404), a
// session (401), its CSRF token (403), then the body.
#include <httplib.h>

#include <map>

#include "alert_search.h"
#include "alerts.h"
#include "contrib_http.h"
#include "dates.h"
#include "handlers.h"
#include "smtp.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

// The alerts, or a 404 (JSON) when the server sends no mail.
contrib::Alerts* alerts_on(const Context& c, httplib::Response& res) {
  if (!c.alerts || !c.contributions) {
    send_error(res, 404, "alerts_off", "this server sends no alerts (it needs --data and --smtp)");
    return nullptr;
  }
  return c.alerts;
}

// The same for pages: a 404 page.
contrib::Alerts* alert_pages_on(const Context& c, const httplib::Request& req, httplib::Response& res) {
  if (!c.alerts || !c.contributions) {
    send_page(req, res, *c.site, error_page(c.site->templates, page_request(req, *c.site), 404));
    return nullptr;
  }
  return c.alerts;
}

// Every parameter of the saved query string but q, as name -> values:
// what was posted, in canonical form.
json filters_json(const std::string& query) {
  json out = json::object();
  for (const auto& [k, v] : query_params(query)) {
    if (k == "q") continue;
    if (!out.contains(k)) out[k] = json::array();
    out[k].push_back(v);
  }
  return out;
}

json alert_json(const contrib::Alert& a) {
  std::string q;
  for (const auto& [k, v] : query_params(a.query)) {
    if (k == "q") q = v;
  }
  return {{"id", a.id},
          {"q", q},
          {"filters", filters_json(a.query)},
          {"label", a.label},
          {"search_url", "/" + (a.query.empty() ? "" : "?" + a.query)},
          {"created", iso_time(a.created)},
          {"last_sent", a.last_sent > 0 ? json(iso_time(a.last_sent)) : json(nullptr)},
          {"url", "/api/alerts/" + std::to_string(a.id)}};
}

// The body of POST /api/alerts as search parameters: a string, a number or
// a list of strings per name (a facet given twice).
std::optional<std::vector<std::pair<std::string, std::string>>> body_params(const json& body, httplib::Response& res) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : body.items()) {
    if (v.is_string()) {
      out.emplace_back(k, v.get<std::string>());
    } else if (v.is_number_integer()) {
      out.emplace_back(k, std::to_string(v.get<long long>()));
    } else if (v.is_array() && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string(); })) {
      for (const auto& x : v) out.emplace_back(k, x.get<std::string>());
    } else if (!v.is_null()) {
      send_error(res, 400, "bad_request", "`" + k.substr(0, 60) + "` must be a string or a list of strings", k);
      return std::nullopt;
    }
  }
  return out;
}

// Saves `s` for `a`, with the articles matching it now as known.
Result<contrib::Alert> create(const Context& c, contrib::Alerts& alerts, const contrib::Actor& a, const SavedSearch& s,
                              const std::string& lang) {
  auto matches = alert_matches(*c.searcher, s);
  // No index yet: nothing is known, and every article indexed later is news.
  if (!matches.ok() && matches.status().kind() != ErrorKind::kNotFound) return matches.status();
  contrib::Alert x;
  x.user_id = a.user.id;
  x.query = s.query;
  x.label = s.label;
  x.lang = lang;
  auto added = alerts.add(x, matches.ok() ? match_ids(*matches) : std::vector<std::string>{}, contrib::unix_now());
  if (added.ok()) c.contributions->store().audit(a.user.name, "alert_add", std::to_string(added->id), s.query);
  return added;
}

std::optional<long long> alert_id(const httplib::Request& req) {
  const std::string s = req.matches.size() > 1 ? req.matches[1].str() : "";
  if (s.empty() || s.size() > 18) return std::nullopt;
  return std::stoll(s);
}

std::string notice_of(const httplib::Request& req) {
  const std::string n = req.get_param_value("notice");
  return n == "saved" || n == "deleted" ? "alerts_notice_" + n : "";
}

// The token of an unsubscribe request: the query's or the form's.
std::string token_of(const httplib::Request& req) { return req.get_param_value("token").substr(0, 256); }

}  // namespace

std::optional<Account> alert_saver(const Context& c, const httplib::Request& req) {
  if (!c.alerts || !c.contributions) return std::nullopt;
  auto a = c.contributions->authenticate(session_token(req));
  if (!a) return std::nullopt;
  return account_of(*a);
}

void post_alert(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alerts_on(ctx, res);
  if (!alerts) return;
  auto a = changing_actor(*ctx.contributions, req, res);
  if (!a) return;
  auto body = body_of(req, res);
  if (!body) return;
  auto params = body_params(*body, res);
  if (!params) return;
  if (a->user.must_change) {
    return send_error(res, 403, "password_change_required", "set a password of your own first (POST /api/password)");
  }
  // Refused rather than saved and never sent: the user learns it now.
  if (!contrib::valid_address(a->user.email)) {
    return send_error(res, 400, "no_email", "no e-mail address on the account (casebase-admin user add … --email)");
  }
  const Searcher& s = *ctx.searcher;
  auto saved = saved_search(*params, s.schema(), s.limits());
  if (!saved.ok()) return send_status(res, saved.status());
  auto added = create(ctx, *alerts, *a, *saved, page_request(req, *ctx.site).lang->code);
  if (!added.ok()) return send_status(res, added.status());
  res.set_header("Location", "/api/alerts/" + std::to_string(added->id));
  send_json(res, 201, alert_json(*added));
}

void get_alerts(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alerts_on(ctx, res);
  if (!alerts) return;
  auto a = actor_of(*ctx.contributions, req, res);
  if (!a) return;
  json items = json::array();
  for (const auto& x : alerts->list(a->user.id)) items.push_back(alert_json(x));
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200, {{"alerts", items}, {"email", !a->user.email.empty()}});
}

void delete_alert(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alerts_on(ctx, res);
  if (!alerts) return;
  auto a = changing_actor(*ctx.contributions, req, res);
  if (!a) return;
  auto id = alert_id(req);
  if (!id || !alerts->remove(a->user.id, *id).ok()) return send_error(res, 404, "not_found", "no such alert");
  ctx.contributions->store().audit(a->user.name, "alert_delete", std::to_string(*id));
  send_json(res, 200, {{"status", "deleted"}, {"id", *id}});
}

void get_alerts_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alert_pages_on(ctx, req, res);
  if (!alerts) return;
  auto a = page_actor(*ctx.contributions, req, res);
  if (!a) return;
  send_page(req, res, *ctx.site,
            alerts_page(ctx.site->templates, page_request(req, *ctx.site), account_of(*a), alerts->list(a->user.id),
                        !a->user.email.empty(), notice_of(req), "", 200));
}

void post_alerts_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alert_pages_on(ctx, req, res);
  if (!alerts) return;
  auto a = form_actor(ctx, *ctx.contributions, req, res);
  if (!a) return;
  const PageRequest pr = page_request(req, *ctx.site);
  auto refuse = [&](const std::string& error, int status) {
    send_page(req, res, *ctx.site,
              alerts_page(ctx.site->templates, pr, account_of(*a), alerts->list(a->user.id), !a->user.email.empty(),
                          "", error, status));
  };
  if (!contrib::valid_address(a->user.email)) return refuse("alerts_error_no_email", 400);
  const std::string query = form_value(form_of(req), "query");
  if (query.size() > contrib::kMaxAlertQueryBytes) return refuse("alerts_error_search", 400);
  const Searcher& s = *ctx.searcher;
  auto saved = saved_search(query_params(query), s.schema(), s.limits());
  if (!saved.ok()) return refuse("alerts_error_search", 400);
  auto added = create(ctx, *alerts, *a, *saved, pr.lang->code);
  if (!added.ok()) {
    if (added.status().param() == "alerts") return refuse("alerts_error_limit", 400);
    return refuse(added.status().kind() == ErrorKind::kInvalidArgument ? "alerts_error_search" : "alerts_error_failed",
                  added.status().kind() == ErrorKind::kInvalidArgument ? 400 : 500);
  }
  redirect(res, "/alerts?notice=saved");
}

void post_alert_delete_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alert_pages_on(ctx, req, res);
  if (!alerts) return;
  auto a = form_actor(ctx, *ctx.contributions, req, res);
  if (!a) return;
  auto id = alert_id(req);
  if (!id || !alerts->remove(a->user.id, *id).ok()) {
    return send_page(req, res, *ctx.site, error_page(ctx.site->templates, page_request(req, *ctx.site), 404));
  }
  ctx.contributions->store().audit(a->user.name, "alert_delete", std::to_string(*id));
  redirect(res, "/alerts?notice=deleted");
}

void get_unsubscribe_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alert_pages_on(ctx, req, res);
  if (!alerts) return;
  const std::string token = token_of(req);
  auto alert = alerts->by_token(token);
  const PageRequest pr = page_request(req, *ctx.site);
  if (!alert) return send_page(req, res, *ctx.site, error_page(ctx.site->templates, pr, 404));
  res.set_header("Cache-Control", "no-store");
  send_page(req, res, *ctx.site, unsubscribe_page(ctx.site->templates, pr, alert->label, token, false));
}

// The confirm form and RFC 8058's one-click POST (a mail client posts
// List-Unsubscribe=One-Click to the link, token in the query). No session
// and no origin check: the token is the only key, and it is a secret.
void post_unsubscribe_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* alerts = alert_pages_on(ctx, req, res);
  if (!alerts) return;
  const std::string token = token_of(req);
  auto alert = alerts->by_token(token);
  const PageRequest pr = page_request(req, *ctx.site);
  if (!alert || !alerts->unsubscribe(token).ok()) {
    return send_page(req, res, *ctx.site, error_page(ctx.site->templates, pr, 404));
  }
  ctx.contributions->store().audit("(unsubscribe link)", "alert_delete", std::to_string(alert->id));
  res.set_header("Cache-Control", "no-store");
  send_page(req, res, *ctx.site, unsubscribe_page(ctx.site->templates, pr, alert->label, "", true));
}

}  // namespace casebase::serve
