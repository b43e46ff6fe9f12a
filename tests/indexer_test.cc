#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "casebase/index_writer.h"
#include "casebase/searcher.h"
#include "cli.h"
#include "test_util.h"

namespace fs = std::filesystem;
using namespace casebase;

namespace {

int index_dir(const std::string& content, const std::string& db, std::string& out_text, bool full = false) {
  indexer::Options o;
  o.content_dir = content;
  o.db_path = db;
  o.full = full;
  o.quiet = true;
  std::ostringstream out, err;
  int rc = indexer::run(o, out, err);
  out_text = out.str() + err.str();
  return rc;
}

// A minimal valid article.
std::string article(const std::string& title, const std::string& body) {
  return "---\ntitle: " + title + "\norganisation: Waterschap X\n---\n\n" + body + "\n";
}

void write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << s;
}

}  // namespace

TEST_CASE("parse_args: flags, subcommands and errors") {
  const char* a1[] = {"casebase-index", "--content", "c", "--db", "d", "--full"};
  auto r = indexer::parse_args(6, a1);
  REQUIRE(r.ok());
  CHECK(r->content_dir == "c");
  CHECK(r->db_path == "d");
  CHECK(r->full);
  const char* a2[] = {"casebase-index", "check", "x.md", "--format", "json"};
  auto c = indexer::parse_args(5, a2);
  REQUIRE(c.ok());
  CHECK(c->command == indexer::Command::kCheck);
  CHECK(c->paths == std::vector<std::string>{"x.md"});
  const char* a3[] = {"casebase-index", "--bogus"};
  CHECK_FALSE(indexer::parse_args(2, a3).ok());
}

TEST_CASE("indexer: bad files are reported and skipped, the rest indexed") {
  test::TempDir tmp;
  std::string out;
  int rc = index_dir(test::data_dir() + "/corpus", tmp.str() + "/db", out);
  CHECK(rc == 1);
  CHECK(out.find("kapot.md:2:8: error: quoted value is never closed") != std::string::npos);
  CHECK(out.find("indexed 5, unchanged 0, removed 0, skipped 1") != std::string::npos);
  Searcher s(tmp.str() + "/db", default_schema());
  auto st = s.stats();
  REQUIRE(st.ok());
  CHECK(st->first == 5);
}

TEST_CASE("indexer: incremental runs touch only what changed") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  for (int i = 0; i < 20; ++i) {
    write(content / "cases" / ("case-" + std::to_string(i) + ".md"),
          "---\ntitle: Casus " + std::to_string(i) + "\norganisation: Gemeente X\n---\n\nTekst over inkoop " +
              std::to_string(i) + ".\n\n## Geleerde lessen\n\n- Les " + std::to_string(i) + ".\n");
  }
  std::string db = (tmp.path() / "db").string();
  std::string out;
  CHECK(index_dir(content.string(), db, out) == 0);
  CHECK(out.find("indexed 20, unchanged 0, removed 0") != std::string::npos);
  CHECK(index_dir(content.string(), db, out) == 0);
  CHECK(out.find("indexed 0, unchanged 20, removed 0") != std::string::npos);
  write(content / "cases" / "case-3.md", "---\ntitle: Casus drie herschreven\norganisation: Gemeente Y\n---\n\nNieuw.\n");
  fs::remove(content / "cases" / "case-4.md");
  CHECK(index_dir(content.string(), db, out) == 0);
  CHECK(out.find("indexed 1, unchanged 18, removed 1") != std::string::npos);
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "herschreven";
  auto r = s.search(req);
  REQUIRE(r.ok());
  CHECK(r->total == 1);
  req.q = "";
  req.scope = Scope::kLessons;
  auto lessons = s.search(req);
  REQUIRE(lessons.ok());
  CHECK(lessons->total == 18);  // case-3 lost its lessons, case-4 is gone
  // A broken edit keeps the last good version.
  write(content / "cases" / "case-5.md", "---\ntitle: \"kapot\n---\n");
  CHECK(index_dir(content.string(), db, out) == 1);
  CHECK(s.get_article("cases/case-5").ok());
  CHECK(index_dir(content.string(), db, out, true) == 1);
  CHECK(out.find("indexed 18, unchanged 0, removed 0, skipped 1") != std::string::npos);
}

TEST_CASE("indexer: an article check would fail is indexed, with a warning") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "a.md", "---\ntitle: Typo\norganisation: Gemeente X\norganisation_type: gemeentee\n---\n\nTekst.\n");
  write(content / "b.md", "---\ntitle: Zonder organisatie\n---\n\nTekst.\n");
  std::string out;
  CHECK(index_dir(content.string(), (tmp.path() / "db").string(), out) == 0);
  CHECK(out.find("indexed 2,") != std::string::npos);
  CHECK(out.find("a.md:4:20: warning: `gemeentee` is not an allowed value of `organisation_type`; did you mean "
                 "`gemeente`?") != std::string::npos);
  CHECK(out.find("b.md:1:1: warning: missing required key `organisation`") != std::string::npos);
  // Many (25 new files; a.md and b.md are unchanged and not read): the
  // first 20 are shown, then a count.
  for (int i = 0; i < 25; ++i) write(content / ("c" + std::to_string(i) + ".md"), "# Kop " + std::to_string(i) + "\n\nTekst.\n");
  CHECK(index_dir(content.string(), (tmp.path() / "db").string(), out) == 0);
  CHECK(out.find("indexed 25,") != std::string::npos);
  CHECK(out.find("… and 5 more warnings; `casebase-index check " + content.string() + "` lists them all") != std::string::npos);
}

