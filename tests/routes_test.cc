// The route table (routes.cc) against a server without an index: every
// route answers (the API says 404 for a missing index, pages 503), unknown
// routes and other methods do not.
#include <doctest/doctest.h>
#include <httplib.h>

#include <thread>

#include "server.h"
#include "test_util.h"

using namespace casebase;

TEST_CASE("routes: every route of the table answers") {
  test::TempDir tmp;
  auto site = serve::load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
  REQUIRE(site.ok());
  Searcher searcher(tmp.str() + "/no-index", default_schema());
  httplib::Server server;
  serve::register_routes(server, searcher, *site);
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread thread([&] { server.listen_after_bind(); });
  for (int i = 0; i < 200 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(server.is_running());
  httplib::Client c("127.0.0.1", port);
  struct Case {
    std::string path;
    int status;
    std::string content_type;  // prefix
  };
  const Case cases[] = {
      {"/healthz", 503, "application/json"},
      {"/api/search?q=x", 404, "application/json"},
      {"/api/suggest?q=x", 404, "application/json"},
      {"/api/articles/cases/x", 404, "application/json"},
      {"/api/articles/cases/x/related", 404, "application/json"},
      {"/api/articles/..", 400, "application/json"},
      {"/", 503, "text/html"},
      {"/lessons", 503, "text/html"},
      {"/contribute", 200, "text/html"},
      {"/articles/cases/x", 503, "text/html"},
      {"/feed.atom", 503, "text/html"},
      {"/opensearch.xml", 200, "application/opensearchdescription+xml"},
      {"/opensearch/suggest?q=x", 200, "application/x-suggestions+json"},
      {"/export.csv", 503, "application/json"},
      {"/export.json", 503, "application/json"},
      {"/static/app.js", 200, "text/javascript"},
      {"/static/nope.js", 404, "application/json"},
      {"/nope", 404, "application/json"},
  };
  for (const auto& cs : cases) {
    CAPTURE(cs.path);
    auto r = c.Get(cs.path.c_str());
    REQUIRE(r);
    CHECK(r->status == cs.status);
    CHECK(r->get_header_value("Content-Type").rfind(cs.content_type, 0) == 0);
  }
  auto post = c.Post("/api/search", "", "text/plain");
  REQUIRE(post);
  CHECK(post->status == 405);
  // Without --data the contribution routes say so.
  for (const char* path : {"/api/session", "/api/submissions", "/api/submissions/1"}) {
    CAPTURE(path);
    auto g = c.Get(path);
    REQUIRE(g);
    CHECK(g->status == 404);
    CHECK(g->body.find("contributions_off") != std::string::npos);
  }
  for (const char* path : {"/login", "/submit", "/submissions"}) {
    CAPTURE(path);
    auto g = c.Get(path);
    REQUIRE(g);
    CHECK(g->status == 404);
  }
  auto login = c.Post("/api/session", "{}", "application/json");
  REQUIRE(login);
  CHECK(login->status == 404);
  server.stop();
  thread.join();
}
