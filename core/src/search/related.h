// related: the articles most like one article: its most telling words
// (an expand set over the article itself) and its values of the facets
// with FieldSpec::related, each hit with the reason people see (the shared
// words, as the article writes them, and the shared facet values).
//
// E.g. related_articles(db, schema, stop, "cases/den-haag", {}, 5) may give
// "cases/utrecht" with shared_terms {"fietsers"} and shared_facets {{"themes", "mobiliteit"}}.
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "casebase/query.h"
#include "casebase/schema.h"
#include "casebase/searcher.h"

namespace casebase::search {

// Up to `n` related articles of article `id`, filtered by the facet
// selections of `filter`. Errors: kNotFound for an unknown id,
// kInvalidArgument for an unknown facet.
Result<std::vector<RelatedHit>> related_articles(Xapian::Database& db, const Schema& schema,
                                                 const std::set<std::string>& stop, const std::string& id,
                                                 const SearchRequest& filter, size_t n);

}  // namespace casebase::search
