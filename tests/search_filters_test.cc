#include <doctest/doctest.h>

#include "search/filters.h"

using namespace casebase;
using namespace casebase::search;

namespace {

bool has(const Xapian::Query& q, const std::string& text) {
  return q.get_description().find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("filters: the scope picks document kinds, items from the schema's item sections") {
  const Schema schema = default_schema();
  struct Case {
    Scope scope;
    std::vector<std::string> in, out;
  };
  const Case cases[] = {
      {Scope::kArticles, {"XITEMarticle"}, {"XITEMlesson", "XITEMpro"}},
      {Scope::kLessons, {"XITEMlesson"}, {"XITEMarticle", "XITEMpro"}},
      {Scope::kItems, {"XITEMlesson", "XITEMpro", "XITEMcon"}, {"XITEMarticle"}},
      {Scope::kAll, {}, {"XITEM"}},
  };
  for (const auto& c : cases) {
    CAPTURE(to_string(c.scope));
    auto f = scope_filters(c.scope, schema);
    Xapian::Query q(Xapian::Query::OP_AND, f.begin(), f.end());
    for (const auto& t : c.in) CHECK(has(q, t));
    for (const auto& t : c.out) CHECK_FALSE(has(q, t));
  }
  Schema no_items = schema;
  for (auto& s : no_items.sections) s.item_type.clear();
  auto none = scope_filters(Scope::kItems, no_items);
  REQUIRE(none.size() == 1);
  CHECK_FALSE(has(none[0], "XITEM"));
}

TEST_CASE("filters: facet values are ORed and canonical, an unknown facet names itself") {
  const Schema schema = default_schema();
  auto q = facet_filter(schema, "organisation_type", {"municipality", "provincie"});
  REQUIRE(q.ok());
  CHECK(has(*q, "gemeente"));
  CHECK(has(*q, "provincie"));
  CHECK(has(*q, " OR "));
  auto bad = facet_filter(schema, "colour", {"red"});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().param() == "colour");
  CHECK(bad.status().message() == "unknown facet `colour`");
}

TEST_CASE("filters: apply_filters leaves out one facet's selection, the year range counting as the year facet's") {
  const Schema schema = default_schema();
  SearchRequest req;
  req.filters["themes"] = {"energie"};
  req.filters["type"] = {"case"};
  req.year_from = 2019;
  auto f = plan_filters(req, schema);
  REQUIRE(f.ok());
  CHECK(f->range_key == "year");
  const Xapian::Query text("fiets");
  struct Case {
    std::string except;
    bool themes, type, range;
  };
  const Case cases[] = {
      {"", true, true, true},
      {"themes", false, true, true},
      {"type", true, false, true},
      {"year", true, true, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.except);
    Xapian::Query q = apply_filters(text, *f, c.except);
    CHECK(has(q, "energie") == c.themes);
    CHECK(has(q, "XTYPEFcase") == c.type);
    CHECK(has(q, "VALUE_RANGE") == c.range);
    CHECK(has(q, "XITEMarticle"));
  }
  req.filters["colour"] = {"red"};
  CHECK_FALSE(plan_filters(req, schema).ok());
}
