#include <doctest/doctest.h>

#include <regex>

#include "casebase/markdown.h"
#include "casebase/schema.h"

using namespace casebase;

TEST_CASE("markdown: sections, bullets and lines") {
  const std::string body =
      "# De titel\n\nInleiding.\n\n## Doel\n\nHet doel.\n\n## Voordelen\n\n- Snel\n- Goedkoop\n\n"
      "Verhaal na de lijst.\n\n## Tussenkop\n\nMeer tekst.\n\n## Geleerde lessen & tips\n\n- Les een\n- Les twee\n";
  auto r = parse_markdown(body, 10, "f.md", default_schema());
  REQUIRE(r.ok());
  CHECK(r->title == "De titel");
  CHECK(r->title_line == 10);
  CHECK(r->intro == "Inleiding.");
  REQUIRE(r->sections.size() == 4);
  CHECK(r->sections[0].name == "doel");
  CHECK(r->sections[1].name == "voordeel");
  CHECK(r->sections[1].bullets.size() == 2);
  CHECK(r->sections[1].bullets[0].text == "Snel");
  CHECK(r->sections[1].rest == "Verhaal na de lijst.");
  CHECK(r->sections[2].name.empty());
  CHECK(r->sections[3].name == "les");
  REQUIRE(r->sections[3].bullets.size() == 2);
  CHECK(r->sections[3].bullets[1].text == "Les twee");
  CHECK(r->sections[3].bullets[1].anchor == "les-2");
  CHECK(r->sections[3].bullets[0].line == 31);
  CHECK(r->html.find("<li id=\"les-1\">") != std::string::npos);
  CHECK(r->html.find("<h2 id=\"geleerde-lessen-tips\">") != std::string::npos);
}

TEST_CASE("markdown: English headings and case-insensitivity") {
  struct Case {
    const char* heading;
    const char* name;
  };
  const Case cases[] = {{"Goal", "doel"},           {"LESSONS LEARNED", "les"}, {"Pros", "voordeel"},
                        {"Disadvantages", "nadeel"}, {"What is special", "bijzonder"},
                        {"Geleerde lessen", "les"},  {"Voordelen:", "voordeel"}, {"Random", ""}};
  for (const auto& c : cases) {
    CAPTURE(c.heading);
    auto r = parse_markdown(std::string("## ") + c.heading + "\n\n- x\n", 1, "f.md", default_schema());
    REQUIRE(r.ok());
    REQUIRE(r->sections.size() == 1);
    CHECK(r->sections[0].name == c.name);
  }
}

TEST_CASE("markdown: output is safe") {
  struct Case {
    const char* in;
    const char* must_not;
  };
  const Case cases[] = {
      {"<script>alert(1)</script>", "<script"},
      {"<img src=x onerror=alert(1)>", "onerror"},
      {"[x](javascript:alert(1))", "javascript:"},
      {"[x](JaVaScRiPt:alert(1))", "alert"},
      {"[x](&#106;avascript:alert(1))", "alert"},
      {"[x](vbscript:msgbox)", "vbscript"},
      {"[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"},
      {"<a href=\"javascript:x\">y</a>", "javascript"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    auto r = parse_markdown(c.in, 1, "f.md", default_schema());
    REQUIRE(r.ok());
    CHECK(r->html.find(c.must_not) == std::string::npos);
  }
  CHECK(is_safe_url("https://example.org/a:b"));
  CHECK(is_safe_url("/relative/path"));
  CHECK_FALSE(is_safe_url(" java\tscript:alert(1)"));
}

TEST_CASE("markdown: extras of other tools are flattened") {
  auto r = parse_markdown("!!! note \"Let op\"\n    Belangrijke tekst.\n\n{{< figure src=\"x\" >}}\nNa.\n", 1, "f.md",
                          default_schema());
  REQUIRE(r.ok());
  CHECK(r->html.find("<code>") == std::string::npos);
  CHECK(r->text.find("Belangrijke tekst.") != std::string::npos);
  CHECK(r->text.find("figure") == std::string::npos);
}

TEST_CASE("markdown: pathological input is refused, not slow") {
  std::string deep(200, '>');
  deep += " x\n";
  auto r = parse_markdown(deep, 1, "f.md", default_schema());
  CHECK_FALSE(r.ok());
  std::string huge(3 * 1024 * 1024, 'a');
  CHECK_FALSE(parse_markdown(huge, 1, "f.md", default_schema()).ok());
}

TEST_CASE("regression: links inside headings are filtered too (fuzz_article finding)") {
  // The section walk skipped the children of headings, so a heading's link
  // kept any scheme cmark does not block itself (e.g. `ms-msdt:`).
  const char* cases[] = {
      "## a [b](aVSJcaRiPt:alert(1))",
      "# Titel\n\n## Kop met [link](ms-msdt:x) en ![i](vbscript:y)",
      "### [x](tel:1) [y](JaVaScRiPt:alert(1))",
  };
  for (const char* in : cases) {
    CAPTURE(in);
    auto r = parse_markdown(in, 1, "f.md", default_schema());
    REQUIRE(r.ok());
    CHECK(r->html.find("href=\"\"") != std::string::npos);
    CHECK(r->html.find("aVSJ") == std::string::npos);
    CHECK(r->html.find("ms-msdt") == std::string::npos);
    CHECK(r->html.find("tel:") == std::string::npos);
    CHECK(r->html.find("vbscript") == std::string::npos);
  }
}

TEST_CASE("regression: a control character before ':' makes a relative link (fuzz_render finding)") {
  // cmark percent-encodes the control byte: "http%06:…" has no valid scheme
  // (a scheme is a letter then letters, digits, + - .), so browsers resolve
  // it as a relative path. The fuzz oracle had called it an unknown scheme.
  auto r = parse_markdown("[z](http\x06:txt/html;base64,x)", 1, "f.md", default_schema());
  REQUIRE(r.ok());
  CAPTURE(r->html);
  CHECK(r->html.find("href=\"http%06:txt/html;base64,x\"") != std::string::npos);
  // With a real scheme in that place the link is dropped as before.
  auto d = parse_markdown("[z](data:text/html;base64,x)", 1, "f.md", default_schema());
  REQUIRE(d.ok());
  CHECK(d->html.find("data:") == std::string::npos);
}

TEST_CASE("strip_shortcodes drops Hugo shortcodes as the old pattern did") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"a {{< figure src=x >}} b", "a  b"},
      {"{{% note %}}text{{% /note %}}", "text"},
      {"{{< a >}}{{< b >}}", ""},
      {"keep {{ .Title }} and {{<}} and {{< x }}", "keep {{ .Title }} and {{<}} and {{< x }}"},
      {"{{<>}}", ""},
      {"{{{< x >}}}", "{}"},
      {"{{< x %}} y >}}", " y >}}"},
      {"{{< a } >}}", "{{< a } >}}"},
      {"{{< a >}", "{{< a >}"},
      {"{{<{{< b >}}", ""},
      {"", ""},
      {"{{", "{{"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(strip_shortcodes(c.in) == c.out);
  }
  // The old std::regex as the oracle, on every short string over a small alphabet.
  const std::regex old(R"(\{\{[<%][^}]*[>%]\}\})");
  const std::string alphabet = "{}<>%x";
  std::string s;
  for (int n = 0; n < 1 << 14; ++n) {
    s.clear();
    for (int v = n, k = 0; k < 7; ++k, v /= 6) {
      if (v == 0 && k > 0) break;
      s.push_back(alphabet[static_cast<size_t>(v % 6)]);
    }
    CAPTURE(s);
    REQUIRE(strip_shortcodes(s) == std::regex_replace(s, old, ""));
  }
}

