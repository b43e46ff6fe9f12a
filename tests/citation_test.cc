#include <doctest/doctest.h>

#include "citation.h"

using namespace casebase::serve;

namespace {

CiteWords dutch() {
  CiteWords w;
  w.undated = "z.d.";
  w.months = {"januari", "februari", "maart",     "april",   "mei",      "juni",
              "juli",    "augustus", "september", "oktober", "november", "december"};
  w.day_month_year = "{year}, {day} {month}";
  w.source = "Bron:";
  return w;
}

CitationInput den_haag() {
  CitationInput in;
  in.id = "cases/den-haag";
  in.title = "Slim inkopen";
  in.authors = {"Gemeente Den Haag"};
  in.date = "2023-05-01";
  in.permalink = "https://kb.example/articles/cases/den-haag";
  return in;
}

}  // namespace

TEST_CASE("citation: APA dates in both languages, undated as n.d. or z.d.") {
  struct Case {
    const char* date;
    const char* en;
    const char* nl;
  };
  const Case cases[] = {
      {"2023-05-01", "2023, May 1", "2023, 1 mei"}, {"2019-08", "2019, August", "2019, augustus"},
      {"2021", "2021", "2021"},                     {"", "n.d.", "z.d."},
      {"20x1", "n.d.", "z.d."},                     {"2020-13", "2020", "2020"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.date);
    CHECK(apa_date(c.date, CiteWords{}) == c.en);
    CHECK(apa_date(c.date, dutch()) == c.nl);
  }
}

TEST_CASE("citation: APA with one, two, three or no organisations") {
  struct Case {
    std::vector<std::string> authors;
    const char* expected;
  };
  const Case cases[] = {
      {{"Gemeente Den Haag"},
       "Gemeente Den Haag. (2023, May 1). Slim inkopen. Casebase. https://kb.example/articles/cases/den-haag"},
      {{"Gemeente A", "Provincie B"},
       "Gemeente A & Provincie B. (2023, May 1). Slim inkopen. Casebase. https://kb.example/articles/cases/den-haag"},
      {{"A", "B", "C"}, "A, B, & C. (2023, May 1). Slim inkopen. Casebase. https://kb.example/articles/cases/den-haag"},
      {{}, "Slim inkopen. (2023, May 1). Casebase. https://kb.example/articles/cases/den-haag"},
      {{"  ", "Rijkswaterstaat B.V."},
       "Rijkswaterstaat B.V. (2023, May 1). Slim inkopen. Casebase. https://kb.example/articles/cases/den-haag"},
  };
  for (const auto& c : cases) {
    CitationInput in = den_haag();
    in.authors = c.authors;
    CAPTURE(c.expected);
    CHECK(apa_citation(in, CiteWords{}) == c.expected);
  }
}

TEST_CASE("citation: APA undated in Dutch, with a source and a title over two lines") {
  CitationInput in = den_haag();
  in.date = "";
  in.title = "Slim\n  inkopen?";
  in.source_url = "https://www.pianoo.nl/x";
  CHECK(apa_citation(in, dutch()) ==
        "Gemeente Den Haag. (z.d.). Slim inkopen? Casebase. https://kb.example/articles/cases/den-haag Bron: "
        "https://www.pianoo.nl/x");
}

TEST_CASE("citation: BibTeX escapes LaTeX's special characters") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"R&D 50%", "R\\&D 50\\%"},
      {"a_b #1 $2", "a\\_b \\#1 \\$2"},
      {"{x} \\y", "\\{x\\} \\textbackslash{}y"},
      {"~^", "\\textasciitilde{}\\textasciicircum{}"},
      {"Zoë’s café", "Zoë’s café"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(bibtex_escape(c.in) == c.out);
  }
}

TEST_CASE("citation: a BibTeX entry, dated and undated, with and without organisation") {
  CitationInput in = den_haag();
  in.title = "Inkopen & innoveren {100%}";
  in.authors = {"Gemeente Den Haag", "R&D_Lab"};
  in.source_url = "https://x.example/a b{c}";
  CHECK(bibtex_citation(in) ==
        "@misc{casebase:cases/den-haag,\n"
        "  author = {{Gemeente Den Haag} and {R\\&D\\_Lab}},\n"
        "  title = {{Inkopen \\& innoveren \\{100\\%\\}}},\n"
        "  year = {2023},\n"
        "  publisher = {Casebase},\n"
        "  howpublished = {\\url{https://kb.example/articles/cases/den-haag}},\n"
        "  url = {https://kb.example/articles/cases/den-haag},\n"
        "  note = {\\url{https://x.example/a%20b%7Bc%7D}},\n"
        "}");
  in.authors.clear();
  in.date.clear();
  in.source_url.clear();
  const std::string bare = bibtex_citation(in);
  CHECK(bare.find("author") == std::string::npos);
  CHECK(bare.find("year") == std::string::npos);
  CHECK(bare.find("note") == std::string::npos);
  CHECK(bare.find("title = {{Inkopen") != std::string::npos);
}
