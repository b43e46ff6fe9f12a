#include "casebase/config_file.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>

#include "casebase/file.h"

namespace casebase {

namespace {

constexpr size_t kMaxConfigBytes = 1 << 20;
const std::set<std::string> kShared = {"db", "content", "schema"};
const std::set<std::string> kSections = {"serve", "index"};

SourceLoc loc_of(const std::string& path, const YAML::Node& n) {
  return {path, n.Mark().line + 1, n.Mark().column + 1};
}

std::string flag_of(const std::string& key) {
  if (key == "schema") return "--config";
  std::string f = "--" + key;
  std::replace(f.begin(), f.end(), '_', '-');
  return f;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

Result<std::vector<ConfigArg>> load_config_args(const std::string& path, std::string_view section,
                                                const std::vector<std::string>& keys,
                                                const std::vector<std::string>& list_keys,
                                                const std::vector<std::string>& bool_keys) {
  auto text = read_file(path, kMaxConfigBytes);
  if (!text.ok()) return Status::io("cannot read the settings file `" + path + "`: " + text.status().message());
  YAML::Node root;
  try {
    root = YAML::Load(*text);
  } catch (const YAML::Exception& e) {
    return Status::content(e.msg, {path, e.mark.line + 1, e.mark.column + 1});
  }
  if (root.IsNull()) return std::vector<ConfigArg>{};
  if (!root.IsMap()) return Status::content("expected settings as `key: value` lines", loc_of(path, root));
  // key -> (node, from the program's section)
  std::map<std::string, std::pair<YAML::Node, bool>> chosen;
  auto take = [&](const YAML::Node& map, bool own) -> Status {
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (!contains(keys, key)) {
        std::string where = own ? "`" + std::string(section) + ":`" : "the top level";
        return Status::content("unknown setting `" + key + "` in " + where, loc_of(path, kv.first));
      }
      if (own || !chosen.count(key)) chosen[key] = {kv.second, own};
    }
    return {};
  };
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    if (kSections.count(key)) {
      if (key != section) continue;  // the other program's settings
      if (kv.second.IsNull()) continue;
      if (!kv.second.IsMap()) return Status::content("`" + key + ":` must hold `key: value` lines", loc_of(path, kv.second));
      if (Status st = take(kv.second, true); !st.ok()) return st;
    } else if (!kShared.count(key)) {
      return Status::content("unknown setting `" + key + "` (shared settings: db, content, schema; the others go under "
                             "`serve:` or `index:`)", loc_of(path, kv.first));
    }
  }
  // Shared keys the program does not take (e.g. a server-only list of
  // shards) are not errors at the top level.
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    if (kShared.count(key) && contains(keys, key) && !chosen.count(key)) chosen[key] = {kv.second, false};
  }
  std::vector<ConfigArg> out;
  for (const auto& [key, entry] : chosen) {
    const YAML::Node& v = entry.first;
    ConfigArg arg{flag_of(key), {}, loc_of(path, v)};
    if (v.IsSequence()) {
      if (!contains(list_keys, key)) return Status::content("`" + key + "` takes one value, not a list", arg.loc);
      for (const auto& item : v) {
        if (!item.IsScalar()) return Status::content("`" + key + "` must be a list of values", loc_of(path, item));
        arg.values.push_back(item.Scalar());
      }
      if (arg.values.empty()) continue;
    } else if (v.IsMap()) {
      return Status::content("`" + key + "` takes a value, not `key: value` lines", arg.loc);
    } else if (contains(bool_keys, key)) {
      const std::string b = v.IsNull() ? "" : v.Scalar();
      if (b == "true" || b == "yes" || b == "on") {
        out.push_back(std::move(arg));
      } else if (b != "false" && b != "no" && b != "off") {
        return Status::content("`" + key + "` is true or false, not `" + b.substr(0, 40) + "`", arg.loc);
      }
      continue;
    } else {
      arg.values.push_back(v.IsNull() ? "" : v.Scalar());
    }
    out.push_back(std::move(arg));
  }
  return out;
}

std::string config_file_arg(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--config-file" && i + 1 < argc) return argv[i + 1];
    if (a.rfind("--config-file=", 0) == 0) return a.substr(14);
  }
  return "";
}

std::vector<std::string> merge_config_args(const std::vector<ConfigArg>& file, int argc, const char* const* argv) {
  std::set<std::string> given;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) continue;
    given.insert(a.substr(0, a.find('=')));
  }
  std::vector<std::string> out;
  for (const auto& arg : file) {
    if (given.count(arg.flag)) continue;
    if (arg.values.empty()) out.push_back(arg.flag);
    for (const auto& v : arg.values) out.push_back(arg.flag + "=" + v);
  }
  for (int i = 1; i < argc; ++i) out.emplace_back(argv[i]);
  return out;
}

}  // namespace casebase
