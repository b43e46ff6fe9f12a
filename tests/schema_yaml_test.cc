#include <doctest/doctest.h>

#include "casebase/file.h"
#include "casebase/schema.h"

using namespace casebase;

TEST_CASE("schema YAML: the embedded text is core/schema/case-library.yaml") {
  auto file = read_file(std::string(CASEBASE_SOURCE_DIR) + "/core/schema/case-library.yaml");
  REQUIRE(file.ok());
  CHECK(builtin_schema_text() == *file);
}

TEST_CASE("schema YAML: the example schemas parse") {
  for (const char* name : {"digitalgov.yaml", "algoritmekader.yaml", "developer-overheid.yaml"}) {
    CAPTURE(name);
    auto s = load_schema(std::string(CASEBASE_SOURCE_DIR) + "/examples/" + name);
    CHECK(s.ok());
    if (!s.ok()) MESSAGE(s.status().to_string());
  }
}

TEST_CASE("schema YAML: unknown keys are reported where they are written") {
  struct Case {
    const char* yaml;
    const char* err;
  };
  const Case cases[] = {
      {"langauge: en\n",
       "x.yaml:1:1: error: unknown key `langauge` in the schema (known: language, default_type, ranking, stemmers, "
       "stem_overrides, fields, facet_order, byline, sections, glance, template_intro, template_folder)"},
      {"ranking: {k1: 1, bb: 2}\n", "x.yaml:1:18: error: unknown key `bb` in `ranking` (known: scheme, stem_capitalised, "
                                    "tfidf, prf_model, delta, lm_mu, lm_param_log, c, k1, k2, k3, b, min_normlen, "
                                    "prf_weight, proximity_weight, body_weight, prf_docs, prf_terms, proximity_window, "
                                    "other_language_weight, compound_weight, some_parts_weight)"},
      {"fields:\n  - key: a\n    facett: true\n",
       "x.yaml:3:5: error: unknown key `facett` in a field (known: key, kind, aliases, facet, multi, required, weight, "
       "signal, max_length, label, hit, related, display, feed, prefix, slot, query, values, open, example)"},
      {"sections:\n  - {name: a, heading: [x]}\n",
       "x.yaml:2:15: error: unknown key `heading` in a section (known: name, headings, prefix, weight, query, item, "
       "label, example, require_bullets, snippet_label, item_label)"},
      {"fields:\n  - key: a\n    values: [{value: x, alias: [y]}]\n",
       "x.yaml:3:25: error: unknown key `alias` in a value (known: value, aliases, label)"},
      {"fields:\n  - key: a\n    values: [{x: [y], z: [w]}]\n",
       "x.yaml:3:14: error: a value is `value: [aliases]` or a map with `value`"},
      {"fields:\n  - key: a\n    display: sidebar\n",
       "x.yaml:3:14: error: unknown display `sidebar` (authors, hidden, link, meta)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.yaml);
    auto r = parse_schema(c.yaml, "x.yaml");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().to_string() == c.err);
  }
}

TEST_CASE("schema YAML: values in the short and the long form, with labels per language") {
  auto s = parse_schema(
      "fields:\n"
      "  - key: title\n"
      "  - key: sector\n"
      "    facet: true\n"
      "    example: energie\n"
      "    values:\n"
      "      - water\n"
      "      - energie: [energy]\n"
      "      - {value: zorg, aliases: [care, health], label: {nl: Zorg, en: Health care}}\n"
      "sections:\n"
      "  - {name: tips, headings: [Tips], item: tip, require_bullets: true, example: {nl: '- Tip.', en: '- A tip.'}}\n"
      "template_intro: {en: Intro.}\n",
      "x.yaml");
  REQUIRE(s.ok());
  const FieldSpec* f = s->field("sector");
  REQUIRE(f);
  CHECK(f->example == "energie");
  REQUIRE(f->allowed.size() == 3);
  CHECK(f->allowed[0].value == "water");
  CHECK(f->allowed[1].aliases == std::vector<std::string>{"energy"});
  CHECK(f->canonical("Health") == std::optional<std::string>("zorg"));
  CHECK(f->value_label("zorg", "en") == "Health care");
  CHECK(f->value_label("zorg", "nl") == "Zorg");
  CHECK(f->value_label("water", "en") == "water");
  REQUIRE(s->sections.size() == 1);
  CHECK(s->sections[0].require_bullets);
  CHECK(s->sections[0].example.at("en") == "- A tip.");
  CHECK(s->template_intro.at("en") == "Intro.");
  // A config with its own fields drops the case library's facet order,
  // byline and template text.
  CHECK(s->facet_order.empty());
  CHECK(s->byline.empty());
}

TEST_CASE("schema YAML: a config without fields keeps the built-in table and its template") {
  auto s = parse_schema("language: en\n", "x.yaml");
  REQUIRE(s.ok());
  CHECK(s->default_language == "en");
  CHECK(s->fields.size() == default_schema().fields.size());
  CHECK(s->byline == "organisation");
  CHECK(s->template_intro.count("en") == 1);
  CHECK(s->field("organisation_type")->value_label("gemeente", "en") == "municipality");
  CHECK(s->field("language")->value_label("nl", "en") == "Dutch");
  CHECK(s->section("les")->require_bullets);
}

TEST_CASE("schema YAML: parse_schema_over reads onto any base") {
  auto s = parse_schema_over(Schema{}, "language: en\n", "x.yaml");
  REQUIRE(s.ok());
  CHECK(s->default_language == "en");
  CHECK(s->fields.empty());
}

TEST_CASE("schema YAML: result-list wording and the glance order come from the sections") {
  const Schema d = default_schema();
  std::vector<std::string> glance;
  for (const SectionSpec* s : d.glance_sections()) glance.push_back(s->name);
  CHECK(glance == std::vector<std::string>{"les", "voordeel", "nadeel"});
  REQUIRE(d.section_for_item_type("pro") != nullptr);
  CHECK(d.section_for_item_type("pro")->name == "voordeel");
  CHECK(d.section_for_item_type("") == nullptr);
  CHECK(d.section_for_item_type("case") == nullptr);
  CHECK(pick_label(d.section("les")->snippet_label, "nl", "") == "Uit de lessen");
  CHECK(pick_label(d.section("nadeel")->item_label, "en", "") == "Disadvantage from");

  // Another schema: without `glance`, every item section in schema order;
  // names that are no item section are skipped.
  auto other = parse_schema(
      "sections:\n"
      "  - {name: tip, headings: [tips], item: tip, snippet_label: {en: From the tips}}\n"
      "  - {name: intro, headings: [intro]}\n"
      "  - {name: risk, headings: [risks], item: risk, item_label: Risk in}\n",
      "x.yaml");
  REQUIRE(other.ok());
  glance.clear();
  for (const SectionSpec* s : other->glance_sections()) glance.push_back(s->name);
  CHECK(glance == std::vector<std::string>{"tip", "risk"});
  CHECK(pick_label(other->section("risk")->item_label, "nl", "") == "Risk in");
  other->glance = {"risk", "intro", "nope", "risk"};
  glance.clear();
  for (const SectionSpec* s : other->glance_sections()) glance.push_back(s->name);
  CHECK(glance == std::vector<std::string>{"risk"});
}
