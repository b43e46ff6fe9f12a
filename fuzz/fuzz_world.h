// The world of the fuzz targets that search and render: a small index of
// tests/data/corpus in a temp folder (on tmpfs when there is one: commits
// fsync), its Searcher, the templates and the language catalogues, built
// once per process and removed at exit.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "casebase/searcher.h"
#include "cli.h"
#include "pages.h"

namespace casebase::fuzz {

struct World {
  std::filesystem::path dir;
  std::string db;
  std::unique_ptr<Searcher> searcher;
  serve::Templates templates;
  std::optional<serve::Catalogues> languages;
  size_t base_scripts = 0;  // <script> elements of a plain page, set by the target
  ~World() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }

  // A page request for `path` in the default language.
  serve::PageRequest request(const std::string& path, std::vector<std::pair<std::string, std::string>> params = {}) const {
    serve::PageRequest pr;
    pr.lang = &languages->default_language();
    pr.languages = &*languages;
    pr.params = std::move(params);
    pr.path = path;
    pr.base_url = "http://127.0.0.1";
    return pr;
  }
};

// Builds the world (aborts when it cannot: a broken setup, not a finding);
// `tag` names the target in messages and the temp folder.
inline World* make_world(const std::string& tag) {
  auto* w = new World;
  namespace fs = std::filesystem;
  const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  std::string tmpl = (base / ("casebase-" + tag + "-XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) std::abort();
  w->dir = tmpl;
  indexer::Options o;
  o.content_dir = CASEBASE_FUZZ_DATA_DIR "/corpus";  // rc 1: its one broken file is expected
  o.db_path = w->db = (w->dir / "db").string();
  o.quiet = true;
  std::ostringstream out, err;
  if (indexer::run(o, out, err) > 1) {
    std::fprintf(stderr, "%s: indexing failed: %s\n", tag.c_str(), err.str().c_str());
    std::abort();
  }
  w->searcher = std::make_unique<Searcher>(o.db_path, default_schema());
  auto t = serve::load_templates(CASEBASE_FUZZ_WEB_DIR);
  if (!t.ok()) std::abort();
  w->templates = *t;
  auto langs = serve::load_catalogues(CASEBASE_FUZZ_WEB_DIR);
  if (!langs.ok()) std::abort();
  w->languages = std::move(*langs);
  return w;
}

// How often `needle` occurs in `hay`.
inline size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t i = hay.find(needle); i != std::string::npos; i = hay.find(needle, i + 1)) ++n;
  return n;
}

}  // namespace casebase::fuzz
