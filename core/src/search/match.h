// match: one run of a query against the index, with filters, weighting,
// sort order and (optionally) the facet spy. The search runs it once, and
// again for the OR fallback or after feedback.
//
// E.g. run_match(db, text, {filters, *weight, SortOrder::kNewest, false, &cache, 0, 10})
// gives the first ten matches by date with every facet counted.
#pragma once

#include <xapian.h>

#include <memory>

#include "casebase/query.h"
#include "search/facets.h"
#include "search/filters.h"

namespace casebase::search {

struct MatchSpec {
  const Filters& filters;
  const Xapian::Weight& weight;
  SortOrder sort = SortOrder::kRelevance;
  bool browse = false;               // no text query: relevance means newest first
  const FacetCache* facets = nullptr;  // count facets with a FacetSpy over this table; null for none
  Xapian::doccount first = 0;
  Xapian::doccount count = 10;
  // match=last: the query with every word. Its matches get kAllWordsBonus
  // on top of their weight, so they rank before those with some words.
  const Xapian::Query* all_words = nullptr;
  // Browsing a whole scope (no words, no filter): the scope's tally. The
  // page is read from its date order, the total and facet counts from its
  // counts; only the page's documents are matched.
  const ScopeTally* tally = nullptr;
  // The index has a remote part: only Xapian's own spies can run.
  bool remote = false;
};

// Larger than any text query's weight (BM25 term weights are bounded by
// (k1 + 1) * idf * field weight; a query has at most 48 terms).
inline constexpr double kAllWordsBonus = 1e7;

struct MatchRun {
  Xapian::Query text;  // the text query it ran, before filters
  Xapian::MSet mset;   // the page
  Xapian::Enquire enquire;
  std::unique_ptr<FacetSpy> spy;  // null when spec.facets was
  Xapian::doccount total = 0;     // every match (exact: every document is checked, or the tally's)
  // With spec.all_words: the matches with every word (those with the bonus).
  Xapian::doccount matched_all = 0;
};

MatchRun run_match(Xapian::Database& db, const Xapian::Query& text, const MatchSpec& spec);

}  // namespace casebase::search
