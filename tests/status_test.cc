#include <doctest/doctest.h>

#include "casebase/query.h"
#include "casebase/status.h"

using namespace casebase;

TEST_CASE("Status::http_status maps each error kind once for every handler") {
  struct Case {
    Status st;
    int http;
    const char* code;
  };
  const Case cases[] = {
      {Status{}, 200, "ok"},
      {Status::invalid_argument("bad", "q"), 400, "bad_request"},
      {Status::not_found("none"), 404, "not_found"},
      {Status::busy("later"), 503, "busy"},
      {Status::io("disk"), 500, "io_error"},
      {Status::internal("bug"), 500, "internal"},
      {Status::content("bad file", {"a.md", 1, 2}), 500, "bad_content"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.code);
    CHECK(c.st.http_status() == c.http);
    CHECK(c.st.code() == c.code);
  }
}

TEST_CASE("sort and scope names round-trip and refuse anything else") {
  for (SortOrder s : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
    CAPTURE(to_string(s));
    CHECK(parse_sort(to_string(s)) == s);
  }
  for (Scope s : {Scope::kArticles, Scope::kLessons, Scope::kItems, Scope::kAll}) {
    CAPTURE(to_string(s));
    CHECK(parse_scope(to_string(s)) == s);
  }
  CHECK(std::string(to_string(SortOrder::kNewest)) == "newest");
  CHECK(std::string(to_string(Scope::kLessons)) == "lessons");
  for (const char* bad : {"", "Newest", "lesson", "relevance ", "alle"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_sort(bad).has_value());
    CHECK_FALSE(parse_scope(bad).has_value());
  }
}
