#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  auto opts = casebase::indexer::parse_args(argc, argv);
  if (!opts.ok()) {
    std::cerr << opts.status().message() << "\n";
    return 2;
  }
  return casebase::indexer::run(*opts, std::cout, std::cerr);
}
