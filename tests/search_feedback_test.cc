#include <doctest/doctest.h>

#include "search/feedback.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("feedback: the word decider keeps plain and stemmed words only") {
  const std::set<std::string> stop = {"zijn", "with"};
  WordDecider d(stop);
  struct Case {
    std::string term;
    bool keep;
  };
  const Case cases[] = {
      {"gemeente", true}, {"Zgemeent", true}, {"XTHEMEenergie", false}, {"Sfiets", false},
      {"zijn", false},    {"Zzijn", false},   {"abc", false},           {"2021", false},
      {"covid19", false}, {"", false},        {"Z", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.term);
    CHECK(d(c.term) == c.keep);
  }
}

TEST_CASE("feedback: rm3 and eset add the top documents' words to the query") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  const std::set<std::string> stop;
  RankingSpec r = idx.schema().ranking;
  Xapian::Enquire enq(db);
  const Xapian::Query text("Zfiets");
  enq.set_query(text);
  Xapian::MSet top = enq.get_mset(0, 10);
  REQUIRE(top.size() >= 1);

  auto rm3 = rm3_expand(top, db, text, {"fiets"}, stop, r);
  REQUIRE(rm3);
  CHECK(rm3->get_description().find("0.69999") != std::string::npos);  // the query keeps 1 - prf_weight
  CHECK(rm3->get_description().find("Zfietsenstal") != std::string::npos);
  CHECK(rm3->get_description().find("Zfiets") != std::string::npos);
  r.prf_weight = 0;
  CHECK_FALSE(rm3_expand(top, db, text, {"fiets"}, stop, r));

  r = idx.schema().ranking;
  auto eset = eset_expand(enq, top, text, stop, r);
  REQUIRE(eset);
  CHECK(eset->get_description().find("Zfietsenstal") != std::string::npos);
  CHECK(eset->get_description().find("XTHEME") == std::string::npos);  // only words, never boolean terms
  CHECK(eset->get_description() != text.get_description());
  r.prf_terms = 0;
  CHECK_FALSE(eset_expand(enq, top, text, stop, r));
}
