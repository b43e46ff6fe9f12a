#include <doctest/doctest.h>

#include "casebase/stored.h"
#include "prepared_article.h"
#include "search_fixture.h"

using namespace casebase;

TEST_CASE("document_builder: spelling words are plain words of three bytes or more") {
  struct Case {
    std::string term;
    bool word;
  };
  const Case cases[] = {{"gemeente", true}, {"Zgemeent", false}, {"XTHEMEenergie", false},
                        {"op", false},      {"één", true},       {"2021", false}};
  for (const auto& c : cases) {
    CAPTURE(c.term);
    CHECK(is_spelling_word(c.term) == c.word);
  }
}

TEST_CASE("document_builder: an article and one item per bullet, with typed stored data") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  auto doc_of = [&](const std::string& id) {
    Xapian::PostingIterator p = db.postlist_begin(std::string(kIdPrefix) + id);
    REQUIRE(p != db.postlist_end(std::string(kIdPrefix) + id));
    return db.get_document(*p);
  };
  Xapian::Document art = doc_of("cases/fiets");
  auto a = decode_stored(art.get_data());
  REQUIRE(a.ok());
  const auto& sa = std::get<StoredArticle>(*a);
  CHECK(sa.title == "Fietsen in Den Haag");
  CHECK(sa.fields.at("themes") == std::vector<std::string>{"mobiliteit"});
  REQUIRE(sa.items.size() == 3);
  CHECK(sa.items[0].type == "lesson");
  CHECK(sa.items[2].type == "pro");
  CHECK(art.get_value(kSlotTitle) == "Fietsen in Den Haag");
  auto body = decode_body(art.get_data());
  REQUIRE(body.ok());
  CHECK(body->markdown.find("## Geleerde lessen") != std::string::npos);
  REQUIRE(body->sections.size() == 2);
  CHECK(body->sections[0].name == "les");
  CHECK(body->text.find("Begin klein met de fietsenstalling.") != std::string::npos);

  struct Case {
    std::string id, type, section, text;
  };
  const Case items[] = {
      {"cases/fiets#" + sa.items[0].anchor, "lesson", "les", "Begin klein met de fietsenstalling."},
      {"cases/fiets#" + sa.items[2].anchor, "pro", "voordeel", "Minder verkeer in de wijk."},
  };
  for (const auto& c : items) {
    CAPTURE(c.id);
    auto d = decode_stored(doc_of(c.id).get_data());
    REQUIRE(d.ok());
    auto& it = std::get<StoredItem>(*d);
    CHECK(it.text.empty());  // the case has it
    complete_item(it, sa);
    CHECK(it.case_id == "cases/fiets");
    CHECK(it.case_title == "Fietsen in Den Haag");
    CHECK(it.type == c.type);
    CHECK(it.section == c.section);
    CHECK(it.text == c.text);
    CHECK(it.fields.at("organisation") == std::vector<std::string>{"Gemeente Den Haag"});
  }
}
