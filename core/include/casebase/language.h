// language: stop-word lists for the languages the schema can stem (Dutch and
// English), shared by indexer and searcher so both drop the same words.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace casebase {

// The stop words of a stemmer language ("dutch", "english"); empty for others.
const std::vector<std::string>& stop_words(const std::string& stemmer);

// Word forms a stemmer must not touch, by article language: form -> stem.
// The built-in list keeps Dutch nouns that start with `ge` whole, where
// kraaij_pohlmann strips the prefix as if they were past participles and
// joins words of unrelated meaning: gebied/bieden, gemeente/menen,
// gezondheid/zon, geval/vallen (docs/STEMMING.md).
using StemOverrides = std::map<std::string, std::map<std::string, std::string>>;
const StemOverrides& default_stem_overrides();

}  // namespace casebase
