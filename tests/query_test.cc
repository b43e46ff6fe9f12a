#include <doctest/doctest.h>

#include "casebase/query.h"

using namespace casebase;

namespace {
using Params = std::vector<std::pair<std::string, std::string>>;
}

TEST_CASE("parse_search_request: valid requests") {
  auto r = parse_search_request({{"q", " inkoop "}, {"themes", "energie"}, {"themes", "mobiliteit"}, {"year", "2019"},
                                 {"page", "2"}, {"per_page", "20"}, {"sort", "newest"}, {"from", "2018"}, {"to", "2020"}},
                                default_schema(), Limits{});
  REQUIRE(r.ok());
  CHECK(r->q == "inkoop");
  CHECK(r->filters.at("themes").size() == 2);
  CHECK(r->filters.at("year") == std::vector<std::string>{"2019"});
  CHECK(r->page == 2);
  CHECK(r->per_page == 20);
  CHECK(r->sort == SortOrder::kNewest);
  CHECK(r->year_from == 2018);
  CHECK(r->scope == Scope::kArticles);
  CHECK(to_query_string(*r) == "q=inkoop&themes=energie&themes=mobiliteit&year=2019&from=2018&to=2020&sort=newest&per_page=20&page=2");
  auto t = parse_search_request({{"type", "lesson"}}, default_schema(), Limits{});
  REQUIRE(t.ok());
  CHECK(t->scope == Scope::kAll);
  CHECK(t->items == ItemsDetail::kMatching);
  for (auto [value, detail] : {std::pair{"all", ItemsDetail::kAll}, {"none", ItemsDetail::kNone}, {"matching", ItemsDetail::kMatching}}) {
    auto it = parse_search_request({{"items", value}}, default_schema(), Limits{});
    REQUIRE(it.ok());
    CHECK(it->items == detail);
    CHECK(to_query_string(*it) == (detail == ItemsDetail::kMatching ? std::string() : "items=" + std::string(value)));
  }
}

TEST_CASE("parse_search_request: every error names its parameter") {
  struct Case {
    Params params;
    std::string param;
    std::string message;
  };
  const std::string long_q(2000, 'a');
  std::string many_terms;
  for (int i = 0; i < 100; ++i) many_terms += "w" + std::to_string(i) + " ";
  const Case cases[] = {
      {{{"colour", "red"}}, "colour", "unknown facet `colour`"},
      {{{"sort", "random"}}, "sort", "unknown sort `random` (relevance, newest, oldest)"},
      {{{"page", "0"}}, "page", "`page` must be between 1 and 1000, not 0"},
      {{{"page", "99999"}}, "page", "`page` must be between 1 and 1000, not 99999"},
      {{{"page", "abc"}}, "page", "`page` must be a whole number, not `abc`"},
      {{{"per_page", "500"}}, "per_page", "`per_page` must be between 1 and 100, not 500"},
      {{{"q", long_q}}, "q", "query is longer than 1024 bytes"},
      {{{"q", many_terms}}, "q", "query has more than 48 terms"},
      {{{"q", "caf\xe9"}}, "q", "parameter `q` is not valid UTF-8"},
      {{{"q", "((((((((((a))))))))))"}}, "q", "query nests parentheses deeper than 8"},
      {{{"scope", "x"}}, "scope", "unknown scope `x` (articles, lessons, items, all)"},
      {{{"items", "some"}}, "items", "unknown items `some` (matching, all, none)"},
      {{{"from", "2020"}, {"to", "2010"}}, "from", "`from` is after `to`"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.param);
    auto r = parse_search_request(c.params, default_schema(), Limits{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().param() == c.param);
    CHECK(r.status().message() == c.message);
    CHECK(r.status().code() == "bad_request");
  }
  Params flood;
  for (int i = 0; i < 100; ++i) flood.emplace_back("themes", "t" + std::to_string(i));
  auto f = parse_search_request(flood, default_schema(), Limits{});
  REQUIRE_FALSE(f.ok());
  CHECK(f.status().message() == "more than 64 filter values");
}
