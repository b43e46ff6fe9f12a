#include <doctest/doctest.h>

#include "casebase/schema.h"

using namespace casebase;

namespace {

// Each YAML schema must fail with exactly its message.
void expect_schema_errors(std::initializer_list<std::pair<const char*, const char*>> cases) {
  for (const auto& [yaml, err] : cases) {
    CAPTURE(yaml);
    auto r = parse_schema(yaml, "x.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().to_string() == err);
  }
}

}  // namespace

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

  expect_schema_errors({
      {"fields:\n  - key: a\n    kind: blob\n", "x.yaml:3:11: error: unknown field kind `blob` (text, keyword, date, number)"},
      {"fields:\n  - kind: text\n", "x.yaml:2:5: error: each field needs a `key`"},
      {"fields:\n  - key: a\n    prefix: XA\n  - key: b\n    prefix: XA\n",
       "x.yaml:1:1: error: field `b`: prefix `XA` is used twice"},
      {"fields: [a, \n", "x.yaml:2:1: error: end of sequence flow not found"},
  });
}

TEST_CASE("stem overrides: built in for Dutch, replaced or cleared per language, bad shapes reported") {
  Schema d = default_schema();
  CHECK(d.stem_overrides.at("nl").at("gebieden") == "gebied");
  CHECK(d.stem_overrides.at("nl").at("gemeenten") == "gemeente");
  auto s = parse_schema("stem_overrides:\n  nl: {Overheid: [overheden, Overheids]}\n  en: {}\n", "x.yaml");
  REQUIRE(s.ok());
  CHECK(s->stem_overrides.at("nl").size() == 2);  // replaced, not added to
  CHECK(s->stem_overrides.at("nl").at("overheids") == "overheid");
  CHECK(s->stem_overrides.at("en").empty());
  auto cleared = parse_schema("stem_overrides: {nl: {}}\n", "x.yaml");
  REQUIRE(cleared.ok());
  CHECK(cleared->stem_overrides.at("nl").empty());
  // Written for kraaij_pohlmann: another Dutch stemmer goes without them.
  auto porter = parse_schema("stemmers: {nl: dutch}\n", "x.yaml");
  REQUIRE(porter.ok());
  CHECK(porter->stem_overrides.count("nl") == 0);
  expect_schema_errors({
      {"stem_overrides:\n  nl: {gebied: gebieden}\n", "x.yaml:2:16: error: the forms of stem `gebied` must be a list"},
      {"stem_overrides:\n  nl: {gebied: [mooi gebied]}\n", "x.yaml:2:17: error: a form must be one word, not `mooi gebied`"},
      {"stem_overrides:\n  nl: {\"\": [gebied]}\n", "x.yaml:2:8: error: a stem must be one word, not ``"},
      {"stem_overrides:\n  fr: {ville: [villes]}\n", "x.yaml:2:3: error: `stem_overrides.fr`: no stemmer for language `fr` (see `stemmers`)"},
  });
}

TEST_CASE("ranking knobs: weighting scheme, feedback model, capitalised words") {
  Schema d = default_schema();
  CHECK(d.ranking.scheme == "bm25");
  CHECK(d.ranking.prf_model == "eset");
  CHECK_FALSE(d.ranking.stem_capitalised);

  auto s = parse_schema(
      "ranking: {scheme: ineb2, c: 0.75, delta: 0.5, lm_mu: 800, lm_param_log: 10, tfidf: ltn,\n"
      "          prf_model: rm3, prf_docs: 10, prf_terms: 20, prf_weight: 0.1, stem_capitalised: true}\n",
      "x.yaml");
  REQUIRE(s.ok());
  CHECK(s->ranking.scheme == "ineb2");
  CHECK(s->ranking.dfr_c == doctest::Approx(0.75));
  CHECK(s->ranking.bm25plus_delta == doctest::Approx(0.5));
  CHECK(s->ranking.lm_mu == doctest::Approx(800));
  CHECK(s->ranking.lm_param_log == doctest::Approx(10));
  CHECK(s->ranking.tfidf_normalizations == "ltn");
  CHECK(s->ranking.prf_model == "rm3");
  CHECK(s->ranking.prf_docs == 10);
  CHECK(s->ranking.stem_capitalised);
  for (const char* scheme :
       {"bm25", "bm25+", "lm", "dph", "dlh", "pl2", "pl2+", "inl2", "ifb2", "ineb2", "bb2", "tfidf"}) {
    CAPTURE(scheme);
    CHECK(parse_schema(std::string("ranking: {scheme: ") + scheme + "}\n", "x.yaml").ok());
  }

  expect_schema_errors({
      {"ranking:\n  scheme: okapi\n",
       "x.yaml:2:11: error: unknown ranking scheme `okapi` (bm25, bm25+, lm, dph, dlh, pl2, pl2+, inl2, ifb2, ineb2, "
       "bb2, tfidf)"},
      {"ranking:\n  prf_model: rocchio\n", "x.yaml:2:14: error: unknown prf_model `rocchio` (eset, rm3)"},
      {"ranking:\n  tfidf: nt\n", "x.yaml:2:10: error: `tfidf` takes three SMART letters, e.g. ntn"},
  });
}
