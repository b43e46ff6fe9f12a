// pages: the server-rendered web pages (search, lessons, article,
// contribute, error pages), the Atom feed, the OpenSearch description and
// the export of a result set as CSV or JSON.
//
// Each page is a view model (nlohmann::json, built from the same JSON bodies
// as the API, see api.h) rendered by a Mustache template from web/templates.
// Templates escape every value unless a template asks for raw HTML with
// {{{...}}}, which is used only for HTML made safe on the server: cmark's
// safe-mode article body and search snippets passed through
// sanitize_snippet(). Templates are read once at start from a fixed list of
// names; no request can name a template or a file.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casebase/query.h"
#include "casebase/searcher.h"
#include "casebase/status.h"
#include "i18n.h"

namespace casebase::serve {

// Template sources by name ("layout", "search", "p_hit", …).
struct Templates {
  std::map<std::string, std::string> text;
};

// Reads the fixed list of templates from `web_dir`/templates (symlinks
// refused) and checks that each one parses. Errors: kIo for a missing or
// unreadable file, kInternal for a template syntax error.
Result<Templates> load_templates(const std::string& web_dir);

// Renders template `name` with `view`; other templates are available as
// partials ({{> p_hit}}). Empty strings and null are false in sections.
// Errors: kInternal for an unknown template or a rendering error.
Result<std::string> render_template(const Templates& templates, const std::string& name, const nlohmann::json& view);

// What a page handler needs from the HTTP request.
struct PageRequest {
  Lang lang = Lang::kNl;
  std::vector<std::pair<std::string, std::string>> params;  // query parameters
  std::string path;          // request path, for the language switch of error pages
  std::string base_url;      // "http://host:port" (no trailing slash), for feeds
  std::string referer_path;  // same-origin Referer path ("/?q=…"), or empty
};

// A rendered response.
struct Page {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The two result-list pages: `/` (articles, scope selectable) and `/lessons`
// (lesson items, browsable by facet without a query).
enum class ListKind { kSearch, kLessons };

// Search parameters read leniently, for pages, feeds and exports: unknown
// parameters (utm_source, …) are dropped, and a parameter with a bad value
// is dropped and named in `ignored`, so a link never breaks the page.
struct LenientRequest {
  SearchRequest req;
  std::vector<std::string> ignored;
};
Result<LenientRequest> parse_page_request(const std::vector<std::pair<std::string, std::string>>& params,
                                         const Schema& schema, const Limits& limits, ListKind kind);

// The page URL ("/?q=…" or "/lessons?…") of a request, without defaults.
std::string list_url(const SearchRequest& req, ListKind kind);

// The search or lessons page: form, facets (with counts, "show more", year
// range, clear-all), active filters, results, pagination, "did you mean",
// help for zero results, export and feed links. Status 400 when the query
// cannot run (shown on the page), 503 without an index.
Page search_page(const Searcher& searcher, const Templates& templates, const PageRequest& pr, ListKind kind);
// An article: its safe HTML body, metadata linking to facet searches,
// lessons/pros/cons with anchors, related cases with the reason, the source.
// A 404 page for an unknown or malformed id.
Page article_page(const Searcher& searcher, const Templates& templates, const PageRequest& pr, const std::string& id);
// How to contribute: the steps, the fields and sections of the schema, the
// template and the checker command.
Page contribute_page(const Searcher& searcher, const Templates& templates, const PageRequest& pr);
// An HTML error page for `status` (400, 404, 500, 503).
Page error_page(const Templates& templates, const PageRequest& pr, int status);

// GET /feed.atom: the newest articles matching the search parameters.
Page atom_feed(const Searcher& searcher, const Templates& templates, const PageRequest& pr);
// GET /opensearch.xml and its suggestion endpoint (["q", ["…", …]]).
Page opensearch_description(const Templates& templates, const PageRequest& pr);
Page opensearch_suggestions(const Searcher& searcher, const PageRequest& pr);

enum class ExportFormat { kCsv, kJson };
// GET /export.csv and /export.json: the whole result set (up to 1000 rows)
// of the search parameters, with the query and filters that made it.
Page export_results(const Searcher& searcher, const PageRequest& pr, ExportFormat format);

// Keeps only <mark>, </mark> and character references of a snippet's HTML;
// every other `<`, `>` or `&` is escaped and unbalanced marks are fixed.
std::string sanitize_snippet(std::string_view html);

// One CSV field: quoted when needed, and a leading = + - @ (a spreadsheet
// formula) neutralised with a quote character.
std::string csv_field(std::string_view value);

}  // namespace casebase::serve
