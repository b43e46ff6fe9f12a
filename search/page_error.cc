// The HTML error pages (400, 404, 500, 503).
#include <algorithm>
#include <cctype>

#include "layout.h"
#include "pages.h"

namespace casebase::serve {

namespace {

// Only a known-safe path goes into the language switch.
std::string safe_path(const std::string& path) {
  const bool ok = !path.empty() && path.size() < 300 && path[0] == '/' &&
                  std::all_of(path.begin(), path.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.';
                  });
  return ok ? path : "/";
}

}  // namespace

Page error_page(const Templates& tp, const PageRequest& pr, int status) {
  const Language& lang = *pr.lang;
  const char* heading = "error_heading";
  const char* text = "error_text";
  switch (status) {
    case 404: heading = "not_found_heading", text = "not_found_text"; break;
    case 400: text = "error_query"; break;
    case 503: heading = "unavailable_heading", text = "unavailable_text"; break;
    default: break;
  }
  Layout l;
  l.title = tr(lang, heading) + " – Casebase";
  l.current_url = safe_path(pr.path);
  Page p = html_page(tp, pr, l, "error", {{"heading", tr(lang, heading)}, {"text", tr(lang, text)}}, status);
  if (status == 503) p.headers.emplace_back("Retry-After", "60");
  return p;
}

}  // namespace casebase::serve
