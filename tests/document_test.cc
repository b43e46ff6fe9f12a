#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "casebase/document.h"

using namespace casebase;

TEST_CASE("id_from_path") {
  struct Case {
    const char* path;
    const char* id;
  };
  const Case cases[] = {
      {"cases/den-haag.md", "cases/den-haag"}, {"Cases/Den Haag.md", "cases/den-haag"},
      {"a/b/c.markdown", "a/b/c"},             {"ideeën.md", "ideeen"},
      {"x..y.md", "x-y"},                      {"../evil.md", "evil"},
      {"!!!.md", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CHECK(id_from_path(c.path) == c.id);
  }
}

TEST_CASE("build_article: an id too long to be a Xapian term is refused, not cut") {
  const std::string text = "# Titel\n\nTekst.\n";
  const std::string ok_rel = std::string(195, 'a') + ".md";
  CHECK(build_article(text, "p.md", ok_rel, default_schema()).ok());
  const std::string long_rel = std::string(150, 'a') + "/" + std::string(60, 'b') + ".md";
  auto r = build_article(text, "p.md", long_rel, default_schema());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().to_string() ==
        "p.md:1:1: error: the path gives an id of 211 bytes (limit 200); use shorter folder or file names");
}

TEST_CASE("normalize_date") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"2019", "2019"},        {"2019-08", "2019-08"},  {"2019-08-31", "2019-08-31"},
      {"2023-05-01T10:00:00+02:00", "2023-05-01"},      {"2023-05-01 10:00:00 -0400", "2023-05-01"},
      {"2019-13", ""},         {"2019-02-30", ""},      {"augustus 2019", ""}, {"19", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(normalize_date(c.in) == c.out);
  }
}

TEST_CASE("build_article on the seed article") {
  std::ifstream in(std::string(CASEBASE_SOURCE_DIR) + "/content/cases/den-haag-innovatieprogramma.md");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  auto a = build_article(ss.str(), "seed.md", "cases/den-haag-innovatieprogramma.md", default_schema());
  REQUIRE(a.ok());
  CHECK(a->id == "cases/den-haag-innovatieprogramma");
  CHECK(a->title == "Gemeente Den Haag lanceert innovatieprogramma");
  CHECK(a->language == "nl");
  CHECK(a->year == 2019);
  CHECK(a->fields.at("organisation_type") == std::vector<std::string>{"gemeente"});
  int lessons = 0, pros = 0, cons = 0;
  for (const auto& it : a->items) {
    lessons += it.type == "lesson";
    pros += it.type == "pro";
    cons += it.type == "con";
  }
  CHECK(lessons == 3);
  CHECK(pros == 3);
  CHECK(cons == 1);
}

TEST_CASE("build_article: aliases map to the canonical value, no front matter uses the H1") {
  auto a = build_article("---\ntitle: T\norganisation: X\norganisation_type: Municipality\nlang: en\n---\nx", "f.md",
                         "f.md", default_schema());
  REQUIRE(a.ok());
  CHECK(a->fields.at("organisation_type") == std::vector<std::string>{"gemeente"});
  CHECK(a->language == "en");
  auto b = build_article("# Kop als titel\n\nTekst.", "g.md", "g.md", default_schema());
  REQUIRE(b.ok());
  CHECK(b->title == "Kop als titel");
  CHECK(b->type == "case");
}

TEST_CASE("regression: two aliases of one value give that value once") {
  // content/cases/den-haag-innovatieprogramma.md lists "meeting the market"
  // and "marktverkenning": the facet counted the article twice for
  // marktconsultatie, and the compare page showed it twice.
  auto a = build_article("---\ntitle: T\norganisation: X\n"
                         "instruments: [meeting the market, marktverkenning, Marktconsultatie, pilot]\n---\nx",
                         "f.md", "f.md", default_schema());
  REQUIRE(a.ok());
  CHECK(a->fields.at("instruments") == std::vector<std::string>{"marktconsultatie", "pilot"});
}

