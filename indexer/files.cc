#include "files.h"

#include <sys/stat.h>

#include <algorithm>

#include "casebase/file.h"

namespace fs = std::filesystem;

namespace casebase::indexer {

bool is_article_file(const fs::path& p) {
  std::string name = p.filename().string();
  std::string ext = p.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".md" && ext != ".markdown" && ext != ".mdx") return false;
  if (name.empty() || name[0] == '_' || name[0] == '.') return false;
  std::string lower = name;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower != "readme.md" && lower != "contributing.md";
}

// Walks `root` without following symlinks (files or folders); a symlink is
// reported and skipped, so a link can never pull files from outside the tree.
std::vector<FileEntry> walk(const fs::path& root, std::vector<Diagnostic>& problems) {
  std::vector<FileEntry> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    problems.push_back(make_diagnostic(DiagCode::kUnreadable, {root.string(), 0, 0}, "cannot read folder: " + ec.message()));
    return out;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      problems.push_back(make_diagnostic(DiagCode::kUnreadable, {it->path().string(), 0, 0}, "cannot read: " + ec.message()));
      ec.clear();
      continue;
    }
    const auto& p = it->path();
    std::string name = p.filename().string();
    if (it->is_directory(ec) && !it->is_symlink(ec) && (name == "node_modules" || (!name.empty() && name[0] == '.'))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec)) {
      if (is_article_file(p) || fs::is_directory(p, ec)) {
        problems.push_back(make_diagnostic(DiagCode::kSymlink, {p.string(), 1, 1}, "is a symbolic link; links are not followed"));
      }
      continue;
    }
    if (!it->is_regular_file(ec) || !is_article_file(p)) continue;
    // Lexically: the iterator's paths all start with `root`, and
    // fs::relative resolves every component with readlink (a third of an
    // incremental run on 100k files).
    std::string rel = p.lexically_relative(root).generic_string();
    out.push_back({p, rel, root, rel});
  }
  std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) { return a.rel < b.rel; });
  return out;
}

// "mtime_ns:size" of a file, or empty if it cannot be stat'ed.
std::string file_stamp(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return "";
  return std::to_string(static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec) + ":" +
         std::to_string(static_cast<long long>(st.st_size));
}

// The bytes of an article file; too large, linked, unreadable and binary
// files are content errors of the file.
Result<std::string> read_article(const FileEntry& f, size_t max_bytes) {
  const fs::path& p = f.path;
  std::error_code ec;
  const Status link = Status::content("is a symbolic link; links are not followed", {p.string(), 1, 1}, DiagCode::kSymlink);
  if (fs::is_symlink(p, ec)) return link;
  auto size = fs::file_size(p, ec);
  if (ec) return Status::content("cannot read: " + ec.message(), {p.string(), 0, 0}, DiagCode::kUnreadable);
  if (size > max_bytes) {
    return Status::content("file is " + std::to_string(size / 1024) + " KiB, over the budget of " +
                               std::to_string(max_bytes / 1024) + " KiB",
                           {p.string(), 1, 1}, DiagCode::kFileTooLarge);
  }
  // Opened without following a link, component by component below the
  // walk's folder: a file or folder swapped for a symlink after the walk
  // (or the checks above) is refused here, not read through. The size is
  // checked again on the open file.
  auto s = f.root.empty() ? read_file(p.string(), max_bytes, Links::kRefuse)
                          : read_file_beneath(f.root.string(), f.under, max_bytes);
  if (!s.ok()) {
    const DiagCode why = s.status().diag_code();
    if (why == DiagCode::kSymlink) {
      return Status::content("a symbolic link on the way to this file; links are not followed", {p.string(), 1, 1},
                             DiagCode::kSymlink);
    }
    if (why == DiagCode::kFileTooLarge) {
      return Status::content("file grew over the budget of " + std::to_string(max_bytes / 1024) + " KiB while read",
                             {p.string(), 1, 1}, DiagCode::kFileTooLarge);
    }
    return Status::content("cannot open for reading (permissions?)", {p.string(), 0, 0}, DiagCode::kUnreadable);
  }
  if (s->find('\0') != std::string::npos) {
    return Status::content("binary file (contains NUL bytes)", {p.string(), 1, 1}, DiagCode::kBinaryFile);
  }
  return s;
}
}  // namespace casebase::indexer
