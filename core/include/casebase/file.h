// file: reading a whole file into memory, bounded, as one helper for the
// schema, templates, static assets and the indexer.
#pragma once

#include <string>

#include "casebase/status.h"

namespace casebase {

// The bytes of the regular file at `path`. Errors: kIo when it cannot be
// opened or read, or when it is larger than `max_bytes` (the file is not
// read then). E.g. read_file("content/casebase.yaml", 1 << 20).
Result<std::string> read_file(const std::string& path, size_t max_bytes = 64u << 20);

}  // namespace casebase
