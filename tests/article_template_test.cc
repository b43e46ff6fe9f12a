#include <doctest/doctest.h>

#include "article_template.h"
#include "casebase/document.h"
#include "casebase/file.h"

using namespace casebase;

namespace {

Schema example_schema(const std::string& name) {
  auto text = read_file(std::string(CASEBASE_SOURCE_DIR) + "/examples/" + name);
  REQUIRE(text.ok());
  auto s = parse_schema(*text, name);
  REQUIRE(s.ok());
  return *s;
}

}  // namespace

TEST_CASE("article template: the built-in schema gives the case-library template") {
  const std::string want =
      "---\n"
      "title: \"Slimme \\\"lantaarnpalen\\\"\"\n"
      "summary: \"Eén of twee zinnen: wie kocht wat, en wat leverde het op?\"\n"
      "organisation: [Gemeente Voorbeeld]\n"
      "organisation_type: gemeente   # gemeente, provincie, waterschap, rijk, …\n"
      "country: NL   # NL, BE, DE, FR, …\n"
      "region: Zuid-Holland   # landelijk, internationaal, Groningen, Friesland, …\n"
      "themes: [innovatie]   # mobiliteit, energie, infrastructuur, circulair, …\n"
      "instruments: [marktconsultatie]   # innovatiegerichte inkoop, pilot, pcp, europese aanbesteding, …\n"
      "type: case   # case, lesson, guide, news, …\n"
      "language: nl   # nl, en\n"
      "date: 2026-01\n"
      "source: https://example.org/bron\n"
      "---\n"
      "\n"
      "Inleiding: de aanleiding en de vraag in een paar zinnen.\n"
      "\n"
      "## Hoe het ging\n"
      "\n"
      "Het verhaal, met tussenkoppen waar dat helpt.\n"
      "\n## Doel\n\nWat wilde de organisatie bereiken?\n"
      "\n## Bijzonder\n\nWat maakt deze aanpak anders?\n"
      "\n## Voordelen\n\n- Eerste voordeel.\n"
      "\n## Nadelen\n\n- Eerste nadeel.\n"
      "\n## Geleerde lessen\n\n- Eerste les, als volledige zin.\n- Tweede les.\n";
  CHECK(indexer::render_article_template(default_schema(), "Slimme \"lantaarnpalen\"", "2030-02-03") == want);
}

TEST_CASE("article template: another schema's keys, language and sections, it parses, with its placeholders named") {
  struct Case {
    const char* schema;
    std::vector<std::string> has;
    std::vector<std::string> lacks;
  };
  const Case cases[] = {
      {"digitalgov.yaml",
       {"\ntopics: []\n", "\nauthors: []\n", "\ndate: 2030-02-03\n", "\ntype: page\n", "\nlanguage: en\n",
        "\nsummary: \"\"\n", "\n## Lessons learned\n"},
       {"organisation", "themes", "Inleiding", "## Doel"}},
      {"algoritmekader.yaml", {"\nlevenscyclus: []\n", "\ntype: pagina\n", "\n## Doel\n"}, {"organisation"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.schema);
    Schema s = example_schema(c.schema);
    std::string t = indexer::render_article_template(s, "A new page", "2030-02-03");
    CAPTURE(t);
    for (const auto& h : c.has) CHECK(t.find(h) != std::string::npos);
    for (const auto& l : c.lacks) CHECK(t.find(l) == std::string::npos);
    auto a = build_article(t, "n.md", "n.md", s, {.today = "2030-12-31"});
    REQUIRE(a.ok());
    CHECK(a->title == "A new page");
    // Only its placeholders are reported, until the contributor replaces them.
    for (const auto& d : a->diagnostics) CHECK(d.code == DiagCode::kTemplateText);
  }
}
