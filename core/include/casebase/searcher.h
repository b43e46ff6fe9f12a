// searcher: the read side, one of the two modules that include <xapian.h>.
// Runs SearchRequests against the index (QueryParser per article language,
// filters from the schema's facet terms, exact disjunctive facet counts from
// value-slot match spies, snippets, spelling suggestions), and serves
// articles, related articles and autocomplete. Thread-safe: each call takes
// a database handle from a pool, reopens it if a newer revision exists and
// retries once on DatabaseModifiedError. Xapian exceptions stop here.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "casebase/query.h"
#include "casebase/schema.h"
#include "casebase/status.h"

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
  nlohmann::json data;  // the stored document data (article or item)
  std::string snippet;  // HTML: escaped text with <mark> around matches
  std::string snippet_section;  // section the snippet came from ("les", …) or empty
  double score = 0;
};

struct SearchResponse {
  size_t total = 0;
  std::vector<Hit> hits;
  std::vector<FacetResult> facets;
  std::string suggestion;  // corrected query, empty if none
  bool or_fallback = false;  // no document had all words: matched any word instead
  std::string parsed;        // Xapian's description of the query (debugging)
  double took_ms = 0;
};

struct RelatedHit {
  nlohmann::json data;
  std::vector<std::string> shared_terms;
  std::vector<std::pair<std::string, std::string>> shared_facets;  // (facet, value)
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
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  const Schema& schema() const { return schema_; }
  const Limits& limits() const { return limits_; }

  Result<SearchResponse> search(const SearchRequest& req) const;
  // The article's stored data (metadata, sections, items, html).
  Result<nlohmann::json> get_article(const std::string& id) const;
  // Up to `n` related articles, optionally filtered like a search.
  Result<std::vector<RelatedHit>> related(const std::string& id, const SearchRequest& filter, size_t n) const;
  // Autocomplete for a prefix (the last word completes).
  Result<std::vector<Suggestion>> suggest(const std::string& prefix, size_t n) const;
  // Number of articles and the revision currently served.
  Result<std::pair<size_t, unsigned>> stats() const;
  // Builds the facet and autocomplete caches now (the server calls it before
  // it listens), so no request pays for them; fails like stats().
  Status warm() const;

  struct Impl;  // pooled handles and caches; defined in searcher.cc

 private:
  std::string db_path_;
  Schema schema_;
  Limits limits_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace casebase
