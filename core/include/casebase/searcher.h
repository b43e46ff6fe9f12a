// searcher: the read side (with the index writer, the only code that
// includes <xapian.h>, in core/src). Runs SearchRequests against the index
// as a list of stages, each in its own file under core/src/search/ (query
// words, language guess, text parsing, filters, match, feedback, facets,
// spelling, hits and snippets), and serves articles, related articles and
// autocomplete. Results carry the typed stored documents of stored.h.
// Thread-safe: each call takes a database handle from a pool, reopens it if
// a newer revision exists and retries once on DatabaseModifiedError. Xapian
// exceptions stop here.
//
// E.g. Searcher s("/var/lib/casebase", default_schema());
//      auto r = s.search(SearchRequest{.q = "fiets"});  // r->hits[0].doc holds a StoredArticle
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "casebase/query.h"
#include "casebase/schema.h"
#include "casebase/status.h"
#include "casebase/stored.h"

namespace casebase {

struct FacetValue {
  std::string value;
  size_t count = 0;
  bool selected = false;
};

struct FacetResult {
  std::string key;  // API key (front-matter key; "year" for the date)
  Labels labels;    // the facet field's labels per language
  size_t distinct = 0;  // distinct values over all matches
  std::vector<FacetValue> values;  // top N by count (years: by year), selected always included
};

struct Hit {
  StoredDoc doc;  // the stored article or item
  // The values of each field with FieldSpec::hit, by key (an empty list
  // when the document has none); an item carries its case's.
  StoredFields hit_fields;
  std::string snippet;  // HTML: escaped text with <mark> around matches
  std::string snippet_section;  // section the snippet came from ("les", …) or empty
  double score = 0;
  // Of an article hit, the indexes (in StoredArticle::items) of the items
  // whose text has a word of the query, or its stem; empty when browsing.
  std::vector<size_t> matching_items;
};

struct SearchResponse {
  size_t total = 0;
  std::vector<Hit> hits;
  std::vector<FacetResult> facets;
  // The results are for the corrected query `q` (unknown words replaced by
  // the index's closest spelling) instead of this one, as typed.
  std::string corrected_from;
  std::string q;           // the query the results are for
  // With correct=0: the corrected query, when it finds more; empty if none.
  std::string suggestion;
  bool or_fallback = false;  // no document had all words: matched any word instead
  // How many of the `total` matches have every word of the query (all of
  // them for a browse, a one-word query or match=any's own count).
  size_t matched_all = 0;
  // With a year filter: the matches it leaves out because they have no
  // date (they are in no year), so the page can say so. 0 otherwise.
  size_t undated = 0;
  // Shards (several databases) that could not be reached: the answer is
  // for the others only. Empty when every shard answered.
  std::vector<std::string> missing_shards;
  std::string parsed;        // Xapian's description of the query (debugging)
  double took_ms = 0;
};

struct RelatedHit {
  StoredArticle article;
  std::vector<std::string> shared_terms;
  std::vector<std::pair<std::string, std::string>> shared_facets;  // (facet, value)
};

// An article for its page: the stored article, its named sections and its
// Markdown rendered to HTML (has_body is false when the index lacks the body).
struct ArticleView {
  StoredArticle article;
  bool has_body = false;
  std::vector<StoredSection> sections;
  std::string html;
};

// What /metrics reports of the index served.
struct IndexInfo {
  unsigned revision = 0;
  std::vector<std::pair<std::string, size_t>> documents;  // by type: article, lesson, pro, con
  size_t reopens = 0;  // times the searcher moved to a newer revision or generation
  // Written by casebase-index at each commit (0 when the index predates them).
  size_t runs = 0;                // indexing runs that committed to this index
  double last_run_seconds = 0;    // how long the last one took
  double last_run_finished = 0;   // when it committed (Unix time)
};

struct Suggestion {
  std::string text;
  std::string kind;  // title, facet, term
  std::string facet;  // facet key for kind == facet
  std::string id;     // article id for kind == title
};

class Searcher {
 public:
  // Opens the index at `db_path`. The database may not exist yet; calls then
  // fail with kNotFound until an indexer has committed.
  Searcher(std::string db_path, Schema schema, Limits limits = {});
  // Several databases searched as one: each an index folder or
  // "tcp://HOST:PORT" (a casebase-shard). Totals, order, facet counts,
  // snippets and suggestions are those of one database holding them all;
  // a shard that cannot be reached within `remote_timeout_ms` is left out
  // and named in SearchResponse::missing_shards.
  Searcher(std::vector<std::string> db_specs, Schema schema, Limits limits = {}, unsigned remote_timeout_ms = 5000);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  const Schema& schema() const { return schema_; }
  const Limits& limits() const { return limits_; }

  Result<SearchResponse> search(const SearchRequest& req) const;
  // The values of facet `key` (its API key) that answer `prefix` as typed
  // into the facet's search box (see core/src/search/facet_search.h: word
  // starts, labels, aliases and the synonym table), with their counts in
  // `req`'s results as the facet would count them (without its own
  // selection), most frequent first, at most `n`. An empty prefix gives
  // the most frequent values. Errors: kInvalidArgument naming `facet` (not
  // a facet) or `prefix` (over 100 bytes or not UTF-8); as search().
  Result<FacetResult> facet_values(const SearchRequest& req, const std::string& key, const std::string& prefix,
                                   size_t n) const;
  // The article's stored data (metadata, sections, items, html). Errors:
  // kNotFound for an unknown id.
  Result<ArticleView> get_article(const std::string& id) const;
  // The article's file as written: its front matter (with the fences) and
  // its Markdown body, byte for byte, from the index (no content folder
  // needed). Errors: kNotFound for an unknown id; kInternal for an index
  // without the body.
  Result<std::string> article_source(const std::string& id) const;
  // Up to `n` related articles, optionally filtered like a search.
  Result<std::vector<RelatedHit>> related(const std::string& id, const SearchRequest& filter, size_t n) const;
  // Autocomplete for a prefix (the last word completes).
  Result<std::vector<Suggestion>> suggest(const std::string& prefix, size_t n) const;
  // Number of articles and the revision currently served.
  Result<std::pair<size_t, unsigned>> stats() const;
  // The revision, documents per type, reopens and indexing runs (/metrics).
  Result<IndexInfo> info() const;
  // Builds the facet and autocomplete caches and the articles' browse
  // tally now (the server calls it before it listens), so no request pays
  // for them; fails like stats().
  Status warm() const;

  struct Impl;  // pooled handles and caches; defined in searcher.cc

 private:
  std::vector<std::string> db_specs_;
  Schema schema_;
  Limits limits_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace casebase