TEST_CASE("indexer: words of a changed or deleted article leave the spelling suggestions") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "zwembad.md", article("Zwembad", "De zwembadrenovatie liep uit."));
  write(content / "brug.md", article("Brug", "De brugrenovatie liep uit."));
  std::string db = (tmp.path() / "db").string();
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "zwembadrenovatei";
  auto suggestion = [&] {  // the correction the search applied, if any
    auto r = s.search(req);
    REQUIRE(r.ok());
    return r->corrected_from.empty() ? std::string() : r->q;
  };
  CHECK(suggestion() == "zwembadrenovatie");
  // Rewritten without the word: no longer suggested; another word is.
  write(content / "zwembad.md", article("Zwembad", "De dakrenovatie liep uit."));
  REQUIRE(index_dir(content.string(), db, out) == 0);
  CHECK(suggestion() == "");
  req.q = "dakrenovatei";
  CHECK(suggestion() == "dakrenovatie");
  // Deleted: its words go; words another article shares stay.
  write(content / "dak.md", article("Dak", "Nog een dakrenovatie."));
  REQUIRE(index_dir(content.string(), db, out) == 0);
  fs::remove(content / "zwembad.md");
  REQUIRE(index_dir(content.string(), db, out) == 0);
  CHECK(suggestion() == "dakrenovatie");
  fs::remove(content / "dak.md");
  REQUIRE(index_dir(content.string(), db, out) == 0);
  CHECK(suggestion() == "");
  req.q = "brugrenovatei";
  CHECK(suggestion() == "brugrenovatie");
}

TEST_CASE("Dutch stemming: nouns starting with ge- keep apart from the verbs kraaij_pohlmann would join them to") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "bieding.md", article("Bieding", "De laagste bieding won; drie partijen bieden mee."));
  write(content / "gebied.md", article("Gebied", "Het gebied rond de dijk is groot."));
  write(content / "mening.md", article("Mening", "Wat is uw mening over de dijk?"));
  write(content / "gemeente.md", article("Samenwerking", "Twee gemeenten werkten samen."));
  write(content / "gezondheid.md", article("Zorg", "Gezondheid van bewoners voorop."));
  write(content / "zon.md", article("Energie", "De zon levert stroom."));
  std::string db = (tmp.path() / "db").string();
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);
  Searcher s(db, default_schema());
  auto found = [&](const std::string& q) {
    SearchRequest req;
    req.q = q;
    auto r = s.search(req);
    REQUIRE(r.ok());
    std::vector<std::string> ids;
    for (const auto& h : r->hits) ids.push_back(stored_id(h.doc));
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  using V = std::vector<std::string>;
  CHECK(found("biedingen") == V{"bieding"});
  CHECK(found("gebieden") == V{"gebied"});
  CHECK(found("mening") == V{"mening"});
  CHECK(found("gemeente") == V{"gemeente"});
  CHECK(found("zon") == V{"zon"});
  CHECK(found("gezondheid") == V{"gezondheid"});
  // The forms of each word still meet.
  CHECK(found("gemeentes") == V{"gemeente"});
  CHECK(found("bieden") == V{"bieding"});
}

// other_language_weight is 1 by cross-validation (docs/RELEVANCE.md); a
// schema that halves it ranks the query's language first.
TEST_CASE("searcher: with other_language_weight below 1, a Dutch word ranks Dutch articles first, though English ones carry Dutch keyword values") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "_synonyms.yaml", "synonyms:\n  - [inkoop, procurement]\n");
  write(content / "nl.md",
        "---\ntitle: Fietsen voor de buitendienst\norganisation: Gemeente X\nlanguage: nl\n"
        "instruments: [marktconsultatie]\n---\n\nDe inkoop van fietsen liep via een marktconsultatie.\n");
  // English, about procurement throughout, with a Dutch instrument value
  // (the vocabulary is Dutch): "inkoop" occurs in it as a word.
  write(content / "en.md",
        "---\ntitle: Procurement of procurement advice\norganisation: City Y\nlanguage: en\n"
        "instruments: [innovatiegerichte inkoop]\n---\n\nProcurement, procurement and more procurement: the "
        "procurement team wrote a procurement plan.\n");
  std::string out;
  std::string db = (tmp.path() / "db").string();
  REQUIRE(index_dir(content.string(), db, out) == 0);
  Schema halved = default_schema();
  halved.ranking.other_language_weight = 0.5;
  Searcher s(db, halved);
  auto first = [&](const std::string& q) {
    SearchRequest req;
    req.q = q;
    auto r = s.search(req);
    REQUIRE(r.ok());
    REQUIRE(r->total == 2);  // the synonym finds both
    return stored_id(r->hits.front().doc);
  };
  CHECK(first("inkoop") == "nl");
  CHECK(first("procurement") == "en");
}

