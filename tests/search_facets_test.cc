#include <doctest/doctest.h>

#include <algorithm>

#include "search/db_pool.h"
#include "search/facets.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("facets: the cache holds every document's values, the spy counts a match") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  const auto slot = static_cast<Xapian::valueno>(idx.schema().field("themes")->slot);
  auto cache = build_facet_cache(db, {slot});
  CHECK(cache->version == index_version(db));
  std::vector<std::string> names = cache->slots.at(slot).names;
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"energie", "mobiliteit"});
  struct Case {
    std::string term;
    size_t mobiliteit, energie;
  };
  const Case cases[] = {{"XITEMarticle", 2, 1}, {"XLANGen", 1, 0}, {"Sfietsen", 1, 0}, {"XLANGnl", 1, 1}};
  for (const auto& c : cases) {
    CAPTURE(c.term);
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(c.term), Xapian::Query("XITEMarticle")));
    FacetSpy spy(*cache);
    e.add_matchspy(&spy);
    e.get_mset(0, 0, 100);
    auto counts = spy.counts(slot);
    CHECK(counts["mobiliteit"] == c.mobiliteit);
    CHECK(counts["energie"] == c.energie);
  }
  FacetCacheHolder holder;
  auto a = current_facets(holder, db, idx.schema());
  CHECK(current_facets(holder, db, idx.schema()) == a);  // same revision: built once
}

TEST_CASE("facets: a selected facet is counted as if its own selection were absent") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  SearchRequest req;
  req.filters["themes"] = {"energie"};
  auto f = plan_filters(req, idx.schema());
  REQUIRE(f.ok());
  auto unselected = unselected_facets(idx.schema(), *f);
  const FieldSpec* themes = idx.schema().field("themes");
  CHECK(std::find(unselected.begin(), unselected.end(), themes) == unselected.end());
  auto cache = build_facet_cache(db, {static_cast<Xapian::valueno>(themes->slot)});
  FacetSpy spy(*cache);
  auto counts = count_facets(db, idx.schema(), *cache, &spy, unselected, Xapian::Query(std::string()), *f, nullptr);
  CHECK(counts.at(themes).at("mobiliteit") == 2);
  CHECK(counts.at(themes).at("energie") == 1);
}

TEST_CASE("facet_results: top values by count, years by year, selections always shown") {
  const Schema schema = default_schema();
  const FieldSpec* themes = schema.field("themes");
  const FieldSpec* date = schema.field("date");
  FacetCounts counts;
  counts[themes] = {{"energie", 5}, {"mobiliteit", 7}, {"water", 1}, {"zorg", 5}};
  counts[date] = {{"2019", 2}, {"2021", 1}, {"2020", 4}};
  struct Case {
    int facet_size;
    std::vector<std::string> selected;
    int year_from;
    std::vector<std::string> themes, years, checked;
  };
  const Case cases[] = {
      {10, {}, 0, {"mobiliteit", "energie", "zorg", "water"}, {"2021", "2020", "2019"}, {}},
      {2, {}, 0, {"mobiliteit", "energie"}, {"2021", "2020", "2019"}, {}},
      {2, {"Water"}, 0, {"mobiliteit", "energie", "water"}, {"2021", "2020", "2019"}, {"water"}},
      {1, {"onderwijs"}, 2020, {"mobiliteit", "onderwijs"}, {"2021", "2020", "2019"}, {"onderwijs", "2021", "2020"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.facet_size);
    SearchRequest req;
    req.facet_size = c.facet_size;
    if (!c.selected.empty()) req.filters["themes"] = c.selected;
    req.year_from = c.year_from;
    auto out = facet_results(req, schema, counts);
    std::vector<std::string> t, y, checked;
    for (const auto& fr : out) {
      for (const auto& v : fr.values) {
        if (fr.key == "themes") t.push_back(v.value);
        if (fr.key == "year") y.push_back(v.value);
        if (v.selected) checked.push_back(v.value);
      }
      if (fr.key == "themes") CHECK(fr.distinct == 4);
    }
    CHECK(t == c.themes);
    CHECK(y == c.years);
    CHECK(checked == c.checked);
  }
}
