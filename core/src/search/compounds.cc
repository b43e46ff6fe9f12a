#include "search/compounds.h"

#include <sstream>
#include <vector>

#include "casebase/compound.h"
#include "casebase/schema.h"

namespace casebase::search {

namespace {

// A query of plain words only: no quotes, prefixes, parentheses, signs or
// boolean operators, whose meaning a looser branch would change.
bool plain_query(const std::string& folded) {
  if (folded.find_first_of("\":()*") != std::string::npos) return false;
  for (size_t i = 0; i < folded.size(); ++i) {
    const bool start = i == 0 || folded[i - 1] == ' ';
    if (start && (folded[i] == '-' || folded[i] == '+')) return false;
  }
  std::istringstream words(folded);
  std::string w;
  while (words >> w) {
    if (is_query_operator(w)) return false;
  }
  return true;
}

}  // namespace

std::optional<Xapian::Query> compound_branch(const QueryWords& words, const TextParser& parser) {
  const CompoundSplitter& splitter = CompoundSplitter::dutch();
  auto stem = parser.stems.find("nl");
  auto stop = parser.stoppers.find("nl");
  if (splitter.empty() || stem == parser.stems.end() || !plain_query(words.folded)) return std::nullopt;
  const Xapian::Stem& st = stem->second;
  std::vector<Xapian::Query> alternatives;
  for (const auto& w : compound_tokens(words.folded)) {
    std::vector<std::string> parts = splitter.split(w);
    if (parts.size() >= 2) {
      std::vector<Xapian::Query> all;
      for (const auto& p : parts) all.emplace_back(std::string(kCompoundPrefix) + st(p));
      alternatives.emplace_back(Xapian::Query::OP_AND, all.begin(), all.end());
    }
    if (w.size() >= 3 && w.find('-') == std::string::npos && !(stop != parser.stoppers.end() && (*stop->second)(w))) {
      alternatives.emplace_back(std::string(kCompoundPrefix) + st(w));
    }
  }
  if (alternatives.empty()) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()),
                       kCompoundPartWeight);
}

}  // namespace casebase::search
