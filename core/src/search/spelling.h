// spelling: "did you mean". Spelling correction costs a third of a search,
// so it is asked for only when a query found little and has a word the
// index does not know.
//
// E.g. wants_suggestion(db, 0, {"gemeenet"}) is true; with 12 results it is false.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "search/parse_text.h"
#include "search/query_words.h"

namespace casebase::search {

// True when a correction is worth looking for: fewer than three results
// and either none at all or a word of `words` that no document contains
// (Xapian corrects any word missing from the spelling table, even where
// the results are good).
bool wants_suggestion(const Xapian::Database& db, size_t total, const std::vector<std::string>& words);

// The corrected query of the default language's parser, or "" when there
// is none or it equals the query.
std::string spelling_suggestion(const TextParser& parser, const QueryWords& q, const std::string& query_lang);

}  // namespace casebase::search
