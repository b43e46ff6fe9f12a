#include "casebase/searcher.h"

#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "casebase/language.h"
#include "casebase/markdown.h"
#include "casebase/text.h"
#include "stemmer.h"

namespace casebase {

namespace {

// Facet values of every document, loaded once per index revision: for each
// facet slot a flat list of small value ids per docid. Counting a match is
// then a few array increments instead of reading and splitting the value
// slot of every matching document.
struct SlotCache {
  std::vector<uint32_t> offsets;  // docid -> start in `ids` (size: last docid + 2)
  std::vector<uint32_t> ids;
  std::vector<std::string> names;  // value id -> value
};

struct FacetCache {
  std::string uuid;
  Xapian::rev revision = 0;
  std::map<Xapian::valueno, SlotCache> slots;
  // All facet slots in one table: per docid the global ids of its values
  // (the slot's base plus the value id), so counting a match touches one
  // short run of memory instead of one per facet.
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> ids;
  std::map<Xapian::valueno, uint32_t> base;
  uint32_t values = 0;  // number of global ids
};

// A stemmer that remembers its answers, for snippets: MSet::snippet stems
// every word of the text it scans, and a Snowball stem costs far more than
// a hash lookup (stemming was a fifth of a search on 10k articles). One
// cache per thread and stemmer, emptied when it grows past kMaxWords, so
// memory stays bounded whatever the vocabulary.
class MemoStem : public Xapian::StemImplementation {
 public:
  explicit MemoStem(Xapian::Stem inner) : inner_(std::move(inner)), cache_(&thread_cache(inner_.get_description())) {}
  std::string operator()(const std::string& word) override {
    if (auto it = cache_->find(word); it != cache_->end()) return it->second;
    if (cache_->size() >= kMaxWords) cache_->clear();
    return cache_->emplace(word, inner_(word)).first->second;
  }
  std::string get_description() const override { return "memo " + inner_.get_description(); }

