#include "search/compounds.h"

#include <vector>

#include "casebase/compound.h"
#include "casebase/schema.h"

namespace casebase::search {

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
      // A compound the index has (as a word or as a compound's part) is
      // found as itself; only an unknown one falls back to some parts.
      const std::string whole = st(w);
      const bool known = parser.db.term_exists("Z" + whole) || parser.db.term_exists(std::string(kCompoundPrefix) + whole);
      std::vector<Xapian::Query> all, some;
      for (const auto& p : parts) {
        all.emplace_back(std::string(kCompoundPrefix) + st(p));
        // Some of the parts, as words or parts of other compounds, rank
        // below all of them: "slibverwerking" still finds "slib" (as a
        // query of two words would).
        if (known || p.size() < 3 || (stop != parser.stoppers.end() && (*stop->second)(p))) continue;
        Xapian::Query forms[] = {Xapian::Query("Z" + st(p)), Xapian::Query(std::string(kCompoundPrefix) + st(p))};
        some.emplace_back(Xapian::Query::OP_OR, forms, forms + 2);
      }
      alternatives.emplace_back(Xapian::Query::OP_AND, all.begin(), all.end());
      if (!some.empty()) {
        alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(Xapian::Query::OP_OR, some.begin(), some.end()),
                                  parser.schema.ranking.some_parts_weight);
      }
    }
    if (w.size() >= 3 && w.find('-') == std::string::npos && !(stop != parser.stoppers.end() && (*stop->second)(w))) {
      alternatives.emplace_back(std::string(kCompoundPrefix) + st(w));
    }
  }
  if (alternatives.empty()) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()),
                       parser.schema.ranking.compound_weight);
}

}  // namespace casebase::search