TEST_CASE("indexer: a second writer fails at once with a clear message") {
  test::TempDir tmp;
  std::string db = tmp.str() + "/db";
  auto first = IndexWriter::open(db, default_schema(), false);
  REQUIRE(first.ok());
  auto second = IndexWriter::open(db, default_schema(), false);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().kind() == ErrorKind::kBusy);
  CHECK(second.status().message().find("another casebase-index is writing") != std::string::npos);
  std::string out;
  write(tmp.path() / "c" / "a.md", "# A\n");
  CHECK(index_dir((tmp.path() / "c").string(), db, out) == 3);
  CHECK(out.find("another casebase-index is writing") != std::string::npos);
}

TEST_CASE("indexer: symlinks are never followed") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "a.md", "# A\n\nTekst.\n");
  write(tmp.path() / "outside" / "secret.md", "# Geheim\n");
  fs::create_directory_symlink(tmp.path() / "outside", content / "link");
  fs::create_symlink(tmp.path() / "outside" / "secret.md", content / "s.md");
  fs::create_directory_symlink(content, content / "loop");
  std::string out;
  CHECK(index_dir(content.string(), tmp.str() + "/db", out) == 1);
  CHECK(out.find("indexed 1,") != std::string::npos);
  CHECK(out.find("s.md:1:1: error: is a symbolic link; links are not followed") != std::string::npos);
}

// Issue 14: an unedited template used to pass check with 0 errors.
TEST_CASE("new writes a template that check refuses until its placeholders are replaced") {
  test::TempDir tmp;
  indexer::Options o;
  o.command = indexer::Command::kNew;
  o.content_dir = tmp.str();
  o.title = "Slimme lantaarnpalen in Ede";
  std::ostringstream out, err;
  CHECK(indexer::run(o, out, err) == 0);
  CHECK(fs::exists(tmp.path() / "cases" / "slimme-lantaarnpalen-in-ede.md"));
  indexer::Options c;
  c.command = indexer::Command::kCheck;
  c.content_dir = tmp.str();
  std::ostringstream out2, err2;
  CHECK(indexer::run(c, out2, err2) == 1);
  CHECK(out2.str().find("`organisation` still has the template's example `Gemeente Voorbeeld`") != std::string::npos);
  CHECK(out2.str().find("still the template's text: `- Eerste les, als volledige zin.`") != std::string::npos);
  // Nothing but placeholders: every line names [template-text].
  std::istringstream lines(out2.str());
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    CHECK(line.find("[template-text]") != std::string::npos);
  }
}

TEST_CASE("new writes the active schema's template (--config)") {
  test::TempDir tmp;
  indexer::Options o;
  o.command = indexer::Command::kNew;
  o.content_dir = tmp.str();
  o.config_path = std::string(CASEBASE_SOURCE_DIR) + "/examples/digitalgov.yaml";
  o.title = "Plain language guide";
  std::ostringstream out, err;
  REQUIRE(indexer::run(o, out, err) == 0);
  // The schema names no template_folder: the file goes to the content folder itself.
  CHECK_FALSE(fs::exists(tmp.path() / "cases"));
  std::ifstream in(tmp.path() / "plain-language-guide.md");
  std::stringstream text;
  text << in.rdbuf();
  CAPTURE(text.str());
  for (const char* key : {"\ntopics: ", "\nauthors: ", "\nevent_organizer: ", "\nlanguage: en\n", "## Lessons learned"}) {
    CHECK(text.str().find(key) != std::string::npos);
  }
  for (const char* key : {"organisation", "themes:", "## Doel"}) CHECK(text.str().find(key) == std::string::npos);
  CHECK(out.str().find("casebase-index --config ") != std::string::npos);
}

TEST_CASE("--strict: parsed from the flag, unknown codes refused") {
  struct Case {
    std::vector<const char*> args;
    bool ok;
    bool all;
    size_t codes;
  };
  const Case cases[] = {
      {{"casebase-index", "check"}, true, false, 0},
      {{"casebase-index", "--strict", "check", "x.md"}, true, true, 0},
      {{"casebase-index", "check", "--strict"}, true, true, 0},
      {{"casebase-index", "--strict=unknown-key,empty-section", "check"}, true, false, 2},
      {{"casebase-index", "--strict=unknown-kee", "check"}, false, false, 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args.size());
    CAPTURE(c.args.back());
    auto r = indexer::parse_args(static_cast<int>(c.args.size()), c.args.data());
    REQUIRE(r.ok() == c.ok);
    if (!c.ok) {
      CHECK(r.status().message().find("unknown diagnostic code `unknown-kee`") != std::string::npos);
      continue;
    }
    CHECK(r->command == indexer::Command::kCheck);
    CHECK(r->strictness.all == c.all);
    CHECK(r->strictness.codes.size() == c.codes);
  }
}

