#include "casebase/searcher.h"

#include <malloc.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>

#include "casebase/language.h"
#include "casebase/markdown.h"
#include "casebase/text.h"
#include "search/compounds.h"
#include "search/facet_search.h"
#include "search/facets.h"
#include "search/feedback.h"
#include "search/filters.h"
#include "search/hits.h"
#include "search/language_guess.h"
#include "search/match.h"
#include "search/parse_text.h"
#include "search/query_words.h"
#include "search/related.h"
#include "search/searcher_impl.h"
#include "search/spelling.h"
#include "search/suggest.h"
#include "search/weight.h"

namespace casebase {

using namespace search;

Searcher::Searcher(std::string db_path, Schema schema, Limits limits)
    : Searcher(std::vector<std::string>{std::move(db_path)}, std::move(schema), limits) {}

Searcher::Searcher(std::vector<std::string> db_specs, Schema schema, Limits limits, unsigned remote_timeout_ms)
    : db_specs_(std::move(db_specs)), schema_(std::move(schema)), limits_(limits), impl_(std::make_unique<Impl>()) {
  impl_->pool.timeouts.answer_ms = remote_timeout_ms;
  impl_->pool.timeouts.connect_ms = std::min(remote_timeout_ms, 1000u);
  // A query's function and question words do not decide a match in any
  // language's part: the Dutch "wie" and "een" are stopped in the part for
  // English articles too, and "the" in the Dutch part. (Quoted, they count:
  // QueryParser keeps stop words in phrases.)
  for (const auto& [lang, name] : schema_.stemmers) {
    for (const auto& w : stop_words(name)) impl_->all_stop.insert(w);
  }
  for (const auto& [lang, name] : schema_.stemmers) {
    auto st = std::make_unique<Xapian::SimpleStopper>();
    for (const auto& w : impl_->all_stop) st->add(w);
    impl_->stoppers.emplace(lang, std::move(st));
  }
}

Searcher::~Searcher() = default;

namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// match=last ranks the articles with every word first; by date (or for
// match=all) only they count, with any word when none has all.
bool ranks_all_first(const SearchRequest& req) {
  return req.match == MatchMode::kLast && req.sort == SortOrder::kRelevance;
}

// The text query of a request: MatchAll when browsing (a fresh one, not a
// copy of the static Query::MatchAll: Xapian's reference counts are not
// atomic, so copying one shared object from several threads corrupts it),
// an empty query (matching nothing) when the words are all stop words.
// Spelling correction is left for later: it costs a third of a search.
Xapian::Query text_query(const SearchRequest& req, const TextParser& parser, const QueryWords& words,
                         const std::string& lang) {
  if (req.q.empty()) return Xapian::Query(std::string());
  return parser.parse(words, lang, ranks_all_first(req) || req.match == MatchMode::kAny ? Xapian::Query::OP_OR
                                                                                       : Xapian::Query::OP_AND);
}

// The date facet's "unknown" bucket: the matches without a date, counted
// as the other buckets are, without the date facet's own selection. With
// no date selected, the match less its dated documents (each has one year,
// counted by the spy); else a match without the date selection, or the
// scope's tally (may be null) when that leaves only the scope.
size_t count_undated(Xapian::Database& db, const Xapian::Query& text, const Filters& filters, const ScopeTally* tally,
                     size_t total, const FacetCounts& counts) {
  if (!filters.date_field || filters.date_field->slot < 0) return 0;
  const std::string year = facet_api_key(*filters.date_field);
  if (tally && only_scope(filters, year)) return tally->undated;
  if (filters.range.empty()) {
    size_t dated = 0;
    if (auto it = counts.find(filters.date_field); it != counts.end()) {
      for (const auto& [value, n] : it->second) dated += n;
    }
    return total > dated ? total - dated : 0;
  }
  Xapian::Enquire e(db);
  e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, apply_filters(text, filters, year), undated_query(*filters.date_field)));
  e.set_weighting_scheme(Xapian::BoolWeight());
  return e.get_mset(0, 0, std::max<Xapian::doccount>(db.get_doccount(), 1)).get_matches_estimated();
}

// Adds the "unknown" value to the date facet's result: last, when some
// match has no date or the undated are selected.
void add_unknown_year(std::vector<FacetResult>& facets, const Filters& filters, size_t undated) {
  if (!filters.date_field) return;
  const std::string year = facet_api_key(*filters.date_field);
  for (auto& f : facets) {
    if (f.key != year || (undated == 0 && !filters.undated_selected)) continue;
    f.values.push_back({kUnknownYear, undated, filters.undated_selected});
    if (undated > 0) ++f.distinct;
  }
}

