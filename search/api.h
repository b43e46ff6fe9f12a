// api: the JSON bodies of docs/API.md, built from core results with
// nlohmann::json. One piece of code serves both outputs: the JSON handlers
// send these bodies as they are, and the HTML pages (pages.h) build their
// view models from the same bodies, so the two can never disagree.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "casebase/query.h"
#include "casebase/searcher.h"

namespace casebase::serve {

// How much of an article a hit carries. kApi, for `GET /api/search`: its
// items as the request's `items` asks, and `fields` without those that
// are members of the hit already (title, summary, date, language, type);
// kFull, for exports and feeds: every item and every field.
enum class HitForm { kApi, kFull };

// One hit as in `GET /api/search`: the stored document (an item without
// its text and fields; an article in `form`) plus url, api_url, each hit
// field of the schema (a list, see FieldSpec::hit), snippet (HTML),
// snippet_section and score.
nlohmann::json hit_json(const Hit& h, HitForm form = HitForm::kFull, ItemsDetail items = ItemsDetail::kAll);

// The `facets` object of a search response, keyed by facet API key.
nlohmann::json facets_json(const std::vector<FacetResult>& facets);

// The whole body of `GET /api/search` for `req` and its response.
nlohmann::json search_json(const SearchRequest& req, const SearchResponse& resp, HitForm form = HitForm::kApi);

// The body of `GET /api/articles/{id}`: the stored article with its
// sections and html, plus its url.
nlohmann::json article_json(const std::string& id, const ArticleView& stored);

// True for an article id of [a-z0-9/_-], without empty or dot segments.
bool valid_article_id(const std::string& id);

// One related article of `GET /api/articles/{id}/related`, with its reason.
nlohmann::json related_json(const RelatedHit& r);

}  // namespace casebase::serve
