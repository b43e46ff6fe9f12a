#include "search/facets.h"

#include <algorithm>
#include <set>

#include "casebase/text.h"
#include "search/db_pool.h"

namespace casebase::search {

namespace {

void load_slot(Xapian::Database& db, Xapian::valueno slot, Xapian::docid last, SlotCache& sc) {
  std::unordered_map<std::string, uint32_t> id_of;
  sc.offsets.assign(static_cast<size_t>(last) + 2, 0);
  std::vector<std::pair<Xapian::docid, uint32_t>> pairs;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const std::string v = *it;
    size_t pos = 0;
    while (true) {
      size_t e = v.find('\x1f', pos);
      std::string one = v.substr(pos, e == std::string::npos ? std::string::npos : e - pos);
      auto [ins, fresh] = id_of.emplace(one, static_cast<uint32_t>(sc.names.size()));
      if (fresh) sc.names.push_back(one);
      pairs.emplace_back(it.get_docid(), ins->second);
      if (e == std::string::npos) break;
      pos = e + 1;
    }
  }
  // pairs come in docid order: prefix sums give each docid its range.
  sc.uses.assign(sc.names.size(), 0);
  for (const auto& [did, id] : pairs) ++sc.uses[id];
  for (const auto& [did, id] : pairs) ++sc.offsets[did + 1];
  for (size_t i = 1; i < sc.offsets.size(); ++i) sc.offsets[i] += sc.offsets[i - 1];
  sc.ids.reserve(pairs.size());
  for (const auto& [did, id] : pairs) sc.ids.push_back(id);
}

}  // namespace

namespace {

// Over shards: each slot's values and uses from one counting match of every
// document (Xapian's ValueCountMatchSpy, which the remote protocol runs on
// the shards); there is no per-docid table, as FacetSpy counts with the
// same spies.
void load_slots_sharded(Xapian::Database& db, FacetCache& c, const std::vector<Xapian::valueno>& slots) {
  Xapian::Enquire e(db);
  e.set_query(Xapian::Query(std::string()));
  e.set_weighting_scheme(Xapian::BoolWeight());
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
  for (Xapian::valueno slot : slots) {
    spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
    e.add_matchspy(spies.back().get());
  }
  e.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
  for (size_t i = 0; i < slots.size(); ++i) {
    SlotCache& sc = c.slots[slots[i]];
    std::map<std::string, size_t> uses;
    for (auto v = spies[i]->values_begin(); v != spies[i]->values_end(); ++v) {
      const std::string joined = *v;
      size_t pos = 0;
      while (true) {
        const size_t end = joined.find('\x1f', pos);
        uses[joined.substr(pos, end == std::string::npos ? std::string::npos : end - pos)] += v.get_termfreq();
        if (end == std::string::npos) break;
        pos = end + 1;
      }
    }
    for (auto& [name, n] : uses) {
      sc.names.push_back(name);
      sc.uses.push_back(n);
    }
  }
}

}  // namespace

std::shared_ptr<FacetCache> build_facet_cache(Xapian::Database& db, const std::vector<Xapian::valueno>& slots) {
  auto c = std::make_shared<FacetCache>();
  c->version = index_version(db);
  if (const Lease* l = current_lease()) c->sharded = l->parts() > 1 || l->has_remote();
  if (c->sharded) {
    load_slots_sharded(db, *c, slots);
    return c;
  }
  const Xapian::docid last = db.get_lastdocid();
  for (Xapian::valueno slot : slots) load_slot(db, slot, last, c->slots[slot]);
  c->offsets.assign(static_cast<size_t>(last) + 2, 0);
  for (const auto& [slot, sc] : c->slots) {
    c->base[slot] = c->values;
    c->values += static_cast<uint32_t>(sc.names.size());
    for (size_t d = 0; d + 1 < sc.offsets.size(); ++d) c->offsets[d + 1] += sc.offsets[d + 1] - sc.offsets[d];
  }
  for (size_t i = 1; i < c->offsets.size(); ++i) c->offsets[i] += c->offsets[i - 1];
  c->ids.resize(c->offsets.back());
  std::vector<uint32_t> fill(c->offsets.begin(), c->offsets.end() - 1);
  for (const auto& [slot, sc] : c->slots) {
    const uint32_t b = c->base[slot];
    for (size_t d = 0; d + 1 < sc.offsets.size(); ++d) {
      for (uint32_t i = sc.offsets[d]; i < sc.offsets[d + 1]; ++i) c->ids[fill[d]++] = b + sc.ids[i];
    }
  }
  return c;
}

