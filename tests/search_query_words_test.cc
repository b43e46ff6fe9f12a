#include <doctest/doctest.h>

#include "search/query_words.h"

using namespace casebase::search;

TEST_CASE("query_words: capitalised words are lower-cased, names and field values are not") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"Hypothalamic neurons", "hypothalamic neurons"},
      {"DNA repair", "DNA repair"},
      {"mRNA Vaccines", "mRNA vaccines"},
      {"title:Foo Bar", "title:Foo bar"},
      {"A b", "A b"},  // one letter: left alone
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(lower_capitalised(c.in) == c.out);
  }
}

TEST_CASE("query_words: plain words are lower-case runs of letters, digits and UTF-8") {
  struct Case {
    std::string in;
    std::vector<std::string> words;
  };
  const Case cases[] = {
      {"Fiets-stalling 2020", {"fiets", "stalling", "2020"}},
      {"\"zon op\" daken", {"zon", "op", "daken"}},
      {"  ", {}},
      {"café", {"café"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(plain_words(c.in) == c.words);
  }
}

TEST_CASE("query_words: read_query folds accents and lower-cases only when asked") {
  auto q = read_query("Ideeën Fiets", false);
  CHECK(q.folded == "Ideeen Fiets");
  CHECK(q.parse_text == "Ideeen Fiets");
  CHECK(q.words == std::vector<std::string>{"ideeen", "fiets"});
  CHECK(read_query("Ideeën Fiets", true).parse_text == "ideeen fiets");
}
