#include "casebase/markdown.h"

#include <cmark.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>

#include "casebase/text.h"

namespace casebase {

namespace {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};
struct CharDeleter {
  void operator()(char* p) const { std::free(p); }
};

}  // namespace

std::string strip_shortcodes(std::string_view line) {
  // The matches of \{\{[<%][^}]*[>%]\}\} (leftmost, non-overlapping), found
  // by scanning: a shortcode holds no `}`, so the first `}` after its
  // opening decides it. std::regex recursed once per character and a 30 KB
  // line overflowed the stack (issue 12). When that `}` does not close one,
  // no opening before it (but its last three bytes) can: each byte is
  // looked at a bounded number of times.
  std::string out;
  out.reserve(line.size());
  size_t i = 0;     // copied up to here
  size_t from = 0;  // where to look for the next opening
  while (true) {
    const size_t s = line.find("{{", from);
    if (s == std::string_view::npos || s + 2 >= line.size()) break;
    if (line[s + 2] != '<' && line[s + 2] != '%') {
      from = s + 1;
      continue;
    }
    const size_t j = line.find('}', s + 3);
    if (j == std::string_view::npos) break;  // no `}` left: nothing further can close
    if (j >= s + 4 && (line[j - 1] == '>' || line[j - 1] == '%') && j + 1 < line.size() && line[j + 1] == '}') {
      out.append(line.substr(i, s - i));
      i = from = j + 2;
      continue;
    }
    from = std::max(s + 1, j - 3);
  }
  out.append(line.substr(i));
  return out;
}

namespace {

// Flattens syntax of other static-site tools that CommonMark would render
// badly: MkDocs/Python-Markdown admonitions (`!!! note "Title"` + an
// indented block, which CommonMark reads as code), Hugo shortcodes and MDX
// import/export lines. Line count is preserved so line numbers stay right.
std::string flatten_extras(const std::string& body) {
  std::string out;
  out.reserve(body.size());
  size_t pos = 0;
  bool in_admonition = false;
  bool in_fence = false;
  while (pos <= body.size()) {
    size_t e = body.find('\n', pos);
    if (e == std::string::npos) e = body.size();
    std::string line = body.substr(pos, e - pos);
    std::string t = trim(line);
    if (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0) in_fence = !in_fence;
    if (!in_fence) {
      if (t.rfind("!!!", 0) == 0 || t.rfind("???", 0) == 0) {
        // `!!! tip "Title"` -> a bold paragraph with the title (or the kind).
        std::string rest = trim(t.substr(t.rfind("???+", 0) == 0 ? 4 : 3));
        size_t q = rest.find('"');
        std::string title = q != std::string::npos ? rest.substr(q + 1, rest.rfind('"') > q ? rest.rfind('"') - q - 1 : std::string::npos) : rest;
        line = title.empty() ? "" : "**" + title + "**";
        in_admonition = true;
      } else if (in_admonition) {
        if (line.rfind("    ", 0) == 0) {
          line = line.substr(4);
        } else if (line.rfind("\t", 0) == 0) {
          line = line.substr(1);
        } else if (!t.empty()) {
          in_admonition = false;
        }
      }
      if (t.rfind("import ", 0) == 0 || t.rfind("export ", 0) == 0) line.clear();
      // Hugo shortcodes: {{< name args >}} and {{% name %}} are dropped; their inner text stays.
      if (line.find("{{") != std::string::npos) line = strip_shortcodes(line);
    }
    out += line;
    if (e < body.size()) out.push_back('\n');
    pos = e + 1;
  }
  return out;
}

void append_text(std::string& out, const char* s) {
  if (s) out += s;
}

// Plain text of a node's subtree, with spaces between blocks.
std::string node_text(cmark_node* root) {
  std::string out;
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it.get());
    cmark_node_type t = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER) {
      switch (t) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
          append_text(out, cmark_node_get_literal(n));
          break;
        case CMARK_NODE_CODE_BLOCK:
          append_text(out, cmark_node_get_literal(n));
          out.push_back('\n');
          break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
          out.push_back(' ');
          break;
        default:
          break;
      }
    } else if (ev == CMARK_EVENT_EXIT) {
      switch (t) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
        case CMARK_NODE_ITEM:
        case CMARK_NODE_BLOCK_QUOTE:
          out.push_back('\n');
          break;
        default:
          break;
      }
    }
  }
  return trim(out);
}