std::shared_ptr<FacetCache> current_facets(FacetCacheHolder& h, Xapian::Database& db, const Schema& schema) {
  std::lock_guard<std::mutex> g(h.mu);
  if (!h.cache || h.cache->version != index_version(db)) {
    std::vector<Xapian::valueno> slots;
    for (const FieldSpec* f : schema.facets()) slots.push_back(static_cast<Xapian::valueno>(f->slot));
    h.cache = build_facet_cache(db, slots);
  }
  return h.cache;
}

namespace {

void count_doc(const FacetCache& cache, Xapian::docid did, std::vector<size_t>& hits) {
  if (did + 1 >= cache.offsets.size()) return;
  for (uint32_t i = cache.offsets[did]; i < cache.offsets[did + 1]; ++i) ++hits[cache.ids[i]];
}

// Every document of a match with its sort keys.
class ScopeReader : public Xapian::MatchSpy {
 public:
  struct Doc {
    Xapian::docid did;
    std::string date, date_asc, id;
  };
  void operator()(const Xapian::Document& doc, double) override {
    docs.push_back({doc.get_docid(), doc.get_value(kSlotDate), doc.get_value(kSlotDateAsc), doc.get_value(kSlotCaseId)});
  }
  std::vector<Doc> docs;
};

std::shared_ptr<const ScopeTally> build_tally(const FacetCache& cache, Xapian::Database& db, const Filters& f) {
  Filters scope;
  scope.base = f.base;
  Xapian::Enquire e(db);
  e.set_query(apply_filters(Xapian::Query(std::string()), scope));
  e.set_weighting_scheme(Xapian::BoolWeight());
  ScopeReader reader;
  e.add_matchspy(&reader);
  e.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1));
  auto& docs = reader.docs;  // in docid order
  auto t = std::make_shared<ScopeTally>();
  t->total = static_cast<Xapian::doccount>(docs.size());
  t->counts.assign(cache.values, 0);
  for (const auto& d : docs) {
    if (d.date.empty()) ++t->undated;
    count_doc(cache, d.did, t->counts);
  }
  // The orders the match sorts by (match.cc): the date slot descending,
  // empty (undated) last; the ascending slot ascending, undated "99999999";
  // then the id. Ties keep docid order (a stable sort of docid-ordered
  // documents).
  std::stable_sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) {
    return a.date != b.date ? a.date > b.date : a.id < b.id;
  });
  for (const auto& d : docs) t->newest.push_back(d.did);
  std::sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) { return a.did < b.did; });
  std::stable_sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) {
    return a.date_asc != b.date_asc ? a.date_asc < b.date_asc : a.id < b.id;
  });
  for (const auto& d : docs) t->oldest.push_back(d.did);
  return t;
}

}  // namespace

std::shared_ptr<const ScopeTally> scope_tally(FacetCache& cache, Xapian::Database& db, const Filters& f) {
  if (cache.sharded) return nullptr;  // its reader is our own spy, reading docids
  std::string key;
  for (const auto& q : f.base) key += q.get_description() + "\n";
  std::lock_guard<std::mutex> g(cache.tally_mu);
  auto& t = cache.tallies[key];
  if (!t) t = build_tally(cache, db, f);
  return t;
}

std::unordered_map<std::string, size_t> slot_counts(const FacetCache& cache, const std::vector<size_t>& hits,
                                                    Xapian::valueno slot) {
  std::unordered_map<std::string, size_t> out;
  auto sc = cache.slots.find(slot);
  if (sc == cache.slots.end()) return out;
  const uint32_t b = cache.base.at(slot);
  for (size_t i = 0; i < sc->second.names.size(); ++i) {
    if (hits[b + i]) out[sc->second.names[i]] = hits[b + i];
  }
  return out;
}

FacetSpy::FacetSpy(const FacetCache& cache) : cache_(cache), hits_(cache.sharded ? 0 : cache.values, 0) {
  if (!cache.sharded) return;
  for (const auto& [slot, sc] : cache.slots) by_slot_[slot] = std::make_unique<Xapian::ValueCountMatchSpy>(slot);
}

void FacetSpy::operator()(const Xapian::Document& doc, double) { count_doc(cache_, doc.get_docid(), hits_); }

void FacetSpy::attach(Xapian::Enquire& enq) {
  if (!cache_.sharded) return enq.add_matchspy(this);
  for (auto& [slot, spy] : by_slot_) enq.add_matchspy(spy.get());
}

