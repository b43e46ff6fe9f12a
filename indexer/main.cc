#include <cstdlib>
#include <string>
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  auto opts = casebase::indexer::parse_args(argc, argv);
  if (!opts.ok()) {
    std::cerr << opts.status().message() << "\n";
    return 2;
  }
  // Xapian reads this when it opens the index for writing (before any
  // thread starts; the server, which also writes, never sets it).
  if (opts->changesets > 0) ::setenv("XAPIAN_MAX_CHANGESETS", std::to_string(opts->changesets).c_str(), 1);
  return casebase::indexer::run(*opts, std::cout, std::cerr);
}
