// Web pages: the i18n tables, lenient parameters, snippet and CSV escaping,
// and the rendered pages themselves, from an index holding an article whose
// every field tries to inject HTML.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "casebase/searcher.h"
#include "cli.h"
#include "i18n.h"
#include "pages.h"
#include "test_util.h"

using namespace casebase;
using namespace casebase::serve;
using nlohmann::json;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

std::string web_dir() { return std::string(CASEBASE_SOURCE_DIR) + "/web"; }

void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

size_t count_of(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = hay.find(needle); pos != std::string::npos; pos = hay.find(needle, pos + 1)) ++n;
  return n;
}

// A corpus of one hostile article and eleven plain ones (eleven
// organisations, so the organisation facet needs "show more").
class PagesFixture {
 public:
  PagesFixture() : searcher_(tmp_.str() + "/db", default_schema()) {
    const auto content = tmp_.path() / "content";
    write(content / "cases/xss.md",
          "---\n"
          "title: \"<script>alert(1)</script>\"\n"
          "summary: \"=HYPERLINK(\\\"http://evil\\\") <b>bold</b>\"\n"
          "organisation: \"<img src=x onerror=alert(2)>\"\n"
          "organisation_type: gemeente\n"
          "region: \"\\\"><svg onload=alert(3)>\"\n"
          "date: 2022-05\n"
          "language: nl\n"
          "type: case\n"
          "themes: [\"<i>thema</i>\", energie]\n"
          "instruments: [marktconsultatie]\n"
          "source: \"javascript:alert(4)\"\n"
          "---\n\n"
          "Tekst met <script>alert(5)</script> erin en [een link](javascript:alert(6)).\n\n"
          "## Geleerde lessen\n\n"
          "- Pas op voor <img src=y onerror=alert(7)> en voor 1 < 2 & \"quotes\".\n");
    for (int i = 0; i < 11; ++i) {
      std::string n = std::to_string(i);
      write(content / ("cases/plain-" + n + ".md"),
            "---\ntitle: Gewone casus " + n + "\norganisation: Gemeente " + n +
                "\norganisation_type: gemeente\ndate: 2019-0" + std::to_string(1 + i % 9) +
                "\nlanguage: nl\ntype: case\nthemes: [energie]\n---\n\nGewone tekst over energie.\n\n"
                "## Geleerde lessen\n\n- Een gewone les " + n + ".\n");
    }
    indexer::Options o;
    o.content_dir = content.string();
    o.db_path = tmp_.str() + "/db";
    o.quiet = true;
    std::ostringstream out, err;
    index_rc_ = indexer::run(o, out, err);
    auto t = load_templates(web_dir());
    REQUIRE(t.ok());
    templates_ = *t;
    auto l = load_catalogues(web_dir());
    REQUIRE(l.ok());
    languages_ = *l;
  }

  PageRequest request(Params params = {}, const char* lang = "nl") const {
    PageRequest pr;
    pr.languages = &languages_;
    pr.lang = languages_.find(lang);
    REQUIRE(pr.lang);
    pr.params = std::move(params);
    pr.path = "/";
    pr.base_url = "http://127.0.0.1:8080";
    return pr;
  }

  test::TempDir tmp_;
  Searcher searcher_;
  Templates templates_;
  Catalogues languages_;
  int index_rc_ = -1;
};

// No markup from the article may appear unescaped.
void check_no_injection(const std::string& body) {
  CAPTURE(body);
  for (const char* bad : {"<script>alert", "<img", "<b>bold", "<svg onload", "<i>thema", "javascript:alert", "onload=alert(3)>"}) {
    CAPTURE(bad);
    CHECK(body.find(bad) == std::string::npos);
  }
}

}  // namespace

