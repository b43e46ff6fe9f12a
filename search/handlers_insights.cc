// The private search log and the editors' insights (issue 17,
// docs/PRIVACY.md, docs/API.md): what the search API and pages write into
// the log, the insights as JSON and as a page, and synonym candidates
// accepted into the content folder's _synonyms.yaml.
#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "contrib_http.h"
#include "handlers.h"
#include "search_log.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

contrib::Refusal refusal(int http, const char* code, const char* message) {
  contrib::Refusal r;
  r.http = http;
  r.code = code;
  r.message = message;
  return r;
}

constexpr int kDefaultWeeks = 4;
constexpr int kMaxWeeks = 14;  // the default retention (90 days) and a little
constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;
constexpr int kSynonymDays = 30;

// Crawlers are not visitors: their searches would crowd out people's.
bool is_robot(const httplib::Request& req) {
  std::string ua = req.get_header_value("User-Agent").substr(0, 512);
  std::transform(ua.begin(), ua.end(), ua.begin(), [](unsigned char ch) { return std::tolower(ch); });
  for (const char* mark : {"bot", "crawl", "spider", "slurp"}) {
    if (ua.find(mark) != std::string::npos) return true;
  }
  return false;
}

json query_json(const contrib::QueryStat& q, bool gap) {
  json j = {{"q", q.text}, {"visitors", q.visitors}, {"searches", q.searches}, {"results", q.results},
            {"opens", q.opens}};
  if (gap) j["write_url"] = "/submit?title=" + url_encode(q.text);
  return j;
}

json filter_json(const contrib::QueryStat& f) {
  return {{"filter", f.text}, {"visitors", f.visitors}, {"searches", f.searches}};
}

json week_json(const contrib::WeekInsights& w) {
  json zero = json::array(), unopened = json::array(), top = json::array(), filters = json::array();
  for (const auto& q : w.zero_results) zero.push_back(query_json(q, true));
  for (const auto& q : w.never_opened) unopened.push_back(query_json(q, true));
  for (const auto& q : w.top_queries) top.push_back(query_json(q, false));
  for (const auto& f : w.top_filters) filters.push_back(filter_json(f));
  return {{"week", w.week},          {"from", contrib::utc_day(w.first_day * 86400)}, {"to", contrib::utc_day((w.first_day + 6) * 86400)},
          {"searches", w.searches},  {"zero_results", zero},         {"never_opened", unopened},
          {"top_queries", top},      {"top_filters", filters}};
}

json candidate_json(const contrib::SynonymCandidate& c) {
  return {{"from", c.from}, {"to", c.to}, {"visitors", c.visitors}, {"results", c.results}};
}

// The search log for an editor's request: 404 without contributions or
// log, 401 without a session, 403 for a contributor.
struct Editor {
  contrib::Contributions* c = nullptr;
  contrib::Actor actor;
};
std::optional<Editor> insights_editor(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  Editor e;
  e.c = enabled(ctx, res);
  if (!e.c) return std::nullopt;
  auto a = editor_of(*e.c, req, res);
  if (!a) return std::nullopt;
  if (!ctx.search_log) {
    send_error(res, 404, "insights_off", "this server keeps no search log (--search-log-days 0)");
    return std::nullopt;
  }
  e.actor = *a;
  return e;
}

// Accepts (adds the pair to _synonyms.yaml) or dismisses a candidate.
std::optional<contrib::Refusal> decide(const Context& ctx, contrib::Contributions& c, const contrib::Actor& a,
                                       const std::string& from, const std::string& to, const std::string& decision) {
  if (decision != "accept" && decision != "dismiss") {
    return refusal(400, "bad_request", "`decision` is accept or dismiss");
  }
  if (from.empty() || to.empty()) return refusal(400, "bad_request", "`from` and `to` are required");
  if (decision == "accept") {
    auto done = c.add_synonyms(a, from, to);
    if (!done.ok()) return done.refusal();
  } else if (a.user.role == contrib::Role::kContributor) {
    return refusal(403, "forbidden", "editors and admins only");
  }
  ctx.search_log->decide_synonym(from, to, decision == "accept", contrib::unix_now());
  c.store().audit(a.user.name, decision == "accept" ? "synonym-accept" : "synonym-dismiss", "_synonyms.yaml",
                  from + " = " + to);
  return std::nullopt;
}

}  // namespace

std::string client_address(const Context& c, const httplib::Request& req) {
  const std::string& peer = req.remote_addr;
  if (!c.trusted_proxies || c.trusted_proxies->empty()) return peer;
  auto trusted = [&](const std::string& a) {
    return std::find(c.trusted_proxies->begin(), c.trusted_proxies->end(), a) != c.trusted_proxies->end();
  };
  if (!trusted(peer)) return peer;
  // Every proxy appends the address it saw: from the right, the first
  // address that is not one of ours is the client.
  std::string chain = req.get_header_value("X-Forwarded-For").substr(0, 2048);
  while (!chain.empty()) {
    const size_t comma = chain.rfind(',');
    std::string hop = comma == std::string::npos ? chain : chain.substr(comma + 1);
    chain.resize(comma == std::string::npos ? 0 : comma);
    hop.erase(0, hop.find_first_not_of(" \t"));
    hop.erase(hop.find_last_not_of(" \t") + 1);
    if (hop.empty() || hop.size() > 64) break;
    if (!trusted(hop)) return hop;
  }
  return peer;
}

