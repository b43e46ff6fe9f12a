#include "templates.h"

#include <doctest/doctest.h>

using namespace casebase;
using namespace casebase::serve;
using nlohmann::json;

TEST_CASE("render_template escapes by default") {
  Templates tp;
  tp.text["page"] = "<p title=\"{{v}}\">{{v}}</p>{{{raw}}}{{#empty}}never{{/empty}}{{#list}}[{{.}}]{{/list}}{{> p_x}}";
  tp.text["p_x"] = "<i>{{v}}</i>";
  auto out = render_template(tp, "page", {{"v", "<a href='x'>\"&"}, {"raw", "<mark>ok</mark>"}, {"empty", ""},
                                          {"list", {"a<", 2}}});
  REQUIRE(out.ok());
  CHECK(*out ==
        "<p title=\"&lt;a href=&apos;x&apos;&gt;&quot;&amp;\">&lt;a href=&apos;x&apos;&gt;&quot;&amp;</p>"
        "<mark>ok</mark>[a&lt;][2]<i>&lt;a href=&apos;x&apos;&gt;&quot;&amp;</i>");
  CHECK(!render_template(tp, "nope", json::object()).ok());
  CHECK(load_templates("/nonexistent").status().kind() == ErrorKind::kIo);
}

TEST_CASE("templates: the site's templates load") {
  auto tp = load_templates(std::string(CASEBASE_SOURCE_DIR) + "/web");
  REQUIRE(tp.ok());
  for (const char* name : {"layout", "search", "p_hit", "article", "feed_atom"}) CHECK(tp->text.count(name) == 1);
}
