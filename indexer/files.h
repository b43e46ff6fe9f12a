// files: finding and reading the article files of a content folder, for
// the index run and `check` alike. Problems are diagnostics of the file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "casebase/document.h"
#include "casebase/status.h"

namespace casebase::indexer {

// True for a Markdown file (.md, .markdown, .mdx) that is an article: not
// hidden, not `_`-prefixed, not README.md or CONTRIBUTING.md.
// E.g. is_article_file("cases/a.md") but not is_article_file("_index.md").
bool is_article_file(const std::filesystem::path& p);

struct FileEntry {
  std::filesystem::path path;  // as given/walked
  std::string rel;             // relative to the content root, with `/` (the id comes from it)
  // The walk's folder and the path below it: the file is read beneath
  // `root`, no component a link. Empty `root`: a file named on the command
  // line, read by `path` (only its last component must not be a link).
  std::filesystem::path root;
  std::string under;
};

// The article files under `root`, sorted by `rel`. Walks without following
// symlinks (a symlink to an article or folder is reported and skipped, so a
// link can never pull files from outside the tree); skips hidden folders
// and node_modules. Unreadable folders are added to `problems`.
std::vector<FileEntry> walk(const std::filesystem::path& root, std::vector<Diagnostic>& problems);

// "mtime_ns:size" of a file, or empty if it cannot be stat'ed.
std::string file_stamp(const std::filesystem::path& p);

// The bytes of an article file. Errors (kContent, with a DiagCode): larger
// than `max_bytes` (file-too-large), a symbolic link on the way from the
// walk's folder (symlink), unreadable, or binary (NUL bytes).
Result<std::string> read_article(const FileEntry& f, size_t max_bytes);

}  // namespace casebase::indexer