void log_search(const Context& c, const httplib::Request& req, const LoggedSearch& s) {
  if (!c.search_log || is_robot(req)) return;
  const long long now = contrib::unix_now();
  c.search_log->record_search(c.search_log->visitor(client_address(c, req), now), s.q, s.filters, s.results, now);
}

void log_open(const Context& c, const httplib::Request& req, const std::string& referer_path,
              const std::string& article_id) {
  if (!c.search_log || is_robot(req)) return;
  // Opened from a result page of this site: "/?q=…" or "/lessons?q=…".
  std::string query;
  if (referer_path.rfind("/?", 0) == 0) {
    query = referer_path.substr(2);
  } else if (referer_path.rfind("/lessons?", 0) == 0) {
    query = referer_path.substr(9);
  } else {
    return;
  }
  httplib::Params params;
  httplib::detail::parse_query_text(query, params);
  auto it = params.find("q");
  if (it == params.end() || it->second.empty()) return;
  const long long now = contrib::unix_now();
  c.search_log->record_open(c.search_log->visitor(client_address(c, req), now), it->second, article_id, now);
}

void get_insights_gaps(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto e = insights_editor(ctx, req, res);
  if (!e) return;
  for (const auto& [k, v] : req.params) {
    if (k != "weeks" && k != "limit") {
      return send_error(res, 400, "bad_request", "unknown parameter `" + k.substr(0, 60) + "`", k.substr(0, 60));
    }
  }
  auto weeks = int_param(req, res, "weeks", 1, kMaxWeeks, kDefaultWeeks);
  if (!weeks) return;
  auto limit = int_param(req, res, "limit", 1, kMaxLimit, kDefaultLimit);
  if (!limit) return;
  const long long now = contrib::unix_now();
  json out_weeks = json::array(), candidates = json::array();
  for (const auto& w : ctx.search_log->insights(*weeks, now, *limit)) out_weeks.push_back(week_json(w));
  for (const auto& c : ctx.search_log->synonym_candidates(kSynonymDays, now, *limit)) {
    candidates.push_back(candidate_json(c));
  }
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200,
            {{"k", ctx.search_log->settings().k},
             {"retention_days", ctx.search_log->settings().retention_days},
             {"weeks", out_weeks},
             {"synonym_candidates", candidates}});
}

void post_insights_synonym(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto ch = change_of(ctx, req, res, {"from", "to", "decision"});
  if (!ch) return;
  if (ch->actor.user.role == contrib::Role::kContributor) {
    return send_error(res, 403, "forbidden", "editors and admins only");
  }
  if (!ctx.search_log) return send_error(res, 404, "insights_off", "this server keeps no search log");
  if (auto r = decide(ctx, *ch->c, ch->actor, ch->values[0], ch->values[1], ch->values[2])) return send_refusal(res, *r);
  send_json(res, 200, {{"from", ch->values[0]}, {"to", ch->values[1]}, {"decision", ch->values[2]}});
}

void get_insights_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = page_actor(*c, req, res);
  if (!a) return;
  const PageRequest pr = page_request(req, *ctx.site);
  if (a->user.role == contrib::Role::kContributor || !ctx.search_log) {
    return send_page(req, res, *ctx.site, error_page(ctx.site->templates, pr, a->user.role == contrib::Role::kContributor ? 403 : 404));
  }
  int weeks = kDefaultWeeks;
  const std::string w = req.get_param_value("weeks");
  if (!w.empty() && w.size() <= 2 && w.find_first_not_of("0123456789") == std::string::npos) {
    weeks = std::clamp(std::stoi(w), 1, kMaxWeeks);
  }
  const long long now = contrib::unix_now();
  std::string notice;
  const std::string n = req.get_param_value("notice");
  if (n == "synonym_added" || n == "synonym_dismissed" || n == "synonym_exists") notice = "notice_" + n;
  send_page(req, res, *ctx.site,
            insights_page(ctx.site->templates, pr, account_of(*a), ctx.search_log->insights(weeks, now, kDefaultLimit),
                          ctx.search_log->synonym_candidates(kSynonymDays, now, kDefaultLimit),
                          ctx.search_log->settings().k, ctx.search_log->settings().retention_days, notice));
}

void post_insights_synonym_page(const Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto* c = pages_enabled(ctx, req, res);
  if (!c) return;
  auto a = form_actor(ctx, *c, req, res);
  if (!a) return;
  const PageRequest pr = page_request(req, *ctx.site);
  if (a->user.role == contrib::Role::kContributor || !ctx.search_log) {
    return send_page(req, res, *ctx.site, error_page(ctx.site->templates, pr, a->user.role == contrib::Role::kContributor ? 403 : 404));
  }
  const auto form = form_of(req);
  const std::string decision = form_value(form, "decision");
  if (auto r = decide(ctx, *c, *a, form_value(form, "from"), form_value(form, "to"), decision)) {
    if (r->code == "exists") return redirect(res, "/insights?notice=synonym_exists");
    return send_page(req, res, *ctx.site, error_page(ctx.site->templates, pr, r->http == 403 ? 403 : 400));
  }
  redirect(res, decision == "accept" ? "/insights?notice=synonym_added" : "/insights?notice=synonym_dismissed");
}

}  // namespace casebase::serve
