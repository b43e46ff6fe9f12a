#include <doctest/doctest.h>

#include "casebase/searcher.h"
#include "casebase/stored.h"
#include "search/match.h"
#include "search/query_words.h"
#include "search/weight.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("match: sort orders, paging and the facet spy") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  SearchRequest req;
  auto filters = plan_filters(req, idx.schema());
  REQUIRE(filters.ok());
  auto weight = make_weight(idx.schema().ranking);
  auto cache = build_facet_cache(db, {static_cast<Xapian::valueno>(idx.schema().field("themes")->slot)});
  struct Case {
    SortOrder sort;
    bool browse;
    Xapian::doccount first, count;
    std::vector<std::string> dates;  // kSlotDate of the hits, in order
  };
  const Case cases[] = {
      {SortOrder::kNewest, false, 0, 10, {"20210301", "20200110", "20190615"}},
      {SortOrder::kOldest, false, 0, 10, {"20190615", "20200110", "20210301"}},
      {SortOrder::kRelevance, true, 0, 10, {"20210301", "20200110", "20190615"}},
      {SortOrder::kNewest, false, 1, 1, {"20200110"}},
  };
  for (const auto& c : cases) {
    CAPTURE(to_string(c.sort));
    CAPTURE(c.first);
    MatchRun run = run_match(db, Xapian::Query(std::string()), {*filters, *weight, c.sort, c.browse, cache.get(),
                                                                c.first, c.count});
    CHECK(run.mset.get_matches_estimated() == 3);
    std::vector<std::string> dates;
    for (auto it = run.mset.begin(); it != run.mset.end(); ++it) dates.push_back(it.get_document().get_value(kSlotDate));
    CHECK(dates == c.dates);
    REQUIRE(run.spy);
    auto counts = run.spy->counts(static_cast<Xapian::valueno>(idx.schema().field("themes")->slot));
    CHECK(counts["mobiliteit"] == 2);
    CHECK(counts["energie"] == 1);
  }
  MatchRun none = run_match(db, Xapian::Query("fietsen"), {*filters, *weight, SortOrder::kRelevance, false, nullptr, 0, 10});
  CHECK_FALSE(none.spy);
  CHECK(none.text.get_description() == Xapian::Query("fietsen").get_description());
}

TEST_CASE("match=last (the default): articles with every word first, then those with some, matched_all counts them") {
  test::TinyIndex idx({
      {"cases/a.md", test::md_article("Zonnepanelen", "Zonnepanelen, zonnepanelen en nog eens zonnepanelen.")},
      {"cases/b.md", test::md_article("Prullenbakken",
                                      "Een lange tekst over de stad, met zonnepanelen op de bakken voor afval, "
                                      "over bewoners, buurten, straten, pleinen en parken in de hele gemeente.")},
      {"cases/c.md", test::md_article("Inzameling", "Afval en nog eens afval.")},
      {"cases/d.md", test::md_article("Fietsen", "Over fietsen.")},
      // "afval" is common, so it adds little to b's score.
      {"cases/e.md", test::md_article("Scheiden", "Afval scheiden in de wijk.")},
      {"cases/f.md", test::md_article("Containers", "Containers voor afval.")},
      {"cases/g.md", test::md_article("Statiegeld", "Minder afval door statiegeld.")},
  });
  Searcher s(idx.path(), idx.schema());
  auto ids = [](const SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(stored_id(h.doc));
    return out;
  };
  SearchRequest req;
  req.q = "zonnepanelen afval";
  auto last = s.search(req);
  REQUIRE(last.ok());
  CHECK(last->total == 6);
  CHECK(last->matched_all == 1);
  CHECK_FALSE(last->or_fallback);
  REQUIRE(last->hits.size() == 6);
  CHECK(ids(*last)[0] == "cases/b");
  CHECK(last->hits[0].score < kAllWordsBonus);  // the bonus is not shown
  CHECK(last->hits[0].score > 0);

  // Plain OR ranks the short article with the rare word thrice above it.
  req.match = MatchMode::kAny;
  auto any = s.search(req);
  REQUIRE(any.ok());
  CHECK(any->total == 6);
  CHECK(ids(*any)[0] == "cases/a");

  req.match = MatchMode::kAll;
  auto all = s.search(req);
  REQUIRE(all.ok());
  CHECK(ids(*all) == std::vector<std::string>{"cases/b"});
  CHECK(all->matched_all == 1);

  // By date, the default keeps to the articles with every word.
  req.match = MatchMode::kLast;
  req.sort = SortOrder::kNewest;
  auto newest = s.search(req);
  REQUIRE(newest.ok());
  CHECK(ids(*newest) == std::vector<std::string>{"cases/b"});

  // No article with both words: every article with one, said so.
  req.sort = SortOrder::kRelevance;
  req.q = "fietsen afval";
  auto none = s.search(req);
  REQUIRE(none.ok());
  CHECK(none->total == 6);
  CHECK(none->matched_all == 0);
  CHECK(none->or_fallback);

  // One word: everything matches it all.
  req.q = "afval";
  auto one = s.search(req);
  REQUIRE(one.ok());
  CHECK(one->total == 5);
  CHECK(one->matched_all == 5);

  // matched_all is counted in the ranking match; it equals the number of
  // articles match=all finds, with feedback expanding the query or not.
  for (const char* q : {"zonnepanelen afval", "afval", "bakken afval", "stad afval zonnepanelen", "fietsen afval"}) {
    for (bool prf : {false, true}) {
      CAPTURE(q);
      CAPTURE(prf);
      req.q = q;
      req.prf = prf;
      req.match = MatchMode::kAll;
      req.or_fallback = false;
      auto every = s.search(req);
      req.match = MatchMode::kLast;
      auto ranked = s.search(req);
      REQUIRE(every.ok());
      REQUIRE(ranked.ok());
      CHECK(ranked->matched_all == every->total);
    }
  }
}

