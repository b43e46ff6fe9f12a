#include <doctest/doctest.h>

#include "casebase/language.h"
#include "casebase/searcher.h"
#include "search/spelling.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

namespace {

Stoppers stoppers(const Schema& schema) {
  Stoppers stop;
  for (const auto& [lang, name] : schema.stemmers) {
    auto st = std::make_unique<Xapian::SimpleStopper>();
    for (const auto& w : stop_words(name)) st->add(w);
    stop.emplace(lang, std::move(st));
  }
  return stop;
}

}  // namespace

TEST_CASE("spelling: only unknown words are corrected, known words, operators and fields stay") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  const Stoppers stop = stoppers(idx.schema());
  const TextParser tp{db, idx.schema(), stop, 200, make_stems(idx.schema())};
  CHECK(known_word(db, tp, "fietsenstalling"));
  CHECK_FALSE(known_word(db, tp, "fietsenstaling"));
  CHECK(corrected_query(db, read_query("fietsenstaling", false), tp) == "fietsenstalling");
  CHECK(corrected_query(db, read_query("de fietsenstaling bij het station", false), tp) ==
        "de fietsenstalling bij het station");
  CHECK(corrected_query(db, read_query("fietsenstalling", false), tp).empty());  // nothing to correct
  CHECK(corrected_query(db, read_query("qqqqqqqq", false), tp).empty());  // nothing close: unchanged
  CHECK(corrected_query(db, read_query("fietsenstaling NOT titel:fietsenstaling", false), tp) ==
        "fietsenstalling NOT titel:fietsenstalling");
}

TEST_CASE("spelling: the search shows the corrected query's results when they are more, never for a known word") {
  test::TinyIndex idx({
      {"cases/a.md", test::md_article("Aanbesteding", "Een aanbesteding voor elektrische bussen.")},
      {"cases/b.md", test::md_article("Aanbesteding zorg", "De aanbesteding van zorg.")},
      {"cases/c.md", test::md_article("Buses", "Electric buses for the city.", "language: en\n")},
  });
  Searcher s(idx.path(), idx.schema());
  SearchRequest req;
  req.q = "aanbestding";
  auto r = s.search(req);
  REQUIRE(r.ok());
  CHECK(r->corrected_from == "aanbestding");
  CHECK(r->q == "aanbesteding");
  CHECK(r->total == 2);
  CHECK(r->suggestion.empty());

  // As typed on request, with the correction as a suggestion.
  req.correct = false;
  auto typed = s.search(req);
  REQUIRE(typed.ok());
  CHECK(typed->total == 0);
  CHECK(typed->corrected_from.empty());
  CHECK(typed->suggestion == "aanbesteding");

  // "buses" is a word of the index: never turned into "uses" or anything.
  req.correct = true;
  req.q = "electric buses";
  auto known = s.search(req);
  REQUIRE(known.ok());
  CHECK(known->corrected_from.empty());
  CHECK(known->suggestion.empty());
  CHECK(known->total == 1);
}
