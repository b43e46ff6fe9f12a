#include <doctest/doctest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "casebase/searcher.h"
#include "casebase/text.h"
#include "cli.h"
#include "server.h"
#include "test_util.h"

using namespace casebase;
using nlohmann::json;

namespace {

// Indexes tests/data/corpus into a temp dir and runs the real server on a
// free loopback port in a thread; stops and joins in the destructor.
// Small wildcard limit so the tiny corpus can show the "expands too far" error.
Limits small_limits() {
  Limits l;
  l.max_wildcard_expansion = 3;
  return l;
}

class ServerFixture {
 public:
  // `facet_search_min`: facets with more values get a search box (Site).
  explicit ServerFixture(size_t facet_search_min = 10)
      : searcher_(tmp_.str() + "/db", default_schema(), small_limits()) {
    indexer::Options o;
    o.content_dir = test::data_dir() + "/corpus";
    o.db_path = tmp_.str() + "/db";
    o.quiet = true;
    std::ostringstream out, err;
    index_rc_ = indexer::run(o, out, err);
    auto site = serve::load_site(std::string(CASEBASE_SOURCE_DIR) + "/web", "");
    REQUIRE(site.ok());
    site_ = *site;
    site_.facet_search_min = facet_search_min;
    serve::register_routes(server_, searcher_, site_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(server_.is_running());
  }
  ~ServerFixture() {
    server_.stop();
    thread_.join();
  }
  httplib::Result get(const std::string& path, const httplib::Headers& headers = {}, bool decompress = true) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    c.set_decompress(decompress);
    return c.Get(path.c_str(), headers);
  }
  json get_json(const std::string& path, int want_status = 200) {
    auto r = get(path);
    REQUIRE(r);
    CAPTURE(path);
    CAPTURE(r->body);
    CHECK(r->status == want_status);
    CHECK(r->get_header_value("Content-Type").find("application/json") == 0);
    return json::parse(r->body);
  }
  int index_rc() const { return index_rc_; }

 private:
  test::TempDir tmp_;
  Searcher searcher_;
  serve::Site site_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  int index_rc_ = 0;
};

std::vector<std::string> ids(const json& j) {
  std::vector<std::string> out;
  for (const auto& h : j["hits"]) out.push_back(h["id"]);
  return out;
}

size_t facet_count(const json& j, const std::string& facet, const std::string& value) {
  for (const auto& v : j["facets"][facet]["values"]) {
    if (v["value"] == value) return v["count"];
  }
  return 0;
}

}  // namespace

TEST_CASE_FIXTURE(ServerFixture, "server: search, stemming, snippets and facets") {
  CHECK(index_rc() == 1);  // kapot.md is reported
  auto j = get_json("/api/search?q=laadpalen");
  CHECK(j["total"] == 1);
  CHECK(ids(j) == std::vector<std::string>{"cases/utrecht-laadpalen"});
  CHECK(j["hits"][0]["snippet"].get<std::string>().find("<mark>laadpalen</mark>") != std::string::npos);
  CHECK(j["hits"][0]["url"] == "/articles/cases/utrecht-laadpalen");
  CHECK(j["hits"][0]["organisation"] == json::array({"Gemeente Utrecht"}));
  CHECK(j.contains("took_ms"));
  // Stemming: "inkopers" matches "inkopers"/"inkoop" forms.
  auto s = get_json("/api/search?q=inkoper");
  CHECK(s["total"] == 1);
  // Accent-insensitive: ideeen finds ideeën, zelf finds zélf.
  CHECK(get_json("/api/search?q=ideeen")["total"] == 1);
  CHECK(get_json("/api/search?q=zelf")["total"] == 1);
  // Browse mode: everything, newest first, with facet counts.
  auto all = get_json("/api/search");
  CHECK(all["total"] == 5);
  CHECK(facet_count(all, "themes", "energie") == 2);
  CHECK(facet_count(all, "themes", "mobiliteit") == 2);
  CHECK(facet_count(all, "year", "2019") == 1);
  CHECK(facet_count(all, "organisation_type", "gemeente") == 2);  // "municipality" alias counted as gemeente
  CHECK(all["facets"]["themes"]["distinct"] == 4);
  CHECK(all["hits"][0]["id"] == "cases/gelderland-care-robots");  // 2021, newest
  // JSON is gzip-compressed for a client that asks (the body of a search
  // is mostly text): the raw bytes on the wire are gzip's.
  auto gz = get("/api/search", {{"Accept-Encoding", "gzip"}}, /*decompress=*/false);
  REQUIRE(gz);
  CHECK(gz->get_header_value("Content-Encoding") == "gzip");
  CHECK(gz->get_header_value("Content-Type") == "application/json");
  REQUIRE(gz->body.size() > 2);
  CHECK(static_cast<unsigned char>(gz->body[0]) == 0x1f);
  CHECK(static_cast<unsigned char>(gz->body[1]) == 0x8b);
  auto plain = get("/api/search");
  REQUIRE(plain);
  CHECK(plain->get_header_value("Content-Encoding").empty());
  CHECK(gz->body.size() < plain->body.size());
}