TEST_CASE_FIXTURE(PagesFixture, "pages: a hostile article shows as text everywhere") {
  REQUIRE(index_rc_ == 0);
  const std::vector<std::pair<std::string, Page>> pages = {
      {"browse", search_page(searcher_, templates_, request(), ListKind::kSearch)},
      {"query", search_page(searcher_, templates_, request({{"q", "alert"}}), ListKind::kSearch)},
      {"reflected", search_page(searcher_, templates_, request({{"q", "\"><script>alert(9)</script>"}}), ListKind::kSearch)},
      {"facet", search_page(searcher_, templates_, request({{"themes", "<i>thema</i>"}}), ListKind::kSearch)},
      {"lessons", search_page(searcher_, templates_, request({{"q", "lessen"}}), ListKind::kLessons)},
      {"lessons en", search_page(searcher_, templates_, request({}, "en"), ListKind::kLessons)},
      {"article", article_page(searcher_, templates_, request(), "cases/xss")},
      {"related", article_page(searcher_, templates_, request(), "cases/plain-1")},
      {"feed", atom_feed(searcher_, templates_, request())},
  };
  for (const auto& [name, page] : pages) {
    CAPTURE(name);
    CHECK(page.status == 200);
    check_no_injection(page.body);
  }
  // CSV is data (text/csv, an attachment): the text stays as written, but a
  // spreadsheet formula is neutralised.
  Page csv = export_results(searcher_, request({{"scope", "all"}}), ExportFormat::kCsv);
  CHECK(csv.status == 200);
  CHECK(csv.body.find(",\"'=HYPERLINK(") != std::string::npos);
  const std::string& browse = pages[0].second.body;
  CHECK(browse.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(browse.find("<title>Praktijkcasussen zoeken – Casebase</title>") != std::string::npos);
  const std::string& reflected = pages[2].second.body;
  CHECK(reflected.find("value=\"&quot;&gt;&lt;script&gt;alert(9)&lt;/script&gt;\"") != std::string::npos);
  const std::string& article = pages[6].second.body;
  CHECK(article.find("<title>&lt;script&gt;alert(1)&lt;/script&gt; – Casebase</title>") != std::string::npos);
  CHECK(article.find("<h1 id=\"article-title\">&lt;script&gt;alert(1)&lt;/script&gt;</h1>") != std::string::npos);
  CHECK(article.find("raw HTML omitted") != std::string::npos);  // cmark safe mode in the body
  CHECK(article.find("class=\"source\"") == std::string::npos);  // javascript: source is not linked
  CHECK(article.find("en voor 1 &lt; 2 &amp; “quotes”.</a>") != std::string::npos);  // the lesson, as text
  const std::string& feed = pages[8].second.body;
  CHECK(feed.find("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>") != std::string::npos);
}

TEST_CASE_FIXTURE(PagesFixture, "pages: search page structure") {
  Page p = search_page(searcher_, templates_, request({{"themes", "energie"}, {"utm_campaign", "x"}}), ListKind::kSearch);
  CHECK(p.status == 200);
  CHECK(p.content_type == "text/html; charset=utf-8");
  const std::string& b = p.body;
  CHECK(b.find("<html lang=\"nl\">") != std::string::npos);
  CHECK(b.find("12 resultaten") != std::string::npos);
  CHECK(b.find("5 resultaten") == std::string::npos);
  // Eleven organisations and the hostile one: eight shown, four behind "show more".
  CHECK(b.find("<details class=\"facet-more\" data-facet=\"organisation\">") != std::string::npos);
  CHECK(b.find("<summary>Toon meer (4)</summary>") != std::string::npos);
  // The ticked value is checked, its chip removes it, the feed and exports keep it.
  CHECK(b.find("value=\"energie\" form=\"search-form\" data-facet=\"themes\" checked>") != std::string::npos);
  CHECK(b.find("<a class=\"chip\" href=\"/\">") != std::string::npos);
  CHECK(b.find("href=\"/feed.atom?themes=energie\"") != std::string::npos);
  CHECK(b.find("href=\"/export.csv?themes=energie\"") != std::string::npos);
  CHECK(b.find("href=\"/export.json?themes=energie\"") != std::string::npos);
  // Pagination with the filter kept, and the language switch keeping the search.
  CHECK(b.find("href=\"/?themes=energie&amp;page=2\" rel=\"next\"") != std::string::npos);
  CHECK(b.find("href=\"/?themes=energie&amp;lang=en\"") != std::string::npos);
  CHECK(count_of(b, "<li class=\"hit hit-article\"") == 10);
  // Landmarks, skip link, one h1.
  CHECK(b.find("<a class=\"skip-link\" href=\"#main\">") != std::string::npos);
  CHECK(b.find("<main id=\"main\"") != std::string::npos);
  CHECK(b.find("role=\"search\"") != std::string::npos);
  CHECK(count_of(b, "<h1") == 1);
  CHECK(b.find("<script>") == std::string::npos);  // no inline script (CSP)

  Page bad = search_page(searcher_, templates_, request({{"page", "abc"}}), ListKind::kSearch);
  CHECK(bad.status == 200);
  CHECK(bad.body.find("De ongeldige waarde bij ‘page’ is genegeerd.") != std::string::npos);

  Page none = search_page(searcher_, templates_, request({{"q", "zeppelinhangar"}, {"themes", "energie"}}), ListKind::kSearch);
  CHECK(none.body.find("Geen resultaten gevonden") != std::string::npos);
  CHECK(none.body.find("<a href=\"/?q=zeppelinhangar\">Zoek zonder het filter") != std::string::npos);
  CHECK(none.body.find("scope=all") != std::string::npos);
  CHECK(none.body.find("/contribute\">Kent u een case hierover?") != std::string::npos);

  // Zero results are a start: the themes where the words do occur ...
  Page in_other = search_page(searcher_, templates_, request({{"q", "gewone"}, {"themes", "thema"}}), ListKind::kSearch);
  CHECK(in_other.body.find("Geen resultaten gevonden") != std::string::npos);
  CHECK(in_other.body.find("<a href=\"/?q=gewone&amp;themes=energie\">Zoek deze woorden in het thema ‘energie’ (11)") !=
        std::string::npos);
  // ... or, when they occur nowhere, the themes named like one of them
  // ("energiecooperatie" holds "energie"), in English by their labels.
  Page named = search_page(searcher_, templates_, request({{"q", "energiecoöperatie"}}), ListKind::kSearch);
  CHECK(named.body.find("<a href=\"/?themes=energie\">Bekijk het thema ‘energie’ (12)") != std::string::npos);
  Page named_en = search_page(searcher_, templates_, request({{"q", "energyhubs"}}, "en"), ListKind::kSearch);
  CHECK(named_en.body.find("<a href=\"/?themes=energie\">Browse the theme ‘energy’ (12)") != std::string::npos);
  CHECK(none.body.find("Bekijk het thema") == std::string::npos);  // zeppelinhangar: nothing related
  // The facets stay, counted without the words, and say so.
  CHECK(none.body.find("class=\"facets-note\"") != std::string::npos);
  CHECK(none.body.find("data-facet=\"organisation\"") != std::string::npos);
  CHECK(p.body.find("class=\"facets-note\"") == std::string::npos);

  Page en = search_page(searcher_, templates_, request({}, "en"), ListKind::kSearch);
  CHECK(en.body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.body.find("12 results") != std::string::npos);
}

TEST_CASE_FIXTURE(PagesFixture, "pages: article, 404, contribute, opensearch") {
  Page a = article_page(searcher_, templates_, request(), "cases/plain-3");
  CHECK(a.status == 200);
  CHECK(a.body.find("<a href=\"/?organisation=Gemeente+3\">Gemeente 3</a>") != std::string::npos);
  CHECK(a.body.find("<a href=\"/?from=2019&amp;to=2019\">april 2019</a>") != std::string::npos);
  CHECK(a.body.find("<a href=\"#les-1\">Een gewone les 3.</a>") != std::string::npos);
  CHECK(a.body.find("Verwante casussen") != std::string::npos);

  for (const char* id : {"cases/nope", "../etc/passwd", "Cases/Plain-3", ""}) {
    CAPTURE(id);
    Page nf = article_page(searcher_, templates_, request(), id);
    CHECK(nf.status == 404);
    CHECK(nf.body.find("<h1>Casus niet gevonden</h1>") != std::string::npos);
  }

  Page c = contribute_page(searcher_, templates_, request());
  CHECK(c.status == 200);
  CHECK(c.body.find("casebase-index check") != std::string::npos);
  CHECK(c.body.find("<code>organisation_type</code>") != std::string::npos);

  Page os = opensearch_description(templates_, request());
  CHECK(os.content_type.rfind("application/opensearchdescription+xml", 0) == 0);
  CHECK(os.body.find("template=\"http://127.0.0.1:8080/?q={searchTerms}\"") != std::string::npos);

  Page e = error_page(templates_, request(), 503);
  CHECK(e.status == 503);
  CHECK(e.body.find("Casebase is nog niet beschikbaar") != std::string::npos);
}

TEST_CASE("pages: without an index the pages say so (503)") {
  test::TempDir tmp;
  Searcher s(tmp.str() + "/missing", default_schema());
  auto t = load_templates(web_dir());
  REQUIRE(t.ok());
  auto languages = load_catalogues(web_dir());
  REQUIRE(languages.ok());
  PageRequest pr;
  pr.languages = &*languages;
  pr.lang = &languages->default_language();
  Page p = search_page(s, *t, pr, ListKind::kSearch);
  CHECK(p.status == 503);
  CHECK(p.body.find("Casebase is nog niet beschikbaar") != std::string::npos);
  CHECK(article_page(s, *t, pr, "cases/x").status == 503);
}

TEST_CASE_FIXTURE(PagesFixture, "pages: the schema's display, feed and byline flags drive the pages") {
  REQUIRE(index_rc_ == 0);
  struct Case {
    std::string name;
    void (*change)(Schema&);
    std::vector<std::string> article_has, article_lacks, feed_has, feed_lacks, search_has;
  };
  const Case cases[] = {
      {"default", [](Schema&) {},
       {"<a href=\"/?organisation=Gemeente+3\">Gemeente 3</a>"}, {"<dt>Auteurs</dt>"},
       {"<author><name>Gemeente 3</name></author>", "<category term=\"energie\"/>"}, {},
       {"<span class=\"hit-org\">Gemeente 3</span>"}},
      {"organisation as authors, themes hidden",
       [](Schema& s) {
         for (auto& f : s.fields) {
           if (f.key == "organisation") f.display = "authors";
           if (f.key == "themes") f.display = "hidden";
         }
       },
       {"<dt>Auteurs</dt>\n                <dd>Gemeente 3</dd>"}, {"?organisation=Gemeente+3", "?themes=energie"},
       {}, {}, {}},
      {"feed roles swapped, no byline",
       [](Schema& s) {
         for (auto& f : s.fields) {
           if (f.key == "organisation") f.feed = "category";
           if (f.key == "themes") f.feed = "author";
         }
         s.byline = "";
       },
       {}, {},
       {"<author><name>energie</name></author>", "<category term=\"Gemeente 3\"/>"},
       {"<author><name>Gemeente 3</name></author>"}, {}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Schema schema = default_schema();
    c.change(schema);
    Searcher s(tmp_.str() + "/db", schema);
    const std::string article = article_page(s, templates_, request(), "cases/plain-3").body;
    const std::string feed = atom_feed(s, templates_, request({{"q", "\"Gewone casus 3\""}})).body;
    const std::string search = search_page(s, templates_, request({{"q", "\"Gewone casus 3\""}}), ListKind::kSearch).body;
    for (const auto& w : c.article_has) CHECK_MESSAGE(article.find(w) != std::string::npos, w);
    for (const auto& w : c.article_lacks) CHECK_MESSAGE(article.find(w) == std::string::npos, w);
    for (const auto& w : c.feed_has) CHECK_MESSAGE(feed.find(w) != std::string::npos, w);
    for (const auto& w : c.feed_lacks) CHECK_MESSAGE(feed.find(w) == std::string::npos, w);
    for (const auto& w : c.search_has) CHECK_MESSAGE(search.find(w) != std::string::npos, w);
    if (schema.byline.empty()) CHECK(search.find("hit-org") == std::string::npos);
  }
}

TEST_CASE_FIXTURE(PagesFixture, "regression: U+FFFE and U+FFFF in the query never reach the Atom feed (invalid XML)") {
  for (const char* q : {"\xEF\xBF\xBE", "casus\xEF\xBF\xBF", "a\x01\xEF\xBF\xBE"}) {
    CAPTURE(q);
    const Page feed = atom_feed(searcher_, templates_, request({{"q", q}}));
    CHECK(feed.status == 200);
    CHECK(feed.body.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(feed.body.find("\xEF\xBF\xBF") == std::string::npos);
    CHECK(feed.body.find('\x01') == std::string::npos);
  }
}

TEST_CASE_FIXTURE(PagesFixture, "pages: an article offers its Markdown, an APA and BibTeX citation and lesson permalinks") {
  REQUIRE(index_rc_ == 0);
  Page a = article_page(searcher_, templates_, request(), "cases/plain-3");
  REQUIRE(a.status == 200);
  CHECK(a.body.find("<a href=\"/articles/cases/plain-3.md\" type=\"text/markdown\">Markdown-bron van dit artikel</a>") !=
        std::string::npos);
  CHECK(a.body.find(">Gemeente 3. (2019, april). Gewone casus 3. Casebase. http://127.0.0.1:8080/articles/cases/plain-3"
                    "</textarea>") != std::string::npos);
  CHECK(a.body.find("@misc{casebase:cases/plain-3,\n  author = {{Gemeente 3}},\n  title = {{Gewone casus 3}},\n"
                    "  year = {2019},") != std::string::npos);
  CHECK(a.body.find("<a class=\"permalink\" href=\"#les-1\" data-copy-link><span aria-hidden=\"true\">#</span>"
                    "<span class=\"visually-hidden\">Link naar deze les</span></a>") != std::string::npos);
  CHECK(a.body.find("<script src=\"/static/copy.js\" defer></script>") != std::string::npos);

  Page en = article_page(searcher_, templates_, request({}, "en"), "cases/plain-3");
  CHECK(en.body.find("Gemeente 3. (2019, April). Gewone casus 3. Casebase.") != std::string::npos);
  CHECK(en.body.find("Link to this lesson</span>") != std::string::npos);

  // The hostile article's citation is text in a textarea, escaped.
  Page x = article_page(searcher_, templates_, request(), "cases/xss");
  CHECK(x.body.find("title = {{\\textless{}") == std::string::npos);
  CHECK(x.body.find("&lt;img src=x onerror=alert(2)&gt;. (2022, mei). &lt;script&gt;alert(1)&lt;/script&gt;.") !=
        std::string::npos);
}

TEST_CASE_FIXTURE(PagesFixture, "pages: the home sections show only on the search page without a search") {
  REQUIRE(index_rc_ == 0);
  int asked = 0;
  auto popular = [&asked] {
    ++asked;
    return HomePopular{{"zonnepanelen", "<b>x</b>"}, 3};
  };
  Page home = search_page(searcher_, templates_, request(), ListKind::kSearch, nullptr, popular);
  REQUIRE(home.status == 200);
  CHECK(asked == 1);
  CHECK(home.body.find("<div class=\"home\" id=\"home\">") != std::string::npos);
  CHECK(home.body.find("<h3 id=\"home-newest-heading\">Nieuwste casussen</h3>") != std::string::npos);
  CHECK(count_of(home.body.substr(home.body.find("home-newest-heading"), home.body.find("home-themes-heading") -
                                                                              home.body.find("home-newest-heading")),
                 "<li>") == 3);
  // The newest first: the hostile article is of 2022-05, the others 2019.
  CHECK(home.body.find("<li><a href=\"/articles/cases/xss\">&lt;script&gt;") != std::string::npos);
  CHECK(home.body.find("<li><a href=\"/?themes=energie\">energie</a> <span class=\"home-meta-inline\">(12 artikelen)</span></li>") !=
        std::string::npos);
  CHECK(home.body.find("Lessen om mee te beginnen") != std::string::npos);
  CHECK(home.body.find("href=\"/articles/cases/xss#les-1\"") != std::string::npos);  // newest lesson of "energie"
  CHECK(home.body.find("Gekozen als de nieuwste les uit elk van de vier grootste thema&apos;s.") != std::string::npos);
  CHECK(home.body.find("<li><a href=\"/?q=zonnepanelen\">zonnepanelen</a></li>") != std::string::npos);
  CHECK(home.body.find("&lt;b&gt;x&lt;/b&gt;") != std::string::npos);
  CHECK(home.body.find("minstens 3 verschillende bezoekers") != std::string::npos);

  Page no_log = search_page(searcher_, templates_, request(), ListKind::kSearch);
  CHECK(no_log.body.find("<div class=\"home\" id=\"home\">") != std::string::npos);
  CHECK(no_log.body.find("home-popular") == std::string::npos);

  const std::vector<Params> not_home = {{{"q", "energie"}}, {{"themes", "energie"}}, {{"page", "2"}}, {{"from", "2019"}}};
  for (const auto& params : not_home) {
    CAPTURE(params.front().first);
    Page p = search_page(searcher_, templates_, request(params), ListKind::kSearch, nullptr, popular);
    CHECK(p.body.find("id=\"home\"") == std::string::npos);
  }
  Page lessons = search_page(searcher_, templates_, request(), ListKind::kLessons);
  CHECK(lessons.body.find("id=\"home\"") == std::string::npos);
  CHECK(asked == 1);
}

TEST_CASE("pages: compare_ids splits, trims and drops repeats") {
  struct Case {
    Params params;
    std::vector<std::string> ids;
  };
  const Case cases[] = {
      {{}, {}},
      {{{"ids", "a,b"}}, {"a", "b"}},
      {{{"ids", "a"}, {"ids", "b, a"}, {"q", "x"}}, {"a", "b"}},
      {{{"ids", ",, a ,"}}, {"a"}},
      {{{"ids", "a,b,c,d"}}, {"a", "b", "c", "d"}},
  };
  for (const auto& c : cases) {
    CHECK(compare_ids(c.params) == c.ids);
  }
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "x" + std::to_string(i) + ",";
  CHECK(compare_ids({{"ids", many}}).size() == 64);
}

TEST_CASE_FIXTURE(PagesFixture, "pages: compare shows up to three articles side by side") {
  REQUIRE(index_rc_ == 0);
  Page p = compare_page(searcher_, templates_, request({{"ids", "cases/plain-1,cases/plain-2"}, {"ids", "cases/xss"}, {"ids", "cases/plain-1"}}));
  REQUIRE(p.status == 200);
  CHECK(count_of(p.body, "<th scope=\"col\"") == 3);
  CHECK(p.body.find("<th scope=\"col\"><a href=\"/articles/cases/plain-1\">Gewone casus 1</a></th>") != std::string::npos);
  CHECK(p.body.find("<th scope=\"row\">Organisatie</th>") != std::string::npos);
  CHECK(p.body.find("<th scope=\"row\">Geleerde lessen</th>") != std::string::npos);
  CHECK(p.body.find("<li>Een gewone les 2.</li>") != std::string::npos);
  check_no_injection(p.body);

  struct Bad {
    Params params;
    int status;
    const char* text;
  };
  const Bad bad[] = {
      {{{"ids", "cases/plain-1,cases/plain-2,cases/plain-3,cases/plain-4"}}, 400, "je koos er 4"},
      {{{"ids", "cases/nope"}}, 400, "Dit artikel bestaat niet: cases/nope."},
      {{{"ids", "../etc/passwd"}}, 400, "Dit artikel bestaat niet: ../etc/passwd."},
      {{{"ids", "<script>alert(1)</script>"}}, 400, "bestaat niet: &lt;script&gt;"},
      {{}, 200, "Kies op de zoekpagina bij twee of drie artikelen"},
  };
  for (const auto& b : bad) {
    CAPTURE(b.text);
    Page q = compare_page(searcher_, templates_, request(b.params));
    CHECK(q.status == b.status);
    CHECK(q.body.find(b.text) != std::string::npos);
    CHECK(q.body.find("compare-table") == std::string::npos);
  }
}

TEST_CASE_FIXTURE(PagesFixture, "pages: each article hit of the search page has a compare checkbox") {
  REQUIRE(index_rc_ == 0);
  Page p = search_page(searcher_, templates_, request({{"q", "gewone"}}), ListKind::kSearch);
  CHECK(p.body.find("<input type=\"checkbox\" name=\"ids\" value=\"cases/plain-1\" form=\"compare-form\">") !=
        std::string::npos);
  CHECK(p.body.find("<form id=\"compare-form\" class=\"compare-form\" action=\"/compare\" method=\"get\">") !=
        std::string::npos);
  CHECK(p.body.find("Vergelijk geselecteerde") != std::string::npos);
  Page l = search_page(searcher_, templates_, request({{"q", "gewone"}}), ListKind::kLessons);
  CHECK(l.body.find("compare-form") == std::string::npos);
}