TEST_CASE("--strict: chosen warnings fail check, and a file with one is not indexed") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  fs::create_directories(content);
  write(content / "a.md", "---\ntitle: A\norganisation: Ede\nbudget: 3\n---\n\n# A\n\nTekst.\n");
  write(content / "b.md", "---\ntitle: B\norganisation: Ede\n---\n\nTekst.\n");
  struct Case {
    const char* strict;
    int check_rc;
    const char* line;
  };
  const Case cases[] = {
      {"", 0, "a.md:4:9: warning: unknown key `budget` (not in the schema; ignored) [unknown-key]"},
      {"all", 1, "a.md:4:9: error: unknown key `budget` (not in the schema; ignored) [unknown-key]"},
      {"unknown-key", 1, "a.md:4:9: error: unknown key `budget` (not in the schema; ignored) [unknown-key]"},
      {"empty-section", 0, "a.md:4:9: warning: unknown key `budget` (not in the schema; ignored) [unknown-key]"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.strict);
    indexer::Options o;
    o.command = indexer::Command::kCheck;
    o.content_dir = content.string();
    o.strictness = *parse_strictness(c.strict);
    std::ostringstream out, err;
    CHECK(indexer::run(o, out, err) == c.check_rc);
    CHECK(out.str().find(c.line) != std::string::npos);
  }
  indexer::Options o;
  o.content_dir = content.string();
  o.db_path = (tmp.path() / "db").string();
  o.quiet = true;
  o.strictness = *parse_strictness("unknown-key");
  std::ostringstream out, err;
  CHECK(indexer::run(o, out, err) == 1);
  CHECK(out.str().find("indexed 1, unchanged 0, removed 0, skipped 1") != std::string::npos);
  CHECK(err.str().find("error: unknown key `budget` (not in the schema; ignored) [unknown-key]") != std::string::npos);
}

TEST_CASE("indexer: a rebuild switches open readers to the new generation at once") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "a.md", "# Alfa\n\nEerste versie over fietsen.\n");
  std::string db = (tmp.path() / "db").string();
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "fietsen";
  REQUIRE(s.search(req).ok());
  CHECK(s.search(req)->total == 1);
  write(content / "a.md", "# Alfa\n\nTweede versie over treinen.\n");
  REQUIRE(index_dir(content.string(), db, out, true) == 0);
  CHECK(s.search(req)->total == 0);
  req.q = "treinen";
  CHECK(s.search(req)->total == 1);
  // Only the served generation and the one before it are kept.
  int gens = 0;
  for (const auto& e : fs::directory_iterator(db)) gens += e.path().filename().string().rfind("gen-", 0) == 0;
  CHECK(gens == 2);
}

TEST_CASE("indexer: a rebuild in many batches equals one in a single batch") {
  // XAPIAN_FLUSH_THRESHOLD=100 puts 60 articles of 4 documents each into
  // several batch databases per thread; merged in shard and batch order,
  // they number every document as a one-batch build does.
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  for (int i = 0; i < 60; ++i) {
    write(content / ("a" + std::to_string(i) + ".md"),
          "---\ntitle: Artikel " + std::to_string(i) + "\norganisation: Gemeente " + std::to_string(i % 7) +
              "\ndate: 20" + std::to_string(10 + i % 5) + "\nthemes: [" + (i % 2 ? "energie" : "water") +
              "]\n---\n\nOver fietsen en bruggen nummer " + std::to_string(i) +
              ".\n\n## Geleerde lessen\n\n- Begin klein.\n- Betrek de markt vroeg.\n- Meet het effect.\n");
  }
  const std::string one = (tmp.path() / "one").string(), many = (tmp.path() / "many").string();
  std::string out;
  {
    test::ScopedEnv threads("CASEBASE_INDEX_THREADS", "2");
    REQUIRE(index_dir(content.string(), one, out) == 0);
    test::ScopedEnv batch("XAPIAN_FLUSH_THRESHOLD", "100");
    REQUIRE(index_dir(content.string(), many, out) == 0);
  }
  for (const auto& e : fs::directory_iterator(many)) CHECK(e.path().filename().string().find(".build") == std::string::npos);
  Searcher a(one, default_schema()), b(many, default_schema());
  for (const char* q : {"", "fietsen", "markt", "artikel 7"}) {
    CAPTURE(q);
    SearchRequest req;
    req.q = q;
    req.scope = Scope::kAll;
    req.per_page = 100;
    auto ra = a.search(req), rb = b.search(req);
    REQUIRE(ra.ok());
    REQUIRE(rb.ok());
    CHECK(ra->total == rb->total);
    std::vector<std::string> ia, ib;
    for (const auto& h : ra->hits) ia.push_back(stored_id(h.doc));
    for (const auto& h : rb->hits) ib.push_back(stored_id(h.doc));
    CHECK(ia == ib);
    CHECK(ra->facets.size() == rb->facets.size());
    for (size_t f = 0; f < ra->facets.size() && f < rb->facets.size(); ++f) {
      CHECK(ra->facets[f].values.size() == rb->facets[f].values.size());
      for (size_t v = 0; v < ra->facets[f].values.size() && v < rb->facets[f].values.size(); ++v) {
        CHECK(ra->facets[f].values[v].value == rb->facets[f].values[v].value);
        CHECK(ra->facets[f].values[v].count == rb->facets[f].values[v].count);
      }
    }
  }
  SearchRequest typo;
  typo.q = "fietsne";  // the spelling data of every batch is merged
  auto ta = a.search(typo), tb = b.search(typo);
  REQUIRE(ta.ok());
  REQUIRE(tb.ok());
  CHECK(ta->total == 60);
  CHECK(tb->total == ta->total);
}