 private:
  static constexpr size_t kMaxWords = 100000;
  static std::unordered_map<std::string, std::string>& thread_cache(const std::string& name) {
    thread_local std::map<std::string, std::unordered_map<std::string, std::string>> caches;
    return caches[name];
  }
  Xapian::Stem inner_;
  std::unordered_map<std::string, std::string>* cache_;
};

// Where a snippet can start. MSet::snippet stems every word it scans, so
// on a long body it is the dearest part of a search. A word that matches a
// query term (same stem) starts, in Dutch and English, with the term's stem
// but for its last letters (Snowball changes endings: huis/huizen,
// loop/lopen, happi/happy): the first place where such a needle starts a
// word is a cheap guess at the first match. The bytes compared are
// accent-folded and lower-cased; std::string::npos when no word starts
// with any needle. A wrong guess only costs a scan of the whole text.
constexpr size_t kNeedleMin = 3, kNeedleCut = 2;

std::vector<std::string> snippet_needles(const Xapian::Query& q) {
  std::set<std::string> out;
  for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t) {
    const std::string term = *t;
    if (term.rfind(kLanguagePrefix, 0) == 0) continue;  // the per-language filter, not a word
    size_t i = 0;
    while (i < term.size() && std::isupper(static_cast<unsigned char>(term[i]))) ++i;  // Xapian prefixes
    if (i < term.size() && term[i] == ':') ++i;
    const size_t n = term.size() - i;
    if (n > 0) out.insert(term.substr(i, n > kNeedleMin + kNeedleCut ? n - kNeedleCut : std::min(n, kNeedleMin)));
  }
  return {out.begin(), out.end()};
}

bool word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// Offsets (ascending, at most `max`) where a word starts with a needle.
// fold_accents can shorten the text, so an offset into the folded copy is a
// lower bound for the offset into the original, which is all a window
// start needs.
std::vector<size_t> candidates(const std::string& text, const std::vector<std::string>& needles, size_t max) {
  std::string low = fold_accents(text);
  for (auto& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<size_t> out;
  for (const auto& n : needles) {
    size_t found = 0;
    for (size_t at = low.find(n); at != std::string::npos && found < max; at = low.find(n, at + 1)) {
      if (at == 0 || !word_byte(static_cast<unsigned char>(low[at - 1]))) {
        out.push_back(at);
        ++found;
      }
    }
  }
  std::sort(out.begin(), out.end());
  if (out.size() > max) out.resize(max);
  return out;
}

// MSet::snippet of `text`, tried first on short windows from the first
// candidate words (Xapian then stems a few dozen words instead of the whole
// body), then on the whole text when no window held a match; "" when there
// is no match (SNIPPET_EMPTY_WITHOUT_MATCH) or no candidate at all.
std::string windowed_snippet(const Xapian::MSet& mset, const std::string& text, size_t length, const Xapian::Stem& stem,
                             const std::vector<std::string>& needles) {
  constexpr size_t kLead = 60, kWindow = 480, kWindows = 3;
  // Neither SNIPPET_EXHAUSTIVE (it scores every window of the text: 40% of
  // a search) nor SNIPPET_BACKGROUND_MODEL (it looks up the frequency of
  // every other word: 25% of a search on 10k articles).
  constexpr unsigned kFlags = Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH;
  const std::vector<size_t> cands = candidates(text, needles, kWindows);
  if (cands.empty()) return "";
  if (text.size() > kWindow) {
    size_t covered = 0;
    for (size_t cand : cands) {
      if (cand < covered) continue;  // inside the previous window
      size_t from = cand > kLead ? cand - kLead : 0;
      while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
      size_t len = std::min(kWindow, text.size() - from);
      while (from + len < text.size() && (static_cast<unsigned char>(text[from + len]) & 0xC0) == 0x80) ++len;
      covered = from + len;
      std::string sn = mset.snippet(text.substr(from, len), length, stem, kFlags, "<mark>", "</mark>", "…");
      if (sn.empty()) continue;
      const std::string ellipsis = "…";
      if (from > 0 && sn.rfind(ellipsis, 0) != 0) sn = ellipsis + sn;
      if (covered < text.size() && (sn.size() < ellipsis.size() || sn.compare(sn.size() - ellipsis.size(), ellipsis.size(), ellipsis) != 0)) sn += ellipsis;
      return sn;
    }
  }
  return mset.snippet(text, length, stem, kFlags, "<mark>", "</mark>", "…");
}

std::shared_ptr<FacetCache> build_facet_cache(Xapian::Database& db, const std::vector<Xapian::valueno>& slots) {
  auto c = std::make_shared<FacetCache>();
  c->uuid = db.get_uuid();
  c->revision = db.get_revision();
  const Xapian::docid last = db.get_lastdocid();
  for (Xapian::valueno slot : slots) {
    SlotCache& sc = c->slots[slot];
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
    for (const auto& [did, id] : pairs) ++sc.offsets[did + 1];
    for (size_t i = 1; i < sc.offsets.size(); ++i) sc.offsets[i] += sc.offsets[i - 1];
    sc.ids.reserve(pairs.size());
    for (const auto& [did, id] : pairs) sc.ids.push_back(id);
  }
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

// Counts every value of every facet over the matches in one pass, so a
// case with themes [energie, mobiliteit] counts once for each theme.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(const FacetCache& cache) : cache_(cache), hits_(cache.values, 0) {}
  void operator()(const Xapian::Document& doc, double) override {
    const Xapian::docid did = doc.get_docid();
    if (did + 1 >= cache_.offsets.size()) return;
    for (uint32_t i = cache_.offsets[did]; i < cache_.offsets[did + 1]; ++i) ++hits_[cache_.ids[i]];
  }
  // The counts of one facet slot, by value.
  std::unordered_map<std::string, size_t> counts(Xapian::valueno slot) const {
    std::unordered_map<std::string, size_t> out;
    auto sc = cache_.slots.find(slot);
    if (sc == cache_.slots.end()) return out;
    const uint32_t b = cache_.base.at(slot);
    for (size_t i = 0; i < sc->second.names.size(); ++i) {
      if (hits_[b + i]) out[sc->second.names[i]] = hits_[b + i];
    }
    return out;
  }

 private:
  const FacetCache& cache_;
  std::vector<size_t> hits_;
};

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Keeps expansion terms that are plain words (unprefixed or stemmed), of
// some length, and not numbers: the vocabulary that makes cases "related".
class WordDecider : public Xapian::ExpandDecider {
 public:
  explicit WordDecider(const std::set<std::string>& stop) : stop_(stop) {}
  bool operator()(const std::string& term) const override {
    if (term.empty()) return false;
    std::string t = term[0] == 'Z' ? term.substr(1) : term;
    if (t.empty() || !std::islower(static_cast<unsigned char>(t[0]))) return false;
    if (t.size() < 4 || stop_.count(t)) return false;
    return std::none_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  }

 private:
  const std::set<std::string>& stop_;
};

// The weighting scheme the ranking spec names (schema.cc validates the name).
std::unique_ptr<Xapian::Weight> make_weight(const RankingSpec& r) {
  const std::string& s = r.scheme;
  if (s == "bm25+") {
    return std::make_unique<Xapian::BM25PlusWeight>(r.bm25_k1, r.bm25_k2, r.bm25_k3, r.bm25_b, r.bm25_min_normlen,
                                                    r.bm25plus_delta);
  }
  if (s == "lm") {
    return std::make_unique<Xapian::LMWeight>(r.lm_param_log, Xapian::Weight::DIRICHLET_SMOOTHING, r.lm_mu, 0.0);
  }
  if (s == "dph") return std::make_unique<Xapian::DPHWeight>();
  if (s == "dlh") return std::make_unique<Xapian::DLHWeight>();
  if (s == "pl2") return std::make_unique<Xapian::PL2Weight>(r.dfr_c);
  if (s == "pl2+") return std::make_unique<Xapian::PL2PlusWeight>(r.dfr_c, r.bm25plus_delta);
  if (s == "inl2") return std::make_unique<Xapian::InL2Weight>(r.dfr_c);
  if (s == "ifb2") return std::make_unique<Xapian::IfB2Weight>(r.dfr_c);
  if (s == "ineb2") return std::make_unique<Xapian::IneB2Weight>(r.dfr_c);
  if (s == "bb2") return std::make_unique<Xapian::BB2Weight>(r.dfr_c);
  if (s == "tfidf") return std::make_unique<Xapian::TfIdfWeight>(r.tfidf_normalizations);
  return std::make_unique<Xapian::BM25Weight>(r.bm25_k1, r.bm25_k2, r.bm25_k3, r.bm25_b, r.bm25_min_normlen);
}

}  // namespace

// Autocomplete data of one index revision: the article titles with a
// sorted index of their words (a prefix is a binary search, not a scan of
// every title), and the facet values.
struct SuggestCache {
  std::string uuid;
  Xapian::rev revision = 0;
  std::vector<std::string> folded;   // normalize_keyword(title)
  std::vector<std::string> display;  // the title as written
  std::vector<std::string> ids;
  std::vector<std::pair<std::string, uint32_t>> words;  // (word of a folded title, title index), sorted
  std::vector<std::tuple<std::string, std::string, std::string>> facet_values;  // (folded, display, facet key)
};

struct Searcher::Impl {
  std::mutex mu;
  std::vector<std::unique_ptr<Xapian::Database>> pool;
  std::string stub_sig;  // identity of the CURRENT stub the pool was opened from
  std::mutex facet_mu;
  std::shared_ptr<FacetCache> facets;  // for the newest revision seen
  std::map<std::string, std::unique_ptr<Xapian::SimpleStopper>> stoppers;  // read-only after construction
  std::set<std::string> all_stop;