// Gives each `<tag` occurrence, in order, an id from `ids` (empty = none).
// cmark escapes every '<' of user text and omits raw HTML, so each literal
// "<h2>" / "<li>" in its output is one of the nodes we walked, in order.
std::string add_ids(const std::string& html, const std::string& open, const std::vector<std::string>& ids) {
  std::string out;
  out.reserve(html.size() + ids.size() * 16);
  size_t pos = 0, k = 0;
  while (true) {
    size_t f = html.find(open, pos);
    if (f == std::string::npos) break;
    out.append(html, pos, f - pos);
    if (k < ids.size() && !ids[k].empty()) {
      out += open.substr(0, open.size() - 1) + " id=\"" + html_escape(ids[k]) + "\">";
    } else {
      out += open;
    }
    ++k;
    pos = f + open.size();
  }
  out.append(html, pos, std::string::npos);
  return out;
}

// Where node `n` starts in the file: its own position or, when cmark gave
// it none, its nearest ancestor's; the column in characters of `body`.
SourceLoc node_loc(cmark_node* n, std::string_view body, int body_line, const std::string& path) {
  while (n && cmark_node_get_start_line(n) <= 0) n = cmark_node_parent(n);
  if (!n) return {path, body_line, 1};
  const int line = cmark_node_get_start_line(n);
  size_t start = 0;
  for (int l = 1; l < line && start < body.size(); ++l) {
    size_t nl = body.find('\n', start);
    start = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  size_t end = body.find('\n', start);
  std::string_view text = body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  const int byte_col = std::max(1, cmark_node_get_start_column(n));
  return {path, body_line + line - 1, char_column(text, static_cast<size_t>(byte_col - 1))};
}

// The tree pass of the article budget (article_budget.h): real nesting per
// container kind, links and headings, on cmark's tree before anything is
// rendered or indexed.
Status check_tree_budget(cmark_node* doc, std::string_view body, int body_line, const std::string& path,
                         const ArticleBudget& b) {
  int quotes = 0, lists = 0, inlines = 0;
  size_t links = 0, headings = 0;
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(doc));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it.get());
    const cmark_node_type t = cmark_node_get_type(n);
    const int step = ev == CMARK_EVENT_ENTER ? 1 : ev == CMARK_EVENT_EXIT ? -1 : 0;
    auto over = [&](const std::string& what) {
      return Status::content(what, node_loc(n, body, body_line, path), DiagCode::kMarkdownLimit);
    };
    auto deep = [&](const char* kind, int depth, int limit) {
      return over(std::string(kind) + " nested " + std::to_string(depth) + " deep, over the budget of " + std::to_string(limit));
    };
    switch (t) {
      case CMARK_NODE_BLOCK_QUOTE:
        quotes += step;
        if (quotes > b.max_quote_depth) return deep("block quotes", quotes, b.max_quote_depth);
        if (quotes + lists > b.max_block_depth) return deep("block quotes and lists", quotes + lists, b.max_block_depth);
        break;
      case CMARK_NODE_LIST:
        lists += step;
        if (lists > b.max_list_depth) return deep("lists", lists, b.max_list_depth);
        if (quotes + lists > b.max_block_depth) return deep("block quotes and lists", quotes + lists, b.max_block_depth);
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:
        if (step > 0 && ++links > b.max_links) {
          return over("more than " + std::to_string(b.max_links) + " links and images, over the budget");
        }
        [[fallthrough]];
      case CMARK_NODE_EMPH:
      case CMARK_NODE_STRONG:
        inlines += step;
        if (inlines > b.max_inline_depth) return deep("emphasis and links", inlines, b.max_inline_depth);
        break;
      case CMARK_NODE_HEADING:
        if (step > 0 && ++headings > b.max_headings) {
          return over("more than " + std::to_string(b.max_headings) + " headings, over the budget");
        }
        break;
      default:
        break;
    }
  }
  return Status();
}

// The first top-level block at which the rendered HTML passes the budget.
Status html_over_budget(cmark_node* doc, size_t total, std::string_view body, int body_line, const std::string& path,
                        const ArticleBudget& b) {
  size_t sum = 0;
  cmark_node* at = cmark_node_first_child(doc);
  for (cmark_node* c = at; c; c = cmark_node_next(c)) {
    std::unique_ptr<char, CharDeleter> h(cmark_render_html(c, CMARK_OPT_DEFAULT | CMARK_OPT_SMART));
    sum += h ? std::strlen(h.get()) : 0;
    at = c;
    if (sum > b.max_html_bytes) break;
  }
  return Status::content("the rendered HTML is " + std::to_string(total / 1024) + " KiB, over the budget of " +
                             std::to_string(b.max_html_bytes / 1024) + " KiB; it passes the budget here",
                         at ? node_loc(at, body, body_line, path) : SourceLoc{path, body_line, 1}, DiagCode::kMarkdownLimit);
}

}  // namespace

