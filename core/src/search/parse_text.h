// parse_text: the text query of a search, parsed once per article language
// with that language's stemmer and stop words, each part restricted to
// articles in that language. Field names come from the schema (one loop
// over its rows, as notmuch's prefix table), proximity pairs from its
// ranking knobs.
//
// E.g. TextParser{db, schema, stoppers, 200, make_stems(schema)}.parse(words, "nl", Xapian::Query::OP_AND)
// for "fiets gemeente" gives (nl part) OR (en part scaled by ranking.other_language_weight).
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>

#include "casebase/schema.h"
#include "search/query_words.h"

namespace casebase::search {

// Stop words by article language (one stopper per schema stemmer).
using Stoppers = std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>>;

// The schema's stemmers by language (make_stemmer for each).
std::map<std::string, Xapian::Stem> make_stems(const Schema& schema);

struct TextParser {
  const Xapian::Database& db;
  const Schema& schema;
  const Stoppers& stoppers;       // REQUIRES: one per schema.stemmers language
  unsigned max_wildcard_expansion;
  // One stemmer per schema language, made once per search (see make_stems):
  // Xapian stemmers keep state, so a search never shares them.
  std::map<std::string, Xapian::Stem> stems;

  // The query for `q`: one part per language, ORed; an empty Query when
  // every part is empty (only stop words). The part for articles in
  // another language than `query_lang` (when set) is scaled by
  // ranking.other_language_weight, and only the query language's part gets
  // the fields' signal. Plain queries also run with their synonym keys as
  // OR groups (phrases too). Throws Xapian::WildcardError past the
  // expansion limit. (Spelling: search/spelling.h.)
  // `ranked` false: only which articles match counts (an excluded set),
  // so no signal or proximity bonus is added; Xapian 1.4.22 can also match
  // too much when an AND_MAYBE whose bonus terms are absent sits under
  // AND_NOT (every article came back for "-energie").
  Xapian::Query parse(const QueryWords& q, const std::string& query_lang, Xapian::Query::op default_op,
                      bool ranked = true) const;
};

}  // namespace casebase::search