  // Autocomplete data for the newest revision seen; while one request
  // rebuilds it for a new revision, the others keep using the old one.
  std::mutex cache_mu;
  std::shared_ptr<const SuggestCache> suggest;
  bool suggest_building = false;
};

namespace {

// The facet table of the revision `db` shows, built on first use.
std::shared_ptr<FacetCache> current_facets(Searcher::Impl& im, Xapian::Database& db, const Schema& schema) {
  std::lock_guard<std::mutex> g(im.facet_mu);
  if (!im.facets || im.facets->uuid != db.get_uuid() || im.facets->revision != db.get_revision()) {
    std::vector<Xapian::valueno> slots;
    for (const FieldSpec* f : schema.facets()) slots.push_back(static_cast<Xapian::valueno>(f->slot));
    im.facets = build_facet_cache(db, slots);
  }
  return im.facets;
}

std::shared_ptr<const SuggestCache> build_suggest_cache(Xapian::Database& db, const Schema& schema,
                                                        const FacetCache& facets) {
  auto c = std::make_shared<SuggestCache>();
  c->uuid = db.get_uuid();
  c->revision = db.get_revision();
  // Only the top-level title and id are needed: the items and fields of
  // the stored data are skipped while parsing.
  const nlohmann::json::parser_callback_t skip = [](int depth, nlohmann::json::parse_event_t ev, nlohmann::json& v) {
    return !(depth == 1 && ev == nlohmann::json::parse_event_t::key && (v == "items" || v == "fields"));
  };
  const std::string art = std::string(kItemTypePrefix) + "article";
  for (auto p = db.postlist_begin(art); p != db.postlist_end(art); ++p) {
    auto d = nlohmann::json::parse(db.get_document(*p).get_data(), skip, false);
    if (d.is_discarded() || !d.is_object()) continue;
    const std::string t = d.value("title", "");
    const auto idx = static_cast<uint32_t>(c->folded.size());
    c->folded.push_back(normalize_keyword(t));
    c->display.push_back(t);
    c->ids.push_back(d.value("id", ""));
    const std::string& f = c->folded.back();
    for (size_t i = 0; i < f.size();) {
      if (!word_byte(static_cast<unsigned char>(f[i]))) {
        ++i;
        continue;
      }
      size_t e = i;
      while (e < f.size() && word_byte(static_cast<unsigned char>(f[e]))) ++e;
      c->words.emplace_back(f.substr(i, e - i), idx);
      i = e;
    }
  }
  std::sort(c->words.begin(), c->words.end());
  for (const FieldSpec* f : schema.facets()) {
    if (f->kind != FieldKind::kKeyword) continue;
    auto sc = facets.slots.find(static_cast<Xapian::valueno>(f->slot));
    if (sc == facets.slots.end()) continue;
    for (const auto& v : sc->second.names) c->facet_values.emplace_back(normalize_keyword(v), v, f->key);
  }
  return c;
}

// The autocomplete data of the revision `db` shows. The first call builds
// it (others wait); after a new revision one request rebuilds it while the
// others answer from the previous revision's data.
std::shared_ptr<const SuggestCache> current_suggest(Searcher::Impl& im, Xapian::Database& db, const Schema& schema) {
  const std::string uuid = db.get_uuid();
  const Xapian::rev rev = db.get_revision();
  std::shared_ptr<const SuggestCache> cur;
  {
    std::lock_guard<std::mutex> g(im.cache_mu);
    cur = im.suggest;
    if (cur && cur->uuid == uuid && cur->revision == rev) return cur;
    if (!cur) {
      im.suggest = build_suggest_cache(db, schema, *current_facets(im, db, schema));
      return im.suggest;
    }
    if (im.suggest_building) return cur;
    im.suggest_building = true;
  }
  std::shared_ptr<const SuggestCache> fresh;
  try {
    fresh = build_suggest_cache(db, schema, *current_facets(im, db, schema));
  } catch (...) {
    std::lock_guard<std::mutex> g(im.cache_mu);
    im.suggest_building = false;
    throw;
  }
  std::lock_guard<std::mutex> g(im.cache_mu);
  im.suggest = fresh;
  im.suggest_building = false;
  return fresh;
}

// A database handle borrowed from the pool for one call.
class Lease {
 public:
  Lease(std::mutex& mu, std::vector<std::unique_ptr<Xapian::Database>>& pool, std::string& stub_sig,
        const std::string& root)
      : mu_(mu), pool_(pool) {
    const std::string path = root + "/" + kCurrentStub;
    // A rebuild replaces the stub file (new inode): handles on the old
    // generation are dropped. In-place updates are picked up by reopen().
    struct stat st {};
    std::string sig;
    if (::stat(path.c_str(), &st) == 0) sig = std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_mtime);
    {
      std::lock_guard<std::mutex> g(mu_);
      if (sig != stub_sig) {
        pool_.clear();
        stub_sig = sig;
      }
      sig_ = sig;
      current_sig_ = &stub_sig;
      if (!pool_.empty()) {
        db_ = std::move(pool_.back());
        pool_.pop_back();
      }
    }
    if (!db_) {
      db_ = std::make_unique<Xapian::Database>(path);
    } else {
      db_->reopen();  // cheap when nothing changed; picks up a new revision
    }
  }
  ~Lease() {
    if (!db_) return;
    std::lock_guard<std::mutex> g(mu_);
    if (*current_sig_ == sig_) pool_.push_back(std::move(db_));  // else: a handle on a replaced generation
  }
  Xapian::Database& db() { return *db_; }
  void discard() { db_.reset(); }

 private:
  std::mutex& mu_;
  std::vector<std::unique_ptr<Xapian::Database>>& pool_;
  std::unique_ptr<Xapian::Database> db_;
  std::string sig_;
  const std::string* current_sig_ = nullptr;
};

template <typename F>
auto with_db(Searcher::Impl& impl, const std::string& path, F&& f) -> decltype(f(std::declval<Xapian::Database&>())) {
  for (int attempt = 0;; ++attempt) {
    try {
      Lease lease(impl.mu, impl.pool, impl.stub_sig, path);
      try {
        return f(lease.db());
      } catch (const Xapian::DatabaseModifiedError&) {
        lease.discard();
        if (attempt >= 1) throw;
      }
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 1) return Status::busy("the index changed twice during the request; try again");
    } catch (const Xapian::WildcardError&) {
      // Raised while the match runs, when a wildcard expands past the limit.
      return Status::invalid_argument("a wildcard in the query matches too many words; make it longer", "q");
    } catch (const Xapian::DatabaseOpeningError& e) {
      return Status::not_found("no index at `" + path + "` yet: run casebase-index first");
    } catch (const Xapian::DatabaseError& e) {
      return Status::internal("index error: " + e.get_description());
    }
  }
}

}  // namespace

Searcher::Searcher(std::string db_path, Schema schema, Limits limits)
    : db_path_(std::move(db_path)), schema_(std::move(schema)), limits_(limits), impl_(std::make_unique<Impl>()) {
  for (const auto& [lang, name] : schema_.stemmers) {
    auto st = std::make_unique<Xapian::SimpleStopper>();
    for (const auto& w : stop_words(name)) {
      st->add(w);
      impl_->all_stop.insert(w);
    }
    impl_->stoppers.emplace(lang, std::move(st));
  }
}

Searcher::~Searcher() = default;

namespace {

struct Built {
  Xapian::Query text;  // the user's query (MatchAll in browse mode)
  std::string suggestion;
  bool has_text = false;
};

}  // namespace

