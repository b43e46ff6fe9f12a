#include "csv.h"

#include <doctest/doctest.h>

using namespace casebase::serve;

TEST_CASE("csv_field quotes and neutralises formulas") {
  struct Case {
    std::string in, want;
  };
  const Case cases[] = {
      {"plain", "plain"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"=SUM(A1)", "'=SUM(A1)"},
      {"+31 6", "'+31 6"},
      {"-1", "'-1"},
      {"@cmd", "'@cmd"},
      {"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
      {"", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(csv_field(c.in) == c.want);
  }
}

TEST_CASE("csv_line joins fields with commas and ends in CRLF") {
  CHECK(csv_line({"a", "b c", "d,e"}) == "a,b c,\"d,e\"\r\n");
  CHECK(csv_line({}) == "\r\n");
}