TEST_CASE_FIXTURE(ServerFixture, "server: multi-select facets are disjunctive") {
  auto e = get_json("/api/search?themes=energie");
  CHECK(e["total"] == 2);
  // The themes counts ignore the themes selection...
  CHECK(facet_count(e, "themes", "water") == 1);
  CHECK(facet_count(e, "themes", "zorg") == 1);
  // ...but other facets are narrowed by it.
  CHECK(facet_count(e, "region", "Gelderland") == 0);
  auto two = get_json("/api/search?themes=energie&themes=water");
  CHECK(two["total"] == 3);
  bool selected = false;
  for (const auto& v : two["facets"]["themes"]["values"]) {
    if (v["value"] == "water") selected = v["selected"];
  }
  CHECK(selected);
  auto across = get_json("/api/search?themes=energie&themes=water&region=Gelderland");
  CHECK(ids(across) == std::vector<std::string>{"cases/waterschap-sluizen"});
  auto years = get_json("/api/search?from=2019&to=2020");
  CHECK(years["total"] == 2);
  CHECK(facet_count(years, "year", "2021") == 1);  // the year facet ignores the range
}

TEST_CASE_FIXTURE(ServerFixture, "server: sorting, pagination, scope and lessons") {
  auto newest = get_json("/api/search?q=laadpalen+OR+sluizen+OR+robots&sort=newest");
  auto oldest = get_json("/api/search?q=laadpalen+OR+sluizen+OR+robots&sort=oldest");
  CHECK(newest["total"] == 3);
  CHECK(get_json("/api/search?sort=oldest")["hits"][0]["id"] == "cases/waterschap-sluizen");
  REQUIRE(newest["hits"].size() >= 2);
  CHECK(newest["hits"][0]["date"] >= newest["hits"][1]["date"]);
  CHECK(oldest["hits"][0]["date"] <= oldest["hits"][1]["date"]);
  auto p1 = get_json("/api/search?per_page=2&page=1");
  auto p3 = get_json("/api/search?per_page=2&page=3");
  CHECK(p1["hits"].size() == 2);
  CHECK(p3["hits"].size() == 1);
  CHECK(p1["pages"] == 3);
  auto lessons = get_json("/api/search?scope=lessons&q=netbeheerders");
  REQUIRE(lessons["total"] == 1);
  CHECK(lessons["hits"][0]["kind"] == "item");
  CHECK(lessons["hits"][0]["case_id"] == "cases/utrecht-laadpalen");
  CHECK(lessons["hits"][0]["url"] == "/articles/cases/utrecht-laadpalen#les-2");
  auto energy_lessons = get_json("/api/search?scope=lessons&themes=energie");
  CHECK(energy_lessons["total"] == 3);
  auto field = get_json("/api/search?q=les:netbeheerders");
  CHECK(field["total"] == 1);
  CHECK(get_json("/api/search?q=doel:netbeheerders")["total"] == 0);
}

