#include "search_views.h"

#include <doctest/doctest.h>

using namespace casebase;
using namespace casebase::serve;
using nlohmann::json;

namespace {

const Language& en() {
  static const Catalogues c = *Catalogues::from_tables(
      {{"en", {{"sort_relevance", "Relevance"}, {"sort_newest", "Newest"}, {"scope_all", "All"}}}});
  return c.default_language();
}

json facet(std::initializer_list<std::string> values) {
  json vs = json::array();
  for (const auto& v : values) vs.push_back({{"value", v}, {"count", 1}, {"selected", false}});
  return {{"values", vs}};
}

}  // namespace

TEST_CASE("search_views: facets follow the schema's facet_order") {
  Schema schema = default_schema();
  const json body = {{"facets",
                      {{"themes", facet({"energie"})}, {"region", facet({"Utrecht"})}, {"type", facet({"case"})},
                       {"year", facet({"2019"})}}}};
  struct Case {
    std::vector<std::string> order;
    ListKind kind;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {schema.facet_order, ListKind::kSearch, {"themes", "region", "type"}},
      {{"type", "region"}, ListKind::kSearch, {"type", "region", "themes"}},
      {schema.facet_order, ListKind::kLessons, {"themes", "region"}},
  };
  for (const auto& c : cases) {
    schema.facet_order = c.order;
    json v = facets_view(body, SearchRequest{}, c.kind, en(), schema);
    std::vector<std::string> keys;
    for (const auto& g : v["groups"]) keys.push_back(g["key"]);
    CHECK(keys == c.want);
    CHECK(v["years"].is_object());  // the date facet is the year range
  }
}

TEST_CASE("search_views: the hit byline is the schema's byline field") {
  Schema schema = default_schema();
  const json hit = {{"kind", "article"}, {"id", "a"}, {"type", "case"}, {"organisation", {"Gemeente A", "B"}},
                    {"region", {"Utrecht"}}};
  CHECK(hit_view(hit, en(), schema)["byline"] == "Gemeente A, B");
  CHECK(hit_view(hit, en(), schema)["type_label"] == "Case");
  schema.byline = "region";
  CHECK(hit_view(hit, en(), schema)["byline"] == "Utrecht");
  schema.byline = "";
  CHECK(hit_view(hit, en(), schema)["byline"] == "");
}

TEST_CASE("search_views: form options and pagination") {
  SearchRequest req;
  req.sort = SortOrder::kNewest;
  json form = form_view(req, ListKind::kSearch, en());
  CHECK(form["sort"][1] == json{{"value", "newest"}, {"label", "Newest"}, {"selected", true}});
  CHECK(form["scope"][3]["value"] == "all");
  CHECK(form_view(req, ListKind::kLessons, en())["action"] == "/lessons");
  CHECK(pagination_view(req, 1, ListKind::kSearch, en()) == json(false));
  req.page = 5;
  json p = pagination_view(req, 10, ListKind::kSearch, en());
  std::vector<std::string> numbers;
  for (const auto& it : p["items"]) numbers.push_back(it.value("gap", false) ? "…" : it["number"].get<std::string>());
  CHECK(numbers == std::vector<std::string>{"1", "…", "3", "4", "5", "6", "7", "…", "10"});
  CHECK(p["prev"] == "/?sort=newest&page=4");
}