// The k best matches for feedback: this page when it starts with them,
// else a separate match (not on the main Enquire, whose spy counts facets).
Xapian::MSet feedback_top(Xapian::Database& db, const MatchRun& run, const MatchSpec& spec, const SearchRequest& req,
                          int prf_docs) {
  const auto k = static_cast<Xapian::doccount>(std::max(prf_docs, 0));
  if (spec.first == 0 && req.sort == SortOrder::kRelevance &&
      run.mset.size() >= std::min<Xapian::doccount>(k, run.total)) {
    return run.mset;
  }
  Xapian::Enquire fe(db);
  fe.set_query(apply_filters(run.text, spec.filters));
  fe.set_weighting_scheme(spec.weight);
  return fe.get_mset(0, k);
}

// No document has every word: the query again with any word, kept when it
// matches. Only on the first page (a later page of nothing stays empty).
bool or_fallback(Xapian::Database& db, const TextParser& parser, const QueryWords& words, const std::string& lang,
                 const MatchSpec& spec, MatchRun& run) {
  if (run.mset.size() != 0 || run.total != 0 || spec.first != 0) return false;
  Xapian::Query any = parser.parse(words, lang, Xapian::Query::OP_OR);
  if (any.empty()) return false;
  MatchRun again = run_match(db, any, spec);
  if (again.total == 0) return false;
  run = std::move(again);
  return true;
}

// Pseudo-relevance feedback: the query expanded with its best matches'
// terms (RankingSpec::prf_model), run again.
void feedback(Xapian::Database& db, const SearchRequest& req, const RankingSpec& r, const QueryWords& words,
              const std::set<std::string>& stop, const MatchSpec& spec, MatchRun& run) {
  if (run.mset.size() == 0) return;
  std::optional<Xapian::Query> expanded =
      r.prf_model == "rm3" ? rm3_expand(feedback_top(db, run, spec, req, r.prf_docs), db, run.text, words.words, stop, r)
                           : eset_expand(run.enquire, run.mset, run.text, stop, r);
  if (expanded) run = run_match(db, *expanded, spec);
}

}  // namespace

namespace {

// One search of `req`: plan, match (with retries), count, hits.
Result<SearchResponse> run_search(Xapian::Database& db, const SearchRequest& req, const QueryWords& words,
                                  const TextParser& parser, const Schema& schema, Searcher::Impl& impl) {
  SearchResponse resp;
  resp.q = req.q;
  resp.missing_shards = search::current_lease()->missing();
  // Plan: the words, their language, the text query and the filters.
  const std::string lang = req.q.empty() ? "" : guess_language(db, schema, words.words);
  Xapian::Query text = text_query(req, parser, words, lang);
  // Only excluded words ("-energie"): every article but those.
  const std::string negated = negated_words(words.folded);
  if (!negated.empty()) {
    Xapian::Query excluded = parser.parse(read_query(negated, false), lang, Xapian::Query::OP_OR, false);
    text = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(std::string()), excluded);
  }
  const bool has_text = !req.q.empty() && !text.empty();
  auto filters = plan_filters(req, schema);
  if (!filters.ok()) return filters.status();
  // Match, counting the facets without a selection of their own.
  const std::shared_ptr<FacetCache> fcache = current_facets(impl.facets, db, schema);
  const std::vector<const FieldSpec*> unselected = unselected_facets(schema, *filters);
  const std::unique_ptr<Xapian::Weight> weight = make_weight(schema.ranking);
  // match=last: the query with every word, when it differs from any word.
  // Dutch compounds by their parts, below the words themselves.
  std::optional<Xapian::Query> all_words;
  if (has_text && ranks_all_first(req) && negated.empty()) {
    Xapian::Query q = parser.parse(words, lang, Xapian::Query::OP_AND);
    const std::optional<Xapian::Query> parts = compound_branch(words, parser);
    if (parts) text = Xapian::Query(Xapian::Query::OP_OR, text, *parts);
    if (!q.empty() && (parts || q.get_description() != text.get_description())) all_words = std::move(q);
  }
  MatchSpec spec{*filters, *weight, req.sort, req.q.empty() || !negated.empty(), unselected.empty() ? nullptr : fcache.get(),
                 static_cast<Xapian::doccount>((req.page - 1) * req.per_page),
                 static_cast<Xapian::doccount>(req.per_page)};
  spec.all_words = all_words ? &*all_words : nullptr;
  spec.remote = search::current_lease()->has_remote();
  // No words: the scope's tally serves the counts that leave only the
  // scope (a whole-scope page, a lone selection's own facet, the undated).
  std::shared_ptr<const ScopeTally> tally;
  if (req.q.empty() && selections(*filters) <= 1) tally = scope_tally(*fcache, db, *filters);
  if (tally && only_scope(*filters)) spec.tally = tally.get();
  MatchRun run = run_match(db, text, spec);
  // Retries: any word instead of all (match=all, or by date), then feedback.
  if (has_text && req.or_fallback && !ranks_all_first(req) && req.match != MatchMode::kAny) {
    resp.or_fallback = or_fallback(db, parser, words, lang, spec, run);
  }
  if (has_text && req.prf) feedback(db, req, schema.ranking, words, impl.all_stop, spec, run);
  resp.total = run.total;
  resp.matched_all = resp.or_fallback ? 0 : resp.total;
  if (all_words) {
    resp.matched_all = run.matched_all;
    resp.or_fallback = resp.matched_all == 0 && resp.total > 0;
  }
  resp.parsed = run.text.get_description();
  // Count, and the hits with their snippets.
  const FacetCounts counts = count_facets(db, schema, *fcache, run.spy.get(), unselected, run.text, *filters, tally.get());
  resp.facets = facet_results(req, schema, counts);
  const size_t undated = count_undated(db, run.text, *filters, tally.get(), resp.total, counts);
  add_unknown_year(resp.facets, *filters, undated);
  // What a date selection leaves out for having no date (none when it takes the undated in).
  resp.undated = filters->range.empty() || filters->undated_selected ? 0 : undated;
  resp.hits = make_hits(db, run.mset, schema, has_text ? &run.text : nullptr, all_words ? kAllWordsBonus : 0, &impl.all_stop);
  return resp;
}