Result<SearchResponse> Searcher::search(const SearchRequest& req) const {
  const auto t0 = std::chrono::steady_clock::now();
  return with_db(*impl_, db_path_, [&](Xapian::Database& db) -> Result<SearchResponse> {
    SearchResponse resp;
    // Xapian::Stem objects share state and are not thread-safe: each call
    // makes its own (cheap) instead of sharing the Impl's.
    std::map<std::string, Xapian::Stem> stems;
    for (const auto& [lang, name] : schema_.stemmers) stems.emplace(lang, make_stemmer(schema_, lang));
    const std::shared_ptr<FacetCache> fcache = current_facets(*impl_, db, schema_);
    const std::string folded_q = fold_accents(req.q);
    // QueryParser leaves a capitalised word unstemmed (it reads it as a
    // name), so a sentence's first word only matches its exact form. With
    // ranking.stem_capitalised such words ("Hypothalamic", not "DNA" or
    // "mRNA") are lower-cased first and so stemmed like the others.
    std::string parse_q = folded_q;
    if (schema_.ranking.stem_capitalised) {
      auto word_char = [](char c) { return word_byte(static_cast<unsigned char>(c)); };
      for (size_t i = 0; i < parse_q.size();) {
        if (!word_char(parse_q[i])) {
          ++i;
          continue;
        }
        size_t e = i;
        bool rest_lower = true;
        while (e < parse_q.size() && word_char(parse_q[e])) {
          if (e > i && std::isupper(static_cast<unsigned char>(parse_q[e]))) rest_lower = false;
          ++e;
        }
        const bool at_word_start = i == 0 || parse_q[i - 1] != ':';  // not a prefix's value like title:Foo
        if (at_word_start && rest_lower && e - i > 1 && std::isupper(static_cast<unsigned char>(parse_q[i]))) {
          parse_q[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(parse_q[i])));
        }
        i = e;
      }
    }

    // The query's language: the one whose articles use its words most often
    // (as a share of that language's articles). Empty when undecided. Only
    // text written in the article's language counts (text fields such as
    // title and summary, and the named sections): keyword values such as
    // instruments are Dutch in English articles too.
    std::string query_lang;
    std::vector<std::string> plain_words;  // the query's words, lower-case, in order
    {
      std::string w;
      for (char c : folded_q + " ") {
        if (std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) & 0x80)) {
          w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else if (!w.empty()) {
          plain_words.push_back(w);
          w.clear();
        }
      }
    }
    if (!req.q.empty() && stems.size() > 1) {
      std::vector<std::string> prefixes;
      for (const auto& f : schema_.fields) {
        if (f.kind == FieldKind::kText && !f.prefix.empty()) prefixes.push_back(f.prefix);
      }
      for (const auto& sec : schema_.sections) {
        if (!sec.prefix.empty()) prefixes.push_back(sec.prefix);
      }
      std::vector<Xapian::Query> words;
      for (const auto& w : plain_words) {
        for (const auto& p : prefixes) words.emplace_back(p + w);
      }
      double best = 0;
      for (const auto& [lang, stem] : stems) {
        const std::string lt = std::string(kLanguagePrefix) + lang;
        double n = db.get_termfreq(lt);
        if (n == 0 || words.empty()) continue;
        Xapian::Enquire e(db);
        e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                                  Xapian::Query(lt)));
        e.set_weighting_scheme(Xapian::BoolWeight());
        double share = e.get_mset(0, 0, 1000).get_matches_estimated() / n;
        if (share > best * 1.5) {
          best = share;
          query_lang = lang;
        } else if (share * 1.5 > best) {
          query_lang.clear();  // too close to call
          best = std::max(best, share);
        }
      }
    }

    // The text query: parsed once per article language with that
    // language's stemmer, each part restricted to articles in that language.
    auto parse = [&](Xapian::Query::op default_op, std::string* suggestion) -> Result<Xapian::Query> {
      std::vector<Xapian::Query> parts;
      for (const auto& [lang, stem] : stems) {
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_stopper(impl_->stoppers.at(lang).get());
        qp.set_default_op(default_op);
        qp.set_max_expansion(limits_.max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_ERROR,
                             Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
        for (const auto& f : schema_.fields) {
          if (f.kind == FieldKind::kDate) {
            for (const auto& n : f.query_names) qp.add_boolean_prefix(n, f.filter_prefix());
            continue;
          }
          for (const auto& n : f.query_names) qp.add_prefix(n, f.prefix);
        }
        for (const auto& s : schema_.sections) {
          for (const auto& n : s.query_names) qp.add_prefix(n, s.prefix);
        }
        unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_AUTO_SYNONYMS | Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS |
                         0;  // not FLAG_BOOLEAN_ANY_CASE: "not" and "or" in a sentence are words
        if (suggestion && lang == schema_.default_language) flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
        Xapian::Query q;
        try {
          q = qp.parse_query(parse_q, flags);
        } catch (const Xapian::QueryParserError&) {
          // Unbalanced quotes and the like: read the words as plain text.
          q = qp.parse_query(parse_q, 0);
        }
        if (suggestion && lang == schema_.default_language) *suggestion = qp.get_corrected_query_string();
        if (q.empty()) continue;
        if (schema_.ranking.proximity_weight > 0) {
          // Adjacent plain words of the query.
          std::vector<std::string> terms;
          for (const auto& w : plain_words) {
            if (impl_->stoppers.at(lang)->operator()(w)) continue;
            terms.push_back(w);  // unstemmed: only those carry positions (STEM_SOME)
          }
          std::vector<Xapian::Query> pairs;
          for (size_t i = 1; i < terms.size(); ++i) {
            Xapian::Query two[] = {Xapian::Query(terms[i - 1]), Xapian::Query(terms[i])};
            pairs.emplace_back(Xapian::Query::OP_NEAR, two, two + 2,
                               static_cast<Xapian::termcount>(schema_.ranking.proximity_window));
          }
          if (!pairs.empty()) {
            q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                              Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                            Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                                            schema_.ranking.proximity_weight));
          }
        }
        Xapian::Query part(Xapian::Query::OP_FILTER, q, Xapian::Query(std::string(kLanguagePrefix) + lang));
        // Articles in another language than the query's match mostly through
        // cross-language synonyms; they are kept but ranked lower.
        if (!query_lang.empty() && lang != query_lang) part = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, part, 0.5);
        parts.push_back(part);
      }
      if (parts.empty()) return Xapian::Query();
      return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    };

    Built built;
    if (!req.q.empty()) {
      try {
        // Spelling correction is costly (a third of a search): it is asked
        // for only when the results are few, below.
        auto q = parse(req.match_any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, nullptr);
        if (!q.ok()) return q.status();
        built.text = *q;
        built.has_text = !built.text.empty();
      } catch (const Xapian::WildcardError&) {
        return Status::invalid_argument("a wildcard in the query matches too many words; make it longer", "q");
      }
      if (!built.has_text) {
        // Only stop words: nothing to look for.
        built.text = Xapian::Query();  // matches nothing
      }
    }
    // A fresh match-all query, not a copy of the static Query::MatchAll:
    // Xapian's reference counts are not atomic, so copying one shared
    // object from several threads corrupts it (segfault under load).
    if (req.q.empty()) built.text = Xapian::Query(std::string());

    // Filters: values ORed within a facet, facets ANDed.
    std::map<std::string, Xapian::Query> facet_filters;
    for (const auto& [key, values] : req.filters) {
      const FieldSpec* f = nullptr;
      for (const FieldSpec* c : schema_.facets()) {
        if (facet_api_key(*c) == key) f = c;
      }
      if (!f) return Status::invalid_argument("unknown facet `" + key + "`", key);
      std::vector<Xapian::Query> terms;
      for (const auto& v : values) {
        std::string canon = f->canonical(v).value_or(v);
        terms.emplace_back(filter_term(f->filter_prefix(), canon));
      }
      facet_filters[key] = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    const FieldSpec* date_field = nullptr;
    for (const auto& f : schema_.fields) {
      if (f.kind == FieldKind::kDate && f.facet) {
        date_field = &f;
        break;
      }
    }
    std::vector<Xapian::Query> base_filters;
    switch (req.scope) {
      case Scope::kArticles: base_filters.emplace_back(std::string(kItemTypePrefix) + "article"); break;
      case Scope::kLessons: base_filters.emplace_back(std::string(kItemTypePrefix) + "lesson"); break;
      case Scope::kItems: {
        std::vector<Xapian::Query> t = {Xapian::Query(std::string(kItemTypePrefix) + "lesson"),
                                        Xapian::Query(std::string(kItemTypePrefix) + "pro"),
                                        Xapian::Query(std::string(kItemTypePrefix) + "con")};
        base_filters.emplace_back(Xapian::Query::OP_OR, t.begin(), t.end());
        break;
      }
      case Scope::kAll: break;
    }
    Xapian::Query range;
    if ((req.year_from || req.year_to) && date_field) {
      std::string lo = req.year_from ? std::to_string(req.year_from) : "0000";
      std::string hi = req.year_to ? std::to_string(req.year_to) : "9999";
      range = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, date_field->slot, lo, hi);
    }

    // Everything but the filters of facet `except` (for disjunctive counts;
    // the year range counts as the year facet's own selection).
    auto with_filters = [&](const Xapian::Query& text, const std::string& except) {
      Xapian::Query q = text;
      for (const auto& bf : base_filters) q = Xapian::Query(Xapian::Query::OP_FILTER, q, bf);
      for (const auto& [key, fq] : facet_filters) {
        if (key != except) q = Xapian::Query(Xapian::Query::OP_FILTER, q, fq);
      }
      if (!range.empty() && !(date_field && facet_api_key(*date_field) == except)) {
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, range);
      }
      return q;
    };

    const Xapian::doccount all = std::max<Xapian::doccount>(db.get_doccount(), 1);
    const std::unique_ptr<Xapian::Weight> weight = make_weight(schema_.ranking);

    // One FacetSpy counts all facets; a run without unselected facets needs none.
    auto run = [&](const Xapian::Query& text, std::unique_ptr<FacetSpy>& spy,
                   const std::vector<const FieldSpec*>& spy_fields, Xapian::doccount first, Xapian::doccount count) {
      Xapian::Enquire enq(db);
      enq.set_query(with_filters(text, ""));
      enq.set_weighting_scheme(*weight);
      if (req.sort == SortOrder::kNewest) enq.set_sort_by_value_then_relevance(kSlotDate, true);
      if (req.sort == SortOrder::kOldest) enq.set_sort_by_value_then_relevance(kSlotDateAsc, false);
      if (req.q.empty() && req.sort == SortOrder::kRelevance) enq.set_sort_by_value_then_relevance(kSlotDate, true);
      spy.reset();
      if (!spy_fields.empty()) {
        spy = std::make_unique<FacetSpy>(*fcache);
        enq.add_matchspy(spy.get());
      }
      return std::make_pair(enq.get_mset(first, count, all), enq);
    };

    std::vector<const FieldSpec*> facets = schema_.facets();
    std::vector<const FieldSpec*> plain_facets;  // counted in the main run
    for (const FieldSpec* f : facets) {
      bool selected = facet_filters.count(facet_api_key(*f)) ||
                      (f == date_field && (req.year_from || req.year_to));
      if (!selected) plain_facets.push_back(f);
    }
    std::unique_ptr<FacetSpy> spies;
    Xapian::doccount first = static_cast<Xapian::doccount>((req.page - 1) * req.per_page);
    auto [mset, enq] = run(built.text, spies, plain_facets, first, static_cast<Xapian::doccount>(req.per_page));
    Xapian::Query used_text = built.text;

    if (mset.size() == 0 && mset.get_matches_estimated() == 0 && built.has_text && req.or_fallback && first == 0) {
      auto q = parse(Xapian::Query::OP_OR, nullptr);
      if (q.ok() && !q->empty()) {
        std::unique_ptr<FacetSpy> spies2;
        auto [m2, e2] = run(*q, spies2, plain_facets, first, static_cast<Xapian::doccount>(req.per_page));
        if (m2.get_matches_estimated() > 0) {
          mset = m2;
          enq = e2;
          spies = std::move(spies2);
          used_text = *q;
          resp.or_fallback = true;
        }
      }
    }
    if (req.prf && built.has_text && mset.size() > 0 && schema_.ranking.prf_model == "rm3") {
      // RM3-style feedback: a relevance model from the top documents (each
      // stemmed word's share of a document's words, weighted by the
      // document's share of the top scores), its strongest terms mixed
      // with the original query.
      const auto k = static_cast<Xapian::doccount>(std::max(schema_.ranking.prf_docs, 0));
      // The k best matches: this page when it starts with them, else a
      // separate match (not on `enq`, whose spies count the facets).
      Xapian::MSet top = mset;
      if (first != 0 || req.sort != SortOrder::kRelevance ||
          mset.size() < std::min<Xapian::doccount>(k, mset.get_matches_estimated())) {
        Xapian::Enquire fe(db);
        fe.set_query(with_filters(used_text, ""));
        fe.set_weighting_scheme(*weight);
        top = fe.get_mset(0, k);
      }
      WordDecider decider(impl_->all_stop);
      std::map<std::string, double> model;
      double score_sum = 0;
      Xapian::doccount n = 0;
      for (auto it = top.begin(); it != top.end() && n < k; ++it, ++n) score_sum += std::max(it.get_weight(), 0.0);
      n = 0;
      for (auto it = top.begin(); it != top.end() && n < k && score_sum > 0; ++it, ++n) {
        std::vector<std::pair<std::string, Xapian::termcount>> words;
        double len = 0;
        for (auto t = db.termlist_begin(*it); t != db.termlist_end(*it); ++t) {
          const std::string term = *t;
          if (term.size() < 2 || term[0] != 'Z' || !std::islower(static_cast<unsigned char>(term[1]))) continue;
          len += t.get_wdf();  // the document's (stemmed) word count
          if (decider(term)) words.emplace_back(term, t.get_wdf());
        }
        if (len <= 0) continue;
        const double doc_w = std::max(it.get_weight(), 0.0) / score_sum;
        for (const auto& [term, wdf] : words) model[term] += doc_w * wdf / len;
      }
      std::vector<std::pair<double, std::string>> ranked;
      for (const auto& [term, w] : model) ranked.emplace_back(w, term);
      const size_t nterms = std::min(ranked.size(), static_cast<size_t>(std::max(schema_.ranking.prf_terms, 0)));
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(nterms), ranked.end(),
                        std::greater<>());
      ranked.resize(nterms);
      double mass = 0;
      for (const auto& [w, term] : ranked) mass += w;
      // The original query's words count 1 each: the feedback terms share
      // prf_weight of the combined weight, the original query the rest.
      std::set<std::string> qwords;
      for (const auto& w : plain_words) {
        if (!impl_->all_stop.count(w)) qwords.insert(w);
      }
      const double lambda = std::clamp(schema_.ranking.prf_weight, 0.0, 1.0);
      const double scale = lambda * static_cast<double>(std::max<size_t>(qwords.size(), 1));
      std::vector<Xapian::Query> extra;
      for (const auto& [w, term] : ranked) {
        if (mass > 0 && w > 0) {
          extra.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), scale * w / mass);
        }
      }
      if (!extra.empty() && lambda > 0) {
        used_text = Xapian::Query(Xapian::Query::OP_OR,
                                  Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, used_text, 1 - lambda),
                                  Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()));
        std::unique_ptr<FacetSpy> spies2;
        auto [m2, e2] = run(used_text, spies2, plain_facets, first, static_cast<Xapian::doccount>(req.per_page));
        mset = m2;
        enq = e2;
        spies = std::move(spies2);
      }
    } else if (req.prf && built.has_text && mset.size() > 0) {
      // Pseudo-relevance feedback: the top results' most telling terms are
      // added with a small weight, then the search runs again.
      Xapian::RSet rset;
      Xapian::doccount k = 0;
      for (auto it = mset.begin(); it != mset.end() && k < static_cast<Xapian::doccount>(schema_.ranking.prf_docs); ++it, ++k) rset.add_document(*it);
      WordDecider decider(impl_->all_stop);
      Xapian::ESet eset = enq.get_eset(static_cast<Xapian::termcount>(schema_.ranking.prf_terms), rset, &decider);
      std::vector<Xapian::Query> extra;
      for (auto it = eset.begin(); it != eset.end(); ++it) extra.emplace_back(*it);
      if (!extra.empty()) {
        used_text = Xapian::Query(Xapian::Query::OP_OR, used_text,
                                  Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                Xapian::Query(Xapian::Query::OP_OR, extra.begin(), extra.end()), schema_.ranking.prf_weight));
        std::unique_ptr<FacetSpy> spies2;
        auto [m2, e2] = run(used_text, spies2, plain_facets, first, static_cast<Xapian::doccount>(req.per_page));
        mset = m2;
        enq = e2;
        spies = std::move(spies2);
      }
    }
    resp.total = mset.get_matches_estimated();  // exact: check_at_least covers every document
    resp.parsed = used_text.get_description();
    // Offer a correction only when the query found little: Xapian corrects
    // any word missing from the spelling table, even where results are good.
    // A query that found something with words that all occur in the index
    // has no typo to fix, and the correction (a trigram search per word) was
    // a tenth of such a search.
    bool unknown_word = resp.total == 0;
    for (size_t i = 0; !unknown_word && i < plain_words.size(); ++i) unknown_word = !db.term_exists(plain_words[i]);
    if (built.has_text && resp.total < 3 && unknown_word) {
      try {
        (void)parse(Xapian::Query::OP_AND, &built.suggestion);
      } catch (const Xapian::Error&) {
        built.suggestion.clear();
      }
      if (built.suggestion != folded_q && !built.suggestion.empty()) resp.suggestion = built.suggestion;
    }

    // Facet counts.
    std::map<const FieldSpec*, std::unordered_map<std::string, size_t>> counted;
    for (const FieldSpec* f : plain_facets) counted[f] = spies->counts(static_cast<Xapian::valueno>(f->slot));
    for (const FieldSpec* f : facets) {
      if (counted.count(f)) continue;
      // Disjunctive: count this facet as if its own selection were absent.
      Xapian::Enquire e(db);
      e.set_query(with_filters(used_text, facet_api_key(*f)));
      e.set_weighting_scheme(Xapian::BoolWeight());
      FacetSpy spy(*fcache);
      e.add_matchspy(&spy);
      e.get_mset(0, 0, all);
      counted[f] = spy.counts(static_cast<Xapian::valueno>(f->slot));
    }
    for (const FieldSpec* f : facets) {
      FacetResult fr;
      fr.key = facet_api_key(*f);
      fr.labels = f->labels;
      const auto& counts = counted[f];
      fr.distinct = counts.size();
      std::set<std::string> sel;
      auto fit = req.filters.find(fr.key);
      if (fit != req.filters.end()) {
        for (const auto& v : fit->second) sel.insert(normalize_keyword(f->canonical(v).value_or(v)));
      }
      std::vector<FacetValue> vals;
      for (const auto& [v, c] : counts) vals.push_back({v, c, sel.count(normalize_keyword(v)) > 0});
      if (f->kind == FieldKind::kDate) {
        std::sort(vals.begin(), vals.end(), [](const FacetValue& a, const FacetValue& b) { return a.value > b.value; });
        for (auto& v : vals) {
          int y = std::atoi(v.value.c_str());
          v.selected = (req.year_from || req.year_to) && (!req.year_from || y >= req.year_from) &&
                       (!req.year_to || y <= req.year_to);
        }
      } else {
        std::sort(vals.begin(), vals.end(), [](const FacetValue& a, const FacetValue& b) {
          return a.count != b.count ? a.count > b.count : a.value < b.value;
        });
      }
      std::vector<FacetValue> top;
      std::set<std::string> seen;
      for (const auto& v : vals) {
        if (f->kind == FieldKind::kDate || static_cast<int>(top.size()) < req.facet_size || v.selected) {
          top.push_back(v);
          seen.insert(normalize_keyword(v.value));
        }
      }
      // A selected value with no matches still shows (count 0), so it can be unticked.
      if (fit != req.filters.end()) {
        for (const auto& v : fit->second) {
          std::string canon = f->canonical(v).value_or(v);
          if (!seen.count(normalize_keyword(canon))) {
            top.push_back({canon, 0, true});
            seen.insert(normalize_keyword(canon));
          }
        }
      }
      fr.values = std::move(top);
      resp.facets.push_back(std::move(fr));
    }

    // Hits with snippets; a match inside lessons / pros / cons is preferred.
    std::map<std::string, Xapian::Stem> snippet_stems;
    const std::vector<std::string> needles = built.has_text ? snippet_needles(used_text) : std::vector<std::string>{};
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit h;
      Xapian::Document doc = it.get_document();
      h.data = nlohmann::json::parse(doc.get_data(), nullptr, false);
      if (h.data.is_discarded()) h.data = nlohmann::json::object();
      h.score = it.get_weight();
      std::string lang = h.data.value("language", schema_.default_language);
      auto st = snippet_stems.find(lang);
      if (st == snippet_stems.end()) {
        const bool stems_lang = schema_.stemmers.count(lang) > 0;
        st = snippet_stems.emplace(lang, stems_lang ? Xapian::Stem(new MemoStem(make_stemmer(schema_, lang))) : Xapian::Stem()).first;
      }
      const Xapian::Stem& stem = st->second;
      if (built.has_text) {
        if (h.data.value("kind", "") == "article") {
          const std::string secs = doc.get_value(kSlotSectionText);
          size_t pos = 0;
          while (pos < secs.size() && h.snippet.empty()) {
            size_t e = secs.find('\x1e', pos);
            if (e == std::string::npos) e = secs.size();
            size_t us = secs.find('\x1f', pos);
            if (us != std::string::npos && us < e) {
              std::string name = secs.substr(pos, us - pos);
              if (name == "les" || name == "voordeel" || name == "nadeel") {
                const std::string section = secs.substr(us + 1, e - us - 1);
                std::string sn = windowed_snippet(mset, section, 200, stem, needles);
                if (!sn.empty()) {
                  h.snippet = sn;
                  h.snippet_section = name;
                }
              }
            }
            pos = e + 1;
          }
        }
        if (h.snippet.empty()) {
          std::string text = doc.get_value(kSlotText);
          if (text.empty()) text = h.data.value("text", "");  // items keep their text in the data
          std::string sn = windowed_snippet(mset, text, 240, stem, needles);
          if (sn.empty()) sn = mset.snippet(h.data.value("summary", text), 240, stem, 0, "<mark>", "</mark>", "…");
          h.snippet = sn;
        }
      } else {
        std::string s = h.data.value("summary", "");
        if (s.empty()) s = h.data.value("text", "");
        if (s.size() > 240) {
          size_t cut = 240;
          while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
          s = s.substr(0, cut) + "…";
        }
        h.snippet = html_escape(s);
      }
      // The body text and html are large and not part of a hit.
      h.data.erase("text");
      h.data.erase("markdown");
      h.data.erase("body_line");
      h.data.erase("sections");
      resp.hits.push_back(std::move(h));
    }
    resp.took_ms = ms_since(t0);
    return resp;
  });
}

