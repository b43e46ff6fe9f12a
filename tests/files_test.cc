#include <doctest/doctest.h>

#include <fstream>

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
      {"big.md", DiagCode::kFileTooLarge, "file is 2 KiB, over the limit of 1 KiB"},
      {"bin.md", DiagCode::kBinaryFile, "binary file (contains NUL bytes)"},
      {"missing.md", DiagCode::kUnreadable, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto r = indexer::read_article(tmp.path() / c.name, 1024);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().diag_code() == c.code);
    if (*c.message) CHECK(r.status().message() == c.message);
  }
  auto ok = indexer::read_article(tmp.path() / "ok.md", 1024);
  REQUIRE(ok.ok());
  CHECK(*ok == "# Hallo\n");
}
