// Fuzzes the whole path of one article, as a contributor's file travels it:
// the article budget, front matter (yaml-cpp), Markdown (cmark), the
// article build, the indexer's document build and commit into a real Xapian
// index (next to a small corpus, so related cases and facets have company),
// then what a reader gets: the article page, its JSON, and the search page
// for its title. Oracles: no crash or sanitizer report; errors only as
// Status; the stored HTML is safe (fuzz_util.h); the page has no more
// <script> than a plain article page and no unsafe URL or handler; the JSON
// is valid; an article that was built is found and shown (status 200).
// Its dictionary (fuzz_article_page.dict) holds shortcodes, containers and
// YAML constructs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "api.h"
#include "casebase/document.h"
#include "casebase/index_writer.h"
#include "casebase/searcher.h"
#include "cli.h"
#include "fuzz_util.h"
#include "pages.h"

namespace fs = std::filesystem;
using namespace casebase;

namespace {

struct World {
  fs::path dir;
  std::string db;
  std::unique_ptr<Searcher> searcher;
  serve::Templates templates;
  std::optional<serve::Catalogues> languages;
  size_t base_scripts = 0;
  ~World() {
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }
};
World* world = nullptr;

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t i = hay.find(needle); i != std::string::npos; i = hay.find(needle, i + 1)) ++n;
  return n;
}

serve::PageRequest request(const std::string& path, std::vector<std::pair<std::string, std::string>> params = {}) {
  serve::PageRequest pr;
  pr.lang = &world->languages->default_language();
  pr.languages = &*world->languages;
  pr.params = std::move(params);
  pr.path = path;
  pr.base_url = "http://127.0.0.1";
  return pr;
}

serve::Page article(const std::string& id) {
  return serve::article_page(*world->searcher, world->templates, request("/articles/" + id), id);
}

// Indexes `a` into the world's index, replacing the previous input.
void put(const Article& a) {
  auto w = IndexWriter::open(world->db, world->searcher->schema(), false);
  if (!w.ok()) fuzz::fail("cannot open the index", w.status().message());
  if (Status st = (*w)->put(a); !st.ok()) fuzz::fail("put failed", st.message());
  if (Status st = (*w)->commit(); !st.ok()) fuzz::fail("commit failed", st.message());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  world = new World;
  // Commits fsync: on tmpfs they cost next to nothing.
  const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  std::string tmpl = (base / "casebase-fuzz-page-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) std::abort();
  world->dir = tmpl;
  indexer::Options o;
  o.content_dir = CASEBASE_FUZZ_DATA_DIR "/corpus";  // rc 1: its one broken file is expected
  o.db_path = world->db = (world->dir / "db").string();
  o.quiet = true;
  std::ostringstream out, err;
  if (indexer::run(o, out, err) > 1) {
    std::fprintf(stderr, "fuzz_article_page: indexing failed: %s\n", err.str().c_str());
    std::abort();
  }
  world->searcher = std::make_unique<Searcher>(o.db_path, default_schema());
  auto t = serve::load_templates(CASEBASE_FUZZ_WEB_DIR);
  if (!t.ok()) std::abort();
  world->templates = *t;
  auto langs = serve::load_catalogues(CASEBASE_FUZZ_WEB_DIR);
  if (!langs.ok()) std::abort();
  world->languages = std::move(*langs);
  auto plain = build_article("---\ntitle: Plain\n---\n\nText.\n", "fuzz.md", "cases/fuzz.md", default_schema());
  if (!plain.ok()) std::abort();
  put(*plain);
  serve::Page p = article(plain->id);
  if (p.status != 200) fuzz::fail("the plain article is not shown", p.body);
  world->base_scripts = count(p.body, "<script");
  std::atexit([] { delete world; });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const Schema& schema = world->searcher->schema();
  auto a = build_article(text, "fuzz.md", "cases/fuzz.md", schema);
  if (!a.ok()) {
    if (a.status().kind() != ErrorKind::kContent) fuzz::fail("a file error that is not a content error", a.status().message());
    return 0;
  }
  fuzz::check_safe_html(a->md.html);
  put(*a);

  auto stored = world->searcher->get_article(a->id);
  if (!stored.ok()) fuzz::fail("the indexed article is not found", stored.status().message());
  const nlohmann::json aj = serve::article_json(a->id, *stored);
  fuzz::check_safe_html(aj.value("html", std::string()));
  const std::string dumped = aj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!nlohmann::json::accept(dumped)) fuzz::fail("invalid article JSON", dumped);

  serve::Page page = article(a->id);
  if (page.status != 200) fuzz::fail("the indexed article's page is not 200", page.body);
  if (count(page.body, "<script") > world->base_scripts) fuzz::fail("extra <script> in the article page", page.body);
  fuzz::check_page_urls(page.body);

  // The search page that finds it: title and summary become hit text.
  serve::Page hits = serve::search_page(*world->searcher, world->templates,
                                        request("/", {{"q", a->title.substr(0, 200)}}), serve::ListKind::kSearch);
  if (count(hits.body, "<script") > world->base_scripts) fuzz::fail("extra <script> in the search page", hits.body);
  fuzz::check_page_urls(hits.body);
  return 0;
}
