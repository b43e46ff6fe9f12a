// stemmer: the one way indexer and searcher make a stemmer for a language,
// so both stem every word alike (schema stemmers plus stem_overrides).
// Private to core: only the modules that include <xapian.h> use it.
#pragma once

#include <xapian.h>

#include <string>

#include "casebase/schema.h"

namespace casebase {

// The schema's stemmer for `lang` with its overrides; Xapian::Stem("none")
// (no stemming) when the schema names no stemmer for it. A new object each
// call: Xapian stemmers keep state and must not be shared across threads.
Xapian::Stem make_stemmer(const Schema& schema, const std::string& lang);

}  // namespace casebase
