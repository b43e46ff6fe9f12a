#include "casebase/front_matter.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

#include "casebase/text.h"

namespace casebase {

const FrontMatterValue* FrontMatter::get(const std::string& key) const {
  for (const auto& v : values) {
    if (v.key == key) return &v;
  }
  return nullptr;
}

namespace {

// Finds the end of the line starting at `pos`; returns the index of '\n' or size.
size_t line_end(const std::string& s, size_t pos) {
  size_t e = s.find('\n', pos);
  return e == std::string::npos ? s.size() : e;
}

bool is_fence(const std::string& s, size_t b, size_t e, const char* fence) {
  std::string line = s.substr(b, e - b);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
  return line == fence;
}

// If a line (comment stripped) ends in a block scalar header (`key: |`,
// `- >-`, `key: !!str |2+`, `- key: &a |`, or `|` alone), the indentation
// of the node that owns the scalar: its text is every following line
// indented more (or blank). -1 if the line opens no block scalar.
// `owner_indent` is the indentation of the line before, the owner of a
// header that stands alone.
int block_scalar_owner(const std::string& text, int owner_indent) {
  std::vector<std::pair<size_t, std::string>> tokens;  // (column, token)
  for (size_t i = text.find_first_not_of(" \t\r"); i != std::string::npos; i = text.find_first_not_of(" \t\r", i)) {
    size_t j = std::min(text.find_first_of(" \t\r", i), text.size());
    tokens.emplace_back(i, text.substr(i, j - i));
    i = j;
  }
  if (tokens.empty()) return -1;
  const std::string& h = tokens.back().second;
  if ((h[0] != '|' && h[0] != '>') || h.size() > 3 ||
      h.find_first_not_of("+-123456789", 1) != std::string::npos) {
    return -1;
  }
  size_t k = tokens.size() - 1;
  while (k > 0 && (tokens[k - 1].second[0] == '!' || tokens[k - 1].second[0] == '&')) --k;  // tags, anchors
  if (k == 0) return owner_indent;
  const std::string& before = tokens[k - 1].second;
  if (before == "-") return static_cast<int>(tokens[k - 1].first);
  if (before.back() != ':') return -1;  // `a |` is a plain scalar
  size_t key = 0;
  while (key < k - 1 && tokens[key].second == "-") ++key;  // `- - key: |`: the key owns it
  return static_cast<int>(tokens[key].first);
}

// Finds a quoted scalar left open at the end of the block, which yaml-cpp
// silently accepts. The text of block scalars (`|`, `>`) is literal and
// skipped: a quote there opens nothing.
Result<bool> check_quotes(const std::string& yaml, const std::string& path, int first_line) {
  char quote = 0;
  int quote_line = 0, quote_col = 0;
  int block_indent = -1;  // >= 0: inside a block scalar whose owner has this indentation
  int prev_indent = 0;    // indentation of the last line with content
  int line = first_line;
  for (size_t b = 0; b <= yaml.size(); b = line_end(yaml, b) + 1, ++line) {
    const size_t e = line_end(yaml, b);
    const size_t first = yaml.find_first_not_of(" \t\r", b);
    const bool blank = first == std::string::npos || first >= e;
    const int indent = blank ? 0 : static_cast<int>(yaml.find_first_not_of(' ', b) - b);
    if (block_indent >= 0 && !quote) {
      if (blank || indent > block_indent) continue;
      block_indent = -1;
    }
    char prev = ' ';
    char last = 0;  // last non-blank character on this line (0 at line start)
    int col = 1;
    size_t text_end = e;  // where a comment starts
    for (size_t i = b; i < e; ++i) {
      char c = yaml[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if ((c == '"' || c == '\'') &&
                 (last == 0 || ((last == ':' || last == '[' || last == ',' || last == '-' || last == '{') &&
                                (prev == ' ' || prev == '\t' || prev == '[' || prev == ',' || prev == '{')))) {
        quote = c;
        quote_line = line;
        quote_col = col;
      } else if (c == '#' && (prev == ' ' || prev == '\t' || i == b)) {
        text_end = i;
        break;
      }
      prev = c;
      if (c != ' ' && c != '\t') last = c;
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col;
    }
    if (!quote) block_indent = block_scalar_owner(yaml.substr(b, text_end - b), prev_indent);
    if (!blank && text_end > first) prev_indent = indent;
  }
  if (quote) {
    return Status::content(std::string("quoted value is never closed (missing `") + quote + "`)",
                           {path, quote_line, quote_col}, DiagCode::kBadYaml);
  }
  return true;
}

// Streams the YAML events once, before any tree is built, and stops at the
// first anchor or alias (the vehicle of "billion laughs" expansion; no
// article needs them) or when the node count or nesting passes its limit.
class EventGuard : public YAML::EventHandler {
 public:
  struct Stop {
    std::string msg;
    YAML::Mark mark;
    DiagCode code = DiagCode::kFrontMatterLimit;
  };
  explicit EventGuard(const FrontMatterLimits& l) : limits_(l) {}
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { node(m, a); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
    throw Stop{"YAML aliases are not allowed in front matter (quote the value if it starts with `*`)", m,
               DiagCode::kYamlAlias};
  }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t a, const std::string&) override { node(m, a); }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
    node(m, a);
    open(m);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a, YAML::EmitterStyle::value) override {
    node(m, a);
    open(m);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void node(const YAML::Mark& m, YAML::anchor_t a) {
    if (a != YAML::NullAnchor) {
      throw Stop{"YAML anchors are not allowed in front matter (quote the value if it starts with `&`)", m,
                 DiagCode::kYamlAlias};
    }
    if (++nodes_ > limits_.max_nodes) {
      throw Stop{"front matter has too many YAML nodes (limit " + std::to_string(limits_.max_nodes) + ")", m};
    }
  }
  void open(const YAML::Mark& m) {
    if (++depth_ > limits_.max_depth) {
      throw Stop{"front matter is nested too deeply (limit " + std::to_string(limits_.max_depth) + ")", m};
    }
  }
  const FrontMatterLimits& limits_;
  size_t nodes_ = 0;
  int depth_ = 0;
};

// `mark_base`: the file line of the YAML's first line (yaml-cpp's marks are 0-based).
Result<bool> check_events(const std::string& yaml, const std::string& path, const FrontMatterLimits& limits,
                          int mark_base) {
  std::istringstream in(yaml);
  EventGuard guard(limits);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(guard);
  } catch (const EventGuard::Stop& s) {
    return Status::content(s.msg, {path, s.mark.line + mark_base, s.mark.column + 1}, s.code);
  } catch (const YAML::Exception& e) {
    return Status::content("invalid YAML in front matter: " + e.msg, {path, e.mark.line + mark_base, e.mark.column + 1},
                           DiagCode::kBadYaml);
  }
  return true;
}

struct Walker {
  const FrontMatterLimits& limits;
  size_t nodes = 0;
  bool ok = true;
  std::string error;
  YAML::Mark mark;

