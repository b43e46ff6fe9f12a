#include "dates.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>

#include "store.h"

namespace casebase::serve {

std::string format_date(const Language& lang, std::string_view date) {
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (date.size() < 7 || date[4] != '-' || !digits(date.substr(0, 4)) || !digits(date.substr(5, 2))) {
    return std::string(date);
  }
  int month = std::atoi(std::string(date.substr(5, 2)).c_str());
  if (month < 1 || month > 12) return std::string(date);
  std::map<std::string, std::string> args = {{"year", std::string(date.substr(0, 4))},
                                             {"month", tr(lang, "month_" + std::to_string(month))}};
  if (date.size() >= 10 && date[7] == '-' && digits(date.substr(8, 2))) {
    args["day"] = std::to_string(std::atoi(std::string(date.substr(8, 2)).c_str()));
    return format(tr(lang, "date_day_month_year"), args);
  }
  return format(tr(lang, "date_month_year"), args);
}

std::string rfc3339(const std::string& date) {
  std::string y = "1970", m = "01", d = "01";
  if (date.size() >= 4) y = date.substr(0, 4);
  if (date.size() >= 7) m = date.substr(5, 2);
  if (date.size() >= 10) d = date.substr(8, 2);
  return y + "-" + m + "-" + d + "T00:00:00Z";
}

std::string iso_time(long long unix_seconds) { return contrib::utc_text(unix_seconds, "%Y-%m-%dT%H:%M:%SZ"); }

}  // namespace casebase::serve
