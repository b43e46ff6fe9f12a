// facets: exact facet counts. FacetCache holds every document's facet
// values per index revision; FacetSpy counts all facets of a match in one
// pass; count_facets adds the disjunctive counts of selected facets (as if
// their own selection were absent); facet_results turns counts into the
// response's FacetResults (top N, selected values always shown).
//
// E.g. a match of two cases with themes [energie, water] and [energie]
// counts {energie: 2, water: 1} for the themes facet.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "casebase/query.h"
#include "casebase/schema.h"
#include "casebase/searcher.h"
#include "search/filters.h"

namespace casebase::search {

// A scope (the articles, the lessons, ...) with no words and no other
// filter: its size, how many have no date, the count of every facet value,
// and its documents in date order. Built once per index revision and
// scope, so browsing reads a page of it instead of matching, counting and
// sorting the whole scope again (at 100k articles that match was most of a
// browse request).
struct ScopeTally {
  Xapian::doccount total = 0;
  Xapian::doccount undated = 0;
  std::vector<size_t> counts;                 // by global value id, as FacetSpy's
  std::vector<Xapian::docid> newest, oldest;  // by date (ties by docid); the undated last in both
};

// One slot's values: for each docid a run of small value ids.
struct SlotCache {
  std::vector<uint32_t> offsets;  // docid -> start in `ids` (size: last docid + 2)
  std::vector<uint32_t> ids;
  std::vector<std::string> names;  // value id -> value
  std::vector<size_t> uses;        // value id -> documents with it
};

// Facet values of every document, loaded once per index revision, so
// counting a match is a few array increments instead of reading and
// splitting the value slot of every matching document.
struct FacetCache {
  std::string version;  // index_version() of the index it was read from
  // The index is several databases (shards). A match cannot run our own
  // spies on a remote one, and on local ones Xapian 1.4 hands a spy each
  // shard's own docids, which this table cannot tell apart: FacetSpy
  // counts with Xapian's ValueCountMatchSpy per slot instead, and there
  // are no scope tallies.
  bool sharded = false;
  std::map<Xapian::valueno, SlotCache> slots;
  // All facet slots in one table: per docid the global ids of its values
  // (the slot's base plus the value id), so counting a match touches one
  // short run of memory instead of one per facet.
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> ids;
  std::map<Xapian::valueno, uint32_t> base;
  uint32_t values = 0;  // number of global ids
  // Scope tallies of this revision, by the scope query's description.
  std::mutex tally_mu;
  std::map<std::string, std::shared_ptr<const ScopeTally>> tallies;
};

// Reads the values ("\x1f"-joined) of `slots` for every document of `db`.
std::shared_ptr<FacetCache> build_facet_cache(Xapian::Database& db, const std::vector<Xapian::valueno>& slots);

// The facet table of the newest revision seen, shared by the searcher's calls.
struct FacetCacheHolder {
  std::mutex mu;
  std::shared_ptr<FacetCache> cache;
};

// The facet table of the revision `db` shows, built on first use.
std::shared_ptr<FacetCache> current_facets(FacetCacheHolder& h, Xapian::Database& db, const Schema& schema);

// The tally of `f`'s scope in `cache`'s revision of `db`, built on first
// use; null when the index is sharded.
std::shared_ptr<const ScopeTally> scope_tally(FacetCache& cache, Xapian::Database& db, const Filters& f);

// The counts of one facet slot from counts by global value id, by value.
std::unordered_map<std::string, size_t> slot_counts(const FacetCache& cache, const std::vector<size_t>& hits,
                                                    Xapian::valueno slot);

// Counts every value of every facet over the matches in one pass, so a
// case with themes [energie, mobiliteit] counts once for each theme.
//
// Over shards (cache.sharded) only Xapian's own spies can count: one ValueCountMatchSpy per facet slot counts each
// document's joined values, and counts() splits them, so a value's count
// is the sum over the combinations that hold it (exact: each document has
// one combination).
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(const FacetCache& cache);
  void operator()(const Xapian::Document& doc, double) override;
  // Adds the spy (or, sharded, the per-slot spies) to a match.
  void attach(Xapian::Enquire& enq);
  // The counts of one facet slot, by value.
  std::unordered_map<std::string, size_t> counts(Xapian::valueno slot) const;
  // Adds counts by global value id (a scope tally's) as if their documents had matched.
  void add(const std::vector<size_t>& hits);

 private:
  const FacetCache& cache_;
  std::vector<size_t> hits_;
  std::map<Xapian::valueno, std::unique_ptr<Xapian::ValueCountMatchSpy>> by_slot_;  // sharded only
};

using FacetCounts = std::map<const FieldSpec*, std::unordered_map<std::string, size_t>>;

// The facets without a selection of their own (counted by the main match's spy).
std::vector<const FieldSpec*> unselected_facets(const Schema& schema, const Filters& f);

// The counts of every facet: the unselected ones from `spy` (may be null
// when there are none), the selected ones by a match of `text` without
// their own selection, or from `tally` (the scope's, when `text` matches
// everything; else null) when that leaves only the scope.
FacetCounts count_facets(Xapian::Database& db, const Schema& schema, const FacetCache& cache, const FacetSpy* spy,
                         const std::vector<const FieldSpec*>& unselected, const Xapian::Query& text,
                         const Filters& f, const ScopeTally* tally);

// The response's facets, in schema order: values by count (years by year),
// the top req.facet_size plus every selected value (count 0 when absent).
std::vector<FacetResult> facet_results(const SearchRequest& req, const Schema& schema, const FacetCounts& counts);

}  // namespace casebase::search
