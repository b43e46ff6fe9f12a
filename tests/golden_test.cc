#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace casebase;

// Each tests/data/bad/x.md has x.err with the exact output of
// `casebase-index check bad/x.md` run from tests/data.
TEST_CASE("golden: check reports each mistake exactly") {
  fs::path old = fs::current_path();
  fs::current_path(test::data_dir());
  int files = 0;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::directory_iterator("bad")) {
    if (e.path().extension() == ".md") inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& p : inputs) {
    CAPTURE(p.string());
    fs::path errp = p;
    errp.replace_extension(".err");
    std::ifstream in(errp);
    REQUIRE(in);
    std::stringstream want;
    want << in.rdbuf();
    indexer::Options o;
    o.command = indexer::Command::kCheck;
    o.content_dir = "bad";
    o.paths = {p.generic_string()};
    std::ostringstream out, err;
    int rc = indexer::run(o, out, err);
    CHECK(out.str() == want.str());
    bool has_error = want.str().find(": error: ") != std::string::npos;
    CHECK(rc == (has_error ? 1 : 0));
    ++files;
  }
  fs::current_path(old);
  CHECK(files >= 12);
}

TEST_CASE("check --format json counts errors and warnings") {
  fs::path old = fs::current_path();
  fs::current_path(test::data_dir());
  indexer::Options o;
  o.command = indexer::Command::kCheck;
  o.content_dir = "bad";
  o.paths = {"bad/unknown-key.md", "bad/bad-date.md"};
  o.format = "json";
  std::ostringstream out, err;
  int rc = indexer::run(o, out, err);
  fs::current_path(old);
  CHECK(rc == 1);
  CHECK(out.str().find("\"errors\": 1") != std::string::npos);
  CHECK(out.str().find("\"warnings\": 1") != std::string::npos);
  CHECK(out.str().find("\"line\": 4") != std::string::npos);
}

// The demo articles are what a new user sees first, and contributors copy
// them: they must pass the checker they are told to run, without a warning.
TEST_CASE("check: every article shipped in content/ is clean") {
  indexer::Options o;
  o.command = indexer::Command::kCheck;
  o.content_dir = std::string(CASEBASE_SOURCE_DIR) + "/content";
  o.paths = {o.content_dir};
  std::ostringstream out, err;
  int rc = indexer::run(o, out, err);
  CHECK(out.str() == "");
  CHECK(rc == 0);
}

// A folder outside --content is its own content root: a/index.md and
// b/index.md get the ids a/index and b/index, as the indexer gives them.
TEST_CASE("check: a folder outside the content folder gets the indexer's ids") {
  test::TempDir tmp;
  for (const char* sub : {"a", "b"}) {
    fs::create_directories(tmp.path() / sub);
    std::ofstream(tmp.path() / sub / "index.md") << "---\ntitle: Over " << sub << "\norganisation: Gemeente " << sub
                                                  << "\n---\n\nTekst.\n";
  }
  indexer::Options o;
  o.command = indexer::Command::kCheck;
  o.paths = {tmp.str()};
  std::ostringstream out, err;
  int rc = indexer::run(o, out, err);
  CHECK(out.str() == "");
  CHECK(rc == 0);
  CHECK(err.str() == "checked 2 files: 0 errors, 0 warnings\n");
}

// Issue 14: a draft checked from any folder (the content folder, "content",
// is not there) gets its id from its file name, not "cannot derive an id".
TEST_CASE("regression: check FILE works from any folder, by relative or absolute path") {
  test::TempDir tmp;
  fs::create_directories(tmp.path() / "desk");
  std::ofstream(tmp.path() / "desk" / "mijn-case.md") << "---\ntitle: Mijn case\norganisation: Gemeente X\n---\n\nTekst.\n";
  const fs::path before = fs::current_path();
  fs::current_path(tmp.path() / "desk");
  for (const std::string& path : std::vector<std::string>{"mijn-case.md", "./mijn-case.md", (tmp.path() / "desk" / "mijn-case.md").string()}) {
    CAPTURE(path);
    indexer::Options o;
    o.command = indexer::Command::kCheck;
    o.paths = {path};
    std::ostringstream out, err;
    const int rc = indexer::run(o, out, err);
    CHECK(out.str() == "");
    CHECK(rc == 0);
    CHECK(err.str() == "checked 1 file: 0 errors, 0 warnings\n");
  }
  fs::current_path(before);
}

// Issue 14: links to articles that are not there, and images nobody can
// read, are caught by check; links elsewhere are not its business.
TEST_CASE("check: broken links to articles and images without a description") {
  test::TempDir tmp;
  const fs::path content = tmp.path() / "content";
  fs::create_directories(content / "cases");
  auto write = [](const fs::path& p, const std::string& body) {
    std::ofstream(p) << "---\ntitle: " << p.stem().string() << "\norganisation: Gemeente X\n---\n\n" << body << "\n";
  };
  write(content / "cases" / "b.md", "Bestaat.\n");
  write(content / "cases" / "a.md",
        "Zie [b](b.md), [b weer](../cases/b.md#les-1), [b online](/articles/cases/b), [web](https://x.nl/c.md), "
        "[anker](#doel), [bestand](rapport.pdf).\n\n"
        "Maar [weg](c.md), [ook weg](/articles/cases/c) en [buiten](../../x.md).\n\n"
        "![](kaart.png) en ![een kaart](kaart2.png)\n");
  indexer::Options o;
  o.command = indexer::Command::kCheck;
  o.content_dir = content.string();
  o.paths = {(content / "cases" / "a.md").string()};  // b.md is known from the content folder
  std::ostringstream out, err;
  CHECK(indexer::run(o, out, err) == 1);
  const std::string a = (content / "cases" / "a.md").string();
  CHECK(out.str() ==
        a + ":10:1: error: image `kaart.png` has no description for people who cannot see it: write one, ![…](kaart.png) [no-alt-text]\n" +
            a + ":8:6: error: links to `c.md`, which is no article in the content folder [broken-link]\n" +
            a + ":8:19: error: links to `/articles/cases/c`, which is no article in the content folder [broken-link]\n" +
            a + ":8:51: error: links to `../../x.md`, which is no article in the content folder [broken-link]\n");
  CHECK(err.str() == "checked 1 file: 4 errors, 0 warnings\n");
}
