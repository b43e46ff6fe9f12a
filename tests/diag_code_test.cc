#include <doctest/doctest.h>

#include <set>

#include "casebase/diag_code.h"
#include "casebase/document.h"

using namespace casebase;

TEST_CASE("diag codes: one rule per code, in enum order, with unique kebab-case names") {
  std::set<std::string> names;
  int i = 0;
  for (const auto& r : diag_rules()) {
    CAPTURE(r.name);
    CHECK(static_cast<int>(r.code) == i++);
    CHECK(names.insert(r.name).second);
    for (char c : std::string(r.name)) CHECK(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'));
    CHECK(diag_code_by_name(r.name) == r.code);
    CHECK(std::string(diag_name(r.code)) == r.name);
  }
  CHECK_FALSE(diag_code_by_name("no-such-code").has_value());
}

TEST_CASE("diag codes: severity while indexing, in check, and under --strict") {
  struct Case {
    DiagCode code;
    const char* strict;
    Severity indexing;
    Severity checking;
  };
  const Severity W = Severity::kWarning, E = Severity::kError;
  const Case cases[] = {
      {DiagCode::kUnknownKey, "", W, W},
      {DiagCode::kNotAllowedValue, "", W, E},
      {DiagCode::kMissingRequired, "", W, E},
      {DiagCode::kValueTooLong, "", W, E},
      {DiagCode::kEmptySection, "", W, W},
      {DiagCode::kNotADate, "", E, E},
      {DiagCode::kUnknownKey, "all", E, E},
      {DiagCode::kEmptySection, "empty-section,no-bullets", E, E},
      {DiagCode::kUnknownKey, "empty-section", W, W},
      {DiagCode::kDuplicateTitle, "duplicate-title", E, E},
  };
  for (const auto& c : cases) {
    CAPTURE(diag_name(c.code));
    CAPTURE(c.strict);
    auto strict = parse_strictness(c.strict);
    REQUIRE(strict.has_value());
    CHECK(severity_of(c.code, false, *strict) == c.indexing);
    CHECK(severity_of(c.code, true, *strict) == c.checking);
  }
}

TEST_CASE("diag codes: --strict values") {
  auto all = parse_strictness("all");
  REQUIRE(all);
  CHECK(all->all);
  auto two = parse_strictness("unknown-key,,empty-section");
  REQUIRE(two);
  CHECK_FALSE(two->all);
  CHECK(two->codes == std::vector<DiagCode>{DiagCode::kUnknownKey, DiagCode::kEmptySection});
  std::string error;
  CHECK_FALSE(parse_strictness("unknown-key,typo", &error));
  CHECK(error == "unknown diagnostic code `typo`");
}

TEST_CASE("diag codes: each is explained in Dutch and in English (the form and check --lang show it)") {
  for (const auto& r : diag_rules()) {
    CAPTURE(r.name);
    REQUIRE(r.nl != nullptr);
    REQUIRE(r.en != nullptr);
    CHECK(std::string(r.nl).size() > 10);
    CHECK(std::string(r.en).size() > 10);
    CHECK(std::string(r.nl) != r.en);
  }
  CHECK(std::string(diag_explanation(DiagCode::kNotAUrl, "nl")).rfind("Dit moet een volledig webadres", 0) == 0);
  CHECK(std::string(diag_explanation(DiagCode::kNotAUrl, "en")).rfind("This must be a full web address", 0) == 0);
  Diagnostic d = make_diagnostic(DiagCode::kNotAUrl, {"a.md", 4, 9}, "`source` must be a full web address");
  d.severity = Severity::kError;
  CHECK(d.to_string("nl") ==
        "a.md:4:9: fout: Dit moet een volledig webadres zijn dat begint met https://. (`source` must be a full web "
        "address) [not-a-url]");
}