  void fail(const std::string& msg, const YAML::Mark& m) {
    if (ok) {
      ok = false;
      error = msg;
      mark = m;
    }
  }
  // Counts nodes and depth without copying; stops at the first breach.
  void walk(const YAML::Node& n, int depth) {
    if (!ok) return;
    if (++nodes > limits.max_nodes) return fail("front matter has too many YAML nodes (limit " + std::to_string(limits.max_nodes) + ")", n.Mark());
    if (depth > limits.max_depth) return fail("front matter is nested too deeply (limit " + std::to_string(limits.max_depth) + ")", n.Mark());
    if (n.IsSequence()) {
      for (const auto& x : n) walk(x, depth + 1);
    } else if (n.IsMap()) {
      for (const auto& kv : n) {
        walk(kv.first, depth + 1);
        walk(kv.second, depth + 1);
      }
    }
  }
};

std::string scalar_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  if (n.IsNull()) return "";
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

// The offset of the line holding the opening fence: blank lines before it
// are allowed, as Hugo allows them. `open_line` gets its line number.
size_t skip_blank_lines(const std::string& text, size_t start, int& open_line) {
  open_line = 1;
  while (start < text.size()) {
    size_t e = line_end(text, start);
    if (text.find_first_not_of(" \t\r", start) < e || e == text.size()) break;
    start = e + 1;
    ++open_line;
  }
  return start;
}

// Where the closing fence (a line of `---` or `...`) after `pos` begins
// and ends, and its line number; begin is npos when there is none.
struct Fence {
  size_t begin = std::string::npos;
  size_t end = 0;
  int line = 0;
};

Fence find_closing_fence(const std::string& text, size_t pos, int line) {
  while (pos < text.size()) {
    size_t e = line_end(text, pos);
    if (is_fence(text, pos, e, "---") || is_fence(text, pos, e, "...")) return {pos, e, line};
    pos = e + 1;
    ++line;
  }
  return {std::string::npos, 0, line};
}

// One front-matter entry: key, its value's place, and its values as text.
FrontMatterValue read_entry(const YAML::Node& key, const YAML::Node& val, int mark_base) {
  FrontMatterValue v;
  v.key = key.IsScalar() ? key.Scalar() : scalar_text(key);
  YAML::Mark m = val.Mark();
  if (m.line < 0) m = key.Mark();
  v.line = m.line + mark_base;
  v.col = m.column + 1;
  if (val.IsSequence()) {
    v.is_list = true;
    for (const auto& x : val) v.items.push_back(scalar_text(x));
  } else if (val.IsMap()) {
    v.is_map = true;
    for (const auto& sub : val) v.items.push_back(scalar_text(sub.first) + ": " + scalar_text(sub.second));
  } else if (!val.IsNull()) {
    v.items.push_back(val.Scalar());
  }
  return v;
}

// Parses the YAML between the fences into fm.values, after the guards.
Status read_yaml(const std::string& yaml, const std::string& path, const FrontMatterLimits& limits, int mark_base,
                 FrontMatter& fm) {
  if (auto r = check_quotes(yaml, path, mark_base); !r.ok()) return r.status();
  if (auto r = check_events(yaml, path, limits, mark_base); !r.ok()) return r.status();
  try {
    YAML::Node root = YAML::Load(yaml);
    if (!root || root.IsNull()) return {};
    if (!root.IsMap()) {
      return Status::content("front matter must be a mapping of `key: value` lines",
                             {path, root.Mark().line + mark_base, root.Mark().column + 1}, DiagCode::kNotAMapping);
    }
    Walker w{limits, 0, true, {}, {}};
    w.walk(root, 0);
    if (!w.ok) {
      return Status::content(w.error, {path, w.mark.line + mark_base, w.mark.column + 1}, DiagCode::kFrontMatterLimit);
    }
    for (const auto& kv : root) fm.values.push_back(read_entry(kv.first, kv.second, mark_base));
  } catch (const YAML::Exception& e) {
    return Status::content("invalid YAML in front matter: " + e.msg, {path, e.mark.line + mark_base, e.mark.column + 1},
                           DiagCode::kBadYaml);
  }
  return {};
}

// Parses the front matter of valid UTF-8 `text`; `open_line` gets the line
// of its opening fence (1 unless blank lines come first).
Result<FrontMatter> parse_fenced(const std::string& text, const std::string& path, const FrontMatterLimits& limits,
                                 int& open_line) {
  FrontMatter fm;
  // A UTF-8 byte order mark is harmless: skip it.
  const size_t bom_end = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  const size_t start = skip_blank_lines(text, bom_end, open_line);
  size_t e0 = line_end(text, start);
  if (!is_fence(text, start, e0, "---")) {
    fm.body = text.substr(bom_end);
    fm.body_line = 1;
    return fm;
  }
  fm.present = true;
  Fence close = find_closing_fence(text, e0 < text.size() ? e0 + 1 : text.size(), open_line + 1);
  if (close.begin == std::string::npos) {
    return Status::content("front matter opened with `---` on line " + std::to_string(open_line) +
                               " is never closed (add a line `---` after it)",
                           {path, open_line, 1}, DiagCode::kUnclosedFrontMatter);
  }
  std::string yaml = text.substr(e0 + 1, close.begin - (e0 + 1));
  if (yaml.size() > limits.max_bytes) {
    return Status::content("front matter is larger than " + std::to_string(limits.max_bytes / 1024) + " KiB",
                           {path, open_line + 1, 1}, DiagCode::kFrontMatterLimit);
  }
  fm.body = close.end < text.size() ? text.substr(close.end + 1) : "";
  fm.body_line = close.line + 1;
  // The YAML's first line in the file is the one after the opening fence.
  if (Status st = read_yaml(yaml, path, limits, open_line + 1, fm); !st.ok()) return st;
  return fm;
}

}  // namespace

Result<FrontMatter> parse_front_matter(const std::string& text, const std::string& path,
                                       const FrontMatterLimits& limits) {
  if (size_t bad = find_invalid_utf8(text); bad != std::string::npos) {
    int line, col;
    line_col_at(text, bad, line, col);
    return Status::content("invalid UTF-8 (byte 0x" +
                               [&] {
                                 static const char* hex = "0123456789abcdef";
                                 unsigned char b = static_cast<unsigned char>(text[bad]);
                                 return std::string{hex[b >> 4], hex[b & 15]};
                               }() +
                               "); save the file as UTF-8",
                           {path, line, col}, DiagCode::kInvalidUtf8);
  }
  int open_line = 1;
  auto fm = parse_fenced(text, path, limits, open_line);
  if (!fm.ok() && open_line > 1) {
    // Blank lines, then `---` that opens nothing valid: a thematic break in
    // the Markdown, not front matter.
    FrontMatter plain;
    const size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    plain.body = text.substr(start);
    plain.body_line = 1;
    return plain;
  }
  return fm;
}

}  // namespace casebase
