#include <doctest/doctest.h>

#include "search/db_pool.h"
#include "search_fixture.h"

using namespace casebase;
using namespace casebase::search;

TEST_CASE("db_pool: handles are reused, errors become Status values") {
  test::TinyIndex idx(test::stage_corpus());
  DbPool pool;
  auto count = [&](Xapian::Database& db) -> Result<size_t> { return size_t{db.get_doccount()}; };
  auto n = with_db(pool, idx.path(), count);
  REQUIRE(n.ok());
  CHECK(*n > 3);  // articles and their items
  CHECK(pool.handles.size() == 1);
  CHECK(with_db(pool, idx.path(), count).ok());
  CHECK(pool.handles.size() == 1);  // borrowed and returned, not opened again

  struct Case {
    std::string what;
    ErrorKind kind;
    std::string param;
  };
  const Case cases[] = {
      {"missing", ErrorKind::kNotFound, ""},
      {"wildcard", ErrorKind::kInvalidArgument, "q"},
      {"modified", ErrorKind::kBusy, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    int calls = 0;
    auto r = with_db(pool, c.what == "missing" ? idx.path() + "/nowhere" : idx.path(),
                     [&](Xapian::Database&) -> Result<size_t> {
                       ++calls;
                       if (c.what == "wildcard") throw Xapian::WildcardError("too many");
                       throw Xapian::DatabaseModifiedError("changed");
                     });
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().kind() == c.kind);
    CHECK(r.status().param() == c.param);
    if (c.what == "modified") CHECK(calls == 2);  // retried once
  }
}
