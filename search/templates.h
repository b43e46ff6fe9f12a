// templates: the Mustache templates of web/templates and their rendering.
// Templates escape every value unless a template asks for raw HTML with
// {{{...}}}, which is used only for HTML made safe on the server. Templates
// are read once at start from a fixed list of names; no request can name a
// template or a file.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "casebase/status.h"

namespace casebase::serve {

// Template sources by name ("layout", "search", "p_hit", …).
struct Templates {
  std::map<std::string, std::string> text;
};

// Reads the fixed list of templates from `web_dir`/templates (symlinks
// refused) and checks that each one parses. Errors: kIo for a missing or
// unreadable file, kInternal for a template syntax error.
Result<Templates> load_templates(const std::string& web_dir);

// Renders template `name` with `view`; templates named p_* are available as
// partials ({{> p_hit}}). Empty strings and null are false in sections,
// numbers become their decimal text. E.g. render_template(tp, "error",
// {{"heading", "Niet gevonden"}, {"text", "…"}}).
// Errors: kInternal for an unknown template or a rendering error.
Result<std::string> render_template(const Templates& templates, const std::string& name, const nlohmann::json& view);

}  // namespace casebase::serve