Result<nlohmann::json> Searcher::get_article(const std::string& id) const {
  return with_db(*impl_, db_path_, [&](Xapian::Database& db) -> Result<nlohmann::json> {
    Xapian::PostingIterator p = db.postlist_begin(std::string(kIdPrefix) + id);
    if (p == db.postlist_end(std::string(kIdPrefix) + id)) return Status::not_found("no article `" + id + "`");
    Xapian::Document doc = db.get_document(*p);
    auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_discarded()) return Status::internal("stored data of `" + id + "` is not JSON");
    auto body = nlohmann::json::parse(doc.get_value(kSlotBody), nullptr, false);
    if (!body.is_discarded() && body.is_object()) {
      // The index keeps the Markdown; render it (safely) for the view.
      auto md = parse_markdown(body.value("markdown", ""), body.value("body_line", 1), data.value("path", id), schema_);
      data["html"] = md.ok() ? md->html : "";
      data["sections"] = body.value("sections", nlohmann::json::array());
    }
    return data;
  });
}

Result<std::vector<RelatedHit>> Searcher::related(const std::string& id, const SearchRequest& filter, size_t n) const {
  return with_db(*impl_, db_path_, [&](Xapian::Database& db) -> Result<std::vector<RelatedHit>> {
    const std::string qterm = std::string(kIdPrefix) + id;
    Xapian::PostingIterator p = db.postlist_begin(qterm);
    if (p == db.postlist_end(qterm)) return Status::not_found("no article `" + id + "`");
    Xapian::docid did = *p;
    auto self = nlohmann::json::parse(db.get_document(did).get_data(), nullptr, false);
    Xapian::Enquire enq(db);
    Xapian::RSet rset;
    rset.add_document(did);
    WordDecider decider(impl_->all_stop);
    enq.set_query(Xapian::Query(qterm));
    Xapian::ESet eset = enq.get_eset(24, rset, &decider);
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
    // Facet values count as well: sharing a theme or instrument relates cases.
    for (const FieldSpec* f : schema_.facets()) {
      if (f->kind != FieldKind::kKeyword || !f->related) continue;
      auto vals = self["fields"].value(f->key, std::vector<std::string>{});
      for (const auto& v : vals) terms.emplace_back(filter_term(f->filter_prefix(), v));
    }
    // Reasons are shown to people: a stem ("meen") reads as the article's
    // own most frequent word with that stem ("gemeente"), as indexed
    // (accent-folded: "ideeen").
    std::map<std::string, std::pair<std::string, Xapian::termcount>> word_of_stem;
    {
      const std::string lang = self.value("language", std::string());
      if (schema_.stemmers.count(lang)) {
        Xapian::Stem stem = make_stemmer(schema_, lang);
        for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
          const std::string w = *t;
          if (w.empty() || !std::islower(static_cast<unsigned char>(w[0]))) continue;
          auto& best = word_of_stem[stem(w)];
          if (t.get_wdf() > best.second) best = {w, t.get_wdf()};
        }
      }
    }
    Xapian::Query q(Xapian::Query::OP_OR, terms.begin(), terms.end());
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(filter_term(kCaseIdPrefix, id)));
    q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(std::string(kItemTypePrefix) + "article"));
    for (const auto& [key, values] : filter.filters) {
      const FieldSpec* f = nullptr;
      for (const FieldSpec* c : schema_.facets()) {
        if (facet_api_key(*c) == key) f = c;
      }
      if (!f) return Status::invalid_argument("unknown facet `" + key + "`", key);
      std::vector<Xapian::Query> fq;
      for (const auto& v : values) fq.emplace_back(filter_term(f->filter_prefix(), f->canonical(v).value_or(v)));
      q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_OR, fq.begin(), fq.end()));
    }
    enq.set_query(q);
    Xapian::MSet mset = enq.get_mset(0, static_cast<Xapian::doccount>(n));
    std::vector<RelatedHit> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      RelatedHit r;
      r.data = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
      if (r.data.is_discarded()) continue;
      for (auto t = enq.get_matching_terms_begin(it); t != enq.get_matching_terms_end(it); ++t) {
        std::string term = *t;
        if (!term.empty() && term[0] == 'Z') {
          auto w = word_of_stem.find(term.substr(1));
          r.shared_terms.push_back(w != word_of_stem.end() ? w->second.first : term.substr(1));
        } else if (!term.empty() && std::islower(static_cast<unsigned char>(term[0]))) {
          r.shared_terms.push_back(term);
        }
      }
      for (const FieldSpec* f : schema_.facets()) {
        if (f->kind != FieldKind::kKeyword || !f->related) continue;
        auto mine = self["fields"].value(f->key, std::vector<std::string>{});
        auto theirs = r.data["fields"].value(f->key, std::vector<std::string>{});
        for (const auto& v : mine) {
          if (std::find(theirs.begin(), theirs.end(), v) != theirs.end()) r.shared_facets.emplace_back(f->key, v);
        }
      }
      std::sort(r.shared_terms.begin(), r.shared_terms.end());
      r.shared_terms.erase(std::unique(r.shared_terms.begin(), r.shared_terms.end()), r.shared_terms.end());
      if (r.shared_terms.size() > 8) r.shared_terms.resize(8);
      r.data.erase("text");
      r.data.erase("markdown");
      r.data.erase("body_line");
      r.data.erase("sections");
      out.push_back(std::move(r));
    }
    return out;
  });
}

