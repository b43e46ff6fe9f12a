#include <doctest/doctest.h>

#include "search/language_guess.h"
#include "search_fixture.h"

using namespace casebase;

TEST_CASE("language_guess: the language whose articles use the words most, or none") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  struct Case {
    std::vector<std::string> words;
    std::string lang;
  };
  const Case cases[] = {
      {{"fietsen"}, "nl"},
      {{"cycling"}, "en"},
      // Items count too: four of the five Dutch documents (the case and its
      // items carry its title), the one English: too close to call.
      {{"fietsen", "cycling"}, ""},
      {{}, ""},
      {{"onbekend"}, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.words.size());
    CAPTURE(c.lang);
    CHECK(search::guess_language(db, idx.schema(), c.words) == c.lang);
  }
  Schema one = idx.schema();
  one.stemmers = {{"nl", "kraaij_pohlmann"}};
  CHECK(search::guess_language(db, one, {"fietsen"}) == "");
}
