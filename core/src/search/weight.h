// weight: the Xapian weighting scheme a schema's ranking spec names.
//
// E.g. make_weight({.scheme = "lm", .lm_mu = 1000}) is an LMWeight with
// Dirichlet smoothing and mu 1000; an unknown name gives BM25.
#pragma once

#include <xapian.h>

#include <memory>

#include "casebase/schema.h"

namespace casebase::search {

// A new weighting object for `r.scheme` with its knobs (schema.cc validates
// the name; anything else falls back to bm25).
std::unique_ptr<Xapian::Weight> make_weight(const RankingSpec& r);

}  // namespace casebase::search
