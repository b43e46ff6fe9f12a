// article_budget: what one article may cost. Contributors' files are
// hostile input (soon written in a browser by many people), and an article
// is parsed at index time and shown on every view, so its size is capped
// along every axis that drives time or memory, before the costly parts see
// it. Two passes, both linear:
//   - the text pass (check_text_budget), before any parser: file bytes,
//     line length; and, for the Markdown body, container markers at a
//     line's start and '[' brackets (the inputs that make cmark 0.30.2
//     slow), so cmark only ever gets text it parses in bounded time;
//   - the tree pass (in markdown.cc, on cmark's tree before anything is
//     rendered or indexed): the real nesting of block quotes, lists and
//     inline containers, the number of links, headings and section items,
//     and the size of the rendered HTML.
// An article over budget is a content error at path:line:col
// (markdown-limit; file-too-large for bytes; front-matter-limit for YAML),
// never a truncated article. docs/SCHEMA.md lists the figures.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "casebase/front_matter.h"
#include "casebase/status.h"

namespace casebase {

struct ArticleBudget {
  size_t max_file_bytes = 512 * 1024;  // the whole file (largest real article seen: 49 KiB)
  FrontMatterLimits front_matter;      // 64 KiB, 5,000 YAML nodes, depth 16
  size_t max_line_bytes = 16 * 1024;   // any one line
  int max_quote_depth = 16;            // block quotes inside block quotes
  int max_list_depth = 16;             // lists inside lists
  int max_block_depth = 24;            // block quotes and lists together
  int max_inline_depth = 32;           // emphasis, strong, links, images inside each other
  size_t max_brackets = 20000;         // '[' in the body (cmark 0.30.2: quadratic bracket cases)
  size_t max_links = 2000;             // links, images and autolinks
  size_t max_headings = 1000;
  size_t max_items = 1000;             // bullets of the schema's sections (each one a search hit)
  size_t max_html_bytes = 2 * 1024 * 1024;  // the rendered body
};

// The text pass over a whole file: its size and each line's length (a line
// ends at \n or \r). `first_line` is the line number of text[0].
// E.g. check_text_budget(text, 1, "a.md", {}) fails with
// "a.md:7:16385: error: line 7 is 20 KiB, over the budget of 16 KiB per line [markdown-limit]".
Status check_text_budget(std::string_view text, int first_line, const std::string& path, const ArticleBudget& budget);

// The text pass over a Markdown body (first line `body_line`): container
// markers at each line's start (block quote `>`, list markers `-` `*` `+`
// `1.` `1)` followed by a space or the end of the line), counted per kind
// and together, and '[' brackets. A bound on what cmark will build, not
// the exact nesting (indented continuation lines nest too; the tree pass
// counts those).
Status check_markdown_text_budget(std::string_view body, int body_line, const std::string& path,
                                  const ArticleBudget& budget);

// 1-based column, in characters (UTF-8 code points), of byte `offset` of
// `line`. E.g. char_column("één x", 6) == 5.
int char_column(std::string_view line, size_t offset);

}  // namespace casebase
