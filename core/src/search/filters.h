// filters: the boolean part of a search, from the request's facet
// selections, scope and year range. Values are ORed within a facet, facets
// ANDed. Facet counts need "everything but one facet's own selection"
// (disjunctive counts): apply_filters takes the facet to leave out.
//
// E.g. plan_filters({filters: {themes: [energie, water]}, scope: kArticles}, schema)
// gives base {XITEMarticle} and facets {themes: XTHEMEFenergie OR XTHEMEFwater}.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "casebase/query.h"
#include "casebase/schema.h"
#include "casebase/status.h"

namespace casebase::search {

struct Filters {
  std::vector<Xapian::Query> base;              // the scope (document kinds)
  std::map<std::string, Xapian::Query> facets;  // facet API key -> its values ORed
  // The date facet's whole selection: the year range, its years given as
  // values (`year=2021`) and the undated (`year=unknown`), ORed; empty
  // when nothing is selected.
  Xapian::Query range;
  std::string range_key;                        // the API key of the date facet the range selects ("year")
  const FieldSpec* date_field = nullptr;        // the schema's first date facet, if any
  bool undated_selected = false;                // `year=unknown`: the undated are in the selection
};

// The value of the date facet that stands for "no date" (`year=unknown`).
inline constexpr const char* kUnknownYear = "unknown";

// The documents without a value in the date facet's slot (the undated).
Xapian::Query undated_query(const FieldSpec& date_field);

// The filter for one facet's selected values (canonical forms). Errors:
// kInvalidArgument naming `key` for an unknown facet.
Result<Xapian::Query> facet_filter(const Schema& schema, const std::string& key, const std::vector<std::string>& values);

// The document kinds of a scope: articles, lessons, or every item type the
// schema's sections define (scope items).
std::vector<Xapian::Query> scope_filters(Scope scope, const Schema& schema);

// All filters of a request. Errors as facet_filter.
Result<Filters> plan_filters(const SearchRequest& req, const Schema& schema);

// `text` filtered by everything but the selection of facet `except` (""
// for all filters; the year range counts as the date facet's selection).
Xapian::Query apply_filters(const Xapian::Query& text, const Filters& f, const std::string& except = "");

// Whether `f` less the selection of facet `except` ("" for none) is just
// its scope: no facet value and no year range selected.
bool only_scope(const Filters& f, const std::string& except = "");

// How many facets have a selection (the year range counts as the date facet's).
size_t selections(const Filters& f);

}  // namespace casebase::search
