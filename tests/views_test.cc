#include "views.h"

#include <doctest/doctest.h>

using namespace casebase;
using namespace casebase::serve;
using nlohmann::json;

namespace {

const Catalogues& languages() {
  static const Catalogues c = *Catalogues::from_tables(
      {{"nl", {{"count_one", "1 resultaat"}, {"count_many", "{n} resultaten"}, {"year_range", "{from}–{to}"},
               {"year_since", "vanaf {from}"}, {"year_until", "tot en met {to}"}}},
       {"en", {{"count_one", "1 result"}, {"count_many", "{n} results"}}},
       {"de", {}}});
  return c;
}

}  // namespace

TEST_CASE("views: labels come from the schema") {
  const Schema schema = default_schema();
  struct Case {
    std::string lang, key, value, want;
  };
  const Case cases[] = {
      {"nl", "type", "case", "Casus"},
      {"en", "type", "Case", "Case"},
      {"en", "organisation_type", "gemeente", "municipality"},
      {"nl", "organisation_type", "gemeente", "gemeente"},
      {"de", "language", "nl", "Dutch"},  // no German label: English
      {"en", "themes", "energie", "energy"},   // the open vocabulary's English label
      {"nl", "themes", "energie", "energie"},
      {"en", "themes", "fietsen", "fietsen"},  // a value of the author's own: as written
      {"en", "nope", "x", "x"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    CAPTURE(c.value);
    CHECK(value_label(schema, *languages().find(c.lang), c.key, c.value) == c.want);
  }
  CHECK(facet_label(schema, "themes", *languages().find("nl")) == "Thema's");
  CHECK(facet_label(schema, "year", *languages().find("en")) == "Year");
  CHECK(facet_label(schema, "nope", *languages().find("en")) == "nope");
  CHECK(year_key(schema) == "year");
  CHECK(year_key(Schema{}) == "");
}

TEST_CASE("views: small helpers") {
  CHECK(join({"a", "b"}, ", ") == "a, b");
  CHECK(join({}, ", ") == "");
  CHECK(strings_of(json::array({"a", 1, "b"})) == std::vector<std::string>{"a", "b"});
  CHECK(strings_of("a") == std::vector<std::string>{"a"});
  CHECK(strings_of(3).empty());
  CHECK(str({{"id", 3}}, "id") == "");
  CHECK(str({{"id", "x"}}, "id") == "x");
  CHECK(css_token("Case 2!") == "ase2");
  CHECK(css_token("") == "other");
  const Language& en = *languages().find("en");
  CHECK(content_lang("nl", en) == "nl");
  CHECK(content_lang("en", en) == "");
  CHECK(content_lang("x\"y", en) == "");
  const Language& nl = *languages().find("nl");
  CHECK(count_text(nl, 1) == "1 resultaat");
  CHECK(count_text(nl, 12) == "12 resultaten");
  CHECK(years_text(nl, 2018, 2020) == "2018–2020");
  CHECK(years_text(nl, 2018, 0) == "vanaf 2018");
  CHECK(years_text(nl, 0, 2020) == "tot en met 2020");
  CHECK(option("a", "A", true) == json{{"value", "a"}, {"label", "A"}, {"selected", true}});
}
