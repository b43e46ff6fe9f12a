#include "page_request.h"

#include <doctest/doctest.h>

using namespace casebase;
using namespace casebase::serve;

TEST_CASE("parse_page_request ignores unknown parameters and drops bad values") {
  const Schema schema = default_schema();
  auto r = parse_page_request({{"q", "inkoop"}, {"utm_source", "nieuwsbrief"}, {"lang", "en"}, {"themes", "energie"}},
                              schema, Limits{}, ListKind::kSearch);
  REQUIRE(r.ok());
  CHECK(r->req.q == "inkoop");
  CHECK(r->ignored.empty());
  CHECK(list_url(r->req, ListKind::kSearch) == "/?q=inkoop&themes=energie");

  auto bad = parse_page_request({{"q", "x"}, {"page", "zero"}, {"sort", "sideways"}, {"from", "2020"}, {"to", "2019"}},
                                schema, Limits{}, ListKind::kSearch);
  REQUIRE(bad.ok());
  CHECK(bad->req.q == "x");
  CHECK(bad->req.page == 1);
  CHECK(bad->req.year_to == 2019);
  CHECK(bad->ignored == std::vector<std::string>{"page", "sort", "from"});

  auto lessons = parse_page_request({{"scope", "articles"}, {"themes", "energie"}}, schema, Limits{}, ListKind::kLessons);
  REQUIRE(lessons.ok());
  CHECK(lessons->req.scope == Scope::kLessons);
  CHECK(lessons->req.per_page == 20);
  CHECK(list_url(lessons->req, ListKind::kLessons) == "/lessons?themes=energie");
}

TEST_CASE("export_query keeps filters and drops page and page size") {
  SearchRequest r;
  r.q = "zon";
  r.page = 3;
  r.per_page = 50;
  r.filters["themes"] = {"energie"};
  CHECK(export_query(r) == "q=zon&themes=energie");
  CHECK(export_query(SearchRequest{}) == "");
}
