// Fuzzes the content pipeline of one file: front matter (yaml-cpp with the
// event pre-scan), Markdown (cmark with size and nesting caps), the
// article builder, and the checker (check_text: every YAML mistake, entry
// by entry, as contributions are checked). Every input must come back as an Article or an error
// Status, within the caps, and any HTML it yields must be safe.
#include <cstddef>
#include <cstdint>
#include <string>

#include "casebase/document.h"
#include "casebase/schema.h"
#include "cli.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const casebase::Schema schema = casebase::default_schema();
  std::string text(reinterpret_cast<const char*>(data), size);
  auto fm = casebase::parse_front_matter(text, "fuzz.md");
  auto a = casebase::build_article(text, "fuzz.md", "cases/fuzz.md", schema);
  if (a.ok()) {
    casebase::fuzz::check_safe_html(a->md.html);
    for (const auto& item : a->items) casebase::fuzz::check_safe_html(casebase::render_inline_html(item.text));
  }
  (void)casebase::build_article(text, "fuzz.md", "cases/fuzz.md", schema, {.strict = true, .budget = {}});
  static const casebase::indexer::Options check = [] {
    casebase::indexer::Options o;
    o.content_dir = "/nonexistent-casebase-content";
    return o;
  }();
  (void)casebase::indexer::check_text(check, schema, text, "cases/fuzz.md");
  return 0;
}
