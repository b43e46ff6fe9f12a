// front_matter: splits an article's text into YAML front matter and the
// Markdown body, and parses the front matter with yaml-cpp into plain
// key -> value(s) with the line and column of each value. yaml-cpp's
// exceptions stop in this module; errors come back as Status with
// file:line:col. Untrusted input is bounded: size, node count, nesting, and
// YAML anchors/aliases (alias bombs) are refused.
#pragma once

#include <string>
#include <vector>

#include "casebase/status.h"

namespace casebase {

struct FrontMatterValue {
  std::string key;
  std::vector<std::string> items;  // one for a scalar, n for a list
  bool is_list = false;
  bool is_map = false;  // a nested map (kept as "k: v" items, not indexed as values)
  int line = 0;         // 1-based, in the whole file
  int col = 0;
};

struct FrontMatter {
  bool present = false;                 // the file had a front-matter block
  std::vector<FrontMatterValue> values;  // in file order
  std::string body;                     // the Markdown after the block
  int body_line = 1;                    // line number of body's first line in the file

  const FrontMatterValue* get(const std::string& key) const;
};

struct FrontMatterLimits {
  size_t max_bytes = 64 * 1024;
  size_t max_nodes = 5000;
  int max_depth = 16;
};

// Parses `text` (the whole file). `path` is used only in error locations.
// Errors: invalid UTF-8, an unclosed block, YAML syntax errors, a top level
// that is not a mapping, anchors/aliases, size/node/depth limits.
Result<FrontMatter> parse_front_matter(const std::string& text, const std::string& path,
                                       const FrontMatterLimits& limits = {});

}  // namespace casebase
