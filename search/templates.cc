#include "templates.h"

#include <kainjow/mustache.hpp>

#include <filesystem>

#include "casebase/file.h"

namespace fs = std::filesystem;
using nlohmann::json;
namespace mst = kainjow::mustache;

namespace casebase::serve {

namespace {

// The templates, loaded once; a request can only pick one of these names.
constexpr const char* kTemplateNames[] = {
    "layout", "search", "p_facets", "p_facet_value", "p_results", "p_hit",   "article",
    "contribute", "error", "feed_atom", "opensearch", "login", "password", "submit", "submissions", "submission",
    "insights",
    "alerts", "unsubscribe", "compare", "p_home",
};

constexpr size_t kMaxTemplateBytes = 1u << 20;

// Empty strings and null are false, so `{{#summary}}…{{/summary}}` skips an
// empty summary; numbers become their decimal text.
mst::data to_mustache(const json& j) {
  switch (j.type()) {
    case json::value_t::object: {
      mst::data d{mst::data::type::object};
      for (const auto& [k, v] : j.items()) d[k] = to_mustache(v);
      return d;
    }
    case json::value_t::array: {
      mst::data l{mst::data::type::list};
      for (const auto& v : j) l.push_back(to_mustache(v));
      return l;
    }
    case json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      return s.empty() ? mst::data{false} : mst::data{s};
    }
    case json::value_t::boolean: return mst::data{j.get<bool>()};
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return mst::data{j.dump()};
    default: return mst::data{false};
  }
}

}  // namespace

Result<Templates> load_templates(const std::string& web_dir) {
  Templates tp;
  for (const char* name : kTemplateNames) {
    fs::path p = fs::path(web_dir) / "templates" / (std::string(name) + ".mustache");
    std::error_code ec;
    if (fs::is_symlink(p, ec)) return Status::io("refusing symlinked template `" + p.string() + "`");
    auto text = read_file(p.string(), kMaxTemplateBytes);
    if (!text.ok()) return Status::io("cannot read `" + p.string() + "`");
    mst::mustache check{*text};
    if (!check.is_valid()) return Status::internal("template `" + p.string() + "`: " + check.error_message());
    tp.text[name] = std::move(*text);
  }
  return tp;
}

Result<std::string> render_template(const Templates& tp, const std::string& name, const json& view) {
  auto it = tp.text.find(name);
  if (it == tp.text.end()) return Status::internal("no template `" + name + "`");
  // Parsed per call: a kainjow template object is not safe to render from
  // several threads at once, and parsing a few kilobytes is cheap.
  mst::mustache tmpl{it->second};
  mst::data data = to_mustache(view);
  for (const auto& [pname, ptext] : tp.text) {
    if (pname.rfind("p_", 0) != 0) continue;
    const std::string* text = &ptext;
    data[pname] = mst::data{mst::partial{[text] { return *text; }}};
  }
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) return Status::internal("template `" + name + "`: " + tmpl.error_message());
  return out;
}

}  // namespace casebase::serve