TEST_CASE("indexer: an interrupted rebuild leaves the served index untouched") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "a.md", "# Alfa\n\nOver fietsen.\n");
  std::string db = (tmp.path() / "db").string();
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);
  {
    auto w = IndexWriter::open(db, default_schema(), true);
    REQUIRE(w.ok());
    auto a = build_article("# Beta\n\nOver treinen.\n", "b.md", "b.md", default_schema());
    REQUIRE(a.ok());
    CHECK((*w)->put(*a).ok());
    // destroyed without commit(), as if the process died
  }
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "fietsen";
  CHECK(s.search(req)->total == 1);
  req.q = "treinen";
  CHECK(s.search(req)->total == 0);
  CHECK(index_dir(content.string(), db, out, true) == 0);
  CHECK(out.find("indexed 1,") != std::string::npos);
}

TEST_CASE("indexer: unchanged files are recognised by time and size without reading") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "a.md", "# Alfa\n\nfietsen\n");
  std::string db = (tmp.path() / "db").string();
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);
  // Same size and modification time, other bytes: the file is not read again
  // (a contributor's editor always changes the time).
  auto t = fs::last_write_time(content / "a.md");
  write(content / "a.md", "# Alfa\n\ntreinen\n");
  fs::last_write_time(content / "a.md", t);
  CHECK(index_dir(content.string(), db, out) == 0);
  CHECK(out.find("indexed 0, unchanged 1") != std::string::npos);
  // A new time makes it read; the content hash then decides.
  fs::last_write_time(content / "a.md", t + std::chrono::seconds(5));
  CHECK(index_dir(content.string(), db, out) == 0);
  CHECK(out.find("indexed 1, unchanged 0") != std::string::npos);
  // Touched only: read once, found the same, and its new time recorded, so
  // the run after that does not read it at all.
  fs::last_write_time(content / "a.md", t + std::chrono::seconds(10));
  CHECK(index_dir(content.string(), db, out) == 0);
  CHECK(out.find("indexed 0, unchanged 1") != std::string::npos);
  CHECK(out.find("1 file was touched but not changed") != std::string::npos);
  CHECK(index_dir(content.string(), db, out) == 0);
  CHECK(out.find("indexed 0, unchanged 1") != std::string::npos);
  CHECK(out.find("touched") == std::string::npos);
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "treinen";
  auto r = s.search(req);
  REQUIRE(r.ok());
  CHECK(r->total == 1);  // the restamped article is intact
}

