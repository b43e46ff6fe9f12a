#include "search/match.h"

#include <algorithm>
#include <optional>

#include "casebase/schema.h"

namespace casebase::search {

namespace {

// The documents of a list (ascending docids), as a posting source: a page
// read from a scope tally, matched so that it comes back as an MSet.
class DocidList : public Xapian::PostingSource {
 public:
  explicit DocidList(std::vector<Xapian::docid> ids) : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
  Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }
  void init(const Xapian::Database&) override { at_ = kBefore; }
  void next(double) override { at_ = at_ == kBefore ? 0 : at_ + 1; }
  void skip_to(Xapian::docid did, double min_wt) override {
    if (at_ == kBefore) next(min_wt);
    while (at_ < ids_.size() && ids_[at_] < did) ++at_;
  }
  bool at_end() const override { return at_ != kBefore && at_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[at_]; }
  Xapian::PostingSource* clone() const override { return new DocidList(ids_); }

 private:
  static constexpr size_t kBefore = static_cast<size_t>(-1);
  std::vector<Xapian::docid> ids_;
  size_t at_ = kBefore;
};

// Counts the matches with the all-words bonus, in the match that ranks
// them (a second match of the all-words query to count them took as long
// as the first on a frequent word).
class BonusCounter : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document&, double wt) override {
    if (wt >= kAllWordsBonus) ++count;
  }
  Xapian::doccount count = 0;
};

// Browsing, articles of one date go by id (every weight is 0): one order
// whether the index is one database or shards, where docids interleave
// (schema.h: kSlotBrowseNewest; a key maker would not pass the remote
// protocol).
void set_sort(Xapian::Enquire& enq, const MatchSpec& spec) {
  if (spec.browse) {
    enq.set_sort_by_value_then_relevance(spec.sort == SortOrder::kOldest ? kSlotBrowseOldest : kSlotBrowseNewest,
                                         false);
    return;
  }
  if (spec.sort == SortOrder::kNewest) enq.set_sort_by_value_then_relevance(kSlotDate, true);
  if (spec.sort == SortOrder::kOldest) enq.set_sort_by_value_then_relevance(kSlotDateAsc, false);
}

// Browsing a whole scope: the page from the tally's order, sorted again
// by the match so that it comes back in the same order as an MSet.
MatchRun page_of_tally(Xapian::Database& db, const Xapian::Query& text, const MatchSpec& spec) {
  const ScopeTally& t = *spec.tally;
  const auto& order = spec.sort == SortOrder::kOldest ? t.oldest : t.newest;
  const size_t from = std::min<size_t>(spec.first, order.size());
  const size_t to = std::min<size_t>(from + spec.count, order.size());
  std::vector<Xapian::docid> page(order.begin() + static_cast<std::ptrdiff_t>(from),
                                  order.begin() + static_cast<std::ptrdiff_t>(to));
  std::sort(page.begin(), page.end());
  Xapian::Enquire enq(db);
  enq.set_query(Xapian::Query((new DocidList(std::move(page)))->release()));
  enq.set_weighting_scheme(Xapian::BoolWeight());
  set_sort(enq, spec);
  std::unique_ptr<FacetSpy> spy;
  if (spec.facets) {
    spy = std::make_unique<FacetSpy>(*spec.facets);
    spy->add(t.counts);  // the tally's (never sharded: there are none)
  }
  Xapian::MSet mset = enq.get_mset(0, spec.count);
  return MatchRun{text, mset, enq, std::move(spy), t.total};
}

}  // namespace

MatchRun run_match(Xapian::Database& db, const Xapian::Query& text, const MatchSpec& spec) {
  if (spec.tally) return page_of_tally(db, text, spec);
  Xapian::Enquire enq(db);
  Xapian::Query q = text;
  if (spec.all_words) {
    auto* bonus = new Xapian::FixedWeightPostingSource(kAllWordsBonus);
    q = Xapian::Query(Xapian::Query::OP_OR, text,
                      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(bonus->release()), *spec.all_words));
  }
  enq.set_query(apply_filters(q, spec.filters));
  // Browsing, a weight would only order documents of one date by length:
  // ties go by docid, as a scope tally orders them.
  if (spec.browse) {
    enq.set_weighting_scheme(Xapian::BoolWeight());
  } else {
    enq.set_weighting_scheme(spec.weight);
  }
  set_sort(enq, spec);
  const bool remote = spec.remote;
  // Through the remote protocol, a match sorted by value shows its spies
  // some documents twice (Xapian 1.4: a spy's total exceeds the matches):
  // the facets are then counted by an unsorted match of their own.
  const bool sorted = spec.browse || spec.sort != SortOrder::kRelevance;
  std::unique_ptr<FacetSpy> spy;
  std::optional<Xapian::Enquire> counting;  // only for a sorted remote match
  if (spec.facets) {
    spy = std::make_unique<FacetSpy>(*spec.facets);
    if (remote && sorted) {
      counting.emplace(db);
      counting->set_query(apply_filters(q, spec.filters));
      counting->set_weighting_scheme(Xapian::BoolWeight());
      spy->attach(*counting);
    } else {
      spy->attach(enq);
    }
  }
  // Through the remote protocol only Xapian's own spies run: the matches
  // with every word are then counted by a match of their own.
  BonusCounter with_bonus;
  if (spec.all_words && !remote) enq.add_matchspy(&with_bonus);
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  Xapian::MSet mset = enq.get_mset(spec.first, spec.count, all);
  const Xapian::doccount total = mset.get_matches_estimated();
  enq.clear_matchspies();  // the spies are read, not run again (and with_bonus ends here)
  if (counting) {
    (void)counting->get_mset(0, 0, all);
    counting->clear_matchspies();
  }
  Xapian::doccount matched_all = with_bonus.count;
  if (spec.all_words && remote) {
    Xapian::Enquire count(db);
    count.set_query(apply_filters(*spec.all_words, spec.filters));
    count.set_weighting_scheme(Xapian::BoolWeight());
    matched_all = count.get_mset(0, 0, all).get_matches_estimated();
  }
  return MatchRun{text, mset, enq, std::move(spy), total, matched_all};
}

}  // namespace casebase::search
