// compounds: the part of a plain query that finds Dutch compounds by their
// parts (compound.h): a query compound ("zonnepanelen") as all its parts,
// and each query word as a part of the index's compounds ("afval" in
// "afvalbakken"), weighted by ranking.compound_weight.
//
// E.g. for "afvalinzameling" (not in the index), compound_branch gives
//   ((XCPafval AND XCPinzamel) OR some_parts_weight * ((Zafval OR XCPafval) OR (Zinzamel OR XCPinzamel))
//    OR XCPafvalinzamel), scaled by compound_weight.
#pragma once

#include <xapian.h>

#include <optional>

#include "search/parse_text.h"
#include "search/query_words.h"

namespace casebase::search {

// Weights: RankingSpec::compound_weight for a match through parts, against
// 1 for the word itself; within that, some_parts_weight for a match on some
// of a compound's parts (as words or as parts) against 1 for all of them,
// only for a compound the index does not have ("slibverwerking" finds
// "slib", "laadpunten" no "punten").

// The branch for `words`, or nothing when the query has operators, quotes,
// field prefixes or signs (their meaning stays exact), when there is no
// Dutch stemmer or word list, or no word to look up.
std::optional<Xapian::Query> compound_branch(const QueryWords& words, const TextParser& parser);

}  // namespace casebase::search
