#include <doctest/doctest.h>

#include "casebase/language.h"
#include "search/spelling.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("spelling: a correction is looked for only when a query found little and has an unknown word") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  struct Case {
    size_t total;
    std::vector<std::string> words;
    bool wants;
  };
  const Case cases[] = {
      {0, {"fietsen"}, true}, {1, {"fietsen"}, false}, {1, {"fietsan"}, true},
      {2, {"gemeente", "fietsan"}, true}, {3, {"fietsan"}, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.total);
    CHECK(wants_suggestion(db, c.total, c.words) == c.wants);
  }
}

TEST_CASE("spelling: the default language's correction, empty when it is the query") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  Stoppers stop;
  for (const auto& [lang, name] : idx.schema().stemmers) {
    auto st = std::make_unique<Xapian::SimpleStopper>();
    for (const auto& w : stop_words(name)) st->add(w);
    stop.emplace(lang, std::move(st));
  }
  const TextParser tp{db, idx.schema(), stop, 200, make_stems(idx.schema())};
  CHECK(spelling_suggestion(tp, read_query("fietsenstaling", false), "") == "fietsenstalling");
  CHECK(spelling_suggestion(tp, read_query("fietsenstalling", false), "") == "");
}
