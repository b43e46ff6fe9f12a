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
#include <string>

#include <nlohmann/json.hpp>

#include "api.h"
#include "casebase/document.h"
#include "casebase/index_writer.h"
#include "casebase/searcher.h"
#include "cli.h"
#include "fuzz_util.h"
#include "fuzz_world.h"
#include "pages.h"

using namespace casebase;

namespace {

fuzz::World* world = nullptr;
using fuzz::count;

serve::Page article(const std::string& id) {
  return serve::article_page(*world->searcher, world->templates, world->request("/articles/" + id), id);
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
  world = fuzz::make_world("fuzz_article_page");
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
                                        world->request("/", {{"q", a->title.substr(0, 200)}}), serve::ListKind::kSearch);
  if (count(hits.body, "<script") > world->base_scripts) fuzz::fail("extra <script> in the search page", hits.body);
  fuzz::check_page_urls(hits.body);
  return 0;
}
