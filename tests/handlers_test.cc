#include "handlers.h"

#include <doctest/doctest.h>
#include <httplib.h>

using namespace casebase;
using namespace casebase::serve;
using nlohmann::json;

namespace {

const Site& site() {
  static const Site s = [] {
    auto loaded = load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
    REQUIRE(loaded.ok());
    return *loaded;
  }();
  return s;
}

}  // namespace

TEST_CASE("handlers: send_status maps a core error to its HTTP status and code") {
  struct Case {
    Status st;
    int status;
    std::string code, message, param;
  };
  const Case cases[] = {
      {Status::invalid_argument("bad `q`", "q"), 400, "bad_request", "bad `q`", "q"},
      {Status::not_found("no article"), 404, "not_found", "no article", ""},
      {Status::busy("reopening"), 503, "busy", "reopening", ""},
      {Status::io("disk on fire"), 500, "internal", "internal error", ""},
      {Status::internal("bug"), 500, "internal", "internal error", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.st.message());
    httplib::Response res;
    send_status(res, c.st);
    CHECK(res.status == c.status);
    json e = json::parse(res.body)["error"];
    CHECK(e["code"] == c.code);
    CHECK(e["message"] == c.message);
    CHECK(e.value("param", "") == c.param);
  }
}

TEST_CASE("handlers: page_request negotiates the language and keeps safe inputs") {
  struct Case {
    std::string lang_param, accept, host, referer;
    std::string want_lang, want_base, want_referer;
  };
  const Case cases[] = {
      {"", "", "example.org:8080", "", "nl", "http://example.org:8080", ""},
      {"en", "", "h", "http://h/?q=x", "en", "http://h", "/?q=x"},
      {"", "en-GB", "h", "http://other/?q=x", "en", "http://h", ""},
      {"", "", "bad host<>", "", "nl", "http://localhost", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.host);
    httplib::Request req;
    req.path = "/";
    if (!c.lang_param.empty()) req.params.emplace("lang", c.lang_param);
    if (!c.accept.empty()) req.headers.emplace("Accept-Language", c.accept);
    req.headers.emplace("Host", c.host);
    if (!c.referer.empty()) req.headers.emplace("Referer", c.referer);
    PageRequest pr = page_request(req, site());
    REQUIRE(pr.lang);
    CHECK(pr.lang->code == c.want_lang);
    CHECK(pr.languages == &site().languages);
    CHECK(pr.base_url == c.want_base);
    CHECK(pr.referer_path == c.want_referer);
  }
}

TEST_CASE("handlers: send_page remembers a chosen language in a cookie") {
  struct Case {
    std::string lang_param, content_type, want_cookie;
  };
  const Case cases[] = {
      {"en", "text/html; charset=utf-8", "casebase_lang=en; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"},
      {"EN-gb", "text/html; charset=utf-8", "casebase_lang=en; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"},
      {"klingon", "text/html; charset=utf-8", ""},
      {"en", "text/csv; charset=utf-8", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.lang_param);
    httplib::Request req;
    req.params.emplace("lang", c.lang_param);
    httplib::Response res;
    Page page;
    page.content_type = c.content_type;
    page.body = "x";
    send_page(req, res, site(), page);
    CHECK(res.get_header_value("Set-Cookie") == c.want_cookie);
    CHECK(res.get_header_value("Vary") == "Accept-Language, Cookie");
  }
}

TEST_CASE("client_address: X-Forwarded-For only from a trusted proxy") {
  const std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.2"};
  Context c;
  httplib::Request req;
  req.remote_addr = "192.0.2.50";
  req.headers.emplace("X-Forwarded-For", "203.0.113.9");
  // No proxy configured, or a peer that is none: the peer.
  CHECK(client_address(c, req) == "192.0.2.50");
  c.trusted_proxies = &proxies;
  CHECK(client_address(c, req) == "192.0.2.50");
  // From the proxy: the last hop that is not one of ours (a client may
  // prepend anything).
  req.remote_addr = "127.0.0.1";
  req.headers.clear();
  req.headers.emplace("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.0.0.2");
  CHECK(client_address(c, req) == "203.0.113.9");
  req.headers.clear();
  req.headers.emplace("X-Forwarded-For", " 203.0.113.7 ");
  CHECK(client_address(c, req) == "203.0.113.7");
  // Only proxies in the chain, or none: the peer.
  req.headers.clear();
  req.headers.emplace("X-Forwarded-For", "10.0.0.2");
  CHECK(client_address(c, req) == "127.0.0.1");
  req.headers.clear();
  CHECK(client_address(c, req) == "127.0.0.1");
}
