// Fuzzes request-parameter and query handling end to end, without HTTP: the
// input is a query string (`q=…&themes=…`, percent-decoded as httplib
// does), read strictly (API) and leniently (pages), run against a small
// index built once from tests/data/corpus, and rendered as the JSON of
// /api/search and the HTML search page. Oracles: no crash or sanitizer
// report, errors only as Status, the JSON is valid, and the page holds no
// more <script> elements or javascript: URLs than the page of a plain query.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api.h"
#include "casebase/query.h"
#include "casebase/searcher.h"
#include "cli.h"
#include "fuzz_util.h"
#include "fuzz_world.h"
#include "pages.h"

using namespace casebase;

namespace {

fuzz::World* world = nullptr;
using fuzz::count;

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> split_query(std::string_view s) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!s.empty() && out.size() < 512) {
    size_t amp = s.find('&');
    std::string_view part = s.substr(0, amp);
    size_t eq = part.find('=');
    out.emplace_back(decode(part.substr(0, eq)), eq == std::string_view::npos ? "" : decode(part.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    s.remove_prefix(amp + 1);
  }
  return out;
}

serve::Page page_for(const std::vector<std::pair<std::string, std::string>>& params) {
  return serve::search_page(*world->searcher, world->templates, world->request("/", params), serve::ListKind::kSearch);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  world = fuzz::make_world("fuzz_query");
  world->base_scripts = count(page_for({{"q", "inkoop"}}).body, "<script");
  std::atexit([] { delete world; });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;  // the server refuses targets over 8 KiB
  auto params = split_query(std::string_view(reinterpret_cast<const char*>(data), size));
  const Searcher& s = *world->searcher;
  auto r = parse_search_request(params, s.schema(), s.limits());
  if (r.ok()) {
    auto resp = s.search(*r);
    if (resp.ok()) {
      std::string body = serve::search_json(*r, *resp).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      if (!nlohmann::json::accept(body)) fuzz::fail("invalid JSON", body);
    }
    (void)s.suggest(r->q, 8);
  }
  auto lenient = serve::parse_page_request(params, s.schema(), s.limits(), serve::ListKind::kSearch);
  if (!lenient.ok()) fuzz::fail("lenient parsing failed", lenient.status().message());
  serve::Page page = page_for(params);
  if (count(page.body, "<script") > world->base_scripts) fuzz::fail("extra <script> in the search page", page.body);
  // "javascript:" may appear as (escaped) text, e.g. the echoed query; it
  // must never be a URL or a handler.
  fuzz::check_page_urls(page.body);
  return 0;
}
