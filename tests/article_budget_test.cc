// The article budget (article_budget.h): every axis refused just over its
// figure with a path:line:col error, and accepted at it. Issue 12.
#include <doctest/doctest.h>

#include <string>

#include "casebase/article_budget.h"
#include "casebase/document.h"
#include "casebase/markdown.h"
#include "casebase/schema.h"

using namespace casebase;

namespace {

std::string repeat(const std::string& s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// The error of parsing `body` (first line 1 of "b.md"), or "" when it parses.
std::string error_of(const std::string& body, const ArticleBudget& budget = {}) {
  static const Schema schema = default_schema();
  auto r = parse_markdown(body, 1, "b.md", schema, budget);
  if (r.ok()) return "";
  CHECK(r.status().diag_code() == DiagCode::kMarkdownLimit);
  return r.status().to_string();
}

}  // namespace

TEST_CASE("budget: the file's bytes, and each line's, with the column in characters") {
  const ArticleBudget b;
  CHECK(check_text_budget(std::string(b.max_file_bytes, '\n'), 1, "a.md", b).ok());
  Status big = check_text_budget(std::string(b.max_file_bytes + 1, '\n'), 1, "a.md", b);
  CHECK(big.to_string() == "a.md:1:1: error: file is 513 KiB, over the budget of 512 KiB");
  CHECK(big.diag_code() == DiagCode::kFileTooLarge);

  const std::string at_limit(b.max_line_bytes, 'x');
  CHECK(check_text_budget("a\n" + at_limit + "\r\n" + at_limit, 1, "a.md", b).ok());
  // 'é' is two bytes: the column counts characters.
  Status longl = check_text_budget("a\n\n" + repeat("é", b.max_line_bytes), 1, "a.md", b);
  CHECK(longl.to_string() == "a.md:3:8193: error: line 3 is 32 KiB, over the budget of 16 KiB per line");
  // A bare \r ends a line too (old Mac files are not one long line).
  CHECK(check_text_budget(repeat(std::string(1000, 'x') + "\r", 100), 1, "a.md", b).ok());
  CHECK(char_column("één x", 6) == 5);
}

TEST_CASE("budget: build_article applies it to the whole file, front matter included") {
  ArticleBudget b;
  b.max_line_bytes = 100;
  const std::string fm = "---\ntitle: T\nsummary: " + std::string(200, 's') + "\n---\n\nTekst.\n";
  auto r = build_article(fm, "a.md", "a.md", default_schema(), {.strict = false, .budget = b});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().to_string() == "a.md:3:101: error: line 3 is 1 KiB, over the budget of 1 KiB per line");
  b.max_file_bytes = 50;
  auto big = build_article(fm, "a.md", "a.md", default_schema(), {.strict = false, .budget = b});
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().diag_code() == DiagCode::kFileTooLarge);
}

TEST_CASE("budget: nesting built by indentation is counted on the tree, per kind") {
  // 17 lists, one marker per line: the text pass cannot see it, the tree can.
  std::string lists;
  for (int i = 0; i < 17; ++i) lists += std::string(2 * i, ' ') + "- l" + std::to_string(i) + "\n";
  CHECK(error_of(lists) == "b.md:17:33: error: lists nested 17 deep, over the budget of 16");
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += std::string(2 * i, ' ') + "- l\n";
  CHECK(error_of(sixteen).empty());

  // Block quotes and lists together: 13 quotes and 12 lists is 25 > 24.
  std::string mixed = repeat("> - ", 12) + "> x\n";
  CHECK(error_of(mixed).find(" nested 25 deep at the start of the line, over the budget of 24") != std::string::npos);
  CHECK(error_of(repeat("> - ", 12) + "x\n").empty());

  // Inline containers: images inside images, 33 deep.
  std::string img = repeat("![", 33) + "x" + repeat("](u)", 33) + "\n";
  CHECK(error_of(img).find(": error: emphasis and links nested 33 deep, over the budget of 32") != std::string::npos);
  CHECK(error_of(repeat("![", 32) + "x" + repeat("](u)", 32) + "\n").empty());
}

TEST_CASE("budget: links, headings and section items are counted, the error at the one over") {
  const ArticleBudget b;
  const std::string link = "[a](https://example.org/)\n\n";
  CHECK(error_of(repeat(link, b.max_links)).empty());
  CHECK(error_of(repeat(link, b.max_links + 1)) ==
        "b.md:" + std::to_string(2 * b.max_links + 1) + ":1: error: more than 2000 links and images, over the budget");

  CHECK(error_of(repeat("## h\n", b.max_headings)).empty());
  CHECK(error_of(repeat("## h\n", b.max_headings + 1)) ==
        "b.md:" + std::to_string(b.max_headings + 1) + ":1: error: more than 1000 headings, over the budget");

  const std::string lessons = "## Lessen\n\n" + repeat("- les\n", b.max_items + 1);
  CHECK(error_of(lessons) == "b.md:" + std::to_string(b.max_items + 3) +
                                 ":1: error: more than 1000 items (bullets of the schema's sections), over the budget");
  // Bullets outside the schema's sections are no items.
  CHECK(error_of("## Elders\n\n" + repeat("- punt\n", b.max_items + 1)).empty());
}

TEST_CASE("budget: the rendered HTML, the error at the block that passes it") {
  // '&' becomes "&amp;": 16,000 of them make an 80,008-byte paragraph, and
  // the 27th paragraph (line 53) takes the page past 2 MiB.
  const std::string para = std::string(16000, '&') + "\n\n";
  CHECK(error_of(repeat(para, 26)).empty());
  CHECK(error_of(repeat(para, 30)) ==
        "b.md:53:1: error: the rendered HTML is 2343 KiB, over the budget of 2048 KiB; it passes the budget here");
}

TEST_CASE("budget: brackets are counted before cmark sees them") {
  const ArticleBudget b;
  std::string body = repeat(std::string(10000, '[') + "\n", 2) + "x[\n";
  CHECK(error_of(body) == "b.md:3:2: error: more than 20000 `[` brackets, over the budget");
  CHECK(b.max_brackets == 20000);
}
