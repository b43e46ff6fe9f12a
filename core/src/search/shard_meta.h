// shard_meta: an index's synonyms and spelling data as metadata, so that a
// searcher reaching it over Xapian's remote protocol (which carries
// neither) can still expand synonyms and correct typos as if it were local.
// casebase-index writes both at each commit; db_pool reads them from its
// remote parts into a small in-memory database searched with them.
//
// Format: pairs, each `<bytes of a> <a><bytes of b> <b>` (b: a synonym, or
// a spelling frequency in decimal).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace casebase::search {

inline constexpr const char* kMetaSynonyms = "casebase_synonyms";
inline constexpr const char* kMetaSpelling = "casebase_spelling";

std::string serialise_pairs(const std::vector<std::pair<std::string, std::string>>& pairs);
// Stops at the first malformed pair.
std::vector<std::pair<std::string, std::string>> parse_pairs(std::string_view blob);

// Writes `db`'s synonyms and spelling words as its metadata.
void write_shard_meta(Xapian::WritableDatabase& db);

// Adds the synonyms and spelling words of `part`'s metadata to `into`.
void add_shard_meta(const Xapian::Database& part, Xapian::WritableDatabase& into);

}  // namespace casebase::search
