// dates: an article's date ("2019", "2019-08", "2019-08-15") as words of an
// interface language, and as an RFC 3339 timestamp for feeds.
#pragma once

#include <string>
#include <string_view>

#include "i18n.h"

namespace casebase::serve {

// "2019-08" -> "augustus 2019" / "August 2019"; "2019-08-15" -> "15
// augustus 2019" (catalogue keys month_1…month_12, date_month_year,
// date_day_month_year); "2019" stays. Anything else is returned as given.
std::string format_date(const Language& lang, std::string_view date);

// "2019-08" -> "2019-08-01T00:00:00Z"; an undated article gets the epoch.
std::string rfc3339(const std::string& date);

// A unix time as RFC 3339 in UTC: 0 -> "1970-01-01T00:00:00Z".
std::string iso_time(long long unix_seconds);

}  // namespace casebase::serve
