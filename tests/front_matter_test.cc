#include <doctest/doctest.h>

#include "casebase/front_matter.h"

using namespace casebase;

TEST_CASE("front matter: good input") {
  auto r = parse_front_matter("---\ntitle: Hallo\nthemes: [a, b]\nnested:\n  x: 1\n---\n\nBody text\n", "f.md");
  REQUIRE(r.ok());
  CHECK(r->present);
  REQUIRE(r->get("title"));
  CHECK(r->get("title")->items == std::vector<std::string>{"Hallo"});
  CHECK(r->get("title")->line == 2);
  CHECK(r->get("themes")->is_list);
  CHECK(r->get("themes")->items == std::vector<std::string>{"a", "b"});
  CHECK(r->get("themes")->line == 3);
  CHECK(r->get("nested")->is_map);
  CHECK(r->body == "\nBody text\n");
  CHECK(r->body_line == 7);
}

TEST_CASE("front matter: none, BOM and empty") {
  auto none = parse_front_matter("# Title\n\ntext", "f.md");
  REQUIRE(none.ok());
  CHECK_FALSE(none->present);
  CHECK(none->body == "# Title\n\ntext");
  auto bom = parse_front_matter("\xEF\xBB\xBF---\ntitle: X\n---\nbody", "f.md");
  REQUIRE(bom.ok());
  CHECK(bom->get("title")->items.front() == "X");
  auto empty = parse_front_matter("---\n---\nbody", "f.md");
  REQUIRE(empty.ok());
  CHECK(empty->values.empty());
  CHECK(empty->body == "body");
}

TEST_CASE("front matter: errors carry file:line:col, exact text and a diagnostic code") {
  struct Case {
    std::string in;
    std::string err;
    std::string code;
  };
  const Case cases[] = {
      {"---\ntitle: x\n", "f.md:1:1: error: front matter opened with `---` on line 1 is never closed (add a line `---` after it)", "unclosed-front-matter"},
      {"---\n- a\n---\n", "f.md:2:1: error: front matter must be a mapping of `key: value` lines", "not-a-mapping"},
      {"---\na: &x 1\nb: *x\n---\n", "f.md:2:4: error: YAML anchors are not allowed in front matter (quote the value if it starts with `&`)", "yaml-alias"},
      {"---\ntitle: \"open\n---\n", "f.md:2:8: error: quoted value is never closed (missing `\"`)", "bad-yaml"},
      {"---\ndeck: |\n  \"quoted text\ntitle: \"open\n---\n", "f.md:4:8: error: quoted value is never closed (missing `\"`)", "bad-yaml"},
      {"---\nitems:\n- text: |\n    hallo\n  title: \"open\n---\n", "f.md:5:10: error: quoted value is never closed (missing `\"`)", "bad-yaml"},
      {"---\ndeck: &a |\n  \"quoted text\n---\n", "f.md:2:7: error: YAML anchors are not allowed in front matter (quote the value if it starts with `&`)", "yaml-alias"},
      {"---\ntitle: [a\n---\n", "f.md:3:1: error: invalid YAML in front matter: end of sequence flow not found", "bad-yaml"},
      {"---\ntitle: caf\xe9\n---\n", "f.md:2:11: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8", "invalid-utf8"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    auto r = parse_front_matter(c.in, "f.md");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().to_string() == c.err);
    CHECK(diag_name(r.status().diag_code()) == c.code);
  }
}

TEST_CASE("front matter: blank lines before the opening fence are allowed, and counted") {
  auto r = parse_front_matter("\n  \n---\ntitle: Na witregels\n---\nTekst\n", "f.md");
  REQUIRE(r.ok());
  CHECK(r->present);
  CHECK(r->get("title")->items.front() == "Na witregels");
  CHECK(r->get("title")->line == 4);
  CHECK(r->body == "Tekst\n");
  CHECK(r->body_line == 6);
  // After blank lines, a `---` that opens no valid front matter is a
  // thematic break in the Markdown: the whole file is body.
  for (const char* text : {"\n---\ntitle: \"open\n---\n", "\n\n---\ntitle: x\n", "\n---\nGewoon tekst.\n---\n"}) {
    CAPTURE(text);
    auto plain = parse_front_matter(text, "f.md");
    REQUIRE(plain.ok());
    CHECK_FALSE(plain->present);
    CHECK(plain->body == text);
  }
  // Text first: no front matter, the body is the whole file.
  auto none = parse_front_matter("\nTekst\n---\n", "f.md");
  REQUIRE(none.ok());
  CHECK_FALSE(none->present);
  CHECK(none->body == "\nTekst\n---\n");
}

TEST_CASE("front matter: quotes inside block scalars are literal text") {
  // As in digital.gov's pages: a `deck: |` paragraph that starts with a
  // quotation and never closes it on the same line.
  auto r = parse_front_matter(
      "---\ndeck: |\n  **New** guide.\n\n  \"Integrating Accessibility,\" a guide\n  for agencies.\n# comment\n"
      "notes:\n  - >-\n    'open quote\n  - plain\ntitle: \"Closed\"\n---\nbody",
      "f.md");
  REQUIRE(r.ok());
  CHECK(r->get("title")->items.front() == "Closed");
  CHECK(r->get("deck")->items.front() == "**New** guide.\n\n\"Integrating Accessibility,\" a guide\nfor agencies.\n");
  CHECK(r->get("notes")->items.size() == 2);
  // A tag before the indicator, and a header on a line of its own.
  auto tagged = parse_front_matter("---\ndeck: !!str |\n  \"open quote\nwho:\n  |\n  'open\ntitle: T\n---\n", "f.md");
  REQUIRE(tagged.ok());
  CHECK(tagged->get("deck")->items.front() == "\"open quote\n");
  CHECK(tagged->get("who")->items.front() == "'open\n");
}

TEST_CASE("front matter: quoted ampersands and asterisks are not aliases") {
  auto r = parse_front_matter("---\ntitle: \"Kosten & *baten*\"\nnote: a & b\n---\n", "f.md");
  REQUIRE(r.ok());
  CHECK(r->get("title")->items.front() == "Kosten & *baten*");
}

TEST_CASE("front matter: limits on size, nodes and depth") {
  std::string deep = "---\na: " + std::string(40, '[') + std::string(40, ']') + "\n---\n";
  auto r = parse_front_matter(deep, "f.md");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message().find("nested too deeply") != std::string::npos);
  std::string many = "---\na: [";
  for (int i = 0; i < 6000; ++i) many += "x,";
  many += "x]\n---\n";
  auto m = parse_front_matter(many, "f.md");
  REQUIRE_FALSE(m.ok());
  CHECK(m.status().message().find("too many YAML nodes") != std::string::npos);
  std::string big = "---\na: \"" + std::string(70000, 'x') + "\"\n---\n";
  auto b = parse_front_matter(big, "f.md");
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message() == "front matter is larger than 64 KiB");
}