TEST_CASE_FIXTURE(ServerFixture, "server: OR fallback, suggestions, synonyms") {
  auto f = get_json("/api/search?q=laadpalen+sluizen");
  CHECK(f["or_fallback"] == true);
  CHECK(f["total"] == 2);
  // A typo: the results are for the correction, with the way back.
  auto sp = get_json("/api/search?q=laadpalne");
  REQUIRE(sp.contains("corrected"));
  CHECK(sp["corrected"]["q"] == "laadpalen");
  CHECK(sp["corrected"]["from"] == "laadpalne");
  CHECK(sp["corrected"]["url"] == "/?q=laadpalne&correct=0");
  CHECK(sp["total"].get<int>() > 0);
  CHECK_FALSE(sp.contains("suggestion"));
  // As typed: nothing, and the correction as a suggestion.
  auto typed = get_json("/api/search?q=laadpalne&correct=0");
  CHECK(typed["total"] == 0);
  REQUIRE(typed.contains("suggestion"));
  CHECK(typed["suggestion"]["q"] == "laadpalen");
  CHECK(typed["suggestion"]["url"] == "/?q=laadpalen&correct=0");
  auto syn = get_json("/api/search?q=solar");
  CHECK(ids(syn) == std::vector<std::string>{"cases/den-haag-zonnepanelen"});
}

TEST_CASE_FIXTURE(ServerFixture, "server: articles, related, suggest, health") {
  auto a = get_json("/api/articles/cases/utrecht-laadpalen");
  CHECK(a["title"] == "Utrecht koopt laadpalen via een marktconsultatie");
  CHECK(a["html"].get<std::string>().find("<li id=\"les-1\">") != std::string::npos);
  CHECK(a["items"].size() == 4);
  auto g = get_json("/api/articles/guides/handreiking");
  CHECK(g["title"] == "Handreiking marktconsultatie");
  auto rel = get_json("/api/articles/cases/utrecht-laadpalen/related");
  REQUIRE(rel["related"].size() >= 1);
  CHECK(rel["related"][0].contains("reason"));
  // Reasons name words of the article, not stems ("meen" for gemeente).
  std::set<std::string> words;
  {
    std::string text = a["html"].get<std::string>() + " " + a["title"].get<std::string>() + " " + a["summary"].get<std::string>(), w;
    for (const auto& [k, v] : a["fields"].items()) text += " " + v.dump();
    text = fold_accents(text);  // terms are indexed folded
    bool in_tag = false;
    for (char c : text + " ") {
      if (c == '<' || c == '>') in_tag = c == '<';
      if (in_tag) continue;
      if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
        w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      } else if (!w.empty()) {
        words.insert(w);
        w.clear();
      }
    }
  }
  size_t shared = 0;
  for (const auto& r : rel["related"]) {
    for (const auto& t : r["reason"]["shared_terms"]) {
      CAPTURE(t);
      CHECK(words.count(t.get<std::string>()) == 1);
      ++shared;
    }
  }
  CHECK(shared > 0);
  auto sug = get_json("/api/suggest?q=laad");
  REQUIRE(sug["suggestions"].size() >= 1);
  bool found = false;
  for (const auto& s : sug["suggestions"]) found |= s["text"].get<std::string>().find("laad") != std::string::npos;
  CHECK(found);
  auto h = get_json("/healthz");
  CHECK(h["status"] == "ok");
  CHECK(h["articles"] == 5);
}