// More found: more articles with every word, then more in all.
bool finds_more(const SearchResponse& a, const SearchResponse& b) {
  return a.matched_all != b.matched_all ? a.matched_all > b.matched_all : a.total > b.total;
}

}  // namespace

Result<SearchResponse> Searcher::search(const SearchRequest& req) const {
  const auto t0 = std::chrono::steady_clock::now();
  return with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<SearchResponse> {
    // One parser (stemmers, stoppers) for the query and its correction.
    const TextParser parser{db, schema_, impl_->stoppers, limits_.max_wildcard_expansion, make_stems(schema_)};
    const QueryWords words = read_query(req.q, schema_.ranking.stem_capitalised);
    auto resp = run_search(db, req, words, parser, schema_, *impl_);
    if (!resp.ok() || req.q.empty()) return resp;
    // Typos: the query with its unknown words corrected, kept (or, with
    // correct=0, suggested) only when it finds more.
    const std::string fixed = corrected_query(db, words, parser);
    if (!fixed.empty()) {
      SearchRequest again = req;
      again.q = fixed;
      auto other = run_search(db, again, read_query(fixed, schema_.ranking.stem_capitalised), parser, schema_, *impl_);
      if (other.ok() && finds_more(*other, *resp)) {
        if (req.correct) {
          other->corrected_from = req.q;
          resp = std::move(other);
        } else {
          resp->suggestion = fixed;
        }
      }
    }
    resp->took_ms = ms_since(t0);
    return resp;
  });
}