TEST_CASE("questions: function and question words of either language neither match nor are marked, quoted they count") {
  test::TinyIndex idx({
      {"cases/nl.md", test::md_article("Fietsen", "Wie heeft een fietsenstalling gebouwd? De gemeente bouwde een stalling.")},
      {"cases/en.md", test::md_article("Who", "Who has the answer? The city has one for the Dutch word wie heeft een.",
                                       "language: en\n")},
  });
  Searcher s(idx.path(), idx.schema());
  SearchRequest req;
  req.q = "wie heeft een fietsenstalling?";
  auto r = s.search(req);
  REQUIRE(r.ok());
  REQUIRE(r->total == 1);  // the English article has "wie heeft een", which decide nothing
  CHECK(stored_id(r->hits[0].doc) == "cases/nl");
  CHECK(r->hits[0].snippet.find("<mark>fietsenstalling</mark>") != std::string::npos);
  for (const char* w : {"<mark>Wie</mark>", "<mark>wie</mark>", "<mark>een</mark>", "<mark>heeft</mark>"}) {
    CAPTURE(w);
    CHECK(r->hits[0].snippet.find(w) == std::string::npos);
  }
  req.q = "who has the fietsenstalling";  // English function words in a Dutch query
  auto en = s.search(req);
  REQUIRE(en.ok());
  CHECK(en->total == 1);
  req.q = "\"wie heeft een\"";  // quoted: a phrase, stop words and all
  auto quoted = s.search(req);
  REQUIRE(quoted.ok());
  CHECK(quoted->total == 2);
}

TEST_CASE("operators: a query of only excluded words means every article but those") {
  test::TinyIndex idx({
      {"cases/a.md", test::md_article("Energie", "Over energie.", "date: 2021-01\n")},
      {"cases/b.md", test::md_article("Afval", "Over afval.", "date: 2022-01\n")},
      {"cases/c.md", test::md_article("Fietsen", "Over fietsen.", "date: 2023-01\n")},
  });
  Searcher s(idx.path(), idx.schema());
  auto ids = [&](const std::string& q) {
    SearchRequest req;
    req.q = q;
    auto r = s.search(req);
    REQUIRE(r.ok());
    std::vector<std::string> out;
    for (const auto& h : r->hits) out.push_back(stored_id(h.doc));
    return out;
  };
  using V = std::vector<std::string>;
  CHECK(ids("-energie") == V{"cases/c", "cases/b"});  // newest first, as when browsing
  CHECK(ids("NOT energie") == V{"cases/c", "cases/b"});
  CHECK(ids("-energie -afval") == V{"cases/c"});
  CHECK(ids("fietsen -energie") == V{"cases/c"});
  CHECK(ids("energie") == V{"cases/a"});
  CHECK(search::negated_words("-energie NOT afval") == "energie afval");
  CHECK(search::negated_words("fietsen -energie").empty());
  CHECK(search::negated_words("\"-a b\"").empty());
  CHECK(search::negated_words("NOT").empty());
}

TEST_CASE("operators: a phrase inside a field prefix finds the phrase in that field") {
  test::TinyIndex idx({
      {"cases/a.md", test::md_article("Zwolle koopt slim in", "Tekst.\n\n## Geleerde lessen\n\n- Zorg dat er ruimte is voor falen.\n")},
      {"cases/b.md", test::md_article("Slim koopt Zwolle", "Over de stad.")},
      {"cases/c.md", test::md_article("Tuinen", "In de tekst: Zwolle koopt slim, niet in de titel.")},
  });
  Searcher s(idx.path(), idx.schema());
  auto total = [&](const std::string& q) {
    SearchRequest req;
    req.q = q;
    auto r = s.search(req);
    REQUIRE(r.ok());
    return r->total;
  };
  CHECK(total("title:\"zwolle koopt\"") == 1);  // b has both words in its title, not as the phrase; c only in its text
  CHECK(total("les:\"ruimte is voor falen\"") == 1);
  CHECK(total("\"zwolle koopt\"") == 2);  // a and c
  CHECK(total("title:\"koopt zwolle\"") == 1);  // b
}

