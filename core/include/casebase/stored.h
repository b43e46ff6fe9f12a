// stored: what the index keeps per document, as plain structs. The index
// writer stores a StoredArticle on each article document (plus its
// StoredBody in a value slot) and a StoredItem on each lesson/pro/con item
// document; the searcher reads them back typed, and search/api.cc turns
// them into response JSON. The encoding (JSON today) is private to
// stored.cc: change it there, and bump the index format in index_writer.cc.
//
// E.g. a round trip:
//   StoredArticle a; a.id = "cases/den-haag"; a.fields["themes"] = {"energie"};
//   auto back = decode_stored(encode_stored(a));  // holds a StoredArticle equal to a
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "casebase/status.h"

namespace casebase {

// Field values by schema field key, as indexed (canonical values).
// E.g. {{"themes", {"energie", "mobiliteit"}}, {"title", {"Den Haag"}}}.
using StoredFields = std::map<std::string, std::vector<std::string>>;

// A bullet of a section with an item type, as listed in its article.
struct StoredItemRef {
  std::string type;    // the section's item_type ("lesson", …)
  std::string anchor;  // unique within the article, e.g. "les-2"
  std::string text;
  bool operator==(const StoredItemRef&) const = default;
};

// The data of an article document (its body lives in StoredBody).
struct StoredArticle {
  std::string id;  // e.g. "cases/den-haag"
  std::string path;
  std::string title;
  std::string summary;
  std::string language;
  std::string type;
  std::string date;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty when undated
  StoredFields fields;
  std::vector<StoredItemRef> items;
  bool operator==(const StoredArticle&) const = default;
};

// An item: one bullet with its case's metadata. Its document stores only
// what is its own (id, case_id, anchor, type, section); complete_item
// fills in the rest from the case, which holds it already.
struct StoredItem {
  std::string id;  // "<case_id>#<anchor>"
  std::string case_id;
  std::string case_title;
  std::string anchor;
  std::string type;
  std::string section;  // schema section name
  std::string text;
  std::string language;
  std::string date;
  StoredFields fields;  // the case's fields
  bool operator==(const StoredItem&) const = default;
};

// Fills in an item's case_title, text (the case's item with its anchor),
// language, date and fields from its case.
void complete_item(StoredItem& item, const StoredArticle& of_case);

// A named (schema) section of an article, for the article view.
struct StoredSection {
  std::string name;
  std::string heading;
  std::string anchor;
  std::string text;
  bool operator==(const StoredSection&) const = default;
};

// The article view's and the snippets' data: the Markdown as written
// (rendered on demand, which keeps the index small), its first line in the
// file, the named sections, the body's plain text, and the front matter as
// written, so that front_matter + markdown is the article's file (served
// as /articles/{id}.md).
struct StoredBody {
  std::string markdown;
  int body_line = 1;
  std::vector<StoredSection> sections;
  std::string text;  // the body as plain text (snippets)
  std::string front_matter;  // with its `---` fences; empty without front matter
  bool operator==(const StoredBody&) const = default;
};

// A stored document: an article or one of its items.
using StoredDoc = std::variant<StoredArticle, StoredItem>;

// The id of either kind (an item's is "<case_id>#<anchor>").
const std::string& stored_id(const StoredDoc& d);
// The article language of either kind.
const std::string& stored_language(const StoredDoc& d);
// The fields of either kind (an item carries its case's).
const StoredFields& stored_fields(const StoredDoc& d);

// The document data to store. Invalid UTF-8 is replaced (U+FFFD), never an error.
std::string encode_stored(const StoredArticle& a);
std::string encode_stored(const StoredItem& i);
// An article document's data: the article, then its body. One blob in
// Xapian's document data, which glass compresses (the body's text repeats
// the Markdown, and zlib stores the repeat almost for free).
std::string encode_stored(const StoredArticle& a, const StoredBody& b);

// Reads back what encode_* wrote (of article data, the article only).
// Missing keys read as empty; errors (kInternal) only for data that is not
// an encoded document at all.
Result<StoredDoc> decode_stored(std::string_view data);
// The body of an article document's data; without `markdown`, the Markdown
// and the front matter are left empty (snippets need only the text and the sections). kInternal
// for data without a body.
Result<StoredBody> decode_body(std::string_view data, bool markdown = true);

}  // namespace casebase
