// config_file: the one settings file of a Casebase installation
// (/etc/casebase/casebase.yaml in the Debian package), read by
// casebase-serve and casebase-index. Each setting is a program's flag
// without its dashes (base_url is --base-url); `schema` is --config.
// Top-level keys are shared (db, content, schema); `serve:` and `index:`
// hold each program's own, and win over the shared ones. Flags given on
// the command line win over the file.
//
// E.g.  db: /var/lib/casebase/index
//       serve: {port: 8080, access_log: "-"}
//  load_config_args(path, "serve", {"host", "port", …}) -> {--db …, --port 8080, --access-log -}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "casebase/status.h"

namespace casebase {

struct ConfigArg {
  std::string flag;                 // "--port"
  std::vector<std::string> values;  // empty for a flag set to true
  SourceLoc loc;                    // where the file sets it
};

// The settings of `section` ("serve" or "index") as flags. `keys` are the
// keys that program takes; `list_keys` those that may hold a list;
// `bool_keys` those that are switches (true: the flag; false: nothing).
// Errors (kContent, file:line:col): unreadable YAML, an unknown key or
// section, a list or map where a value belongs.
Result<std::vector<ConfigArg>> load_config_args(const std::string& path, std::string_view section,
                                                const std::vector<std::string>& keys,
                                                const std::vector<std::string>& list_keys = {},
                                                const std::vector<std::string>& bool_keys = {});

// The value of --config-file on the command line ("" when absent).
std::string config_file_arg(int argc, const char* const* argv);

// argv for CLI11: the file's settings whose flag the command line does not
// give, then the command line's own arguments (without argv[0]).
std::vector<std::string> merge_config_args(const std::vector<ConfigArg>& file, int argc, const char* const* argv);

}  // namespace casebase