TEST_CASE("indexer --watch makes a saved article searchable") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "a.md", "# Alfa\n\nTekst.\n");
  std::string db = (tmp.path() / "db").string();
  indexer::Options o;
  o.content_dir = content.string();
  o.db_path = db;
  o.quiet = true;
  o.watch = true;
  o.watch_interval_ms = 100;
  o.watch_polls = 300;  // at most 30 s; the test stops it sooner
  std::atomic<bool> stop{false};
  o.watch_stop = &stop;
  std::ostringstream out, err;
  std::thread watcher([&] { indexer::run(o, out, err); });
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "zeppelin";
  // Wait for the first run, then save a new article.
  for (int i = 0; i < 100 && !s.stats().ok(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  write(content / "b.md", "# Beta\n\nOver een zeppelin.\n");
  auto t0 = std::chrono::steady_clock::now();
  bool found = false;
  while (!found && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20)) {
    auto r = s.search(req);
    found = r.ok() && r->total == 1;
    if (!found) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(found);
  MESSAGE("searchable after "
          << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() << " s");
  stop = true;
  watcher.join();
}

TEST_CASE("seed article: each lesson bullet is an item found by a lessons-only search") {
  test::TempDir tmp;
  std::string out;
  index_dir(std::string(CASEBASE_SOURCE_DIR) + "/content", tmp.str() + "/db", out);
  CHECK(out.find("skipped 0") != std::string::npos);
  Searcher s(tmp.str() + "/db", default_schema());
  struct Case {
    const char* q;
    const char* anchor;
  };
  // A word from each of the three "Geleerde lessen & tips" bullets.
  const Case cases[] = {{"workshops", "les-1"}, {"falen", "les-2"}, {"kennisinstellingen", "les-3"}};
  for (const auto& c : cases) {
    CAPTURE(c.q);
    SearchRequest req;
    req.q = c.q;
    req.scope = Scope::kLessons;
    req.filters["organisation"] = {"Gemeente Den Haag"};
    auto r = s.search(req);
    REQUIRE(r.ok());
    REQUIRE(r->hits.size() >= 1);
    const auto* item = std::get_if<StoredItem>(&r->hits[0].doc);
    REQUIRE(item);
    CHECK(item->case_id == "cases/den-haag-innovatieprogramma");
    CHECK(item->anchor == c.anchor);
    CHECK(item->type == "lesson");
  }
  SearchRequest all;
  all.scope = Scope::kLessons;
  all.filters["organisation"] = {"Gemeente Den Haag"};
  all.filters["year"] = {"2019"};
  CHECK(s.search(all)->total == 3);
}

TEST_CASE("regression: concurrent searches and browsing share no Xapian objects") {
  // Copying the static Xapian::Query::MatchAll from several threads raced on
  // its (non-atomic) reference count and crashed the server under load;
  // shared Xapian::Stem objects did the same.
  test::TempDir tmp;
  std::string out;
  index_dir(test::data_dir() + "/corpus", tmp.str() + "/db", out);
  Searcher s(tmp.str() + "/db", default_schema());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 150; ++i) {
        SearchRequest req;
        if ((i + t) % 2) req.q = "laadpalen zonnepanelen";
        if (i % 3 == 0) req.filters["themes"] = {"energie"};
        auto r = s.search(req);
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
}

TEST_CASE("snippets: the match is found and marked wherever it is in a long body") {
  // Snippets start from the first word that begins like a query term; a
  // false start (same first letters, other stem) must not hide a later
  // match, and a word far into a long body is still marked.
  test::TempDir tmp;
  std::string filler;
  for (int i = 0; i < 120; ++i) filler += "De gemeente werkte samen met leveranciers aan een nieuwe aanpak. ";
  auto article = [&](const std::string& title, const std::string& body) {
    return "---\ntitle: " + title + "\norganisation: Gemeente Test\ndate: 2020-01\nlanguage: nl\ntype: case\n---\n" +
           body + "\n";
  };
  write(tmp.path() / "content/cases/laat.md",
        article("Laat", filler + "Aan het eind kwamen de fietsenstallingen ter sprake.\n\n" + filler));
  write(tmp.path() / "content/cases/valse-start.md",
        article("Valse start", "Een fietser reed voorbij.\n\n" + filler + filler + "Daarna de fietsenstallingen.\n"));
  std::string out;
  REQUIRE(index_dir((tmp.path() / "content").string(), tmp.str() + "/db", out) == 0);
  Searcher s(tmp.str() + "/db", default_schema());
  SearchRequest req;
  req.q = "fietsenstallingen";
  auto r = s.search(req);
  REQUIRE(r.ok());
  REQUIRE(r->hits.size() == 2);
  for (const auto& h : r->hits) {
    CAPTURE(h.snippet);
    CHECK(h.snippet.find("<mark>fietsenstallingen</mark>") != std::string::npos);
    CHECK(h.snippet.rfind("…", 0) == 0);  // cut from the middle of the text
  }
}

TEST_CASE("searcher: ranking knobs (scheme, rm3 feedback, stem_capitalised) change ranking only") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "a.md",
        "---\ntitle: Appetite\norganisation: Lab A\nlanguage: en\n---\n\nThe hypothalamus controls appetite and "
        "hunger signals.\n");
  write(content / "b.md",
        "---\ntitle: Sleep\norganisation: Lab B\nlanguage: en\n---\n\nSleep cycles and hunger hormones.\n");
  for (const char* topic : {"Rivers", "Glaciers", "Deserts", "Forests"}) {
    write(content / (std::string(topic) + ".md"), std::string("---\ntitle: ") + topic +
                                                        "\norganisation: Lab C\nlanguage: en\n---\n\n" + topic +
                                                        " shape the landscape.\n");
  }
  std::string db = (tmp.path() / "db").string();
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);

  SearchRequest req;
  req.q = "Controlling hunger";
  req.match = MatchMode::kAny;
  Schema plain = default_schema();
  Schema knobs = default_schema();
  knobs.ranking.stem_capitalised = true;
  knobs.ranking.scheme = "ineb2";
  knobs.ranking.prf_model = "rm3";
  knobs.ranking.prf_docs = 2;
  knobs.ranking.prf_terms = 5;
  knobs.ranking.prf_weight = 0.2;
  auto r0 = Searcher(db, plain).search(req);
  REQUIRE(r0.ok());
  CHECK(r0->total == 2);  // "Controlling" is read as a name: only "hunger" matches
  req.prf = true;
  auto r1 = Searcher(db, knobs).search(req);
  REQUIRE(r1.ok());
  REQUIRE(r1->hits.size() >= 2);
  CHECK(stored_id(r1->hits[0].doc) == "a");  // "controls" now matches the stemmed "controlling"
  CHECK(r1->parsed.find("Zcontrol") != std::string::npos);
  for (const char* scheme : {"bm25+", "lm", "dph", "dlh", "pl2", "pl2+", "inl2", "ifb2", "bb2", "tfidf"}) {
    const std::string name = scheme;
    CAPTURE(name);
    Schema s = default_schema();
    s.ranking.scheme = scheme;
    auto r = Searcher(db, s).search(req);
    REQUIRE(r.ok());
    // IfB2 gives these words no weight on a six-document collection (and
    // so matches nothing); the others find both hunger documents.
    if (name != "ifb2") CHECK(r->total >= 2);
  }
}

TEST_CASE("regression: a file whose name gives another article's id cannot take it over") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "cases" / "den-haag.md", article("Den Haag echt", "Het echte verhaal."));
  std::string db = (tmp.path() / "db").string();
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);
  // `.markdown` sorts before `.md`, and `Den-Haag.md` differs only in case:
  // both give the id cases/den-haag.
  write(content / "cases" / "den-haag.markdown", article("Overgenomen", "Valse tekst."));
  write(content / "cases" / "Den-Haag.md", article("Ook overgenomen", "Valse tekst."));
  for (bool full : {false, true}) {
    CAPTURE(full);
    CHECK(index_dir(content.string(), db, out, full) == 1);
    CAPTURE(out);
    // Every file of the collision is an error, the legitimate one too.
    for (const char* f : {"den-haag.md:1:1: error: id `cases/den-haag`", "den-haag.markdown:1:1: error: id `cases/den-haag`",
                          "Den-Haag.md:1:1: error: id `cases/den-haag`"}) {
      CHECK_MESSAGE(out.find(f) != std::string::npos, f);
    }
    CHECK(out.find("[duplicate-id]") != std::string::npos);
    Searcher s(db, default_schema());
    auto a = s.get_article("cases/den-haag");
    if (!full) {
      // The version already indexed stays.
      REQUIRE(a.ok());
      CHECK(a->article.title == "Den Haag echt");
    } else {
      // A rebuild indexes none of them: no file wins by its name.
      CHECK_FALSE(a.ok());
    }
  }
  fs::remove(content / "cases" / "den-haag.markdown");
  fs::remove(content / "cases" / "Den-Haag.md");
  CHECK(index_dir(content.string(), db, out) == 0);
  Searcher s(db, default_schema());
  auto a = s.get_article("cases/den-haag");
  REQUIRE(a.ok());
  CHECK(a->article.title == "Den Haag echt");
}