TEST_CASE("build_article: each diagnostic names its code, strict fails on what check calls an error") {
  struct Case {
    std::string text;
    DiagCode code;
    Severity severity;  // while indexing
    bool strict_fails;
  };
  const std::string fm = "---\ntitle: T\norganisation: X\n";
  const Case cases[] = {
      {fm + "budget: 3\n---\nx", DiagCode::kUnknownKey, Severity::kWarning, false},
      {fm + "region: {a: 1}\n---\nx", DiagCode::kNestedMap, Severity::kWarning, true},
      {fm + "organisation_type: club\n---\nx", DiagCode::kNotAllowedValue, Severity::kWarning, true},
      {fm + "region: " + std::string(301, 'r') + "\n---\nx", DiagCode::kValueTooLong, Severity::kWarning, true},
      {"---\ntitle: T\n---\nx", DiagCode::kMissingRequired, Severity::kWarning, true},
      {fm + "---\n## Doel\n\n## Bijzonder\n\nx", DiagCode::kEmptySection, Severity::kWarning, false},
      {fm + "---\n## Geleerde lessen\n\nGeen lijst.\n", DiagCode::kNoBullets, Severity::kWarning, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto a = build_article(c.text, "f.md", "f.md", default_schema());
    REQUIRE(a.ok());
    REQUIRE(a->diagnostics.size() == 1);
    CHECK(a->diagnostics[0].code == c.code);
    CHECK(a->diagnostics[0].severity == c.severity);
    CHECK(a->diagnostics[0].to_string().find(std::string(" [") + diag_name(c.code) + "]") != std::string::npos);
    auto strict = build_article(c.text, "f.md", "f.md", default_schema(), {.strict = true, .budget = {}});
    CHECK(strict.ok() != c.strict_fails);
    if (!strict.ok()) CHECK(strict.status().diag_code() == c.code);
  }
  struct Fatal {
    std::string text;
    DiagCode code;
  };
  const Fatal fatal[] = {
      {fm + "date: 2020-13\n---\nx", DiagCode::kNotADate},
      {"---\n---\nGeen kop.", DiagCode::kNoTitle},
      {"---\ntitle: [\n---\n", DiagCode::kBadYaml},
  };
  for (const auto& c : fatal) {
    CAPTURE(c.text);
    auto a = build_article(c.text, "f.md", "f.md", default_schema());
    REQUIRE_FALSE(a.ok());
    CHECK(a.status().diag_code() == c.code);
  }
}

// Issue 14: mistakes that used to pass check silently. Each is a warning
// while indexing (the article is still read) and an error in `check`.
TEST_CASE("build_article: the checker's issue-14 catches, each with its code and place") {
  struct Case {
    const char* name;
    std::string text;
    DiagCode code;
    int line, col;
  };
  const std::string head = "---\ntitle: T\norganisation: Gemeente X\n";
  const Case cases[] = {
      {"a key given twice", head + "themes: [energie]\nthemes: [water]\n---\n\nTekst.\n", DiagCode::kDuplicateKey, 5, 9},
      {"a map where a list belongs", head + "themes:\n  energie: ja\n---\n\nTekst.\n", DiagCode::kNestedMap, 5, 3},
      {"a source that is no URL", head + "source: www.ede.nl\n---\n\nTekst.\n", DiagCode::kNotAUrl, 4, 9},
      {"a date in the future", head + "date: 2031-05\n---\n\nTekst.\n", DiagCode::kFutureDate, 4, 7},
      {"no body", head + "---\n", DiagCode::kNoBody, 5, 1},
      {"a section twice", head + "---\n\nTekst.\n\n## Doel\n\nA.\n\n## Doel\n\nB.\n", DiagCode::kDuplicateSection, 12, 1},
      {"the template's example", "---\ntitle: T\norganisation: Gemeente Voorbeeld\n---\n\nTekst.\n",
       DiagCode::kTemplateText, 3, 15},
      {"the template's text", head + "---\n\nTekst.\n\n## Voordelen\n\n- Eerste voordeel.\n", DiagCode::kTemplateText, 10, 1},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto a = build_article(c.text, "a.md", "a.md", default_schema(), {.today = "2030-01-15"});
    REQUIRE(a.ok());
    REQUIRE(a->diagnostics.size() == 1);
    const Diagnostic& d = a->diagnostics.front();
    CAPTURE(d.to_string());
    CHECK(d.code == c.code);
    CHECK(d.loc.line == c.line);
    CHECK(d.loc.col == c.col);
    CHECK(d.severity == Severity::kWarning);                  // indexed
    CHECK(severity_of(d.code, true) == Severity::kError);  // refused by check
  }
  // Not mistakes: a full URL, this month, a subheading the template suggests.
  auto fine = build_article(head + "source: https://www.ede.nl/x\ndate: 2030-01\n---\n\nTekst.\n\n## Hoe het ging\n\nZo.\n",
                            "a.md", "a.md", default_schema(), {.today = "2030-01-15"});
  REQUIRE(fine.ok());
  for (const auto& d : fine->diagnostics) CHECK(d.to_string() == "");
}

TEST_CASE("build_article: the front matter as written and the body make up the file") {
  struct Case {
    const char* text;
    const char* front_matter;
  };
  const Case cases[] = {
      {"---\ntitle: T\norganisation: X\n---\n# Kop\n\nTekst.\n", "---\ntitle: T\norganisation: X\n---\n"},
      {"\xEF\xBB\xBF---\r\ntitle: \"T\"  # comment\r\n---\r\nTekst.\r\n", "\xEF\xBB\xBF---\r\ntitle: \"T\"  # comment\r\n---\r\n"},
      {"\n\n---\ntitle: T\n---\nx", "\n\n---\ntitle: T\n---\n"},
      {"# Kop als titel\n\nTekst.", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto a = build_article(c.text, "f.md", "f.md", default_schema());
    REQUIRE(a.ok());
    CHECK(a->front_matter == c.front_matter);
    CHECK(a->front_matter + a->markdown == c.text);
  }
}
