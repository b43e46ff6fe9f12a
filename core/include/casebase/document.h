// document: builds an Article (a plain struct, no Xapian or cmark types) from
// a content file's text, using the schema to map front-matter keys, the
// front_matter and markdown modules to parse, and the schema's vocabularies
// to canonicalise keyword values. Also derives the article id from its path
// and collects contributor diagnostics (warnings and errors) for `check`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "casebase/article_budget.h"
#include "casebase/front_matter.h"
#include "casebase/markdown.h"
#include "casebase/schema.h"
#include "casebase/status.h"

namespace casebase {

// A problem found in a content file. Its code (diag_code.h) decides its
// severity; the message is for people only.
struct Diagnostic {
  SourceLoc loc;
  Severity severity = Severity::kError;
  std::string message;
  DiagCode code = DiagCode::kBadContent;
  // "path:line:col: error: message [code]", e.g.
  // "a.md:4:20: warning: unknown key `budget` (not in the schema; ignored) [unknown-key]".
  std::string to_string() const;
  // The same for a contributor in `lang` ("nl" or "en"): the code's
  // explanation, then the message, e.g. "a.md:4:9: fout: Dit moet een
  // volledig webadres zijn … (`source` must be …) [not-a-url]".
  std::string to_string(const std::string& lang) const;
};

// A diagnostic with `code`'s severity while indexing.
Diagnostic make_diagnostic(DiagCode code, SourceLoc loc, std::string message);
// The diagnostic of a content error (its code and place; an error).
Diagnostic diagnostic_from(const Status& st);

// A lessons/pros/cons bullet promoted to an item of its own.
struct Item {
  std::string type;     // lesson, pro, con (from the section's item_type)
  std::string section;  // schema section name
  std::string anchor;   // e.g. "les-2", unique within the article
  std::string text;
  int line = 0;
};

struct Article {
  std::string id;    // derived from the path: "cases/den-haag"
  std::string path;  // path relative to the content root
  std::string title;
  std::string summary;
  std::string language;
  std::string type;
  std::string date;  // normalised "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty if none
  int year = 0;
  // Canonical values per schema field key (keyword, text, number, date fields).
  std::map<std::string, std::vector<std::string>> fields;
  // Values as the author wrote them where an alias became the canonical
  // value ("meeting the market" for marktconsultatie): their words are
  // indexed too, so the article is still found by what it says.
  std::map<std::string, std::vector<std::string>> written;
  MarkdownDoc md;
  std::string markdown;  // the body as written (after the front matter)
  int body_line = 1;     // its first line in the file
  // The file's text before the body, as written: the front matter with its
  // `---` fences (and a byte order mark or blank lines before them); empty
  // without front matter. front_matter + markdown is the file.
  std::string front_matter;
  std::vector<Item> items;
  std::string hash;  // content hash of the file's bytes (hex)
  std::string stamp;  // file modification time and size ("mtime_ns:size"), set by the caller; may be empty
  std::vector<Diagnostic> diagnostics;  // warnings found while building (unknown keys, …)
};

// Derives the id from a path relative to the content root: lower-case,
// each path component slugified, extension dropped ("Cases/Den Haag.md" ->
// "cases/den-haag"). Returns an empty string for an unusable path.
std::string id_from_path(const std::string& rel_path);

// Normalises a front-matter date ("2019-08", "2023-05-01T10:00:00+02:00",
// "2023-05-01 10:00:00 -0400") to "YYYY", "YYYY-MM" or "YYYY-MM-DD".
// Returns an empty string when it is not a date.
std::string normalize_date(const std::string& raw);

// 64-bit FNV-1a of bytes, as 16 hex digits (change detection, not security).
std::string content_hash(const std::string& bytes);

struct BuildOptions {
  // Diagnostics get their severity in `check` (vocabulary misses, missing
  // required keys and over-long values are errors), and the first error
  // fails the build. Off: their severity while indexing (see diag_code.h).
  bool strict = false;
  // What the file may cost (article_budget.h), checked before it is parsed.
  ArticleBudget budget;
  // Today as YYYY-MM-DD, for [future-date]; empty: the system's date (UTC).
  std::string today;
};

// Builds the Article from the file's text. `path` is as shown in messages;
// `rel_path` is relative to the content root (for the id).
// Errors (the file cannot be indexed): over the budget, invalid UTF-8, bad
// front matter, no title, an invalid date; with strict, also each error
// diagnostic.
Result<Article> build_article(const std::string& text, const std::string& path, const std::string& rel_path,
                              const Schema& schema, const BuildOptions& opts = {});

}  // namespace casebase