bool is_safe_url(const std::string& url) {
  std::string u;
  for (char c : url) {
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc <= 0x20) continue;  // browsers ignore control chars and spaces in schemes
    u.push_back(static_cast<char>(std::tolower(uc)));
  }
  size_t colon = u.find(':');
  if (colon == std::string::npos) return true;  // relative
  size_t stop = u.find_first_of("/?#");
  if (stop != std::string::npos && stop < colon) return true;  // colon after path start
  std::string scheme = u.substr(0, colon);
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

namespace {

// True when `node` holds text (an image's description), at any depth.
bool has_text(cmark_node* node) {
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(node));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* x = cmark_iter_get_node(it.get());
    const cmark_node_type t = cmark_node_get_type(x);
    if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_TEXT && t != CMARK_NODE_CODE)) continue;
    const char* lit = cmark_node_get_literal(x);
    if (lit && !trim(lit).empty()) return true;
  }
  return false;
}

// Every link and image under `root`, with its place in the file.
std::vector<LinkRef> collect_links(cmark_node* root, int body_line) {
  std::vector<LinkRef> out;
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* x = cmark_iter_get_node(it.get());
    const cmark_node_type t = cmark_node_get_type(x);
    if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE)) continue;
    LinkRef l;
    const char* url = cmark_node_get_url(x);
    l.url = url ? url : "";
    l.image = t == CMARK_NODE_IMAGE;
    l.described = !l.image || has_text(x);
    // The node's own place; its block's if cmark gave it none.
    cmark_node* block = x;
    while (block && cmark_node_get_start_line(block) == 0) block = cmark_node_parent(block);
    l.line = block ? cmark_node_get_start_line(block) + body_line - 1 : body_line;
    l.col = block ? std::max(1, cmark_node_get_start_column(block)) : 1;
    out.push_back(std::move(l));
  }
  return out;
}

// Blanks the destination of every link and image under `root` that
// is_safe_url() refuses.
void strip_unsafe_urls(cmark_node* root) {
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* x = cmark_iter_get_node(it.get());
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node_type t = cmark_node_get_type(x);
    if (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE) continue;
    const char* url = cmark_node_get_url(x);
    if (url && !is_safe_url(url)) cmark_node_set_url(x, "");
  }
}

}  // namespace

namespace {

// One pass over the document's top-level blocks: sections by heading,
// bullets of recognised sections, and the anchors to put on <hN> and <li>.
class Walker {
 public:
  Walker(cmark_node* doc, int body_line, const Schema& schema) : doc_(doc), body_line_(body_line), schema_(schema) {}

  void walk() {
    for (cmark_node* n = cmark_node_first_child(doc_); n; n = cmark_node_next(n)) {
      if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
        heading(n);
      } else {
        block(n);
      }
    }
    md_.intro = trim(intro_);
    std::string all = md_.intro;
    for (const auto& s : md_.sections) all += (all.empty() ? "" : "\n") + s.heading + "\n" + s.text;
    md_.text = trim(all);
  }

  MarkdownDoc& doc() { return md_; }
  const std::vector<std::string>& heading_ids() const { return heading_ids_; }
  const std::vector<std::string>& item_ids() const { return item_ids_; }

 private:
  int file_line(cmark_node* n) const { return cmark_node_get_start_line(n) + body_line_ - 1; }

  std::string unique_anchor(std::string a) {
    if (a.empty()) a = "sectie";
    int n = anchor_count_[a]++;
    return n == 0 ? a : a + "-" + std::to_string(n + 1);
  }

  void heading(cmark_node* n) {
    std::string htext = node_text(n);
    int level = cmark_node_get_heading_level(n);
    if (level == 1 && md_.title.empty() && md_.sections.empty()) {
      md_.title = htext;
      md_.title_line = file_line(n);
      heading_ids_.push_back(unique_anchor(slugify(htext)));
      return;
    }
    // A recognised section runs until the next heading of its level or
    // higher; a deeper unrecognised heading stays inside it.
    if (cur_ && !cur_->name.empty() && level > cur_->level && !schema_.section_for_heading(htext)) {
      cur_->text += "\n" + htext;
      heading_ids_.push_back(unique_anchor(slugify(htext)));
      return;
    }
    Section s;
    s.heading = htext;
    s.level = level;
    s.line = file_line(n);
    if (const SectionSpec* spec = schema_.section_for_heading(htext)) s.name = spec->name;
    s.anchor = unique_anchor(slugify(htext));
    heading_ids_.push_back(s.anchor);
    md_.sections.push_back(std::move(s));
    cur_ = &md_.sections.back();
  }

