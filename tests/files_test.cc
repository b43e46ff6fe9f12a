#include <doctest/doctest.h>

#include <fstream>

#include "casebase/file.h"
#include "files.h"
#include "test_util.h"

using namespace casebase;
namespace fs = std::filesystem;

TEST_CASE("files: which files are articles") {
  const std::pair<const char*, bool> cases[] = {
      {"cases/a.md", true},      {"a.markdown", true},  {"a.MDX", true},       {"a.txt", false},
      {"_index.md", false},      {".hidden.md", false}, {"README.md", false},  {"readme.md", false},
      {"CONTRIBUTING.md", false}, {"lessen.md", true},
  };
  for (const auto& [path, want] : cases) {
    CAPTURE(path);
    CHECK(indexer::is_article_file(path) == want);
  }
}

TEST_CASE("files: walk skips hidden folders and non-articles, sorted by relative path") {
  test::TempDir tmp;
  fs::create_directories(tmp.path() / "b");
  fs::create_directories(tmp.path() / ".git");
  fs::create_directories(tmp.path() / "node_modules");
  for (const char* f : {"b/z.md", "a.md", ".git/x.md", "node_modules/y.md", "notes.txt"}) {
    std::ofstream(tmp.path() / f) << "# x\n";
  }
  std::vector<Diagnostic> problems;
  auto files = indexer::walk(tmp.path(), problems);
  CHECK(problems.empty());
  REQUIRE(files.size() == 2);
  CHECK(files[0].rel == "a.md");
  CHECK(files[1].rel == "b/z.md");
}

TEST_CASE("files: read_article refuses large, binary and missing files, each with its code") {
  test::TempDir tmp;
  std::ofstream(tmp.path() / "big.md") << std::string(2048, 'x');
  std::ofstream(tmp.path() / "bin.md") << std::string("a\0b", 3);
  std::ofstream(tmp.path() / "ok.md") << "# Hallo\n";
  struct Case {
    const char* name;
    DiagCode code;
    const char* message;
  };
  const Case cases[] = {
      {"big.md", DiagCode::kFileTooLarge, "file is 2 KiB, over the budget of 1 KiB"},
      {"bin.md", DiagCode::kBinaryFile, "binary file (contains NUL bytes)"},
      {"missing.md", DiagCode::kUnreadable, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto r = indexer::read_article({tmp.path() / c.name, c.name, tmp.path(), c.name}, 1024);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().diag_code() == c.code);
    if (*c.message) CHECK(r.status().message() == c.message);
  }
  auto ok = indexer::read_article({tmp.path() / "ok.md", "ok.md", tmp.path(), "ok.md"}, 1024);
  REQUIRE(ok.ok());
  CHECK(*ok == "# Hallo\n");
}

TEST_CASE("files: a folder swapped for a symbolic link after the walk is not read through (issue 12 part 6)") {
  test::TempDir tmp;
  const fs::path content = tmp.path() / "content", outside = tmp.path() / "outside";
  fs::create_directories(content / "cases");
  fs::create_directories(outside);
  std::ofstream(content / "cases" / "a.md") << "# Ours\n";
  std::ofstream(outside / "a.md") << "# A secret\n";
  std::vector<Diagnostic> problems;
  auto files = indexer::walk(content, problems);
  REQUIRE(files.size() == 1);
  REQUIRE(indexer::read_article(files[0], 1024).ok());

  // The swap: the folder becomes a link to a folder with a file of that name.
  fs::rename(content / "cases", tmp.path() / "old-cases");
  fs::create_directory_symlink(outside, content / "cases");
  auto r = indexer::read_article(files[0], 1024);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().diag_code() == DiagCode::kSymlink);
  CHECK(r.status().message().find("symbolic link") != std::string::npos);

  // And the file itself swapped for a link, in a real folder.
  fs::remove(content / "cases");
  fs::create_directories(content / "cases");
  fs::create_symlink(outside / "a.md", content / "cases" / "a.md");
  auto r2 = indexer::read_article(files[0], 1024);
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.status().diag_code() == DiagCode::kSymlink);
}

TEST_CASE("file: read_file_beneath refuses paths that climb out or are not plain") {
  test::TempDir tmp;
  fs::create_directories(tmp.path() / "c");
  std::ofstream(tmp.path() / "x.md") << "x";
  for (const char* rel : {"../x.md", "/x.md", "c/../../x.md", "", "c//x.md", "./x.md"}) {
    CAPTURE(rel);
    auto r = read_file_beneath((tmp.path() / "c").string(), rel, 1024);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().diag_code() == DiagCode::kBadPath);
  }
  CHECK(read_file_beneath(tmp.path().string(), "x.md", 1024).ok());
}
