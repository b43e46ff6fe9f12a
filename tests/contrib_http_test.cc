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

namespace {

// The csrf_token of a page's first form.
std::string form_token(const std::string& html) {
  const std::string key = "name=\"csrf_token\" value=\"";
  const size_t at = html.find(key);
  return at == std::string::npos ? "" : html.substr(at + key.size(), 64);
}

struct FormBrowser {
  httplib::Client c;
  std::string cookie;
  explicit FormBrowser(int port) : c("127.0.0.1", port) {}
  httplib::Headers headers() const { return cookie.empty() ? httplib::Headers{} : httplib::Headers{{"Cookie", cookie}}; }
  httplib::Result login(const std::string& user, const std::string& pw) {
    auto r = c.Post("/login", httplib::Params{{"user", user}, {"password", pw}});
    if (r && r->status == 303) {
      const std::string set = r->get_header_value("Set-Cookie");
      cookie = set.substr(0, set.find(';'));
    }
    return r;
  }
  httplib::Result get(const std::string& path) { return c.Get(path.c_str(), headers()); }
  httplib::Result post(const std::string& path, const httplib::Params& p) { return c.Post(path.c_str(), headers(), p); }
  httplib::Result post_multipart(const std::string& path, const httplib::MultipartFormDataItems& items) {
    return c.Post(path.c_str(), headers(), items);
  }
};

}  // namespace

TEST_CASE("contrib pages: the article form, its messages, the review, without JavaScript") {
  Server s;
  FormBrowser anna(s.port), erik(s.port);
  auto to_login = anna.get("/submit");
  REQUIRE(to_login);
  CHECK(to_login->status == 303);
  CHECK(to_login->get_header_value("Location") == "/login");
  auto wrong = anna.login("anna", "nope");
  REQUIRE(wrong);
  CHECK(wrong->status == 401);
  CHECK(wrong->body.find("role=\"alert\"") != std::string::npos);
  REQUIRE(anna.login("anna", "anna-password-1")->status == 303);
  auto form = anna.get("/submit");
  REQUIRE(form);
  REQUIRE(form->status == 200);
  const std::string token = form_token(form->body);
  REQUIRE(token.size() == 64);
  CHECK(form->body.find("name=\"f.title\"") != std::string::npos);
  CHECK(form->body.find("<select id=\"f-country\"") != std::string::npos);  // a closed vocabulary is a choice
  CHECK(form->body.find("name=\"s.les\"") != std::string::npos);          // sections are text areas

  httplib::MultipartFormDataItems items = {
      {"csrf_token", token, "", ""},
      {"mode", "form", "", ""},
      {"f.title", "Gemeente Formdorp koopt slimme lantaarnpalen", "", ""},
      {"f.organisation", "Gemeente Formdorp", "", ""},
      {"f.country", "NL", "", ""},
      {"f.source", "www.formdorp.nl", "", ""},
      {"intro", "Formdorp kocht lantaarnpalen die dimmen als niemand langskomt.", "", ""},
      {"s.les", "Meet eerst hoeveel mensen er 's nachts langskomen.\nBegin met een proefstraat.", "", ""},
      {"action", "submit", "", ""},
  };
  // A mistake: 422, the message beside the field, nothing queued.
  auto refused = anna.post_multipart("/submit", items);
  REQUIRE(refused);
  CHECK(refused->status == 422);
  CHECK(refused->body.find("field-invalid") != std::string::npos);
  CHECK(refused->body.find("<code>not-a-url</code>") != std::string::npos);
  CHECK(refused->body.find("value=\"www.formdorp.nl\"") != std::string::npos);  // what was typed stays
  // Fixed and previewed, then submitted.
  items[5].content = "https://www.formdorp.nl/lantaarnpalen";
  items[8].content = "preview";
  auto preview = anna.post_multipart("/submit", items);
  REQUIRE(preview);
  CHECK(preview->status == 200);
  CHECK(preview->body.find("preview-title\">Gemeente Formdorp koopt slimme lantaarnpalen") != std::string::npos);
  CHECK(preview->body.find("Begin met een proefstraat.</li>") != std::string::npos);
  items[8].content = "submit";
  auto sent = anna.post_multipart("/submit", items);
  REQUIRE(sent);
  REQUIRE(sent->status == 303);
  const std::string location = sent->get_header_value("Location");
  CHECK(location.rfind("/submissions/", 0) == 0);
  const std::string page_path = location.substr(0, location.find('?'));

  // A wrong token and a foreign origin are refused.
  auto forged = anna.post_multipart("/submit", {{"csrf_token", std::string(64, 'a'), "", ""}, {"action", "submit", "", ""}});
  REQUIRE(forged);
  CHECK(forged->status == 403);
  httplib::Headers foreign = anna.headers();
  foreign.emplace("Origin", "https://evil.example");
  auto cross = anna.c.Post("/logout", foreign, httplib::Params{{"csrf_token", token}});
  REQUIRE(cross);
  CHECK(cross->status == 403);
  // A contributor's review is refused.
  auto self = anna.post(page_path + "/approve", {{"csrf_token", token}});
  REQUIRE(self);
  CHECK(self->status == 403);

  REQUIRE(erik.login("erik", "erik-password-1")->status == 303);
  auto queue = erik.get("/submissions");
  REQUIRE(queue);
  CHECK(queue->body.find("href=\"" + page_path + "\"") != std::string::npos);
  auto detail = erik.get(page_path);
  REQUIRE(detail);
  const std::string etoken = form_token(detail->body);
  auto ask = erik.post(page_path + "/request-changes", {{"csrf_token", etoken}, {"comment", ""}});
  REQUIRE(ask);
  CHECK(ask->status == 422);  // a comment is needed
  ask = erik.post(page_path + "/request-changes", {{"csrf_token", etoken}, {"comment", "Noem het aantal palen."}});
  REQUIRE(ask);
  CHECK(ask->status == 303);
  auto mine = anna.get(page_path);
  REQUIRE(mine);
  CHECK(mine->body.find("Noem het aantal palen.") != std::string::npos);
  CHECK(mine->body.find("/submit?from=") != std::string::npos);
}