Result<FacetResult> Searcher::facet_values(const SearchRequest& req, const std::string& key, const std::string& prefix,
                                          size_t n) const {
  const FieldSpec* facet = schema_.facet_by_api_key(key);
  if (!facet) return Status::invalid_argument("unknown facet `" + key.substr(0, 60) + "`", "facet");
  if (!is_valid_utf8(prefix)) return Status::invalid_argument("`prefix` is not valid UTF-8", "prefix");
  if (prefix.size() > 100) return Status::invalid_argument("`prefix` is longer than 100 bytes", "prefix");
  // The search as the page runs it, with every value of the facet counted.
  SearchRequest all = req;
  all.page = 1;
  all.per_page = 1;
  all.facet_size = std::numeric_limits<int>::max();
  all.items = ItemsDetail::kNone;
  auto resp = search(all);
  if (!resp.ok()) return resp.status();
  FacetResult out;
  for (auto& f : resp->facets) {
    if (f.key == key) out = std::move(f);
  }
  const std::string folded = normalize_keyword(prefix);
  auto expansions = with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<std::vector<std::string>> {
    return search::synonym_expansions(db, folded);
  });
  const std::vector<std::string> none;
  std::vector<FacetValue> kept;
  for (auto& v : out.values) {
    if (v.count == 0 && !v.selected) continue;
    if (search::value_matches(*facet, v.value, folded, expansions.ok() ? *expansions : none)) kept.push_back(std::move(v));
  }
  // Most frequent first (years too: the box is for finding, not for the timeline).
  std::stable_sort(kept.begin(), kept.end(), [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  if (kept.size() > n) kept.resize(n);
  out.values = std::move(kept);
  return out;
}

namespace {

// The stored data of article `id`; kNotFound for an unknown id.
Result<std::string> article_data(Xapian::Database& db, const std::string& id) {
  const std::string term = std::string(kIdPrefix) + id;
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return Status::not_found("no article `" + id + "`");
  return db.get_document(*p).get_data();
}

}  // namespace

Result<ArticleView> Searcher::get_article(const std::string& id) const {
  return with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<ArticleView> {
    auto found = article_data(db, id);
    if (!found.ok()) return found.status();
    const std::string& stored = *found;
    auto data = decode_stored(stored);
    if (!data.ok() || !std::holds_alternative<StoredArticle>(*data)) {
      return Status::internal("stored data of `" + id + "` is not an article");
    }
    ArticleView out;
    out.article = std::get<StoredArticle>(std::move(*data));
    if (auto body = decode_body(stored); body.ok()) {
      // The index keeps the Markdown; render it (safely) for the view,
      // within the budget the indexer checked it against (its file size
      // may have been raised with --max-file-bytes).
      ArticleBudget budget;
      budget.max_file_bytes = std::max(budget.max_file_bytes, body->markdown.size());
      struct Slot {  // one of the large-render slots, released on every way out
        std::counting_semaphore<2>* s;
        ~Slot() {
          if (!s) return;
          // cmark's tree is freed in many small blocks; give them back to
          // the system, or every worker thread's malloc arena keeps its own.
          ::malloc_trim(0);
          s->release();
        }
      } slot{body->markdown.size() > Impl::kLargeBody ? &impl_->large_renders : nullptr};
      if (slot.s) slot.s->acquire();
      auto md = parse_markdown(body->markdown, body->body_line, out.article.path, schema_, budget);
      out.has_body = true;
      out.html = md.ok() ? md->html : "";
      out.sections = std::move(body->sections);
    }
    return out;
  });
}

Result<std::string> Searcher::article_source(const std::string& id) const {
  return with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<std::string> {
    auto found = article_data(db, id);
    if (!found.ok()) return found.status();
    auto body = decode_body(*found);
    if (!body.ok()) return body.status();
    return body->front_matter + body->markdown;
  });
}

Result<std::vector<RelatedHit>> Searcher::related(const std::string& id, const SearchRequest& filter, size_t n) const {
  return with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<std::vector<RelatedHit>> {
    return related_articles(db, schema_, impl_->all_stop, id, filter, n);
  });
}

Result<std::vector<Suggestion>> Searcher::suggest(const std::string& prefix_in, size_t n) const {
  if (!is_valid_utf8(prefix_in)) return Status::invalid_argument("`q` is not valid UTF-8", "q");
  if (prefix_in.size() > 200) return Status::invalid_argument("`q` is longer than 200 bytes", "q");
  const std::string prefix = normalize_keyword(prefix_in);
  return with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<std::vector<Suggestion>> {
    if (prefix.empty()) return std::vector<Suggestion>{};
    const auto cache = current_suggest(impl_->suggest, impl_->facets, db, schema_);
    return complete(*cache, prefix, n);
  });
}

Status Searcher::warm() const {
  auto r = with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<bool> {
    (void)current_suggest(impl_->suggest, impl_->facets, db, schema_);
    // The default scope's tally: the first browse need not build it.
    if (auto filters = plan_filters(SearchRequest{}, schema_); filters.ok()) {
      (void)scope_tally(*current_facets(impl_->facets, db, schema_), db, *filters);
    }
    return true;
  });
  return r.ok() ? Status{} : r.status();
}

Result<IndexInfo> Searcher::info() const {
  return with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<IndexInfo> {
    IndexInfo info;
    info.revision = search::current_lease()->revision();
    const std::string prefix = kItemTypePrefix;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      info.documents.emplace_back((*t).substr(prefix.size()), t.get_termfreq());
    }
    info.reopens = impl_->pool.reopens.load();
    // Several parts: the first's runs (each shard has its own).
    auto number = [&](const char* key) { return std::atof(db.get_metadata(key).c_str()); };
    info.runs = static_cast<size_t>(number(kMetaRuns));
    info.last_run_seconds = number(kMetaLastRunSeconds);
    info.last_run_finished = number(kMetaLastRunFinished);
    return info;
  });
}

Result<std::pair<size_t, unsigned>> Searcher::stats() const {
  return with_db(impl_->pool, db_specs_, [&](Xapian::Database& db) -> Result<std::pair<size_t, unsigned>> {
    return std::make_pair(static_cast<size_t>(db.get_termfreq(std::string(kItemTypePrefix) + "article")),
                          search::current_lease()->revision());
  });
}

}  // namespace casebase
