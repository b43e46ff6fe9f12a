#include <doctest/doctest.h>

#include "casebase/stored.h"

using namespace casebase;

TEST_CASE("stored: articles, items and bodies read back as written") {
  StoredArticle a{"cases/den-haag", "cases/den-haag.md", "Den Haag", "Zon op scholen", "nl", "case", "2019-06",
                  {{"themes", {"energie", "onderwijs"}}, {"organisation", {}}},
                  {{"lesson", "les-1", "Begin klein."}, {"pro", "voordeel-1", "Goedkoop."}}};
  auto back = decode_stored(encode_stored(a));
  REQUIRE(back.ok());
  REQUIRE(std::holds_alternative<StoredArticle>(*back));
  CHECK(std::get<StoredArticle>(*back) == a);

  // An item stores what is its own; the rest comes from its case.
  StoredItem i{"cases/den-haag#les-1", "cases/den-haag", "Den Haag", "les-1", "lesson", "les", "Begin klein.", "nl",
               "2019-06", a.fields};
  auto bi = decode_stored(encode_stored(i));
  REQUIRE(bi.ok());
  REQUIRE(std::holds_alternative<StoredItem>(*bi));
  StoredItem back_item = std::get<StoredItem>(*bi);
  CHECK(back_item.id == "cases/den-haag#les-1");
  CHECK(back_item.case_id == "cases/den-haag");
  CHECK(back_item.section == "les");
  CHECK(back_item.text.empty());
  complete_item(back_item, a);
  CHECK(back_item == i);
  CHECK(stored_id(*bi) == "cases/den-haag#les-1");

  // An article's data holds its body after the article: text and Markdown
  // may hold anything, NULs included.
  StoredBody b{std::string("# Kop\n\nTekst \0 met NUL", 22), 7,
               {{"les", "Geleerde lessen", "geleerde-lessen", "Begin klein."}}, std::string("Kop Tekst\0", 10),
               "---\ntitle: \"Kop\"\r\n---\n"};
  const std::string data = encode_stored(a, b);
  auto ab = decode_stored(data);
  REQUIRE(ab.ok());
  CHECK(std::get<StoredArticle>(*ab) == a);
  auto bb = decode_body(data);
  REQUIRE(bb.ok());
  CHECK(*bb == b);
  auto lean = decode_body(data, false);
  REQUIRE(lean.ok());
  CHECK(lean->markdown.empty());
  CHECK(lean->front_matter.empty());
  CHECK(lean->text == b.text);
  CHECK(lean->sections == b.sections);
}

TEST_CASE("stored: decoding is lenient with missing keys and strict with non-documents") {
  struct Case {
    std::string data;
    bool ok;
    std::string id;
  };
  const Case cases[] = {
      {R"({"kind":"article","id":"a"})", true, "a"},
      {R"({"id":"b","fields":{"themes":"not a list"}})", true, "b"},
      {R"({"kind":"item","id":"c#1","text":7})", true, "c#1"},
      {"", false, ""},
      {"[1,2]", false, ""},
      {"{not json", false, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.data);
    auto d = decode_stored(c.data);
    CHECK(d.ok() == c.ok);
    if (d.ok()) CHECK(stored_id(*d) == c.id);
  }
  CHECK_FALSE(decode_body("nope").ok());
  CHECK_FALSE(decode_body(encode_stored(StoredArticle{})).ok());  // no body
  CHECK_FALSE(decode_body(std::string("{}\0{\"text_bytes\":99}\0short", 26)).ok());  // cut short
  auto body = decode_body(std::string("{}\0{}\0", 6));
  REQUIRE(body.ok());
  CHECK(body->body_line == 1);
}

TEST_CASE("stored: invalid UTF-8 is replaced, never an error") {
  StoredArticle a;
  a.title = std::string("caf\xC3", 4);
  auto back = decode_stored(encode_stored(a));
  REQUIRE(back.ok());
  CHECK(std::get<StoredArticle>(*back).title == "caf\xEF\xBF\xBD");
}
