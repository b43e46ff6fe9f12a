// The JSON side of contributions through a real server on 127.0.0.1: the
// order of checks (401, then 403 for the CSRF token, then the role), the
// cookie's flags, body limits, and the flow from login to a search hit.
#include <doctest/doctest.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli.h"
#include "contributions.h"
#include "secrets.h"
#include "server.h"
#include "test_util.h"

using namespace casebase;
using nlohmann::json;

namespace {

const char* kArticle = R"(---
title: "Waterschap test slimme gemalen"
summary: "Een waterschap kocht slimme gemalen die zelf hun pompschema bepalen."
organisation: Waterschap Testland
organisation_type: waterschap
country: NL
region: Utrecht
date: 2024-02
language: nl
type: case
themes: [water]
source: https://www.testland.nl/gemalen
---

Het waterschap kocht slimme gemalen.

## Doel

Minder energie voor het pompen.
)";

struct Server {
  test::TempDir tmp;
  std::string content = tmp.str() + "/content", db = tmp.str() + "/db";
  std::unique_ptr<contrib::Contributions> contributions;
  std::unique_ptr<Searcher> searcher;
  httplib::Server server;
  std::thread thread;
  int port = 0;

  Server() {
    std::filesystem::create_directories(content + "/cases");
    REQUIRE(std::system(("cd '" + content + "' && git init -q").c_str()) == 0);
    indexer::Options o;
    o.content_dir = content;
    o.db_path = db;
    o.quiet = true;
    std::ostringstream out, err;
    REQUIRE(indexer::run(o, out, err) <= 1);
    auto store = contrib::Store::open(tmp.str() + "/data");
    REQUIRE(store.ok());
    REQUIRE((*store)->add_user({0, "anna", contrib::Role::kContributor, "", contrib::hash_password("anna-password-1").value(), false, 0}).ok());
    REQUIRE((*store)->add_user({0, "erik", contrib::Role::kEditor, "", contrib::hash_password("erik-password-1").value(), false, 0}).ok());
    contrib::Settings s;
    s.content_dir = content;
    s.db_path = db;
    s.trusted_user_header = "X-Remote-User";
    contributions = std::make_unique<contrib::Contributions>(std::move(*store), default_schema(), s);
    static auto site = serve::load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
    REQUIRE(site.ok());
    searcher = std::make_unique<Searcher>(db, default_schema());
    serve::register_routes(server, *searcher, *site, contributions.get());
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
    for (int i = 0; i < 200 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~Server() {
    server.stop();
    thread.join();
  }
};

// A client that keeps the session cookie and the CSRF token.
struct Browser {
  httplib::Client c;
  std::string cookie, csrf;
  explicit Browser(int port) : c("127.0.0.1", port) {}
  httplib::Headers headers(bool with_csrf = true) const {
    httplib::Headers h;
    if (!cookie.empty()) h.emplace("Cookie", cookie);
    if (with_csrf && !csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    return h;
  }
  httplib::Result login(const std::string& user, const std::string& pw) {
    auto r = c.Post("/api/session", json{{"user", user}, {"password", pw}}.dump(), "application/json");
    if (r && r->status == 200) {
      const std::string set = r->get_header_value("Set-Cookie");
      cookie = set.substr(0, set.find(';'));
      csrf = json::parse(r->body)["csrf_token"];
    }
    return r;
  }
  httplib::Result post(const std::string& path, const json& body, bool with_csrf = true) {
    return c.Post(path.c_str(), headers(with_csrf), body.dump(), "application/json");
  }
};

}  // namespace

TEST_CASE("contrib http: login, submit, review, then the article is found") {
  Server s;
  Browser anna(s.port), erik(s.port);
  // Without a session: 401; with a wrong password: 401, same body as an unknown user.
  auto anon = anna.post("/api/submissions", {{"markdown", kArticle}});
  REQUIRE(anon);
  CHECK(anon->status == 401);
  auto bad = anna.login("anna", "wrong");
  auto nobody = anna.login("nobody", "wrong");
  REQUIRE(bad);
  REQUIRE(nobody);
  CHECK(bad->status == 401);
  CHECK(bad->body == nobody->body);

  auto in = anna.login("anna", "anna-password-1");
  REQUIRE(in);
  REQUIRE(in->status == 200);
  const std::string set = in->get_header_value("Set-Cookie");
  CHECK(set.find("HttpOnly") != std::string::npos);
  CHECK(set.find("SameSite=Strict") != std::string::npos);
  CHECK(set.find("Secure") == std::string::npos);  // plain HTTP on loopback
  CHECK(json::parse(in->body)["role"] == "contributor");

  // A session without the CSRF token: 403.
  auto no_token = anna.post("/api/submissions", {{"markdown", kArticle}}, false);
  REQUIRE(no_token);
  CHECK(no_token->status == 403);
  // Mistakes: 422 with diagnostics.
  std::string broken = kArticle;
  broken.replace(broken.find("https://www.testland.nl/gemalen"), 31, "www.testland.nl");
  auto refused = anna.post("/api/submissions", {{"markdown", broken}});
  REQUIRE(refused);
  CHECK(refused->status == 422);
  auto diags = json::parse(refused->body)["diagnostics"];
  REQUIRE(diags.is_array());
  REQUIRE_FALSE(diags.empty());
  for (const char* k : {"line", "column", "severity", "code", "message"}) CHECK(diags[0].contains(k));
  // Fixed: 201 pending.
  auto created = anna.post("/api/submissions", {{"markdown", kArticle}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  auto sub = json::parse(created->body);
  CHECK(sub["status"] == "pending");
  const std::string id = std::to_string(sub["id"].get<long long>());
  // Contributors cannot approve.
  auto self = anna.post("/api/submissions/" + id + "/approve", json::object());
  REQUIRE(self);
  CHECK(self->status == 403);
  auto mine = anna.c.Get("/api/submissions", anna.headers());
  REQUIRE(mine);
  CHECK(json::parse(mine->body)["submissions"].size() == 1);

  REQUIRE(erik.login("erik", "erik-password-1")->status == 200);
  auto queue = erik.c.Get("/api/submissions", erik.headers());
  REQUIRE(queue);
  CHECK(json::parse(queue->body)["submissions"][0]["status"] == "pending");
  auto approved = erik.post("/api/submissions/" + id + "/approve", json::object());
  REQUIRE(approved);
  CHECK(approved->status == 200);
  CHECK(json::parse(approved->body)["status"] == "published");
  auto found = anna.c.Get("/api/search?q=gemalen");
  REQUIRE(found);
  CHECK(json::parse(found->body)["total"] == 1);
  // The article's page shows who wrote it and who approved it.
  const std::string article_id = json::parse(approved->body)["article_id"];
  auto page = anna.c.Get(("/articles/" + article_id + "?lang=en").c_str());
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("class=\"history\"") != std::string::npos);
  CHECK(page->body.find("anna (approved by erik)") != std::string::npos);
  // Logout ends the session.
  auto out = anna.c.Delete("/api/session", anna.headers());
  REQUIRE(out);
  CHECK(out->status == 200);
  auto after = anna.c.Get("/api/session", anna.headers());
  REQUIRE(after);
  CHECK(after->status == 401);
}

TEST_CASE("contrib http: hostile requests get 4xx with a JSON body") {
  Server s;
  Browser b(s.port);
  REQUIRE(b.login("anna", "anna-password-1")->status == 200);
  auto text = b.c.Post("/api/session", "user=anna", "application/x-www-form-urlencoded");
  REQUIRE(text);
  CHECK(text->status == 415);
  auto junk = b.c.Post("/api/submissions", b.headers(), "{not json", "application/json");
  REQUIRE(junk);
  CHECK(junk->status == 400);
  auto wrong_type = b.post("/api/submissions", {{"markdown", 42}});
  REQUIRE(wrong_type);
  CHECK(wrong_type->status == 400);
  auto big = b.post("/api/submissions", {{"markdown", std::string(600 * 1024, 'a')}});
  REQUIRE(big);
  CHECK(big->status == 413);
  auto other = b.c.Post("/api/search", "{}", "application/json");
  REQUIRE(other);
  CHECK(other->status == 405);
  auto unknown = b.c.Get("/api/submissions/123", b.headers());
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  auto bad_status = b.c.Get("/api/submissions?status=x", b.headers());
  REQUIRE(bad_status);
  CHECK(bad_status->status == 400);
  for (auto* r : {&text, &junk, &wrong_type, &big, &other, &unknown}) {
    CHECK(json::parse((*r)->body, nullptr, false).contains("error"));
  }
  // Throttled after repeated failures, with Retry-After.
  Browser x(s.port);
  for (int i = 0; i < 5; ++i) x.login("erik", "nope");
  auto limited = x.login("erik", "erik-password-1");
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK_FALSE(limited->get_header_value("Retry-After").empty());
}

TEST_CASE("contrib http: single sign-on through a trusted header") {
  Server s;
  httplib::Client c("127.0.0.1", s.port);
  auto in = c.Post("/api/session", httplib::Headers{{"X-Remote-User", "erik"}}, "", "application/json");
  REQUIRE(in);
  CHECK(in->status == 200);
  CHECK(json::parse(in->body)["user"] == "erik");
  auto stranger = c.Post("/api/session", httplib::Headers{{"X-Remote-User", "mallory"}}, "", "application/json");
  REQUIRE(stranger);
  CHECK(stranger->status == 401);
}
