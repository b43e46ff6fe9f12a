#include "i18n.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "casebase/file.h"
#include "casebase/text.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace casebase::serve {

namespace {

constexpr const char* kFallback = "en";
constexpr const char* kDefault = "nl";
constexpr size_t kMaxCatalogueBytes = 1u << 20;

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t e = s.find(sep, pos);
    out.push_back(trim(s.substr(pos, e == std::string_view::npos ? std::string_view::npos : e - pos)));
    if (e == std::string_view::npos) break;
    pos = e + 1;
  }
  return out;
}

bool is_lang_code(std::string_view s) {
  return s.size() >= 2 && s.size() <= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

Language make_language(const std::string& code, const StringTable& own, const StringTable* fallback) {
  Language l;
  l.code = code;
  if (fallback) l.strings = *fallback;
  for (const auto& [k, v] : own) l.strings[k] = v;
  // A catalogue names itself; a fallback's name would be wrong.
  auto name = own.find("language_name");
  l.name = name != own.end() ? name->second : code;
  l.strings["language_name"] = l.name;
  auto label = own.find("lang_switch_label");
  l.switch_label = label != own.end() ? label->second : l.name;
  l.t = json::object();
  json js = json::object();
  for (const auto& [k, v] : l.strings) {
    l.t[k] = v;
    if (k.rfind("js_", 0) == 0) js[k.substr(3)] = v;
  }
  l.js_strings = js.dump();
  return l;
}

}  // namespace

std::string tr(const Language& lang, std::string_view key) {
  auto it = lang.strings.find(key);
  // A missing key is a programmer error caught by the catalogue test; in
  // production the key is shown rather than nothing.
  return it != lang.strings.end() ? it->second : std::string(key);
}

std::string format(std::string_view pattern, const std::map<std::string, std::string>& args) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        auto it = args.find(std::string(pattern.substr(i + 1, close - i - 1)));
        if (it != args.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(pattern[i++]);
  }
  return out;
}

Result<StringTable> parse_catalogue(std::string_view text, const std::string& name) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    return Status::invalid_argument(name + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) return Status::invalid_argument(name + ": a catalogue must be one JSON object of strings");
  StringTable out;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) {
      return Status::invalid_argument(name + ": the value of `" + k + "` must be a string (a flat object, no nesting)");
    }
    out[k] = v.get<std::string>();
  }
  return out;
}

Result<Catalogues> Catalogues::from_tables(const std::map<std::string, StringTable>& tables) {
  if (tables.empty()) return Status::invalid_argument("no message catalogue");
  auto fb = tables.find(kFallback);
  const StringTable* fallback = fb != tables.end() ? &fb->second : nullptr;
  Catalogues c;
  for (const auto& [code, table] : tables) {
    if (code == kDefault || (code == kFallback && !tables.count(kDefault))) c.default_ = c.langs_.size();
    c.langs_.push_back(make_language(code, table, fallback));
  }
  return c;
}

const Language* Catalogues::find(std::string_view code) const {
  std::string c = lower_ascii(trim(code));
  std::string primary = c.substr(0, c.find_first_of("-_"));
  for (const auto& l : langs_) {
    if (l.code == primary) return &l;
  }
  return nullptr;
}

const Language& Catalogues::negotiate(std::string_view param, std::string_view cookie_header,
                                      std::string_view accept_language) const {
  if (const Language* l = find(param)) return *l;
  for (const auto& part : split(cookie_header, ';')) {
    size_t eq = part.find('=');
    if (eq != std::string::npos && part.substr(0, eq) == kLangCookie) {
      if (const Language* l = find(part.substr(eq + 1))) return *l;
    }
  }
  const Language* best = nullptr;
  double best_q = 0;
  for (const auto& range : split(accept_language, ',')) {
    auto params = split(range, ';');
    const Language* l = find(params[0]);
    if (!l) continue;
    double q = 1.0;
    for (size_t i = 1; i < params.size(); ++i) {
      if (params[i].rfind("q=", 0) == 0) q = std::strtod(params[i].c_str() + 2, nullptr);
    }
    if (q > best_q) {
      best_q = q;
      best = l;
    }
  }
  return best ? *best : default_language();
}

Result<Catalogues> load_catalogues(const std::string& web_dir) {
  const fs::path dir = fs::path(web_dir) / "i18n";
  std::error_code ec;
  std::map<std::string, StringTable> tables;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path p = it->path();
    if (p.extension() != ".json") continue;
    if (fs::is_symlink(p, ec)) return Status::io("refusing symlinked catalogue `" + p.string() + "`");
    const std::string code = p.stem().string();
    if (!is_lang_code(code)) {
      return Status::invalid_argument("`" + p.string() + "`: a catalogue is named by its language code, e.g. de.json");
    }
    auto text = read_file(p.string(), kMaxCatalogueBytes);
    if (!text.ok()) return text.status();
    auto table = parse_catalogue(*text, "`" + p.string() + "`");
    if (!table.ok()) return table.status();
    tables[code] = std::move(*table);
  }
  if (ec) return Status::io("cannot read `" + dir.string() + "`: " + ec.message());
  if (tables.empty()) return Status::invalid_argument("no message catalogue (*.json) in `" + dir.string() + "`");
  return Catalogues::from_tables(tables);
}

}  // namespace casebase::serve
