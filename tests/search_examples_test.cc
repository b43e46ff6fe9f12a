// The searches of issue 13, as a user types them, on the articles shipped in
// content/ (indexed once, as `make run` does). Each pins what the user
// expects to see; the judged set in tests/relevance/ measures the rest.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "casebase/searcher.h"
#include "casebase/stored.h"
#include "cli.h"
#include "test_util.h"

using namespace casebase;

namespace {

class ContentIndex {
 public:
  ContentIndex() {
    indexer::Options o;
    o.content_dir = std::string(CASEBASE_SOURCE_DIR) + "/content";
    o.db_path = tmp_.str() + "/db";
    o.quiet = true;
    std::ostringstream out, err;
    rc_ = indexer::run(o, out, err);
    searcher_ = std::make_unique<Searcher>(tmp_.str() + "/db", default_schema());
  }
  int rc() const { return rc_; }
  SearchResponse search(const std::string& q) {
    SearchRequest req;
    req.q = q;
    req.per_page = 50;
    return search(req);
  }
  SearchResponse search(const SearchRequest& req) {
    auto r = searcher_->search(req);
    REQUIRE(r.ok());
    return *r;
  }
  // The ids of the hits, best first.
  std::vector<std::string> ids(const std::string& q) {
    std::vector<std::string> out;
    for (const auto& h : search(q).hits) out.push_back(stored_id(h.doc));
    return out;
  }

 private:
  test::TempDir tmp_;
  int rc_ = -1;
  std::unique_ptr<Searcher> searcher_;
};

ContentIndex& content() {
  static ContentIndex index;
  return index;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Every article the first query finds, the second finds too.
void check_finds_all_of(const std::string& wider, const std::string& narrower) {
  const auto found = content().ids(wider);
  for (const auto& id : content().ids(narrower)) {
    CAPTURE(wider);
    CAPTURE(id);
    CHECK(has(found, id));
  }
}

}  // namespace

TEST_CASE("examples: Dutch compounds find their parts, hyphens and elliptic forms") {
  REQUIRE(content().rc() == 0);
  for (const char* q : {"zonnepanelen", "zonne-energie", "afvalinzameling"}) {
    CAPTURE(q);
    CHECK(has(content().ids(q), "cases/dun-laoghaire-solar-litter-bins"));
  }
  // "leerlingen- en zwemvervoer" says "leerlingenvervoer".
  CHECK(has(content().ids("leerlingenvervoer"), "cases/haarlem-leerlingen-zwemvervoer"));
  // Both spellings find the same zero-emission cases.
  CHECK(content().ids("zero-emissie").size() >= 3);
  check_finds_all_of("zero emission", "zero-emissie");
  // A hyphenated word is also found written closed up, and that spelling is
  // no typo: "precommercial" finds the pre-commercial procurements.
  const SearchResponse closed = content().search("precommercial");
  CHECK(closed.corrected_from.empty());
  CHECK(has(content().ids("precommercial"), "cases/wbl-wastewater-pcp-award"));
  CHECK(has(content().ids("zeroemissie"), "cases/brabant-busconcessie-eindhoven-zero-emissie"));
}

TEST_CASE("examples: two languages, both ways, multi-word synonyms included") {
  CHECK(content().ids("Den Haag").size() >= 4);
  check_finds_all_of("The Hague", "Den Haag");
  const auto nl = content().ids("concurrentiegerichte dialoog");
  const auto en = content().ids("competitive dialogue");
  CHECK(has(nl, "cases/limmel-guard-lock-competitive-dialogue"));
  CHECK(has(en, "cases/zuid-holland-n211-energieweg"));
  CHECK(has(content().ids("electric buses"), "cases/brabant-busconcessie-eindhoven-zero-emissie"));
  CHECK(has(content().ids("lowest price"), "cases/rotterdam-leerlingenvervoer-emvi"));
}

TEST_CASE("examples: known words are never corrected, typos are") {
  const SearchResponse buses = content().search("electric buses");
  CHECK(buses.corrected_from.empty());
  CHECK(buses.suggestion.empty());
  const SearchResponse typo = content().search("aanbestding");
  CHECK(typo.corrected_from == "aanbestding");
  CHECK(typo.q == "aanbesteding");
  CHECK(typo.total > 0);
}

TEST_CASE("examples: a theme outranks the same word in passing") {
  // The litter-bin case is tagged afval; the road-noise case only says
  // "bedrijven die afvallen".
  const auto ids = content().ids("afval");
  REQUIRE_FALSE(ids.empty());
  CHECK(ids.front() == "cases/dun-laoghaire-solar-litter-bins");
}

TEST_CASE("examples: a question is no dead end") {
  const SearchResponse r = content().search("wie heeft al eens zonnepanelen innovatief ingekocht?");
  CHECK(r.total > 0);
  CHECK(has(content().ids("wie heeft al eens zonnepanelen innovatief ingekocht?"), "cases/dun-laoghaire-solar-litter-bins"));
}

TEST_CASE("examples: a year filter says how many articles it leaves out for having no date") {
  SearchRequest req;
  req.per_page = 1;
  const SearchResponse everything = content().search(req);
  CHECK(everything.undated == 0);  // no year filter: nothing is left out
  req.year_from = 1900;
  const SearchResponse dated = content().search(req);
  // Every article is in the range or has no date.
  CHECK(dated.undated > 0);
  CHECK(dated.total + dated.undated == everything.total);
  req.year_from = 0;
  req.filters["year"] = {"2019"};
  const SearchResponse one_year = content().search(req);
  CHECK(one_year.undated == dated.undated);
}
