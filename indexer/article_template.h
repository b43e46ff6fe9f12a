// article_template: the Markdown `casebase-index new` writes, derived from
// the active schema (built-in or --config), so a template never names keys
// the schema does not know.
#pragma once

#include <string>

#include "casebase/schema.h"

namespace casebase::indexer {

// A new article titled `title`, in the schema's default language: front
// matter with the title and every field that is required, a facet, a text
// field or has an `example` (its example, else the schema's default
// language/type, else the vocabulary's first value, else today's date for a
// date field, else empty; a vocabulary adds a hint of its values), then the
// schema's template_intro and each section as a `##` heading with its
// example text. `today` ("YYYY-MM-DD") fills date fields without an example.
// E.g. render_article_template(default_schema(), "Nieuwe casus", "2026-01-31")
// starts "---\ntitle: \"Nieuwe casus\"\nsummary: …".
std::string render_article_template(const Schema& schema, const std::string& title, const std::string& today);

// A YAML double-quoted scalar (quotes, backslashes and line breaks escaped).
std::string yaml_quoted(const std::string& v);
// The value as a plain YAML scalar when that reads back the same, else
// quoted. E.g. yaml_scalar("NL") == "NL", yaml_scalar("a: b") == "\"a: b\"".
std::string yaml_scalar(const std::string& v);

}  // namespace casebase::indexer
