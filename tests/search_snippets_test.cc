#include <doctest/doctest.h>

#include "search/snippets.h"
#include "stemmer.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("snippets: needles are the query's words without prefixes, cut by two bytes") {
  struct Case {
    std::vector<std::string> terms;
    std::vector<std::string> needles;
  };
  const Case cases[] = {
      {{"gemeente"}, {"gemeen"}},
      {{"Sfietsen", "XLANGnl"}, {"fiets"}},
      {{"Zhuis"}, {"hui"}},
      {{"op"}, {"op"}},
      {{"XLANGen"}, {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.terms.front());
    Xapian::Query q(Xapian::Query::OP_OR, c.terms.begin(), c.terms.end());
    CHECK(snippet_needles(q) == c.needles);
  }
}

TEST_CASE("snippets: candidates are word starts, folded, at most max") {
  struct Case {
    std::string text;
    std::vector<std::string> needles;
    size_t max;
    std::vector<size_t> at;
  };
  const Case cases[] = {
      {"De fiets en de Fietser", {"fiets"}, 5, {3, 15}},
      {"bakfiets", {"fiets"}, 5, {}},
      {"fiets fiets fiets fiets", {"fiets"}, 2, {0, 6}},
      {"Idéeën en ideeen", {"ideeen"}, 5, {0, 10}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(snippet_candidates(c.text, c.needles, c.max) == c.at);
  }
}

TEST_CASE("snippets: browsing shows the escaped start, cut on a character") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"a < b", "a &lt; b"},
      {std::string(240, 'x'), std::string(240, 'x')},
      {std::string(241, 'x'), std::string(240, 'x') + "…"},
      {std::string(239, 'x') + "é", std::string(239, 'x') + "…"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in.size());
    CHECK(browse_snippet(c.in) == c.out);
  }
}

TEST_CASE("snippets: a match deep in a long text is found and marked") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  Xapian::Enquire e(db);
  const Xapian::Query q("fietsenstalling");
  e.set_query(q);
  Xapian::MSet mset = e.get_mset(0, 10);
  std::string text;
  for (int i = 0; i < 200; ++i) text += "woord ";
  text += "een fietsenstalling hier";
  const Xapian::Stem stem(new MemoStem(Xapian::Stem("dutch")));
  std::string sn = windowed_snippet(mset, text, 200, stem, {snippet_needles(q), snippet_forms(q)});
  CHECK(sn.find("<mark>fietsenstalling</mark>") != std::string::npos);
  CHECK(sn.rfind("…", 0) == 0);
  CHECK(windowed_snippet(mset, "geen treffer", 200, stem, {snippet_needles(q), snippet_forms(q)}) == "");
}

TEST_CASE("snippets: mark_words marks accented words and field matches Xapian's snippet leaves bare") {
  Xapian::Stem stem("dutch");
  const Xapian::Query q(Xapian::Query::OP_OR, Xapian::Query("Zideeen"), Xapian::Query("ZSinnovatieprogramma"));
  const std::set<std::string> forms = snippet_forms(q);
  CHECK(forms == std::set<std::string>{"ideeen", "innovatieprogramma"});
  CHECK(mark_words("Nieuwe ideeën voor het innovatieprogramma…", forms, stem) ==
        "Nieuwe <mark>ideeën</mark> voor het <mark>innovatieprogramma</mark>…");
  // Tags, entities, the ellipsis and marked words stay as they are.
  CHECK(mark_words("…<mark>ideeen</mark> &amp; <b title=\"ideeen\">x</b> &ideeen; Ideeën", forms, stem) ==
        "…<mark>ideeen</mark> &amp; <b title=\"ideeen\">x</b> &ideeen; <mark>Ideeën</mark>");
  CHECK(mark_words("", forms, stem).empty());
  CHECK(mark_words("niets hier", forms, stem) == "niets hier");
}
