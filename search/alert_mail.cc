#include "alert_mail.h"

#include "casebase/query.h"

namespace casebase::serve {

std::string unsubscribe_url(const std::string& base_url, const std::string& token) {
  return base_url + "/alerts/unsubscribe?token=" + url_encode(token);
}

contrib::Mail digest_mail(const Language& lang, const contrib::OwnedAlert& a, const std::vector<AlertMatch>& fresh,
                          const DigestLinks& links) {
  const std::string n = std::to_string(fresh.size());
  const std::map<std::string, std::string> args = {{"n", n}, {"label", a.alert.label}};
  contrib::Mail m;
  m.from = links.from;
  m.to = a.email;
  // A label is one line (the search box has none), but a subject must be.
  m.subject = format(tr(lang, fresh.size() == 1 ? "alert_mail_subject_one" : "alert_mail_subject"), args);
  for (char& c : m.subject) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  std::string body = format(tr(lang, fresh.size() == 1 ? "alert_mail_intro_one" : "alert_mail_intro"), args) + "\n\n";
  for (size_t i = 0; i < fresh.size() && i < kMaxDigestArticles; ++i) {
    const AlertMatch& x = fresh[i];
    body += "- " + x.title + (x.byline.empty() ? "" : " (" + x.byline + ")") + "\n";
    body += "  " + links.base_url + "/articles/" + x.id + "\n\n";
  }
  if (fresh.size() > kMaxDigestArticles) {
    body += format(tr(lang, "alert_mail_more"), {{"n", std::to_string(fresh.size() - kMaxDigestArticles)}}) + "\n\n";
  }
  const std::string search = links.base_url + "/" + (a.alert.query.empty() ? "" : "?" + a.alert.query);
  const std::string unsubscribe = unsubscribe_url(links.base_url, links.token);
  body += format(tr(lang, "alert_mail_all"), {{"url", search}}) + "\n\n";
  body += "-- \n" + format(tr(lang, "alert_mail_why"), {{"user", a.user}}) + "\n";
  body += format(tr(lang, "alert_mail_unsubscribe"), {{"url", unsubscribe}}) + "\n";
  m.body = std::move(body);
  m.headers = {{"List-Unsubscribe", "<" + unsubscribe + ">"},
               {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
               {"Auto-Submitted", "auto-generated"}};
  return m;
}

}  // namespace casebase::serve
