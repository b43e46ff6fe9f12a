// spelling: typos corrected, not only suggested. Each word of a query
// that is no word of the index nor of Debian's Dutch and English word lists
// (wdutch, wamerican), nor a Dutch compound of known parts, is replaced by
// the index's closest spelling
// (Xapian's spelling table, edit distance 1 for words of up to five
// letters, else 2). A word the index knows is never changed ("buses" stays
// "buses"). The searcher runs the corrected query too and keeps it only
// when it finds more (see Searcher::search).
//
// E.g. corrected_query(db, read_query("aanbestding zorg", false), parser)
// == "aanbesteding zorg" when the index has "aanbesteding" and "zorg".
#pragma once

#include <xapian.h>

#include <string>

#include "search/parse_text.h"
#include "search/query_words.h"

namespace casebase::search {

// True when `word` (lower-case, accent-folded) is no typo: a term of the
// index, a word of the Dutch or English word list, or a Dutch compound
// whose every part the index has.
bool known_word(const Xapian::Database& db, const TextParser& parser, const std::string& word);

// The query with its unknown words corrected, or "" when none is unknown
// or none has a correction. Words that are operators (AND, OR, NOT), field
// names before ':' and words of three letters or fewer are left alone.
std::string corrected_query(const Xapian::Database& db, const QueryWords& q, const TextParser& parser);

}  // namespace casebase::search