TEST_CASE("regression: a 40 KB shortcode line no longer crashes the indexer (std::regex overflowed the stack)") {
  const std::string open = "{{< " + std::string(40000, 'x');
  CHECK(strip_shortcodes(open) == open);
  const std::string closed = "a {{< " + std::string(40000, 'x') + " >}} b";
  CHECK(strip_shortcodes(closed) == "a  b");
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "{{<";
  many += " >}}";
  CHECK(strip_shortcodes(many) == "");
  Schema schema = default_schema();
  // Within the line budget it parses; over it, a clear error, not a crash.
  CHECK(parse_markdown("{{< " + std::string(16000, 'x') + "\n\ntext\n", 5, "a.md", schema).ok());
  auto doc = parse_markdown("{{< " + std::string(40000, 'x') + "\n\ntext\n", 5, "a.md", schema);
  REQUIRE_FALSE(doc.ok());
  CHECK(doc.status().to_string() ==
        "a.md:5:16385: error: line 5 is 40 KiB, over the budget of 16 KiB per line");
  CHECK(doc.status().diag_code() == DiagCode::kMarkdownLimit);
}

TEST_CASE("regression: every list marker counts toward the nesting limit (`+` passed 10^6 levels)") {
  const Schema schema = default_schema();
  struct Case {
    std::string marker;
    bool refused;
  };
  const Case cases[] = {
      {"+ ", true}, {"- ", true}, {"* ", true}, {"> ", true}, {"1. ", true}, {"12) ", true}, {"\t+ ", true},
      {"2019 ", false},  // a number that is no list marker stops the run
  };
  for (const auto& c : cases) {
    CAPTURE(c.marker);
    std::string line;
    for (int i = 0; i < 100; ++i) line += c.marker;
    auto r = parse_markdown(line + "x\n", 5, "deep.md", schema);
    CHECK(r.ok() != c.refused);
    if (!r.ok()) {
      const std::string m = r.status().to_string();
      const size_t col = 16 * c.marker.size() + 1 + (c.marker[0] == '\t' ? 1 : 0);  // the 17th marker
      CHECK(m.find("deep.md:5:" + std::to_string(col) + ": error: ") == 0);
      CHECK(m.find(" nested 17 deep at the start of the line, over the budget of 16") != std::string::npos);
      CHECK(r.status().diag_code() == DiagCode::kMarkdownLimit);
    }
  }
  // Within the limit, and ordinary numbered lists, still parse.
  std::string ok;
  for (int i = 0; i < 10; ++i) ok += "+ ";
  CHECK(parse_markdown(ok + "x\n\n1. een\n2. twee\n10) tien\n", 1, "ok.md", schema).ok());
}
