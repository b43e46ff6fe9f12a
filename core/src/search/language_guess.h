// language_guess: which article language a query is written in, from how
// often each language's articles use its words.
//
// E.g. guess_language(db, schema, {"gemeente", "fiets"}) == "nl" on an
// index where Dutch articles use those words and English ones do not.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "casebase/schema.h"

namespace casebase::search {

// The language whose articles contain any of `words` most often, as a share
// of that language's articles; empty when two languages are within a factor
// 1.5 of each other, or the schema has one stemmer. Only text written in the
// article's language counts (the prefixed copies of text fields such as
// title and summary, and of named sections): keyword values are often
// Dutch in English articles too.
std::string guess_language(const Xapian::Database& db, const Schema& schema, const std::vector<std::string>& words);

}  // namespace casebase::search