std::unordered_map<std::string, size_t> FacetSpy::counts(Xapian::valueno slot) const {
  if (!cache_.sharded) return slot_counts(cache_, hits_, slot);
  std::unordered_map<std::string, size_t> out;
  auto it = by_slot_.find(slot);
  if (it == by_slot_.end()) return out;
  for (auto v = it->second->values_begin(); v != it->second->values_end(); ++v) {
    const std::string joined = *v;
    const size_t n = v.get_termfreq();
    size_t pos = 0;
    while (true) {
      const size_t e = joined.find('\x1f', pos);
      out[joined.substr(pos, e == std::string::npos ? std::string::npos : e - pos)] += n;
      if (e == std::string::npos) break;
      pos = e + 1;
    }
  }
  return out;
}

void FacetSpy::add(const std::vector<size_t>& hits) {
  for (size_t i = 0; i < hits.size() && i < hits_.size(); ++i) hits_[i] += hits[i];
}

std::vector<const FieldSpec*> unselected_facets(const Schema& schema, const Filters& f) {
  std::vector<const FieldSpec*> out;
  for (const FieldSpec* facet : schema.facets()) {
    bool selected = f.facets.count(facet_api_key(*facet)) || (facet == f.date_field && !f.range.empty());
    if (!selected) out.push_back(facet);
  }
  return out;
}

FacetCounts count_facets(Xapian::Database& db, const Schema& schema, const FacetCache& cache, const FacetSpy* spy,
                         const std::vector<const FieldSpec*>& unselected, const Xapian::Query& text,
                         const Filters& f, const ScopeTally* tally) {
  FacetCounts counted;
  for (const FieldSpec* facet : unselected) counted[facet] = spy->counts(static_cast<Xapian::valueno>(facet->slot));
  const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
  for (const FieldSpec* facet : schema.facets()) {
    if (counted.count(facet)) continue;
    if (tally && only_scope(f, facet_api_key(*facet))) {
      counted[facet] = slot_counts(cache, tally->counts, static_cast<Xapian::valueno>(facet->slot));
      continue;
    }
    Xapian::Enquire e(db);
    e.set_query(apply_filters(text, f, facet_api_key(*facet)));
    e.set_weighting_scheme(Xapian::BoolWeight());
    FacetSpy own(cache);
    own.attach(e);
    e.get_mset(0, 0, all);
    counted[facet] = own.counts(static_cast<Xapian::valueno>(facet->slot));
  }
  return counted;
}

namespace {

FacetResult facet_result(const SearchRequest& req, const FieldSpec& f,
                         const std::unordered_map<std::string, size_t>& counts) {
  FacetResult fr;
  fr.key = facet_api_key(f);
  fr.labels = f.labels;
  fr.distinct = counts.size();
  std::set<std::string> sel;
  auto fit = req.filters.find(fr.key);
  if (fit != req.filters.end()) {
    for (const auto& v : fit->second) sel.insert(normalize_keyword(f.canonical(v).value_or(v)));
  }
  std::vector<FacetValue> vals;
  for (const auto& [v, c] : counts) vals.push_back({v, c, sel.count(normalize_keyword(v)) > 0});
  if (f.kind == FieldKind::kDate) {
    std::sort(vals.begin(), vals.end(), [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
    for (auto& v : vals) {
      int y = std::atoi(v.value.c_str());
      v.selected = sel.count(v.value) || ((req.year_from || req.year_to) && (!req.year_from || y >= req.year_from) &&
                                          (!req.year_to || y <= req.year_to));
    }
  } else {
    std::sort(vals.begin(), vals.end(), [](const FacetValue& a, const FacetValue& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  }
  std::set<std::string> seen;
  for (const auto& v : vals) {
    if (f.kind == FieldKind::kDate || static_cast<int>(fr.values.size()) < req.facet_size || v.selected) {
      fr.values.push_back(v);
      seen.insert(normalize_keyword(v.value));
    }
  }
  // A selected value with no matches still shows (count 0), so it can be unticked.
  if (fit != req.filters.end()) {
    for (const auto& v : fit->second) {
      if (f.kind == FieldKind::kDate && v == kUnknownYear) continue;  // the searcher adds the undated
      std::string canon = f.canonical(v).value_or(v);
      if (seen.insert(normalize_keyword(canon)).second) fr.values.push_back({canon, 0, true});
    }
  }
  return fr;
}

}  // namespace

std::vector<FacetResult> facet_results(const SearchRequest& req, const Schema& schema, const FacetCounts& counts) {
  std::vector<FacetResult> out;
  static const std::unordered_map<std::string, size_t> kNone;
  for (const FieldSpec* f : schema.facets()) {
    auto it = counts.find(f);
    out.push_back(facet_result(req, *f, it != counts.end() ? it->second : kNone));
  }
  return out;
}

}  // namespace casebase::search
