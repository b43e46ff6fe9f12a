// hits: the typed hits of a match: the stored document, the schema's hit
// fields and a snippet. With a text query the snippet prefers a match
// inside a section whose SectionSpec::item_type is set (lessons, pros and
// cons in the default schema), then the body, then the summary; when
// browsing it is the start of the summary (an item's text).
//
// E.g. a hit on an article whose "Geleerde lessen" section matches gets
// snippet "… <mark>fiets</mark> …" and snippet_section "les".
#pragma once

#include <xapian.h>

#include <set>
#include <vector>

#include "casebase/schema.h"
#include "casebase/searcher.h"

namespace casebase::search {

// The values of every field with FieldSpec::hit, by key: an empty list
// when the document has none. E.g. {{"organisation", {"Gemeente Den Haag"}}}.
StoredFields hit_fields(const Schema& schema, const StoredFields& fields);

// The hits of `mset` (a match on `db`), in order; an item is completed
// from its case (complete_item). `text` is the text query that ran (null
// when browsing). Documents whose data cannot be read are shown empty.
// `bonus` (kAllWordsBonus with match=last) is taken off the scores it was
// added to.
// `stop`: words never marked though a phrase holds them ("care for older
// people"); null for none.
std::vector<Hit> make_hits(Xapian::Database& db, const Xapian::MSet& mset, const Schema& schema,
                           const Xapian::Query* text, double bonus = 0,
                           const std::set<std::string>* stop = nullptr);

}  // namespace casebase::search
