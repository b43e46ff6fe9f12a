// Facet value search (GET /api/facet-values) and the year facet's
// "unknown" bucket (year=unknown), issue 18.
#include <doctest/doctest.h>

#include <algorithm>

#include "casebase/searcher.h"
#include "search/facet_search.h"
#include "search/filters.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

namespace {

// Four cases: three dated, one not; instruments written as the glossary
// and the schema's vocabulary know them.
std::vector<std::pair<std::string, std::string>> finder_corpus() {
  return {
      {"cases/laadpalen.md", test::md_article("Laadpalen in Utrecht", "De gemeente plaatste laadpalen.",
                                              "themes: [mobiliteit]\ninstruments: [marktconsultatie, pilot]\ndate: 2020-03\n")},
      {"cases/fiets.md", test::md_article("Fietsenstalling", "Een fietsenstalling bij het station.",
                                          "themes: [mobiliteit]\ninstruments: [marktconsultatie]\ndate: 2021-05\n")},
      {"cases/zon.md", test::md_article("Zonnepanelen op scholen", "Zonnepanelen op twintig scholen.",
                                        "themes: [energie]\ninstruments: [pcp]\ndate: 2021\n")},
      {"cases/oud.md", test::md_article("Een oude zaak zonder datum", "De gemeente kocht zonnepanelen in.",
                                        "themes: [energie]\ninstruments: [pilot]\n")},
  };
}

const std::vector<std::vector<std::string>> kGlossary = {{"marktconsultatie", "market consultation", "marktverkenning"}};

std::vector<std::string> values_of(const FacetResult& f) {
  std::vector<std::string> out;
  for (const auto& v : f.values) out.push_back(v.value + "=" + std::to_string(v.count));
  return out;
}

}  // namespace

