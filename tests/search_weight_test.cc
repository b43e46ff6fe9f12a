#include <doctest/doctest.h>

#include "search/weight.h"

using namespace casebase;

TEST_CASE("weight: each scheme name gives its Xapian weighting scheme") {
  struct Case {
    std::string scheme, name;
  };
  const Case cases[] = {
      {"bm25", "Xapian::BM25Weight"},   {"bm25+", "Xapian::BM25PlusWeight"}, {"lm", "Xapian::LMWeight"},
      {"dph", "Xapian::DPHWeight"},     {"dlh", "Xapian::DLHWeight"},        {"pl2", "Xapian::PL2Weight"},
      {"pl2+", "Xapian::PL2PlusWeight"}, {"inl2", "Xapian::InL2Weight"},     {"ifb2", "Xapian::IfB2Weight"},
      {"ineb2", "Xapian::IneB2Weight"}, {"bb2", "Xapian::BB2Weight"},        {"tfidf", "Xapian::TfIdfWeight"},
      {"unknown", "Xapian::BM25Weight"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.scheme);
    RankingSpec r;
    r.scheme = c.scheme;
    CHECK(search::make_weight(r)->name() == c.name);
  }
}