TEST_CASE_FIXTURE(ServerFixture, "server: bad requests get 4xx JSON errors") {
  struct Case {
    std::string path;
    int status;
    std::string code;
    std::string param;
  };
  const Case cases[] = {
      {"/api/search?colour=red", 400, "bad_request", "colour"},
      {"/api/search?sort=sideways", 400, "bad_request", "sort"},
      {"/api/search?page=0", 400, "bad_request", "page"},
      {"/api/search?per_page=10000", 400, "bad_request", "per_page"},
      {"/api/search?q=caf%E9", 400, "bad_request", "q"},
      {"/api/search?q=" + std::string(3000, 'a'), 400, "bad_request", "q"},
      {"/api/search?q=a*", 400, "bad_request", "q"},
      {"/api/articles/..%2F..%2Fetc%2Fpasswd", 400, "bad_request", "id"},
      {"/api/articles/cases/nope", 404, "not_found", ""},
      {"/nope", 404, "not_found", ""},
      {"/static/../CMakeLists.txt", 404, "not_found", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto j = get_json(c.path, c.status);
    CHECK(j["error"]["code"] == c.code);
    if (!c.param.empty()) CHECK(j["error"]["param"] == c.param);
  }
  auto page = get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
  CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
}

TEST_CASE_FIXTURE(ServerFixture, "server: HTML pages, feeds and exports") {
  struct Case {
    std::string path;
    httplib::Headers headers;
    int status;
    std::string type;  // Content-Type prefix
    std::string contains;
  };
  const Case cases[] = {
      {"/", {}, 200, "text/html", "<html lang=\"nl\">"},
      {"/?q=laadpalen&utm_source=nieuwsbrief&fbclid=x", {}, 200, "text/html", "1 resultaat voor ‘laadpalen’"},
      {"/?page=abc", {}, 200, "text/html", "De ongeldige waarde bij ‘page’ is genegeerd."},
      {"/?q=a*", {}, 400, "text/html", "Een zoekwoord met * past op te veel woorden."},
      {"/", {{"Accept-Language", "en-GB,en;q=0.9"}}, 200, "text/html", "<html lang=\"en\">"},
      {"/lessons?themes=energie", {}, 200, "text/html", "3 resultaten"},
      {"/contribute", {}, 200, "text/html", "Een casus bijdragen"},
      {"/articles/cases/utrecht-laadpalen", {}, 200, "text/html", "<h1 id=\"article-title\">Utrecht koopt"},
      {"/articles/cases/nope", {}, 404, "text/html", "Casus niet gevonden"},
      {"/articles/..%2Fetc", {}, 404, "text/html", "Casus niet gevonden"},
      {"/nope", {{"Accept", "text/html,application/xhtml+xml"}}, 404, "text/html", "Pagina niet gevonden"},
      {"/api/nope", {{"Accept", "text/html"}}, 404, "application/json", "not_found"},
      {"/feed.atom?themes=energie", {}, 200, "application/atom+xml", "<entry>"},
      {"/opensearch.xml", {{"Host", "casebase.example"}}, 200, "application/opensearchdescription+xml",
       "template=\"http://casebase.example/?q={searchTerms}\""},
      {"/opensearch/suggest?q=laad", {}, 200, "application/x-suggestions+json", "[\"laad\",["},
      {"/export.csv?themes=energie", {}, 200, "text/csv", "article,cases/utrecht-laadpalen,"},
      {"/export.json?themes=energie", {}, 200, "application/json", "\"total\": 2"},
      {"/static/favicon.svg", {}, 200, "image/svg+xml", "<svg"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    auto r = get(c.path, c.headers);
    REQUIRE(r);
    CAPTURE(r->body);
    CHECK(r->status == c.status);
    CHECK(r->get_header_value("Content-Type").rfind(c.type, 0) == 0);
    CHECK(r->body.find(c.contains) != std::string::npos);
    CHECK(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Referrer-Policy") == "same-origin");
  }
  // The JSON API stays strict about unknown parameters.
  CHECK(get_json("/api/search?utm_source=x", 400)["error"]["param"] == "utm_source");
  // The language switch is remembered in a cookie; pages vary by language.
  auto en = get("/?lang=en");
  REQUIRE(en);
  CHECK(en->get_header_value("Set-Cookie").rfind("casebase_lang=en; Path=/;", 0) == 0);
  CHECK(en->get_header_value("Vary") == "Accept-Language, Cookie");
  auto remembered = get("/contribute", {{"Cookie", "casebase_lang=en"}});
  REQUIRE(remembered);
  CHECK(remembered->body.find("Contribute a case") != std::string::npos);
  CHECK(!remembered->has_header("Set-Cookie"));
  // No inline script anywhere: the CSP allows only /static/app.js.
  auto page = get("/?themes=energie");
  REQUIRE(page);
  CHECK(page->body.find("<script src=\"/static/app.js\" defer></script>") != std::string::npos);
  CHECK(page->body.find("<script>") == std::string::npos);
  // Regression (fuzz_query): a query that reads "javascript:" is echoed as
  // escaped text and inside percent-encoded relative links, never as a URL.
  auto js = get("/?q=%22%3E%3Ca%20href%3Djavascript%3Aalert(1)%3Ex");
  REQUIRE(js);
  CHECK(js->body.find("javascript:alert(1)") != std::string::npos);  // echoed text
  CHECK(js->body.find("<a href=javascript") == std::string::npos);
  CHECK(js->body.find("href=\"javascript") == std::string::npos);
  CHECK(js->body.find("\"><a href") == std::string::npos);
}

// The corpus has four instruments: a facet search box from three up.
struct FinderFixture : ServerFixture {
  FinderFixture() : ServerFixture(3) {}
};

TEST_CASE_FIXTURE(FinderFixture, "server: facet value search, in JSON and without JavaScript") {
  // The glossary's English phrase finds the Dutch value; labels in the page's language.
  auto j = get_json("/api/facet-values?facet=instruments&prefix=market%20consultation");
  CHECK(j["facet"] == "instruments");
  REQUIRE(j["values"].size() == 1);
  CHECK(j["values"][0]["value"] == "marktconsultatie");
  CHECK(j["values"][0]["label"] == "marktconsultatie");
  CHECK(j["values"][0]["count"] == 1);
  // Synonyms of the corpus's glossary: "tender" is "aanbesteding".
  j = get_json("/api/facet-values?facet=instruments&prefix=tender");
  REQUIRE(j["values"].size() == 1);
  CHECK(j["values"][0]["value"] == "europese aanbesteding");
  // Counts follow the current search's parameters.
  j = get_json("/api/facet-values?facet=instruments&themes=energie");
  size_t in_energie = 0;
  for (const auto& v : j["values"]) in_energie += v["count"].get<size_t>();
  auto energie = get_json("/api/search?themes=energie&facet_size=100");
  size_t expected = 0;
  for (const auto& v : energie["facets"]["instruments"]["values"]) expected += v["count"].get<size_t>();
  CHECK(in_energie == expected);
  CHECK(get_json("/api/facet-values?facet=themes&prefix=energy&lang=en")["values"][0]["label"] == "energy");
  // Bad requests name their parameter.
  const std::pair<std::string, std::string> bad[] = {
      {"/api/facet-values", "facet"},
      {"/api/facet-values?facet=colour", "facet"},
      {"/api/facet-values?facet=themes&size=0", "size"},
      {"/api/facet-values?facet=themes&size=x", "size"},
      {"/api/facet-values?facet=themes&prefix=" + std::string(101, 'a'), "prefix"},
      {"/api/facet-values?facet=themes&colour=red", "colour"},
  };
  for (const auto& [path, param] : bad) {
    CAPTURE(path);
    CHECK(get_json(path, 400)["error"]["param"] == param);
  }
  // The page: a search box on the long facet; fq.KEY narrows it on the server.
  auto page = get("/?sort=oldest");
  REQUIRE(page);
  CHECK(page->body.find("name=\"fq.instruments\"") != std::string::npos);
  CHECK(page->body.find("<input type=\"hidden\" name=\"sort\" value=\"oldest\">") != std::string::npos);
  // Four values are not more than three under themes=energie's two cases: no box there.
  auto few = get("/?themes=energie");
  REQUIRE(few);
  CHECK(few->body.find("name=\"fq.instruments\"") == std::string::npos);
  auto narrowed = get("/?fq.instruments=market%20consultation");
  REQUIRE(narrowed);
  CHECK(narrowed->status == 200);
  CHECK(narrowed->body.find("1 waarde met ‘market consultation’.") != std::string::npos);
  CHECK(narrowed->body.find("value=\"marktconsultatie\" form=\"search-form\"") != std::string::npos);
  CHECK(narrowed->body.find("value=\"pcp\" form=\"search-form\"") == std::string::npos);
  // A ticked value stays, matching or not, so applying the filters keeps it.
  auto ticked = get("/?instruments=pcp&fq.instruments=markt");
  REQUIRE(ticked);
  CHECK(ticked->body.find("value=\"pcp\" form=\"search-form\" data-facet=\"instruments\" checked") != std::string::npos);
}

TEST_CASE_FIXTURE(ServerFixture, "server: the year facet's unknown bucket, the histogram, range and page size") {
  auto all = get_json("/api/search");
  auto unknown = get_json("/api/search?year=unknown");
  const json& years = all["facets"]["year"]["values"];
  REQUIRE(!years.empty());
  CHECK(years.back()["value"] == "unknown");
  CHECK(years.back()["count"] == unknown["total"]);
  CHECK(unknown["total"].get<size_t>() >= 1);
  for (const auto& h : unknown["hits"]) CHECK(h["date"] == "");
  CHECK(unknown["undated"] == 0);
  // Every article counted: the years' buckets and the unknown add up.
  size_t sum = 0;
  for (const auto& v : years) sum += v["count"].get<size_t>();
  CHECK(sum == all["total"]);
  CHECK(get_json("/api/search?year=onbekend", 400)["error"]["param"] == "year");
  // The page: a bar per year and one for the undated, each a link.
  auto page = get("/");
  REQUIRE(page);
  CHECK(page->body.find("<ul class=\"year-bars\" role=\"list\"") != std::string::npos);
  CHECK(page->body.find("<li class=\"year-unknown\"><a title=\"Onbekend jaar: 1 resultaat\" href=\"/?year=unknown\"") != std::string::npos);
  CHECK(page->body.find("Onbekend jaar: ") != std::string::npos);
  auto picked = get("/?year=unknown");
  REQUIRE(picked);
  CHECK(picked->body.find("Periode: Onbekend jaar") != std::string::npos);
  // Which results this page shows, and the page size kept in the links.
  auto two = get("/?per_page=2&page=2");
  REQUIRE(two);
  CHECK(two->body.find("3–4 van " + std::to_string(all["total"].get<size_t>()) + " resultaten") != std::string::npos);
  CHECK(two->body.find("<option value=\"20\">20</option>") != std::string::npos);
  CHECK(two->body.find("href=\"/?per_page=2&amp;page=3\"") != std::string::npos);
  auto fifty = get("/?per_page=50");
  REQUIRE(fifty);
  CHECK(fifty->body.find("<option value=\"50\" selected>50</option>") != std::string::npos);
}

TEST_CASE("serve::parse_args: --base-url and --web") {
  struct Case {
    std::vector<const char*> argv;
    bool ok;
    std::string base_url;
  };
  const Case cases[] = {
      {{"casebase-serve"}, true, ""},
      {{"casebase-serve", "--base-url", "https://casebase.example/"}, true, "https://casebase.example"},
      {{"casebase-serve", "--base-url", "http://127.0.0.1:8080"}, true, "http://127.0.0.1:8080"},
      {{"casebase-serve", "--base-url", "ftp://x"}, false, ""},
      {{"casebase-serve", "--base-url", "casebase.example"}, false, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.argv.size() > 2 ? c.argv[2] : "");
    auto o = serve::parse_args(static_cast<int>(c.argv.size()), c.argv.data());
    REQUIRE(o.ok() == c.ok);
    if (c.ok) CHECK(o->base_url == c.base_url);
  }
  auto w = serve::parse_args(3, std::vector<const char*>{"casebase-serve", "--web", "/srv/web"}.data());
  REQUIRE(w.ok());
  CHECK(w->web_dir == "/srv/web");
  CHECK(!serve::load_site("/nonexistent", "").ok());
}

TEST_CASE("server: a catalogue dropped into web/i18n serves a new language") {
  // A copy of web/ with a German catalogue of one key: German where given,
  // English elsewhere, and the switch offers all three languages.
  test::TempDir tmp;
  const auto web = tmp.path() / "web";
  std::filesystem::copy(std::string(CASEBASE_SOURCE_DIR) + "/web", web, std::filesystem::copy_options::recursive);
  std::ofstream(web / "i18n" / "de.json") << R"({"nav_search": "Suche"})";
  auto site = serve::load_site(web.string(), "");
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
    std::string path, accept;
    std::vector<std::string> want, absent;
  };
  const Case cases[] = {
      {"/contribute?lang=de", "",
       {"<html lang=\"de\">", ">Suche</a>", "<h1>Contribute a case</h1>", "hreflang=\"en\"", "hreflang=\"nl\"",
        ">English</a>", ">Nederlands</a>"},
       {"hreflang=\"de\""}},
      {"/contribute", "de-DE,de;q=0.9", {"<html lang=\"de\">", ">Suche</a>"}, {}},
      {"/contribute", "", {"<html lang=\"nl\">", "href=\"/contribute?lang=de\"", "href=\"/contribute?lang=en\"",
                           "id=\"lang-switch\""}, {">Suche</a>"}},
  };
  for (const auto& cs : cases) {
    CAPTURE(cs.path);
    CAPTURE(cs.accept);
    httplib::Headers headers;
    if (!cs.accept.empty()) headers.emplace("Accept-Language", cs.accept);
    auto r = c.Get(cs.path.c_str(), headers);
    REQUIRE(r);
    CHECK(r->status == 200);
    for (const auto& w : cs.want) CHECK_MESSAGE(r->body.find(w) != std::string::npos, w);
    for (const auto& a : cs.absent) CHECK_MESSAGE(r->body.find(a) == std::string::npos, a);
  }
  auto r = c.Get("/contribute?lang=de");
  REQUIRE(r);
  CHECK(r->get_header_value("Set-Cookie").rfind("casebase_lang=de;", 0) == 0);
  server.stop();
  thread.join();
}

TEST_CASE_FIXTURE(ServerFixture, "server: /articles/{id}.md serves the file as written, unknown ids get 404") {
  for (const char* id : {"cases/utrecht-laadpalen", "guides/handreiking", "cases/gelderland-care-robots"}) {
    CAPTURE(id);
    std::ifstream in(test::data_dir() + "/corpus/" + id + ".md", std::ios::binary);
    std::stringstream file;
    file << in.rdbuf();
    REQUIRE(!file.str().empty());
    auto r = get(std::string("/articles/") + id + ".md");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/markdown; charset=utf-8");
    CHECK(r->body == file.str());
  }
  for (const char* path : {"/articles/cases/nope.md", "/articles/..%2F..%2Fetc%2Fpasswd.md", "/articles/cases/Utrecht-Laadpalen.md",
                           "/articles/cases/kapot.md"}) {
    CAPTURE(path);
    auto r = get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("\"not_found\"") != std::string::npos);
  }
  auto empty = get("/articles/.md");  // no id: the article page's 404
  REQUIRE(empty);
  CHECK(empty->status == 404);
}

TEST_CASE_FIXTURE(ServerFixture, "server: /compare takes up to three ids, comma-separated or repeated") {
  auto ok = get("/compare?ids=cases/utrecht-laadpalen,cases/den-haag-zonnepanelen&ids=guides/handreiking&ids=cases/utrecht-laadpalen");
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(ok->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(ok->body.find("<a href=\"/articles/guides/handreiking\">Handreiking marktconsultatie</a>") != std::string::npos);
  auto four = get("/compare?ids=cases/utrecht-laadpalen,cases/den-haag-zonnepanelen,guides/handreiking,cases/waterschap-sluizen");
  REQUIRE(four);
  CHECK(four->status == 400);
  auto unknown = get("/compare?ids=cases/utrecht-laadpalen,cases/nope");
  REQUIRE(unknown);
  CHECK(unknown->status == 400);
  auto none = get("/compare");
  REQUIRE(none);
  CHECK(none->status == 200);
}