Result<std::vector<Suggestion>> Searcher::suggest(const std::string& prefix_in, size_t n) const {
  if (!is_valid_utf8(prefix_in)) return Status::invalid_argument("`q` is not valid UTF-8", "q");
  if (prefix_in.size() > 200) return Status::invalid_argument("`q` is longer than 200 bytes", "q");
  std::string prefix = normalize_keyword(prefix_in);
  return with_db(*impl_, db_path_, [&](Xapian::Database& db) -> Result<std::vector<Suggestion>> {
    std::vector<Suggestion> out;
    if (prefix.empty()) return out;
    const std::shared_ptr<const SuggestCache> cache = current_suggest(*impl_, db, schema_);
    auto word_prefix = [&](const std::string& hay) {
      size_t pos = hay.find(prefix);
      while (pos != std::string::npos) {
        if (pos == 0 || !std::isalnum(static_cast<unsigned char>(hay[pos - 1]))) return true;
        pos = hay.find(prefix, pos + 1);
      }
      return false;
    };
    for (const auto& [folded, display, facet] : cache->facet_values) {
      if (out.size() >= n / 2) break;
      if (word_prefix(folded)) out.push_back({display, "facet", facet, ""});
    }
    // Titles with a word starting like the input's first word, then checked
    // for the whole input; a bounded number of index entries is looked at.
    const std::string first = prefix.substr(0, prefix.find(' '));
    std::set<uint32_t> taken;
    size_t looked = 0;
    for (auto w = std::lower_bound(cache->words.begin(), cache->words.end(), std::make_pair(first, uint32_t{0}));
         w != cache->words.end() && w->first.compare(0, first.size(), first) == 0 && out.size() < n - n / 4 &&
         looked < 5000;
         ++w, ++looked) {
      if (taken.count(w->second) || !word_prefix(cache->folded[w->second])) continue;
      taken.insert(w->second);
      out.push_back({cache->display[w->second], "title", "", cache->ids[w->second]});
    }
    // Frequent words completing the last word of the input.
    size_t sp = prefix.rfind(' ');
    std::string head = sp == std::string::npos ? "" : prefix.substr(0, sp + 1);
    std::string last = sp == std::string::npos ? prefix : prefix.substr(sp + 1);
    if (last.size() >= 2) {
      std::vector<std::pair<Xapian::doccount, std::string>> terms;
      size_t scanned = 0;
      for (auto t = db.allterms_begin(last); t != db.allterms_end(last) && scanned < 2000; ++t, ++scanned) {
        terms.emplace_back(t.get_termfreq(), *t);
      }
      std::sort(terms.begin(), terms.end(), std::greater<>());
      for (const auto& [freq, term] : terms) {
        if (out.size() >= n) break;
        if (term == last) continue;
        out.push_back({head + term, "term", "", ""});
      }
    }
    return out;
  });
}

Status Searcher::warm() const {
  auto r = with_db(*impl_, db_path_, [&](Xapian::Database& db) -> Result<bool> {
    (void)current_suggest(*impl_, db, schema_);
    return true;
  });
  return r.ok() ? Status{} : r.status();
}

Result<std::pair<size_t, unsigned>> Searcher::stats() const {
  return with_db(*impl_, db_path_, [&](Xapian::Database& db) -> Result<std::pair<size_t, unsigned>> {
    return std::make_pair(static_cast<size_t>(db.get_termfreq(std::string(kItemTypePrefix) + "article")),
                          static_cast<unsigned>(db.get_revision()));
  });
}

}  // namespace casebase