TEST_CASE("regression: the content folder's casebase.yaml and _synonyms.yaml are never read through a link") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  write(content / "cases" / "a.md", article("Casus A", "Tekst over inkoop."));
  // Files outside the content folder that a link could expose.
  write(tmp.path() / "outside-synonyms.yaml", "synonyms:\n  - [inkoop, geheimwoord]\n");
  write(tmp.path() / "outside-schema.yaml", "language: en\n");
  std::string db = (tmp.path() / "db").string();
  std::string out;

  fs::create_symlink(tmp.path() / "outside-synonyms.yaml", content / "_synonyms.yaml");
  CHECK(index_dir(content.string(), db, out) == 1);
  CAPTURE(out);
  CHECK(out.find("_synonyms.yaml") != std::string::npos);
  CHECK(out.find("symbolic link") != std::string::npos);
  CHECK(out.find("0 synonym groups") != std::string::npos);
  fs::remove(content / "_synonyms.yaml");

  fs::create_symlink(tmp.path() / "outside-schema.yaml", content / "casebase.yaml");
  const int rc = index_dir(content.string(), db, out);
  CHECK(rc != 0);
  CHECK(out.find("casebase.yaml") != std::string::npos);
  CHECK(out.find("symbolic link") != std::string::npos);
}

TEST_CASE("regression: a file name or value cannot forge or colour a diagnostic line") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  // A newline in the name would otherwise print a second, forged line.
  write(content / "cases" / "a\nother.md:9:9: error: forged.md",
        "---\ntitle: A\norganisation: X\ntype: \"\x1b[31mrood\"\n---\n\nTekst.\n");
  std::string out;
  index_dir(content.string(), (tmp.path() / "db").string(), out);
  CAPTURE(out);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find("a\\x0aother.md:9:9: error: forged.md:") != std::string::npos);
  CHECK(out.find("\nother.md") == std::string::npos);
  CHECK(out.find("\\x1b[31mrood") != std::string::npos);
}

TEST_CASE("budget: an article over it is refused and the indexed version kept, and --max-file-bytes raises the file size") {
  test::TempDir tmp;
  const auto content = tmp.path() / "content";
  const std::string db = (tmp.path() / "db").string();
  write(content / "cases/a.md", article("Alpha", "Eerste versie over zonnepanelen."));
  std::string out;
  REQUIRE(index_dir(content.string(), db, out) == 0);

  // An edit that passes the budget (17 lists by indentation) is an error;
  // the first version stays searchable.
  std::string deep;
  for (int i = 0; i < 17; ++i) deep += std::string(2 * i, ' ') + "- zonnepaneel\n";
  write(content / "cases/a.md", article("Alpha", deep));
  CHECK(index_dir(content.string(), db, out) == 1);
  CHECK(out.find("a.md:22:33: error: lists nested 17 deep, over the budget of 16 [markdown-limit]") != std::string::npos);
  Searcher s(db, default_schema());
  auto got = s.get_article("cases/a");
  REQUIRE(got.ok());
  CHECK(got->html.find("Eerste versie") != std::string::npos);

  // 600 KiB of prose: over the default file budget, indexed with a larger
  // one, and then shown in full (the view renders with the file's size).
  std::string prose;
  while (prose.size() < 600 * 1024) prose += std::string(1000, 'z') + "\n\n";
  write(content / "cases/a.md", article("Alpha", prose));
  CHECK(index_dir(content.string(), db, out) == 1);
  CHECK(out.find("over the budget of 512 KiB") != std::string::npos);
  indexer::Options o;
  o.content_dir = content.string();
  o.db_path = db;
  o.quiet = true;
  o.budget.max_file_bytes = 1024 * 1024;
  std::ostringstream o1, e1;
  REQUIRE(indexer::run(o, o1, e1) == 0);
  auto big = s.get_article("cases/a");
  REQUIRE(big.ok());
  CHECK(big->html.size() > 600 * 1024);
}

TEST_CASE("searcher: a compound found whole outranks one found by its parts, and both are found") {
  test::TempDir tmp;
  fs::path content = tmp.path() / "content";
  // Equal length, one mention each: only how the word matched differs.
  write(content / "whole.md", article("Zuivering A", "Het waterschap vernieuwt de rioolwaterzuivering van de stad."));
  write(content / "parts.md", article("Zuivering B", "Het waterschap vernieuwt de rioolwaterzuiveringsinstallatie van de stad."));
  std::string out;
  const std::string db = (tmp.path() / "db").string();
  REQUIRE(index_dir(content.string(), db, out) == 0);
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "rioolwaterzuivering";
  auto r = s.search(req);
  REQUIRE(r.ok());
  REQUIRE(r->hits.size() == 2);
  CHECK(stored_id(r->hits[0].doc) == "whole");
  CHECK(stored_id(r->hits[1].doc) == "parts");
  CHECK(r->hits[0].score > r->hits[1].score);
}

