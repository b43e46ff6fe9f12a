// search_views: the parts of the search and lessons pages, each a view model
// built from the body of GET /api/search (api.h) and the request: facets,
// hits, pagination, active filters, the count and the tips for zero results.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "casebase/query.h"
#include "casebase/schema.h"
#include "i18n.h"
#include "page_request.h"

namespace casebase::serve {

// One value of a facet group: its checkbox's id (f-KEY-i), value, label,
// count and whether it is ticked.
nlohmann::json facet_value_view(const std::string& key, size_t i, const std::string& value, size_t count,
                                bool checked, const Language& lang, const Schema& schema);

// The facet groups in schema order (Schema::facets_in_order), the year range
// selects and the clear-all link. The lessons page leaves out the facet
// that the item type lives in ("type").
nlohmann::json facets_view(const nlohmann::json& body, const SearchRequest& req, ListKind kind, const Language& lang,
                           const Schema& schema);

// One hit (article or item); the byline from the hit's `schema.byline` field.
nlohmann::json hit_view(const nlohmann::json& hit, const Language& lang, const Schema& schema);

// Numbered page links around the current page; false for a single page.
nlohmann::json pagination_view(const SearchRequest& req, size_t pages, ListKind kind, const Language& lang);

// The active filters and year range, each with the URL that removes it.
nlohmann::json active_filters_view(const SearchRequest& req, ListKind kind, const Language& lang, const Schema& schema);

// "12 resultaten voor ‘laadpalen’"; over several pages the range shown:
// "11–20 van 49 resultaten voor ‘laadpalen’".
std::string results_count_text(const SearchRequest& req, size_t total, size_t pages, const Language& lang);

// Zero results: ways out, most specific first (the suggestion, dropping
// each filter, related themes (`theme_tips`, made by the page, which can
// search), clearing all, searching everything, fewer words, browsing).
// {text, url} of one tip.
nlohmann::json tip(const std::string& text, const std::string& url);

nlohmann::json tips_view(const SearchRequest& req, ListKind kind, const Language& lang, const nlohmann::json& suggestion,
                         const nlohmann::json& active, const nlohmann::json& theme_tips = nlohmann::json::array());

// The search form: query, sort and scope selects, labels.
nlohmann::json form_view(const SearchRequest& req, ListKind kind, const Language& lang);

}  // namespace casebase::serve
