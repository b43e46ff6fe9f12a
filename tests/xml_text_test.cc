#include "xml_text.h"

#include <doctest/doctest.h>

using namespace casebase::serve;
using nlohmann::json;

TEST_CASE("xml_clean removes the control characters XML 1.0 forbids") {
  struct Case {
    std::string in, want;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {std::string("a\x01" "b\x1f" "c", 5), "abc"},
      {"tab\tlf\ncr\r", "tab\tlf\ncr\r"},
      {std::string("\0x", 2), "x"},
      {"é ✓", "é ✓"},
      {"a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c", "abc"},           // U+FFFE, U+FFFF (regression: issue 12 part 5)
      {"\xEF\xBF\xBD\xEF\xBF\xBC", "\xEF\xBF\xBD\xEF\xBF\xBC"},  // U+FFFD and U+FFFC are allowed
      {"\xEF\xBF", "\xEF\xBF"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    json j = c.in;
    xml_clean(j);
    CHECK(j == c.want);
  }
  json nested = {{"a", {std::string("x\x02")}}, {"n", 3}, {"b", {{"c", std::string("\x0b" "y")}}}};
  xml_clean(nested);
  CHECK(nested == json{{"a", {"x"}}, {"n", 3}, {"b", {{"c", "y"}}}});
}