  void block(cmark_node* n) {
    std::string txt = node_text(n);
    if (!cur_) {
      intro_ += (intro_.empty() ? "" : "\n") + txt;
    } else {
      cur_->text += (cur_->text.empty() ? "" : "\n") + txt;
      if (cmark_node_get_type(n) != CMARK_NODE_LIST) cur_->rest += (cur_->rest.empty() ? "" : "\n") + txt;
    }
    // Record list items in document (pre-)order so their <li> get ids.
    std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(n));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
      cmark_node* x = cmark_iter_get_node(it.get());
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node_type xt = cmark_node_get_type(x);
      if (xt == CMARK_NODE_HEADING) heading_ids_.push_back(unique_anchor(slugify(node_text(x))));
      if (xt == CMARK_NODE_ITEM) item(x);
    }
  }

  // Only top-level bullets of a recognised section become items.
  void item(cmark_node* x) {
    bool top = cmark_node_parent(x) && cmark_node_parent(cmark_node_parent(x)) == doc_;
    if (!top || !cur_ || cur_->name.empty()) {
      item_ids_.push_back("");
      return;
    }
    Bullet b;
    b.text = node_text(x);
    b.line = file_line(x);
    b.anchor = cur_->name + "-" + std::to_string(++bullet_count_[cur_->name]);
    item_ids_.push_back(b.anchor);
    if (!b.text.empty()) cur_->bullets.push_back(std::move(b));
  }

  cmark_node* doc_;
  int body_line_;
  const Schema& schema_;
  MarkdownDoc md_;
  std::vector<std::string> heading_ids_;
  std::vector<std::string> item_ids_;
  std::string intro_;
  Section* cur_ = nullptr;
  std::map<std::string, int> anchor_count_;
  std::map<std::string, int> bullet_count_;
};

// Puts the walk's heading anchors on the rendered <h1>…<h6>: ids are
// assigned per level in document order.
std::string add_heading_ids(cmark_node* doc, std::string h, const std::vector<std::string>& heading_ids) {
  for (int lvl = 1; lvl <= 6; ++lvl) {
    std::vector<std::string> ids;
    size_t k = 0;
    std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(doc));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
      cmark_node* x = cmark_iter_get_node(it.get());
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(x) == CMARK_NODE_HEADING) {
        if (cmark_node_get_heading_level(x) == lvl && k < heading_ids.size()) ids.push_back(heading_ids[k]);
        ++k;
      }
    }
    h = add_ids(h, "<h" + std::to_string(lvl) + ">", ids);
  }
  return h;
}

}  // namespace

Result<MarkdownDoc> parse_markdown(const std::string& body_in, int body_line, const std::string& path,
                                   const Schema& schema, const ArticleBudget& budget) {
  if (Status st = check_text_budget(body_in, body_line, path, budget); !st.ok()) return st;
  if (Status st = check_markdown_text_budget(body_in, body_line, path, budget); !st.ok()) return st;
  std::string body = flatten_extras(body_in);
  std::unique_ptr<cmark_node, NodeDeleter> doc(
      cmark_parse_document(body.data(), body.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART));
  if (!doc) return Status::internal("cmark failed to parse " + path);
  if (Status st = check_tree_budget(doc.get(), body, body_line, path, budget); !st.ok()) return st;
  Walker w(doc.get(), body_line, schema);
  w.walk();
  size_t items = 0;
  for (const auto& sec : w.doc().sections) {
    for (const auto& bullet : sec.bullets) {
      if (++items > budget.max_items) {
        return Status::content("more than " + std::to_string(budget.max_items) + " items (bullets of the schema's sections), over the budget",
                               {path, bullet.line, 1}, DiagCode::kMarkdownLimit);
      }
    }
  }
  std::vector<LinkRef> links = collect_links(doc.get(), body_line);
  // Every link and image of the document, headings included: a fuzzing finding.
  strip_unsafe_urls(doc.get());
  std::unique_ptr<char, CharDeleter> html(cmark_render_html(doc.get(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART));
  MarkdownDoc md = std::move(w.doc());
  md.links = std::move(links);
  md.html = add_ids(add_heading_ids(doc.get(), html ? html.get() : "", w.heading_ids()), "<li>", w.item_ids());
  if (md.html.size() > budget.max_html_bytes) return html_over_budget(doc.get(), md.html.size(), body, body_line, path, budget);
  return md;
}

std::string render_inline_html(const std::string& markdown) {
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
  if (!doc) return html_escape(markdown);
  strip_unsafe_urls(doc.get());
  std::unique_ptr<char, CharDeleter> html(cmark_render_html(doc.get(), CMARK_OPT_DEFAULT));
  std::string h = html ? html.get() : "";
  // Strip a single wrapping paragraph.
  if (h.rfind("<p>", 0) == 0 && h.size() >= 8 && h.find("<p>", 3) == std::string::npos) {
    h = h.substr(3);
    size_t e = h.rfind("</p>");
    if (e != std::string::npos) h.erase(e);
  }
  return trim(h);
}

}  // namespace casebase
