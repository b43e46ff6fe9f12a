// snippet_html: the HTML of a search snippet (Xapian's snippet with <mark>
// around matches) made safe to insert raw into a page, or turned into text.
#pragma once

#include <string>
#include <string_view>

namespace casebase::serve {

// Keeps only <mark>, </mark> and character references of a snippet's HTML;
// every other `<`, `>`, `"` or `&` is escaped and unbalanced marks are
// fixed. E.g. "<b>a</b> <mark>x" -> "&lt;b&gt;a&lt;/b&gt; <mark>x</mark>".
std::string sanitize_snippet(std::string_view html);

// Plain text of a snippet: tags dropped, the five entities (and &apos;)
// decoded. E.g. "<mark>a</mark> &amp; b" -> "a & b".
std::string snippet_text(std::string_view html);

}  // namespace casebase::serve
