#include "search/match.h"

#include <algorithm>

#include "casebase/schema.h"

namespace casebase::search {

MatchRun run_match(Xapian::Database& db, const Xapian::Query& text, const MatchSpec& spec) {
  Xapian::Enquire enq(db);
  Xapian::Query q = text;
  if (spec.all_words) {
    auto* bonus = new Xapian::FixedWeightPostingSource(kAllWordsBonus);
    q = Xapian::Query(Xapian::Query::OP_OR, text,
                      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(bonus->release()), *spec.all_words));
  }
  enq.set_query(apply_filters(q, spec.filters));
  enq.set_weighting_scheme(spec.weight);
  if (spec.sort == SortOrder::kNewest) enq.set_sort_by_value_then_relevance(kSlotDate, true);
  if (spec.sort == SortOrder::kOldest) enq.set_sort_by_value_then_relevance(kSlotDateAsc, false);
  if (spec.browse && spec.sort == SortOrder::kRelevance) enq.set_sort_by_value_then_relevance(kSlotDate, true);
  std::unique_ptr<FacetSpy> spy;
  if (spec.facets) {
    spy = std::make_unique<FacetSpy>(*spec.facets);
    enq.add_matchspy(spy.get());
  }
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  Xapian::MSet mset = enq.get_mset(spec.first, spec.count, all);
  return MatchRun{text, mset, enq, std::move(spy)};
}

}  // namespace casebase::search
