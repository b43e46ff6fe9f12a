#include <doctest/doctest.h>

#include <cctype>

#include "search/suggest.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("suggest: facet values, then titles, then words completing the last word") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  FacetCacheHolder facets;
  SuggestCacheHolder holder;
  auto cache = current_suggest(holder, facets, db, idx.schema());
  CHECK(cache->display.size() == 3);
  CHECK(current_suggest(holder, facets, db, idx.schema()) == cache);
  struct Case {
    std::string prefix;
    std::vector<std::string> kinds, texts;
  };
  const Case cases[] = {
      {"mobi", {"facet", "term"}, {"mobiliteit", "mobiliteit"}},  // keyword values are indexed as words too
      {"leeds", {"title"}, {"Cycling lanes in Leeds"}},
      {"fietsenst", {"term"}, {"fietsenstalling"}},
      {"zonnep", {"title", "term"}, {"Zonnepanelen op scholen", "zonnepanelen"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.prefix);
    std::vector<std::string> kinds, texts;
    for (const auto& s : complete(*cache, c.prefix, 8)) {
      kinds.push_back(s.kind);
      texts.push_back(s.text);
    }
    CHECK(kinds == c.kinds);
    CHECK(texts == c.texts);
  }
  auto title = complete(*cache, "leeds", 8);
  REQUIRE(title.size() == 1);
  CHECK(title[0].id == "cases/bike");
  // The words kept are exactly the index's unprefixed terms, with their
  // frequencies, in the index's order.
  std::vector<std::pair<std::string, Xapian::doccount>> unprefixed;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    if (!std::isupper(static_cast<unsigned char>((*t)[0]))) unprefixed.emplace_back(*t, t.get_termfreq());
  }
  CHECK(unprefixed.size() > 20);
  CHECK(cache->terms == unprefixed);
}