TEST_CASE("facet search: a word start matches, four letters or more inside a word too") {
  struct Case {
    const char* text;
    const char* prefix;
    bool match;
  } cases[] = {
      {"marktconsultatie", "markt", true},       {"marktconsultatie", "consultatie", true},
      {"marktconsultatie", "ie", false},         {"best value procurement", "val", true},
      {"best value procurement", "al", false},   {"zonne-energie", "ener", true},
      {"anything", "", true},                    {"pcp", "pcpx", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CAPTURE(c.prefix);
    CHECK(starts_a_word(c.text, c.prefix) == c.match);
  }
}

TEST_CASE("facet search: values match by label and alias, and through the synonym table") {
  test::TinyIndex idx(finder_corpus(), default_schema(), kGlossary);
  auto db = idx.db();
  const FieldSpec* instruments = idx.schema().field("instruments");
  REQUIRE(instruments);
  // The glossary: an English phrase (or its start) finds the Dutch value.
  const auto expansions = synonym_expansions(db, "market consultation");
  CHECK(std::find(expansions.begin(), expansions.end(), "marktconsultatie") != expansions.end());
  CHECK(value_matches(*instruments, "marktconsultatie", "market consultation", expansions));
  CHECK(value_matches(*instruments, "marktconsultatie", "market cons", synonym_expansions(db, "market cons")));
  CHECK_FALSE(value_matches(*instruments, "pcp", "market consultation", expansions));
  // The schema's vocabulary: an alias finds its value.
  const FieldSpec* themes = idx.schema().field("themes");
  CHECK(value_matches(*themes, "mobiliteit", "mobil", {}));
  CHECK(value_matches(*themes, "energie", "energy", {}));
  CHECK_FALSE(value_matches(*themes, "energie", "mobil", {}));
}

TEST_CASE("facet_values: counts in the current search, without the facet's own selection") {
  test::TinyIndex idx(finder_corpus(), default_schema(), kGlossary);
  Searcher s(idx.path(), idx.schema());
  SearchRequest all;
  auto r = s.facet_values(all, "instruments", "", 20);
  REQUIRE(r.ok());
  CHECK(values_of(*r) == std::vector<std::string>{"marktconsultatie=2", "pilot=2", "pcp=1"});

  r = s.facet_values(all, "instruments", "market consultation", 20);
  REQUIRE(r.ok());
  CHECK(values_of(*r) == std::vector<std::string>{"marktconsultatie=2"});

  // The current search's words count: only the cases about zonnepanelen.
  SearchRequest words;
  words.q = "zonnepanelen";
  r = s.facet_values(words, "instruments", "p", 20);
  REQUIRE(r.ok());
  CHECK(values_of(*r) == std::vector<std::string>{"pcp=1", "pilot=1"});

  // A selection of the facet itself does not narrow its own counts (values
  // are ORed), another facet's does.
  SearchRequest picked;
  picked.filters["instruments"] = {"pcp"};
  r = s.facet_values(picked, "instruments", "markt", 20);
  REQUIRE(r.ok());
  CHECK(values_of(*r) == std::vector<std::string>{"marktconsultatie=2"});
  picked.filters = {{"themes", {"energie"}}};
  r = s.facet_values(picked, "instruments", "", 20);
  REQUIRE(r.ok());
  CHECK(values_of(*r) == std::vector<std::string>{"pcp=1", "pilot=1"});

  r = s.facet_values(all, "instruments", "", 1);
  REQUIRE(r.ok());
  CHECK(r->values.size() == 1);
}

TEST_CASE("facet_values: an unknown facet or a bad prefix is an error naming its parameter") {
  test::TinyIndex idx(finder_corpus());
  Searcher s(idx.path(), idx.schema());
  auto r = s.facet_values({}, "nope", "", 10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().kind() == ErrorKind::kInvalidArgument);
  CHECK(r.status().param() == "facet");
  r = s.facet_values({}, "themes", std::string(101, 'a'), 10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().param() == "prefix");
  r = s.facet_values({}, "themes", "\xff", 10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().param() == "prefix");
}

TEST_CASE("year facet: the undated are a bucket of their own, year=unknown selects them") {
  test::TinyIndex idx(finder_corpus());
  Searcher s(idx.path(), idx.schema());
  auto year_values = [](const SearchResponse& r) {
    for (const auto& f : r.facets) {
      if (f.key == "year") return values_of(f);
    }
    return std::vector<std::string>{};
  };
  // Browsing: every year and the one undated case.
  auto r = s.search({});
  REQUIRE(r.ok());
  CHECK(r->total == 4);
  CHECK(year_values(*r) == std::vector<std::string>{"2021=2", "2020=1", "unknown=1"});
  // With words: counted in the match (the spy's years, the rest undated).
  SearchRequest words;
  words.q = "zonnepanelen";
  r = s.search(words);
  REQUIRE(r.ok());
  CHECK(year_values(*r) == std::vector<std::string>{"2021=1", "unknown=1"});

  SearchRequest unknown;
  unknown.filters["year"] = {"unknown"};
  r = s.search(unknown);
  REQUIRE(r.ok());
  REQUIRE(r->total == 1);
  CHECK(stored_id(r->hits[0].doc) == "cases/oud");
  CHECK(r->undated == 0);
  // The year's own buckets keep their counts (a selection ORs within its facet).
  CHECK(year_values(*r) == std::vector<std::string>{"2021=2", "2020=1", "unknown=1"});
  for (const auto& f : r->facets) {
    if (f.key == "year") CHECK(f.values.back().selected);
  }

  // A range leaves the undated out and says how many; with unknown it keeps them.
  SearchRequest range;
  range.year_from = 2021;
  r = s.search(range);
  REQUIRE(r.ok());
  CHECK(r->total == 2);
  CHECK(r->undated == 1);
  range.filters["year"] = {"unknown"};
  r = s.search(range);
  REQUIRE(r.ok());
  CHECK(r->total == 3);
  CHECK(r->undated == 0);
  // A year as a value is the same as from=to.
  SearchRequest one;
  one.filters["year"] = {"2020"};
  r = s.search(one);
  REQUIRE(r.ok());
  CHECK(r->total == 1);
}

TEST_CASE("year facet: a value that is neither a year nor unknown is refused") {
  const Schema schema = default_schema();
  for (const char* bad : {"20", "abcd", "20211", "onbekend"}) {
    CAPTURE(bad);
    auto r = parse_search_request({{"year", bad}}, schema, Limits{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().param() == "year");
  }
  CHECK(parse_search_request({{"year", "unknown"}}, schema, Limits{}).ok());
  CHECK(parse_search_request({{"year", "2021"}}, schema, Limits{}).ok());
}
