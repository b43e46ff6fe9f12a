// facet_search: which values of a facet answer what someone types into the
// facet's search box (GET /api/facet-values). A value answers when a word
// of it, of its labels or of its aliases starts with the typed text, or
// with a term the index's synonym table gives for it: "market consultation"
// finds the value "marktconsultatie" through the glossary (_synonyms.yaml).
// Matching is on folded text (normalize_keyword: case and accents) at word
// starts, as Meilisearch's facet search does ("markt" finds
// "marktconsultatie" and "consultatie (markt)"), and, for four letters or
// more, inside a word too: Dutch writes compounds as one word, so
// "consultatie" finds "marktconsultatie". Shorter text stays at word
// starts, or "ie" would find nearly every value.
//
// E.g. matches(themes, "energie", "ener", {}) is true; with the synonym
// expansions {"marktconsultatie"} of "market consultation", the value
// "marktconsultatie" matches too.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "casebase/schema.h"

namespace casebase::search {

// The folded phrases the index's synonym table gives for every synonym key
// that starts with `folded` (its plain words joined by spaces), at most
// `max_keys` keys read; empty when the table cannot be read (a remote
// shard). Stemmed entries are left out: values are whole words.
std::vector<std::string> synonym_expansions(Xapian::Database& db, const std::string& folded, size_t max_keys = 200);

// True when a word of `text` (folded) starts with `folded_prefix`, or, for
// a prefix of four bytes or more, `text` holds it anywhere; an empty
// prefix matches everything.
bool starts_a_word(const std::string& text, const std::string& folded_prefix);

// Whether facet `f`'s value `value` answers `folded_prefix`: the value, its
// labels (every language) or aliases have a word starting with it, or one
// of `expansions` (synonym_expansions of the prefix).
bool value_matches(const FieldSpec& f, const std::string& value, const std::string& folded_prefix,
                   const std::vector<std::string>& expansions);

}  // namespace casebase::search
