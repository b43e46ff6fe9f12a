// markdown: the only module that includes <cmark.h>. Turns an article body
// (CommonMark) into plain data: the first H1 title, heading list, plain text,
// recognised sections (by the schema's headings) with their bullets, and
// safe HTML (raw HTML omitted, links limited to http/https/mailto/relative,
// heading and lesson anchors). Common extras of other tools (MkDocs
// admonitions, Hugo shortcodes, MDX import lines) are flattened first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "casebase/article_budget.h"
#include "casebase/schema.h"

namespace casebase {

struct Bullet {
  std::string text;
  int line = 0;  // in the whole file
  std::string anchor;  // e.g. "les-1"
};

struct Section {
  std::string name;     // schema section name ("les"), empty for other headings
  std::string heading;  // heading text as written
  std::string anchor;   // slug of the heading
  int level = 2;
  int line = 0;
  std::string text;     // plain text under the heading (bullets included)
  std::string rest;     // the part of `text` outside top-level lists
  std::vector<Bullet> bullets;
};

// A link or image of the body, as written (before unsafe URLs are blanked).
struct LinkRef {
  std::string url;
  bool image = false;
  bool described = true;  // an image with a description (alt text): ![a map](x.png)
  int line = 0, col = 0;  // in the whole file
};

struct MarkdownDoc {
  std::string title;  // text of the first level-1 heading, if any
  int title_line = 0;
  std::string text;   // plain text of the whole body (without the H1 title)
  std::string intro;  // plain text before the first heading
  std::vector<Section> sections;  // every heading, in order
  std::string html;   // safe HTML of the body
  std::vector<LinkRef> links;  // every link and image, in order
};

// Parses `body`, whose first line is line `body_line` of `path`.
// Errors: the body over the article budget (article_budget.h), each at
// path:line:col with code markdown-limit.
Result<MarkdownDoc> parse_markdown(const std::string& body, int body_line, const std::string& path,
                                   const Schema& schema, const ArticleBudget& budget = {});

// Renders a snippet of Markdown (e.g. a lesson bullet) to safe inline HTML.
std::string render_inline_html(const std::string& markdown);

// True if a link destination is allowed in rendered output.
bool is_safe_url(const std::string& url);

// `line` without its Hugo shortcodes ({{< name args >}}, {{% name %}}; no
// `}` inside), in linear time and constant stack whatever the input.
// E.g. strip_shortcodes("a {{< figure src=x >}} b") == "a  b".
std::string strip_shortcodes(std::string_view line);

}  // namespace casebase
