#include <doctest/doctest.h>

#include <algorithm>

#include "casebase/schema.h"

#include <map>

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

// The built-in schema as core/src/schema.cc built it in C++ before it
// became core/schema/case-library.yaml: kept here as data, so the test
// below proves the move changed nothing.
FieldSpec make_field(std::string key, FieldKind kind, std::string prefix, std::string nl, std::string en) {
  FieldSpec f;
  f.key = std::move(key);
  f.kind = kind;
  f.prefix = std::move(prefix);
  f.labels = {{"nl", std::move(nl)}, {"en", std::move(en)}};
  return f;
}

Schema legacy_default_schema() {
  Schema s;
  int slot = kFirstFreeSlot;

  auto title = make_field("title", FieldKind::kText, "S", "Titel", "Title");
  title.weight = 5;
  title.required = true;
  title.query_names = {"title", "titel"};
  s.fields.push_back(title);

  auto summary = make_field("summary", FieldKind::kText, "XSUM", "Samenvatting", "Summary");
  summary.aliases = {"description", "samenvatting"};
  summary.weight = 3;
  summary.query_names = {"summary", "samenvatting"};
  s.fields.push_back(summary);

  auto org = make_field("organisation", FieldKind::kKeyword, "XORG", "Organisatie", "Organisation");
  org.aliases = {"organization", "organisatie"};
  org.facet = true;
  org.multi = true;
  org.required = true;
  org.weight = 2;
  org.slot = slot++;
  org.query_names = {"organisation", "organization", "organisatie", "org"};
  org.hit = true;
  org.feed = "author";
  s.fields.push_back(org);

  auto otype = make_field("organisation_type", FieldKind::kKeyword, "XOTYPE", "Soort organisatie", "Organisation type");
  otype.aliases = {"organization_type"};
  otype.facet = true;
  otype.slot = slot++;
  otype.query_names = {"organisation_type", "soort"};
  otype.allowed = {
      {"gemeente", {"municipality", "gemeenten", "city", "council"}, {}},
      {"provincie", {"province", "region authority", "regionale overheid", "regional government", "provinciale instelling"}, {}},
      {"waterschap", {"water board", "waterboard", "hoogheemraadschap"}, {}},
      {"rijk", {"central government", "ministerie", "ministry", "rijksoverheid"}, {}},
      {"overheidsbedrijf", {"public company", "state-owned company", "gemeentelijk bedrijf", "gemeentelijk innovatiebedrijf"}, {}},
      {"samenwerkingsverband", {"partnership", "consortium", "joint procurement body"}, {}},
      {"zorginstelling", {"hospital", "healthcare provider", "ziekenhuis"}, {}},
      {"onderwijsinstelling", {"university", "school", "universiteit"}, {}},
      {"agentschap", {"agency", "vervoersautoriteit", "transport authority", "nationale zorgorganisatie"}, {}},
      {"anders", {"other"}, {}},
  };
  const std::map<std::string, std::string> otype_en = {
      {"gemeente", "municipality"},       {"provincie", "province"},
      {"waterschap", "water board"},      {"rijk", "central government"},
      {"overheidsbedrijf", "public company"}, {"samenwerkingsverband", "partnership"},
      {"zorginstelling", "healthcare provider"}, {"onderwijsinstelling", "educational institution"},
      {"agentschap", "agency"},           {"anders", "other"}};
  for (auto& a : otype.allowed) a.labels = {{"nl", a.value}, {"en", otype_en.at(a.value)}};
  s.fields.push_back(otype);

  auto country = make_field("country", FieldKind::kKeyword, "XCTRY", "Land", "Country");
  country.facet = true;
  country.slot = slot++;
  country.query_names = {"country", "land"};
  s.fields.push_back(country);

  auto region = make_field("region", FieldKind::kKeyword, "XREG", "Regio", "Region");
  region.aliases = {"regio", "provincie_naam"};
  region.facet = true;
  region.slot = slot++;
  region.query_names = {"region", "regio"};
  s.fields.push_back(region);

  auto themes = make_field("themes", FieldKind::kKeyword, "XTHEME", "Thema's", "Themes");
  themes.aliases = {"theme", "thema", "themas", "tags"};
  themes.facet = true;
  themes.multi = true;
  themes.weight = 2;
  themes.slot = slot++;
  themes.query_names = {"themes", "theme", "thema"};
  themes.feed = "category";
  s.fields.push_back(themes);

  auto instr = make_field("instruments", FieldKind::kKeyword, "XINSTR", "Instrumenten", "Instruments");
  instr.aliases = {"instrument", "instrumenten"};
  instr.facet = true;
  instr.multi = true;
  instr.weight = 2;
  instr.slot = slot++;
  instr.query_names = {"instruments", "instrument"};
  s.fields.push_back(instr);

  auto type = make_field("type", FieldKind::kKeyword, "XTYPE", "Soort artikel", "Article type");
  type.facet = true;
  type.slot = slot++;
  type.query_names = {"type"};
  type.related = false;
  type.display = "hidden";
  type.allowed = {{"case", {"praktijkvoorbeeld", "casus"}, {{"nl", "Casus"}, {"en", "Case"}}},
                  {"lesson", {"les"}, {{"nl", "Les"}, {"en", "Lesson"}}},
                  {"guide", {"handreiking", "leidraad"}, {{"nl", "Handreiking"}, {"en", "Guide"}}},
                  {"news", {"nieuws"}, {{"nl", "Nieuws"}, {"en", "News"}}},
                  {"pro", {}, {{"nl", "Voordeel"}, {"en", "Advantage"}}},
                  {"con", {}, {{"nl", "Nadeel"}, {"en", "Disadvantage"}}}};
  s.fields.push_back(type);

  auto lang = make_field("language", FieldKind::kKeyword, "XLNG", "Taal", "Language");
  lang.aliases = {"lang", "taal"};
  lang.facet = true;
  lang.slot = slot++;
  lang.query_names = {"language", "taal"};
  lang.related = false;
  lang.display = "hidden";
  lang.allowed = {{"nl", {"dutch", "nederlands", "nl-nl"}, {{"nl", "Nederlands"}, {"en", "Dutch"}}},
                  {"en", {"english", "engels", "en-gb", "en-us"}, {{"nl", "Engels"}, {"en", "English"}}}};
  s.fields.push_back(lang);

  auto date = make_field("date", FieldKind::kDate, "XDATE", "Jaar", "Year");
  date.aliases = {"datum", "published", "publishDate", "pubDate"};
  date.facet = true;  // facet values are years
  date.slot = slot++;
  date.query_names = {"year", "jaar"};
  s.fields.push_back(date);

  auto source = make_field("source", FieldKind::kKeyword, "XSRC", "Bron", "Source");
  source.aliases = {"bron", "url"};
  source.display = "link";
  s.fields.push_back(source);

  auto authors = make_field("authors", FieldKind::kKeyword, "A", "Auteurs", "Authors");
  authors.aliases = {"author", "auteur"};
  authors.multi = true;
  authors.query_names = {"author", "auteur"};
  authors.display = "authors";
  s.fields.push_back(authors);

  auto sec = [](std::string name, std::vector<std::string> headings, std::string prefix, int weight,
                std::vector<std::string> q, std::string item, std::string nl, std::string en) {
    SectionSpec x;
    x.name = std::move(name);
    x.headings = std::move(headings);
    x.prefix = std::move(prefix);
    x.weight = weight;
    x.query_names = std::move(q);
    x.item_type = std::move(item);
    x.labels = {{"nl", std::move(nl)}, {"en", std::move(en)}};
    return x;
  };
  s.sections = {
      sec("doel", {"doel", "doelen", "doelstelling", "goal", "goals", "aim", "objective", "objectives"}, "XDOEL", 2,
          {"doel", "goal"}, "", "Doel", "Goal"),
      sec("bijzonder", {"bijzonder", "wat is bijzonder", "what is special", "special", "what makes it special"},
          "XBIJZ", 1, {"bijzonder", "special"}, "", "Bijzonder", "What is special"),
      sec("voordeel", {"voordelen", "voordeel", "advantages", "advantage", "pros", "benefits"}, "XPRO", 2,
          {"voordeel", "pro"}, "pro", "Voordelen", "Advantages"),
      sec("nadeel", {"nadelen", "nadeel", "disadvantages", "disadvantage", "cons", "drawbacks"}, "XCON", 2,
          {"nadeel", "con"}, "con", "Nadelen", "Disadvantages"),
      sec("les", {"geleerde lessen", "geleerde les", "lessen", "lessons learned", "lessons learnt", "lessons", "tips"},
          "XLES", 3, {"les", "lesson", "lessen", "lessons"}, "lesson", "Geleerde lessen", "Lessons learned"),
  };
  s.facet_order = {"themes", "instruments", "organisation_type", "organisation", "region", "country", "type", "language"};
  s.byline = "organisation";
  return s;
}

