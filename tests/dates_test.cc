#include "dates.h"

#include <doctest/doctest.h>

using namespace casebase::serve;

TEST_CASE("dates: format_date in words from the catalogue") {
  auto cat = Catalogues::from_tables(
      {{"nl", {{"month_6", "juni"}, {"month_8", "augustus"}, {"date_month_year", "{month} {year}"},
               {"date_day_month_year", "{day} {month} {year}"}}},
       {"en", {{"month_6", "June"}, {"month_8", "August"}, {"date_month_year", "{month} {year}"},
               {"date_day_month_year", "{day} {month} {year}"}}}});
  REQUIRE(cat.ok());
  struct Case {
    std::string lang, date, want;
  };
  const Case cases[] = {
      {"nl", "2019-08", "augustus 2019"}, {"en", "2019-08", "August 2019"}, {"nl", "2019-06-05", "5 juni 2019"},
      {"en", "2019-06-15", "15 June 2019"}, {"nl", "2019", "2019"},        {"nl", "2019-13", "2019-13"},
      {"nl", "", ""},                      {"nl", "gisteren", "gisteren"}, {"nl", "2019-00", "2019-00"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.date);
    CHECK(format_date(*cat->find(c.lang), c.date) == c.want);
  }
}

TEST_CASE("dates: rfc3339") {
  struct Case {
    std::string date, want;
  };
  const Case cases[] = {
      {"2019-08", "2019-08-01T00:00:00Z"},
      {"2019-08-15", "2019-08-15T00:00:00Z"},
      {"2019", "2019-01-01T00:00:00Z"},
      {"", "1970-01-01T00:00:00Z"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.date);
    CHECK(rfc3339(c.date) == c.want);
  }
}
