#include <doctest/doctest.h>

#include "casebase/schema.h"

using namespace casebase;

TEST_CASE("default schema is consistent") {
  Schema s = default_schema();
  CHECK(s.validate().ok());
  REQUIRE(s.field("themes"));
  CHECK(s.field("themes")->facet);
  CHECK(s.field_for_front_matter_key("tags") == s.field("themes"));
  CHECK(s.field("organisation_type")->canonical("Municipality") == std::optional<std::string>("gemeente"));
  CHECK_FALSE(s.field("organisation_type")->canonical("club").has_value());
  CHECK(s.section_for_heading("Geleerde lessen & tips")->name == "les");
}

TEST_CASE("schema from YAML replaces fields and reports errors with line:col") {
  auto s = parse_schema(
      "language: en\nranking: {k1: 1.5, b: 0.6}\nfields:\n  - key: title\n    kind: text\n    weight: 4\n"
      "  - key: tags\n    kind: keyword\n    facet: true\n    multi: true\n    label: {nl: Labels, en: Tags}\n",
      "x.yaml");
  REQUIRE(s.ok());
  CHECK(s->default_language == "en");
  CHECK(s->ranking.bm25_k1 == doctest::Approx(1.5));
  REQUIRE(s->fields.size() == 2);
  CHECK(s->field("tags")->prefix == "XTAGS");
  CHECK(s->field("tags")->slot >= kFirstFreeSlot);
  CHECK(s->field("title")->prefix == "S");

  struct Case {
    const char* yaml;
    const char* err;
  };
  const Case cases[] = {
      {"fields:\n  - key: a\n    kind: blob\n", "x.yaml:3:11: error: unknown field kind `blob` (text, keyword, date, number)"},
      {"fields:\n  - kind: text\n", "x.yaml:2:5: error: each field needs a `key`"},
      {"fields:\n  - key: a\n    prefix: XA\n  - key: b\n    prefix: XA\n",
       "x.yaml:1:1: error: field `b`: prefix `XA` is used twice"},
      {"fields: [a, \n", "x.yaml:2:1: error: end of sequence flow not found"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.yaml);
    auto r = parse_schema(c.yaml, "x.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().to_string() == c.err);
  }
}