TEST_CASE("check: every YAML mistake of a front matter in one run, and the other mistakes too") {
  test::TempDir tmp;
  const std::string file = tmp.str() + "/draft.md";
  std::ofstream(file) << "---\n"
                         "title: \"Gemeente X koopt iets\n"
                         "summary: \"Een samenvatting.\"\n"
                         "organisation: [Gemeente X\n"
                         "country: Nederlandia\n"
                         "region: Zuid-Holland\n"
                         "source: www.x.nl\n"
                         "---\n"
                         "\n"
                         "Tekst.\n";
  indexer::Options o;
  o.command = indexer::Command::kCheck;
  o.content_dir = tmp.str() + "/no-content";
  o.paths = {file};
  std::ostringstream out, err;
  CHECK(indexer::run(o, out, err) == 1);
  const std::string s = out.str();
  CHECK(s.find("draft.md:2:8: error: quoted value is never closed") != std::string::npos);
  CHECK(s.find("draft.md:4:1: error: invalid YAML") != std::string::npos);
  CHECK(s.find("[not-allowed-value]") != std::string::npos);
  CHECK(s.find("[not-a-url]") != std::string::npos);
  // A key whose line is broken is not also reported missing.
  CHECK(s.find("missing required key `organisation`") == std::string::npos);
  CHECK(s.find("[no-title]") == std::string::npos);
}

TEST_CASE("check --lang nl explains each mistake in Dutch, with the checker's detail and code") {
  test::TempDir tmp;
  const std::string file = tmp.str() + "/concept.md";
  std::ofstream(file) << "---\ntitle: \"Concept\"\norganisation: Gemeente X\nsource: www.x.nl\n---\n\nTekst.\n";
  const char* argv[] = {"casebase-index", "check", "--lang", "nl", file.c_str()};
  auto o = indexer::parse_args(5, argv);
  REQUIRE(o.ok());
  std::ostringstream out, err;
  CHECK(indexer::run(*o, out, err) == 1);
  CHECK(out.str().find(": fout: Dit moet een volledig webadres zijn") != std::string::npos);
  CHECK(out.str().find("[not-a-url]") != std::string::npos);
  CHECK(err.str() == "1 bestand gecontroleerd: 1 fout, 0 waarschuwingen\n");
}

TEST_CASE("regression: a facet value or synonym of NUL bytes cannot fail the commit (Xapian stores NUL as two key bytes)") {
  CHECK(key_bytes("ab") == 2);
  CHECK(key_bytes(std::string(3, '\0')) == 6);
  const std::string nuls = "XTHEME" + std::string(200, '\0');
  CHECK(key_bytes(nuls) > kMaxTermBytes);
  CHECK(key_bytes(fit_key(nuls)) <= kMaxTermBytes);
  CHECK(fit_key("caf\xc3\xa9", 4) == "caf");  // never half a UTF-8 sequence
  CHECK(fit_key("short") == "short");

  // The fuzzer's input: a themes value of some 140 NULs. The indexer
  // refuses files with NULs, but an article built from a browser form goes
  // straight to the writer.
  test::TempDir tmp;
  const std::string db = (tmp.path() / "db").string();
  {
    auto w = IndexWriter::open(db, default_schema(), true);
    REQUIRE(w.ok());
    auto nul = build_article("---\ntitle: Nul\norganisation: X\nthemes: [\"a" + std::string(140, '\0') +
                                 "b\"]\n---\n\nTekst over treinen.\n",
                             "nul.md", "cases/nul.md", default_schema());
    REQUIRE(nul.ok());
    auto plain = build_article(article("Gewoon", "Over fietsen."), "gewoon.md", "cases/gewoon.md", default_schema());
    REQUIRE(plain.ok());
    REQUIRE((*w)->put(*nul).ok());
    REQUIRE((*w)->put(*plain).ok());
    CHECK((*w)->commit().ok());
  }
  Searcher s(db, default_schema());
  SearchRequest req;
  req.q = "treinen";
  auto r = s.search(req);
  REQUIRE(r.ok());
  CHECK(r->total == 1);

  // A synonym group with a word longer than any key: the other groups and
  // the articles are still written.
  fs::path content = tmp.path() / "content";
  write(content / "cases" / "gewoon.md", article("Gewoon", "Over een rijwiel."));
  write(content / "_synonyms.yaml", "synonyms:\n  - [fiets, rijwiel]\n  - [trein, " + std::string(300, 'q') + "]\n");
  const std::string db2 = (tmp.path() / "db2").string();
  std::string out;
  CHECK(index_dir(content.string(), db2, out, true) == 0);
  CAPTURE(out);
  Searcher s2(db2, default_schema());
  req.q = "fiets";
  auto syn = s2.search(req);
  REQUIRE(syn.ok());
  CHECK(syn->total == 1);
}
