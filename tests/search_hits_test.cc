#include <doctest/doctest.h>

#include "search/hits.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("hits: every hit field of the schema, as a list, empty when absent") {
  Schema s = default_schema();
  struct Case {
    StoredFields fields;
    StoredFields out;
  };
  const Case cases[] = {
      {{{"organisation", {"Gemeente X"}}, {"themes", {"energie"}}}, {{"organisation", {"Gemeente X"}}}},
      {{{"themes", {"energie"}}}, {{"organisation", {}}}},
  };
  for (const auto& c : cases) CHECK(hit_fields(s, c.fields) == c.out);
  for (auto& f : s.fields) f.hit = f.key == "themes" || f.key == "region";
  CHECK(hit_fields(s, cases[0].fields) == StoredFields{{"region", {}}, {"themes", {"energie"}}});
  for (auto& f : s.fields) f.hit = false;
  CHECK(hit_fields(s, cases[0].fields).empty());
}

TEST_CASE("hits: a match in an item section is preferred, items and browsing have their own snippets") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  const Xapian::Query text("Zklein");  // only in the lessons of cases/fiets
  struct Case {
    std::string kind;  // XITEM…
    bool browse;
    std::string id, section, snippet_part;
  };
  const Case cases[] = {
      {"article", false, "cases/fiets", "les", "<mark>klein</mark>"},
      {"lesson", false, "cases/fiets#les-1", "", "<mark>klein</mark>"},
      {"lesson", true, "cases/fiets#les-1", "", "Begin klein met de fietsenstalling."},
  };
  for (const auto& c : cases) {
    CAPTURE(c.kind);
    Xapian::Enquire e(db);
    e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, text, Xapian::Query("XITEM" + c.kind)));
    auto hits = make_hits(db, e.get_mset(0, 10), idx.schema(), c.browse ? nullptr : &text);
    REQUIRE(hits.size() == 1);
    CHECK(stored_id(hits[0].doc) == c.id);
    CHECK(hits[0].snippet_section == c.section);
    CHECK(hits[0].snippet.find(c.snippet_part) != std::string::npos);
    CHECK(hits[0].hit_fields.at("organisation") == std::vector<std::string>{"Gemeente Den Haag"});
    if (const auto* item = std::get_if<StoredItem>(&hits[0].doc)) {  // completed from its case
      CHECK(item->case_title == "Fietsen in Den Haag");
      CHECK(item->text == "Begin klein met de fietsenstalling.");
      CHECK(item->language == "nl");
    }
  }
}
