// casebase-serve: options, argument parsing and the HTTP routes. Handlers
// parse and validate, call the core Searcher, and emit JSON built with
// nlohmann::json. All routes live in one table in register_routes().
#pragma once

#include <map>
#include <string>

#include "casebase/searcher.h"
#include "casebase/status.h"

namespace httplib {
class Server;
}

namespace casebase::serve {

struct Options {
  std::string db_path = "var/index";
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string config_path;  // empty: built-in schema
  std::string web_dir = "web";
  int threads = 8;
  bool help = false;
  std::string usage;
};

Result<Options> parse_args(int argc, const char* const* argv);

// Static files served from memory: loaded once at start from a fixed list
// under web/static (symlinks refused), so no request can read another file.
struct StaticFiles {
  std::map<std::string, std::pair<std::string, std::string>> files;  // url path -> (content type, body)
};
Result<StaticFiles> load_static(const std::string& web_dir);

// Applies the request limits, timeouts and security headers, and registers
// every route. `searcher` and `files` must outlive the server.
void register_routes(httplib::Server& server, const Searcher& searcher, const StaticFiles& files);

}  // namespace casebase::serve