TEST_CASE("browse: a whole scope is paged from its tally, and equals a full match of it") {
  // 30 articles over 5 dates and 4 undated, with themes and lessons (items
  // are outside the default scope), so every order has ties.
  std::vector<std::pair<std::string, std::string>> files;
  const char* dates[] = {"2021-03-01", "2022-01-15", "2021-03-01", "2019-11-30", "2022-01-15", ""};
  const char* themes[] = {"energie", "mobiliteit", "energie, mobiliteit", "water"};
  for (int i = 0; i < 30; ++i) {
    std::string extra = std::string("themes: [") + themes[i % 4] + "]\n";
    if (*dates[i % 6]) extra += std::string("date: ") + dates[i % 6] + "\n";
    files.push_back({"cases/c" + std::to_string(i) + ".md",
                     test::md_article("Casus " + std::to_string(i), "Tekst.\n\n## Geleerde lessen\n\n- Een les.\n", extra)});
  }
  test::TinyIndex idx(files);
  Searcher s(idx.path(), idx.schema());
  auto summary = [](const SearchResponse& r) {
    std::string out = "total " + std::to_string(r.total) + " undated " + std::to_string(r.undated) + "\n";
    for (const auto& h : r.hits) out += stored_id(h.doc) + "\n";
    for (const auto& f : r.facets) {
      out += f.key + ":";
      for (const auto& v : f.values) out += " " + v.value + "=" + std::to_string(v.count) + (v.selected ? "*" : "");
      out += "\n";
    }
    return out;
  };
  struct Case {
    const char* name;
    std::map<std::string, std::vector<std::string>> filters;
    int year_from;
  };
  // No filter (the page from the tally), one facet or the year selected
  // (that facet's counts and the undated from the tally).
  const Case cases[] = {{"none", {}, 0}, {"themes", {{"themes", {"energie"}}}, 0}, {"year", {}, 2021},
                        {"two", {{"themes", {"water"}}}, 2020}};
  for (const auto& c : cases) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
      for (int page = 1; page <= 6; ++page) {
        CAPTURE(c.name);
        CAPTURE(static_cast<int>(sort));
        CAPTURE(page);
        SearchRequest req;
        req.filters = c.filters;
        req.year_from = c.year_from;
        req.sort = sort;
        req.page = page;
        req.per_page = 7;
        auto browse = s.search(req);
        // Every article but those with a word no article has: the same
        // documents through a full match.
        req.q = "-zzyzx";
        auto full = s.search(req);
        REQUIRE(browse.ok());
        REQUIRE(full.ok());
        CHECK(summary(*browse) == summary(*full));
        if (c.filters.empty() && !c.year_from) CHECK(browse->total == 30);
      }
    }
  }
  // The match itself: a page read from the tally equals the page of a full match.
  auto db = idx.db();
  SearchRequest req;
  auto filters = plan_filters(req, idx.schema());
  REQUIRE(filters.ok());
  auto weight = make_weight(idx.schema().ranking);
  FacetCacheHolder holder;
  auto cache = current_facets(holder, db, idx.schema());
  auto tally = scope_tally(*cache, db, *filters);
  CHECK(tally->total == 30);
  CHECK(tally->undated == 5);
  CHECK(scope_tally(*cache, db, *filters) == tally);  // built once per revision
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
    for (Xapian::doccount first : {0u, 4u, 25u, 29u, 30u}) {
      CAPTURE(static_cast<int>(sort));
      CAPTURE(first);
      MatchSpec spec{*filters, *weight, sort, true, cache.get(), first, 4};
      MatchRun full = run_match(db, Xapian::Query(std::string()), spec);
      spec.tally = tally.get();
      MatchRun paged = run_match(db, Xapian::Query(std::string()), spec);
      CHECK(paged.total == full.total);
      std::vector<Xapian::docid> a, b;
      for (auto it = full.mset.begin(); it != full.mset.end(); ++it) a.push_back(*it);
      for (auto it = paged.mset.begin(); it != paged.mset.end(); ++it) b.push_back(*it);
      CHECK(a == b);
      for (const FieldSpec* f : idx.schema().facets()) {
        CHECK(paged.spy->counts(static_cast<Xapian::valueno>(f->slot)) ==
              full.spy->counts(static_cast<Xapian::valueno>(f->slot)));
      }
    }
  }
}
