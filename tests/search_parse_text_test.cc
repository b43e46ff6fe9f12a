#include <doctest/doctest.h>

#include "search/parse_text.h"
#include "search_fixture.h"
#include "casebase/language.h"

using namespace casebase;
using namespace casebase::search;

namespace {

Stoppers stoppers_for(const Schema& s) {
  Stoppers out;
  for (const auto& [lang, name] : s.stemmers) {
    auto st = std::make_unique<Xapian::SimpleStopper>();
    for (const auto& w : stop_words(name)) st->add(w);
    out.emplace(lang, std::move(st));
  }
  return out;
}

bool has(const Xapian::Query& q, const std::string& text) {
  return q.get_description().find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("parse_text: one part per language, field names from the schema, the other language halved") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  Schema schema = idx.schema();
  for (auto& f : schema.fields) f.signal = 0;  // its weights would read as "0.5 *" too
  schema.ranking.other_language_weight = 0.5;   // the knob under test (default 1)
  const Stoppers stop = stoppers_for(schema);
  const TextParser tp{db, schema, stop, 200, make_stems(schema)};
  struct Case {
    std::string q, lang;
    std::vector<std::string> in, out;
  };
  const Case cases[] = {
      {"fietsen", "", {"XLANGnl", "XLANGen", "fietsen"}, {"0.5 *"}},
      {"fietsen", "nl", {"XLANGnl", "0.5 *"}, {}},
      {"title:fietsen", "", {"Sfietsen"}, {}},
      {"\"unbalanced", "", {"unbalanced"}, {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.q);
    Xapian::Query q = tp.parse(read_query(c.q, false), c.lang, Xapian::Query::OP_AND);
    for (const auto& t : c.in) CHECK(has(q, t));
    for (const auto& t : c.out) CHECK_FALSE(has(q, t));
  }
  CHECK(tp.parse(read_query("", false), "", Xapian::Query::OP_AND).empty());
}

TEST_CASE("parse_text: a field's signal looks the query's stems up in that field, in the query's language only") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  Schema s = idx.schema();
  for (auto& f : s.fields) f.signal = f.key == "themes" ? 0.5 : 0;
  const Stoppers stop = stoppers_for(s);
  const TextParser tp{db, s, stop, 200, make_stems(s)};
  const Xapian::Query nl = tp.parse(read_query("fietsen", false), "nl", Xapian::Query::OP_AND);
  CHECK(has(nl, "ZXTHEMEfiets"));
  CHECK_FALSE(has(nl, "ZSfiets"));  // the title has no signal here
  // For an English query, the Dutch part gets none.
  const Xapian::Query en = tp.parse(read_query("fietsen", false), "en", Xapian::Query::OP_AND);
  CHECK(en.get_description().find("ZXTHEMEfiets") == en.get_description().rfind("ZXTHEMEfiets"));
  for (auto& f : s.fields) f.signal = 0;
  CHECK_FALSE(has(TextParser{db, s, stop, 200, make_stems(s)}.parse(read_query("fietsen", false), "nl", Xapian::Query::OP_AND),
                  "ZXTHEME"));
}

TEST_CASE("parse_text: proximity pairs only when the ranking asks for them") {
  test::TinyIndex idx(test::stage_corpus());
  auto db = idx.db();
  Schema s = idx.schema();
  const Stoppers stop = stoppers_for(s);
  const auto words = read_query("fiets stalling", false);
  CHECK_FALSE(has(TextParser{db, s, stop, 200, make_stems(s)}.parse(words, "", Xapian::Query::OP_AND), "NEAR"));
  s.ranking.proximity_weight = 0.5;
  CHECK(has(TextParser{db, s, stop, 200, make_stems(s)}.parse(words, "", Xapian::Query::OP_AND), "NEAR"));
}
