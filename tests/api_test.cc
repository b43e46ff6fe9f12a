#include <doctest/doctest.h>

#include "api.h"
#include "casebase/searcher.h"
#include "search_fixture.h"

using namespace casebase;
using nlohmann::json;

namespace {

std::vector<std::string> keys(const json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

}  // namespace

TEST_CASE("api: hit, article and related JSON from the typed stored documents") {
  StoredArticle a{"cases/a", "cases/a.md", "A", "Samenvatting", "nl", "case", "2020",
                  {{"themes", {"energie"}}}, {{"lesson", "les-1", "Begin klein."}}};
  StoredItem i{"cases/a#les-1", "cases/a", "A", "les-1", "lesson", "les", "Begin klein.", "nl", "2020",
               {{"themes", {"energie"}}}};
  struct Case {
    StoredDoc doc;
    std::string section;
    std::vector<std::string> keys;
    std::string url;
  };
  const Case cases[] = {
      {a, "les",
       {"api_url", "date", "fields", "id", "items", "kind", "language", "organisation", "path", "score", "snippet",
        "snippet_section", "summary", "title", "type", "url"},
       "/articles/cases/a"},
      {i, "",
       {"anchor", "api_url", "case_id", "case_title", "date", "id", "kind", "language", "organisation", "score",
        "section", "snippet", "type", "url"},
       "/articles/cases/a#les-1"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.url);
    Hit h{c.doc, {{"organisation", {}}}, "<mark>x</mark>", c.section, 1.5};
    json j = serve::hit_json(h);
    CHECK(keys(j) == c.keys);
    CHECK(j["url"] == c.url);
    CHECK(j["api_url"] == "/api/articles/cases/a");
    CHECK(j["organisation"] == json::array());
  }
  Hit none{a, {}, "", "", 0};
  CHECK_FALSE(serve::hit_json(none).contains("organisation"));

  // In a search response an article lists the items asked for (by default
  // those with a query word), and `fields` does not repeat the hit's members.
  StoredArticle two = a;
  two.items.push_back({"pro", "voordeel-1", "Goedkoop."});
  Hit h{two, {}, "", "", 1, {1}};
  CHECK(serve::hit_json(h)["items"].size() == 2);  // exports and feeds: everything
  CHECK(serve::hit_json(h)["fields"].contains("title") == false);  // stored fields hold no title here
  json api = serve::hit_json(h, serve::HitForm::kApi, ItemsDetail::kMatching);
  REQUIRE(api["items"].size() == 1);
  CHECK(api["items"][0]["anchor"] == "voordeel-1");
  CHECK(serve::hit_json(h, serve::HitForm::kApi, ItemsDetail::kAll)["items"].size() == 2);
  CHECK(serve::hit_json(h, serve::HitForm::kApi, ItemsDetail::kNone)["items"].empty());
  two.fields["title"] = {"A"};
  two.fields["date"] = {"2020"};
  Hit titled{two, {}, "", "", 1, {}};
  CHECK(serve::hit_json(titled)["fields"].contains("title"));
  json lean = serve::hit_json(titled, serve::HitForm::kApi, ItemsDetail::kMatching);
  CHECK_FALSE(lean["fields"].contains("title"));
  CHECK_FALSE(lean["fields"].contains("date"));
  CHECK(lean["fields"].contains("themes"));
  CHECK(lean["items"].empty());

  ArticleView v{a, true, {{"les", "Lessen", "lessen", "Begin klein."}}, "<p>x</p>"};
  json art = serve::article_json("cases/a", v);
  CHECK(art["html"] == "<p>x</p>");
  CHECK(art["sections"][0]["anchor"] == "lessen");
  CHECK(art["items"][0]["text"] == "Begin klein.");
  CHECK(art["url"] == "/articles/cases/a");
  v.has_body = false;
  CHECK_FALSE(serve::article_json("cases/a", v).contains("html"));

  RelatedHit r{a, {"klein"}, {{"themes", "energie"}}};
  json rel = serve::related_json(r);
  CHECK(rel["url"] == "/articles/cases/a");
  CHECK(rel["reason"]["shared_facets"][0]["value"] == "energie");
  CHECK(rel["fields"]["themes"][0] == "energie");
}

TEST_CASE("api: a schema without hit fields adds none to the hits (digitalgov)") {
  auto schema = load_schema(std::string(CASEBASE_SOURCE_DIR) + "/examples/digitalgov.yaml");
  REQUIRE(schema.ok());
  const std::string page = "---\ntitle: Plain language guide\nauthors: [Jane Doe]\ntopics: [content]\n"
                           "date: 2021-05-01\n---\n\nWrite in plain language.\n\n## Key takeaways\n\n"
                           "- Use short sentences.\n";
  test::TinyIndex idx({{"guides/plain.md", page}}, *schema);
  Searcher s(idx.path(), *schema);
  for (Scope scope : {Scope::kArticles, Scope::kAll}) {
    CAPTURE(to_string(scope));
    SearchRequest req;
    req.q = "plain";
    req.scope = scope;
    auto resp = s.search(req);
    REQUIRE(resp.ok());
    REQUIRE(resp->total >= 1);
    json body = serve::search_json(req, *resp);
    for (const auto& h : body["hits"]) {
      CHECK_FALSE(h.contains("organisation"));
      CHECK(h.contains("snippet"));
    }
  }
}
