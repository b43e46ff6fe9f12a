// language: stop-word lists for the languages the schema can stem (Dutch and
// English), shared by indexer and searcher so both drop the same words.
#pragma once

#include <string>
#include <vector>

namespace casebase {

// The stop words of a stemmer language ("dutch", "english"); empty for others.
const std::vector<std::string>& stop_words(const std::string& stemmer);

}  // namespace casebase
