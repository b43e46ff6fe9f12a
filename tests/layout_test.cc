#include "layout.h"

#include <doctest/doctest.h>

using namespace casebase;
using namespace casebase::serve;
using nlohmann::json;

TEST_CASE("layout: the language switch lists the other languages") {
  auto two = Catalogues::from_tables({{"nl", {{"language_name", "Nederlands"}, {"lang_switch_label", "Lees in het Nederlands"}}},
                                      {"en", {{"language_name", "English"}, {"lang_switch_label", "Read in English"}}}});
  auto three = Catalogues::from_tables({{"nl", {{"language_name", "Nederlands"}}},
                                        {"en", {{"language_name", "English"}}},
                                        {"de", {{"language_name", "Deutsch"}}}});
  REQUIRE(two.ok());
  REQUIRE(three.ok());
  struct Case {
    const Catalogues* catalogues;
    std::string lang, url;
    std::vector<std::string> want_hrefs, want_texts;
  };
  const Case cases[] = {
      {&*two, "nl", "/?q=x", {"/?q=x&lang=en"}, {"English"}},
      {&*two, "en", "/contribute", {"/contribute?lang=nl"}, {"Nederlands"}},
      {&*three, "nl", "/", {"/?lang=de", "/?lang=en"}, {"Deutsch", "English"}},
      {&*three, "de", "/", {"/?lang=en", "/?lang=nl"}, {"English", "Nederlands"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.lang);
    PageRequest pr;
    pr.languages = c.catalogues;
    pr.lang = c.catalogues->find(c.lang);
    json v = lang_switch_view(pr, c.url);
    REQUIRE(v.size() == c.want_hrefs.size());
    for (size_t i = 0; i < v.size(); ++i) {
      CHECK(v[i]["href"] == c.want_hrefs[i]);
      CHECK(v[i]["text"] == c.want_texts[i]);
      CHECK(v[i]["first"] == (i == 0));
    }
  }
  PageRequest pr;
  pr.languages = &*two;
  pr.lang = two->find("nl");
  CHECK(lang_switch_view(pr, "/")[0]["label"] == "Read in English");  // worded in the target language
}

TEST_CASE("regression: a catalogue without lang_switch_label is labelled by its name, not English text") {
  auto three = Catalogues::from_tables({{"nl", {{"language_name", "Nederlands"}, {"lang_switch_label", "Lees in het Nederlands"}}},
                                        {"en", {{"language_name", "English"}, {"lang_switch_label", "Read in English"}}},
                                        {"de", {{"language_name", "Deutsch"}}}});
  REQUIRE(three.ok());
  PageRequest pr;
  pr.languages = &*three;
  pr.lang = three->find("nl");
  json v = lang_switch_view(pr, "/");
  REQUIRE(v.size() == 2);
  CHECK(v[0]["text"] == "Deutsch");
  CHECK(v[0]["label"] == "Deutsch");
  CHECK(v[1]["label"] == "Read in English");
}

TEST_CASE("layout: page_status of core errors") {
  struct Case {
    Status st;
    int want;
  };
  const Case cases[] = {
      {Status::invalid_argument("bad"), 400},
      {Status::not_found("no index"), 503},
      {Status::busy("busy"), 503},
      {Status::io("disk"), 500},
      {Status::internal("bug"), 500},
  };
  for (const auto& c : cases) {
    CAPTURE(c.st.message());
    CHECK(page_status(c.st) == c.want);
  }
}
