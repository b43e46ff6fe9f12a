#include <doctest/doctest.h>

#include "casebase/text.h"

using namespace casebase;

TEST_CASE("fold_accents maps accented Latin letters to their base") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"ideeën", "ideeen"}, {"zélf", "zelf"}, {"Curaçao", "Curacao"}, {"Straße", "Strasse"},
      {"ĳsbaan", "ijsbaan"}, {"Łódź", "Lodz"}, {"Škoda", "Skoda"}, {"collega’s", "collega's"},
      {"plain ascii", "plain ascii"}, {"日本", "日本"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(fold_accents(c.in) == c.out);
  }
}

TEST_CASE("find_invalid_utf8 finds the first bad byte") {
  struct Case {
    std::string in;
    size_t bad;
  };
  const Case cases[] = {
      {"hallo", std::string::npos},     {"ideeën", std::string::npos}, {"caf\xe9", 3},
      {"\xc0\xaf", 0},                  {"ok\xed\xa0\x80", 2},          {"\xf4\x90\x80\x80", 0},
      {"trunc\xe2\x82", 5},             {"emoji \xf0\x9f\x98\x80", std::string::npos},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(find_invalid_utf8(c.in) == c.bad);
  }
}

TEST_CASE("slugify, normalize_keyword and html_escape") {
  CHECK(slugify("Den Haag: Innovatie & Inkoop!") == "den-haag-innovatie-inkoop");
  CHECK(slugify("Ideeën  over  zélf") == "ideeen-over-zelf");
  CHECK(normalize_keyword("  Gemeente   Den Haag ") == "gemeente den haag");
  CHECK(normalize_keyword("Zélf") == "zelf");
  CHECK(html_escape("<script>\"'&") == "&lt;script&gt;&quot;&#39;&amp;");
  CHECK(edit_distance("gemeentee", "gemeente") == 1);
}

TEST_CASE("utf8_truncate, utf8_floor and utf8_ceil never split a character") {
  struct Case {
    std::string in;
    size_t max;
    std::string out;
  };
  const Case cases[] = {
      {"café", 4, "caf"},  {"café", 5, "café"}, {"café", 99, "café"}, {"", 3, ""},
      {"ééé", 3, "é"},     {"ééé", 1, ""},      {"abc", 0, ""},        {"日本語", 7, "日本"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CAPTURE(c.max);
    CHECK(utf8_truncate(c.in, c.max) == c.out);
    CHECK(is_valid_utf8(utf8_truncate(c.in, c.max)));
  }
  const std::string s = "aé日b";  // a, é (2 bytes), 日 (3 bytes), b
  CHECK(utf8_floor(s, 2) == 1);
  CHECK(utf8_ceil(s, 2) == 3);
  CHECK(utf8_floor(s, 4) == 3);
  CHECK(utf8_ceil(s, 4) == 6);
  CHECK(utf8_floor(s, 6) == 6);
  CHECK(utf8_floor(s, 99) == s.size());
  CHECK(utf8_ceil(s, 99) == s.size());
}

TEST_CASE("escape_controls keeps a diagnostic on one line and out of the terminal's control") {
  struct Case {
    std::string in, out;
  };
  const Case cases[] = {
      {"plain ideeën ✓", "plain ideeën ✓"},
      {"a\nb", "a\\x0ab"},
      {"\x1b[31mrood", "\\x1b[31mrood"},
      {"tab\there\r", "tab\\x09here\\x0d"},
      {std::string("nul\0", 4), "nul\\x00"},
      {"del\x7f", "del\\x7f"},
      {"csi\xc2\x9b" "2J", "csi\\u009b2J"},          // U+009B, the 8-bit CSI
      {"nbsp\xc2\xa0ok", "nbsp\xc2\xa0ok"},         // U+00A0 is text
      {"back\\slash", "back\\slash"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(escape_controls(c.in) == c.out);
  }
}
