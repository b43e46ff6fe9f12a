// The alert pages: the signed-in user's saved searches with delete
// buttons, and the unsubscribe link's confirm page (a GET never deletes:
// mail scanners and link previews follow links).
#include "alerts.h"
#include "dates.h"
#include "layout.h"
#include "pages.h"

using nlohmann::json;

namespace casebase::serve {

namespace {

Page alert_page(const Templates& tp, const PageRequest& pr, const std::string& title_key, const std::string& url,
                const std::string& tmpl, json view, int status) {
  return account_page(tp, pr, Nav::kNone, title_key, url, tmpl, std::move(view), status);
}

json alert_row(const Language& lang, const contrib::Alert& a) {
  const std::string created = contrib::utc_day(a.created);
  return {{"id", a.id},
          {"label", a.label},
          {"search_url", "/" + (a.query.empty() ? "" : "?" + a.query)},
          {"created", created},
          {"created_label", format_date(lang, created)},
          {"last_sent", a.last_digest_day},
          {"last_sent_label", a.last_digest_day.empty() ? "" : format_date(lang, a.last_digest_day)},
          {"delete_label", format(tr(lang, "alerts_delete_label"), {{"label", a.label}})}};
}

}  // namespace

Page alerts_page(const Templates& tp, const PageRequest& pr, const Account& a, const std::vector<contrib::Alert>& alerts,
                 bool has_email, const std::string& notice, const std::string& error, int status) {
  const Language& lang = *pr.lang;
  json rows = json::array();
  for (const auto& x : alerts) rows.push_back(alert_row(lang, x));
  json view = {{"account", {{"user", a.user}, {"role", a.role}, {"csrf", a.csrf}}},
               {"alerts", rows},
               {"has_alerts", !rows.empty()},
               {"has_email", has_email},
               {"notice", notice.empty() ? "" : tr(lang, notice)},
               {"error", error.empty() ? "" : tr(lang, error)}};
  return alert_page(tp, pr, "title_alerts", "/alerts", "alerts", view, status);
}

Page unsubscribe_page(const Templates& tp, const PageRequest& pr, const std::string& label, const std::string& token,
                      bool done) {
  json view = {{"done", done},
               {"token", token},
               {"question", format(tr(*pr.lang, "unsubscribe_question"), {{"label", label}})}};
  // The language switch keeps the token: the page must still work in the other language.
  const std::string url = done ? "/alerts/unsubscribe" : "/alerts/unsubscribe?token=" + url_encode(token);
  return alert_page(tp, pr, "title_unsubscribe", url, "unsubscribe", view, 200);
}

}  // namespace casebase::serve
