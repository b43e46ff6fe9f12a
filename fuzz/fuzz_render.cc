// Fuzzes the HTML rendering of untrusted text: Markdown bodies and bullets
// to HTML (cmark safe mode plus our URL filter), snippet sanitising, CSV
// fields and HTML escaping (the templates escape every {{value}}; only
// Markdown HTML and snippets are inserted raw, and both are checked). The
// oracle (fuzz_util.h) aborts on any element, attribute or URL scheme
// through which a script could run.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "casebase/markdown.h"
#include "casebase/schema.h"
#include "casebase/text.h"
#include "fuzz_util.h"
#include "pages.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const casebase::Schema schema = casebase::default_schema();
  std::string text(reinterpret_cast<const char*>(data), size);
  auto md = casebase::parse_markdown(text, 1, "fuzz.md", schema);
  if (md.ok()) casebase::fuzz::check_safe_html(md->html);
  if (size <= 4096) casebase::fuzz::check_safe_html(casebase::render_inline_html(text));

  // Snippets are Xapian's HTML with <mark>; whatever comes in, only <mark>
  // may come out.
  std::string snip = casebase::serve::sanitize_snippet(text);
  casebase::fuzz::check_safe_html(snip);
  for (size_t i = snip.find('<'); i != std::string::npos; i = snip.find('<', i + 1)) {
    if (snip.compare(i, 6, "<mark>") != 0 && snip.compare(i, 7, "</mark>") != 0) {
      casebase::fuzz::fail("snippet kept a tag other than <mark>", snip);
    }
  }
  std::string esc = casebase::html_escape(text);
  if (esc.find_first_of("<>\"") != std::string::npos) casebase::fuzz::fail("html_escape left a special", esc);
  std::string csv = casebase::serve::csv_field(text);
  if (!csv.empty() && (csv[0] == '=' || csv[0] == '+' || csv[0] == '-' || csv[0] == '@')) {
    casebase::fuzz::fail("csv formula not neutralised", csv);
  }
  return 0;
}
