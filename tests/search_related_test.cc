#include <doctest/doctest.h>

#include <algorithm>

#include "search/related.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("related: other articles sharing words or related facets, with the reasons") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  const std::set<std::string> stop;
  auto r = related_articles(db, idx.schema(), stop, "cases/fiets", {}, 5);
  REQUIRE(r.ok());
  REQUIRE_FALSE(r->empty());
  bool bike = false;
  for (const auto& h : *r) {
    CHECK(h.article.id != "cases/fiets");
    if (h.article.id == "cases/bike") {
      bike = true;
      CHECK(std::find(h.shared_facets.begin(), h.shared_facets.end(),
                      std::make_pair(std::string("themes"), std::string("mobiliteit"))) != h.shared_facets.end());
    }
  }
  CHECK(bike);
  SearchRequest only_energy;
  only_energy.filters["themes"] = {"energie"};
  auto e = related_articles(db, idx.schema(), stop, "cases/fiets", only_energy, 5);
  REQUIRE(e.ok());
  for (const auto& h : *e) CHECK(h.article.id == "cases/zon");

  struct Case {
    std::string id, facet;
    ErrorKind kind;
  };
  const Case errors[] = {{"cases/none", "", ErrorKind::kNotFound}, {"cases/fiets", "colour", ErrorKind::kInvalidArgument}};
  for (const auto& c : errors) {
    CAPTURE(c.id);
    SearchRequest f;
    if (!c.facet.empty()) f.filters[c.facet] = {"x"};
    auto bad = related_articles(db, idx.schema(), stop, c.id, f, 5);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().kind() == c.kind);
  }
}

TEST_CASE("related: a facet with related: false relates nothing") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  Schema s = idx.schema();
  for (auto& f : s.fields) {
    if (f.key == "themes") f.related = false;
  }
  auto r = related_articles(db, s, {}, "cases/fiets", {}, 5);
  REQUIRE(r.ok());
  for (const auto& h : *r) {
    for (const auto& [facet, value] : h.shared_facets) CHECK(facet != "themes");
  }
}
