// A small index for the search stage tests: Markdown articles written
// through build_article and IndexWriter into a temp folder, opened with
// Xapian as the searcher does (the CURRENT stub).
#pragma once

#include <xapian.h>

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "casebase/document.h"
#include "casebase/index_writer.h"
#include "casebase/schema.h"
#include "test_util.h"

namespace casebase::test {

// A minimal article of the default schema; `extra` adds front-matter lines.
inline std::string md_article(const std::string& title, const std::string& body, const std::string& extra = "") {
  return "---\ntitle: " + title + "\norganisation: Gemeente Den Haag\n" + extra + "---\n\n" + body + "\n";
}

class TinyIndex {
 public:
  // `files`: (relative path, file text) pairs, e.g. {"cases/a.md", md_article("A", "Tekst.")}.
  // `synonyms`: groups for the synonym table, as _synonyms.yaml gives them.
  explicit TinyIndex(const std::vector<std::pair<std::string, std::string>>& files, Schema schema = default_schema(),
                     const std::vector<std::vector<std::string>>& synonyms = {})
      : schema_(std::move(schema)) {
    auto w = IndexWriter::open(dir_.str(), schema_, true);
    REQUIRE(w.ok());
    for (const auto& [rel, text] : files) {
      auto a = build_article(text, rel, rel, schema_);
      REQUIRE_MESSAGE(a.ok(), a.status().message());
      REQUIRE((*w)->put(*a).ok());
    }
    if (!synonyms.empty()) REQUIRE((*w)->set_synonyms(synonyms).ok());
    REQUIRE((*w)->commit().ok());
  }
  std::string path() const { return dir_.str(); }
  const Schema& schema() const { return schema_; }
  Xapian::Database db() const { return Xapian::Database(dir_.str() + "/" + kCurrentStub); }

 private:
  TempDir dir_;
  Schema schema_;
};

}  // namespace casebase::test

namespace casebase::test {

// Three cases of the default schema: two Dutch (one with lessons and a
// pro), one English, sharing the theme mobiliteit with the first.
inline std::vector<std::pair<std::string, std::string>> stage_corpus() {
  return {
      {"cases/fiets.md",
       md_article("Fietsen in Den Haag",
                  "De gemeente bouwde een fietsenstalling bij het station.\n\n## Geleerde lessen\n\n"
                  "- Begin klein met de fietsenstalling.\n- Betrek de bewoners vroeg.\n\n## Voordelen\n\n"
                  "- Minder verkeer in de wijk.",
                  "themes: [mobiliteit]\nlanguage: nl\ndate: 2021-03-01\n")},
      {"cases/zon.md",
       md_article("Zonnepanelen op scholen", "De gemeente legde zonnepanelen op twintig scholen.",
                  "themes: [energie]\nlanguage: nl\ndate: 2019-06-15\n")},
      {"cases/bike.md",
       md_article("Cycling lanes in Leeds", "The council built protected cycling lanes through the city.",
                  "themes: [mobiliteit]\nlanguage: en\ndate: 2020-01-10\n")},
  };
}

}  // namespace casebase::test
