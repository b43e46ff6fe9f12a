#include <doctest/doctest.h>

#include "search/match.h"
#include "search/weight.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("match: sort orders, paging and the facet spy") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  SearchRequest req;
  auto filters = plan_filters(req, idx.schema());
  REQUIRE(filters.ok());
  auto weight = make_weight(idx.schema().ranking);
  auto cache = build_facet_cache(db, {static_cast<Xapian::valueno>(idx.schema().field("themes")->slot)});
  struct Case {
    SortOrder sort;
    bool browse;
    Xapian::doccount first, count;
    std::vector<std::string> dates;  // kSlotDate of the hits, in order
  };
  const Case cases[] = {
      {SortOrder::kNewest, false, 0, 10, {"20210301", "20200110", "20190615"}},
      {SortOrder::kOldest, false, 0, 10, {"20190615", "20200110", "20210301"}},
      {SortOrder::kRelevance, true, 0, 10, {"20210301", "20200110", "20190615"}},
      {SortOrder::kNewest, false, 1, 1, {"20200110"}},
  };
  for (const auto& c : cases) {
    CAPTURE(to_string(c.sort));
    CAPTURE(c.first);
    MatchRun run = run_match(db, Xapian::Query(std::string()), {*filters, *weight, c.sort, c.browse, cache.get(),
                                                                c.first, c.count});
    CHECK(run.mset.get_matches_estimated() == 3);
    std::vector<std::string> dates;
    for (auto it = run.mset.begin(); it != run.mset.end(); ++it) dates.push_back(it.get_document().get_value(kSlotDate));
    CHECK(dates == c.dates);
    REQUIRE(run.spy);
    auto counts = run.spy->counts(static_cast<Xapian::valueno>(idx.schema().field("themes")->slot));
    CHECK(counts["mobiliteit"] == 2);
    CHECK(counts["energie"] == 1);
  }
  MatchRun none = run_match(db, Xapian::Query("fietsen"), {*filters, *weight, SortOrder::kRelevance, false, nullptr, 0, 10});
  CHECK_FALSE(none.spy);
  CHECK(none.text.get_description() == Xapian::Query("fietsen").get_description());
}
