#include "i18n.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "casebase/file.h"
#include "test_util.h"

using namespace casebase;
using namespace casebase::serve;

namespace {

std::string web_dir() { return std::string(CASEBASE_SOURCE_DIR) + "/web"; }

StringTable raw_catalogue(const std::string& code) {
  const std::string path = web_dir() + "/i18n/" + code + ".json";
  auto text = read_file(path);
  REQUIRE(text.ok());
  auto t = parse_catalogue(*text, path);
  REQUIRE(t.ok());
  return *t;
}

void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("i18n: nl.json and en.json have the same keys, none empty") {
  const StringTable nl = raw_catalogue("nl");
  const StringTable en = raw_catalogue("en");
  CHECK(nl.size() > 150);
  for (const auto& [k, v] : nl) {
    CAPTURE(k);
    CHECK(en.count(k) == 1);
    CHECK(!v.empty());
  }
  for (const auto& [k, v] : en) {
    CAPTURE(k);
    CHECK(nl.count(k) == 1);
    CHECK(!v.empty());
  }
  // Vocabulary labels live in the schema, not in the catalogues.
  for (const auto& [k, v] : nl) CHECK(k.rfind("value.", 0) != 0);
  CHECK(nl.at("language_name") == "Nederlands");
  CHECK(en.at("language_name") == "English");
}

TEST_CASE("i18n: language negotiation") {
  auto web = load_catalogues(web_dir());
  REQUIRE(web.ok());
  auto three = Catalogues::from_tables({{"nl", {}}, {"en", {}}, {"de", {}}});
  REQUIRE(three.ok());
  struct Case {
    const Catalogues* catalogues;
    std::string param, cookie, accept, want;
  };
  const Case cases[] = {
      {&*web, "", "", "", "nl"},
      {&*web, "", "", "en-US,en;q=0.9", "en"},
      {&*web, "", "", "de-DE,de;q=0.9,en;q=0.8,nl;q=0.7", "en"},
      {&*three, "", "", "de-DE,de;q=0.9,en;q=0.8,nl;q=0.7", "de"},
      {&*web, "", "", "en;q=0.5, nl-BE;q=0.8", "nl"},
      {&*web, "", "", "fr-FR", "nl"},
      {&*web, "", "casebase_lang=en", "nl-NL", "en"},
      {&*web, "", "a=b; casebase_lang=nl; c=d", "en", "nl"},
      {&*web, "", "casebase_lang=xx", "en", "en"},
      {&*three, "", "casebase_lang=de", "en", "de"},
      {&*web, "en", "casebase_lang=nl", "nl", "en"},
      {&*web, "NL", "", "en", "nl"},
      {&*web, "klingon", "", "en", "en"},
      {&*web, "de", "", "", "nl"},
      {&*three, "de", "", "", "de"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.param);
    CAPTURE(c.cookie);
    CAPTURE(c.accept);
    CHECK(c.catalogues->negotiate(c.param, c.cookie, c.accept).code == c.want);
  }
}

TEST_CASE("i18n: default language and English fallback") {
  struct Case {
    std::vector<std::string> codes;
    std::string want_default;
  };
  const Case cases[] = {
      {{"nl", "en", "de"}, "nl"},
      {{"en", "de"}, "en"},
      {{"fr", "de"}, "de"},
  };
  for (const auto& c : cases) {
    std::map<std::string, StringTable> tables;
    for (const auto& code : c.codes) tables[code] = {};
    auto cat = Catalogues::from_tables(tables);
    REQUIRE(cat.ok());
    CHECK(cat->default_language().code == c.want_default);
  }
  auto cat = Catalogues::from_tables({{"en", {{"language_name", "English"}, {"a", "A"}, {"b", "B"}}},
                                      {"de", {{"a", "Ä"}}}});
  REQUIRE(cat.ok());
  const Language* de = cat->find("de-AT");
  REQUIRE(de);
  CHECK(tr(*de, "a") == "Ä");
  CHECK(tr(*de, "b") == "B");                // English fallback
  CHECK(de->name == "de");                   // no language_name: the code, never English's name
  CHECK(tr(*de, "missing") == "missing");    // the key itself
  CHECK(cat->find("") == nullptr);
  CHECK(cat->find("fr") == nullptr);
  CHECK(!Catalogues::from_tables({}).ok());
}

TEST_CASE("i18n: catalogues are flat objects of strings") {
  struct Case {
    std::string text;
    bool ok;
    std::string error;  // part of the message
  };
  const Case cases[] = {
      {R"({"a": "A", "b": "{n} B"})", true, ""},
      {R"({})", true, ""},
      {R"({"a": {"b": "c"}})", false, "`a` must be a string"},
      {R"({"a": 1})", false, "`a` must be a string"},
      {R"(["a"])", false, "one JSON object"},
      {R"({"a": "A",})", false, "not valid JSON"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto t = parse_catalogue(c.text, "de.json");
    CHECK(t.ok() == c.ok);
    if (!c.ok) {
      CHECK(t.status().message().rfind("de.json: ", 0) == 0);
      CHECK(t.status().message().find(c.error) != std::string::npos);
    }
  }
  CHECK(format("{n} van {m}, {x}", {{"n", "1"}, {"m", "2"}}) == "1 van 2, {x}");
}

TEST_CASE("i18n: load_catalogues names the bad file") {
  struct Case {
    std::string file, text, error;
  };
  const Case cases[] = {
      {"de.json", R"({"a": "A"})", ""},
      {"de_DE.json", R"({"a": "A"})", "de_DE.json`: a catalogue is named by its language code"},
      {"de.json", R"({"a": [1]})", "de.json`: the value of `a`"},
      {"README.md", "# not a catalogue", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.file);
    test::TempDir tmp;
    write(tmp.path() / "i18n" / "en.json", R"({"a": "A"})");
    write(tmp.path() / "i18n" / c.file, c.text);
    auto cat = load_catalogues(tmp.str());
    CHECK(cat.ok() == c.error.empty());
    if (!c.error.empty()) CHECK(cat.status().message().find(c.error) != std::string::npos);
  }
  test::TempDir empty;
  CHECK(!load_catalogues(empty.str()).ok());
}