void check_same_labels(const Labels& got, const Labels& want) { CHECK(got == want); }

// Field by field: the schema parsed from core/schema/case-library.yaml must
// equal the table the C++ built before it moved to YAML.
void check_same_schema(const Schema& got, const Schema& want) {
  REQUIRE(got.fields.size() == want.fields.size());
  for (size_t i = 0; i < want.fields.size(); ++i) {
    const FieldSpec& g = got.fields[i];
    const FieldSpec& w = want.fields[i];
    CAPTURE(w.key);
    CHECK(g.key == w.key);
    CHECK(g.aliases == w.aliases);
    CHECK(g.kind == w.kind);
    CHECK(g.facet == w.facet);
    CHECK(g.multi == w.multi);
    CHECK(g.required == w.required);
    check_same_labels(g.labels, w.labels);
    CHECK(g.weight == w.weight);
    CHECK(g.prefix == w.prefix);
    CHECK(g.slot == w.slot);
    CHECK(g.max_length == w.max_length);
    CHECK(g.query_names == w.query_names);
    CHECK(g.hit == w.hit);
    CHECK(g.related == w.related);
    CHECK(g.display == w.display);
    CHECK(g.feed == w.feed);
    // Vocabularies added after the table: open ones (labels for themes and
    // instruments), the countries' ISO codes, the curated regions and instruments.
    if (g.open_values || g.key == "country" || g.key == "region" || g.key == "instruments") continue;
    REQUIRE(g.allowed.size() == w.allowed.size());
    for (size_t k = 0; k < w.allowed.size(); ++k) {
      CAPTURE(w.allowed[k].value);
      CHECK(g.allowed[k].value == w.allowed[k].value);
      CHECK(g.allowed[k].aliases == w.allowed[k].aliases);
      check_same_labels(g.allowed[k].labels, w.allowed[k].labels);
    }
  }
  REQUIRE(got.sections.size() == want.sections.size());
  for (size_t i = 0; i < want.sections.size(); ++i) {
    const SectionSpec& g = got.sections[i];
    const SectionSpec& w = want.sections[i];
    CAPTURE(w.name);
    CHECK(g.name == w.name);
    CHECK(g.headings == w.headings);
    CHECK(g.prefix == w.prefix);
    CHECK(g.weight == w.weight);
    CHECK(g.query_names == w.query_names);
    CHECK(g.item_type == w.item_type);
    check_same_labels(g.labels, w.labels);
  }
  const RankingSpec& g = got.ranking;
  const RankingSpec& w = want.ranking;
  CHECK(g.scheme == w.scheme);
  CHECK(g.bm25plus_delta == w.bm25plus_delta);
  CHECK(g.lm_mu == w.lm_mu);
  CHECK(g.lm_param_log == w.lm_param_log);
  CHECK(g.dfr_c == w.dfr_c);
  CHECK(g.tfidf_normalizations == w.tfidf_normalizations);
  CHECK(g.stem_capitalised == w.stem_capitalised);
  CHECK(g.bm25_k1 == w.bm25_k1);
  CHECK(g.bm25_k2 == w.bm25_k2);
  CHECK(g.bm25_k3 == w.bm25_k3);
  CHECK(g.bm25_b == w.bm25_b);
  CHECK(g.bm25_min_normlen == w.bm25_min_normlen);
  CHECK(g.body_weight == w.body_weight);
  CHECK(g.prf_docs == w.prf_docs);
  CHECK(g.prf_terms == w.prf_terms);
  CHECK(g.prf_weight == w.prf_weight);
  CHECK(g.prf_model == w.prf_model);
  CHECK(g.proximity_weight == w.proximity_weight);
  CHECK(g.proximity_window == w.proximity_window);
  CHECK(got.default_language == want.default_language);
  CHECK(got.default_type == want.default_type);
  CHECK(got.stemmers == want.stemmers);
  CHECK(got.stem_overrides == want.stem_overrides);
  CHECK(got.facet_order == want.facet_order);
  CHECK(got.byline == want.byline);
}

}  // namespace

TEST_CASE("the built-in YAML schema equals the C++ table it replaced") {
  check_same_schema(default_schema(), legacy_default_schema());
}

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

TEST_CASE("vocabulary_synonyms: a related facet's values with their aliases and labels, short words left out") {
  const auto groups = vocabulary_synonyms(default_schema());
  auto group_of = [&](const std::string& value) {
    for (const auto& g : groups) {
      if (!g.empty() && g.front() == value) return g;
    }
    return std::vector<std::string>{};
  };
  const auto energie = group_of("energie");
  CHECK(std::find(energie.begin(), energie.end(), "energy") != energie.end());
  const auto waterschap = group_of("waterschap");
  CHECK(std::find(waterschap.begin(), waterschap.end(), "water board") != waterschap.end());
  // type and language do not count for related cases: no "en" <-> "english".
  CHECK(group_of("case").empty());
  CHECK(group_of("en").empty());
  for (const auto& g : groups) {
    CHECK(g.size() >= 2);
    for (const auto& w : g) CHECK(w.size() >= 3);
  }
}
