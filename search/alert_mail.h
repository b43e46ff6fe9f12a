// alert_mail: the text of an alert's digest e-mail, in the language the
// alert was saved in (its catalogue's alert_mail_* strings): the saved
// search, each new article (title, organisation, absolute link), the link
// to the whole result list, and the one-link unsubscribe, also as the
// List-Unsubscribe header with RFC 8058 one-click.
//
// E.g. digest_mail(lang, owned, fresh, {"https://casebase.example", "casebase@example.org", token})
//      -> Subject "Casebase: 1 nieuw artikel voor “fiets”", To owned.email
#pragma once

#include <string>
#include <vector>

#include "alert_search.h"
#include "alerts.h"
#include "i18n.h"
#include "smtp.h"

namespace casebase::serve {

// A digest names this many articles at most, then says how many more.
inline constexpr size_t kMaxDigestArticles = 50;

struct DigestLinks {
  std::string base_url;  // "https://casebase.example" (no trailing slash)
  std::string from;      // the sender address (--mail-from)
  std::string token;     // this mail's unsubscribe token
};

// The unsubscribe link of a token: BASE/alerts/unsubscribe?token=TOKEN.
std::string unsubscribe_url(const std::string& base_url, const std::string& token);

contrib::Mail digest_mail(const Language& lang, const contrib::OwnedAlert& a, const std::vector<AlertMatch>& fresh,
                          const DigestLinks& links);

}  // namespace casebase::serve
