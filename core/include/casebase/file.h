// file: reading a whole file into memory, bounded, as one helper for the
// schema, templates, static assets and the indexer.
#pragma once

#include <string>

#include "casebase/status.h"

namespace casebase {

// Whether read_file follows a symbolic link named by the path itself.
// kRefuse opens with O_NOFOLLOW and checks the opened file, so a link
// swapped in after a directory walk still cannot be read through (content
// files are hostile; a link could point at any file the process may read).
enum class Links { kFollow, kRefuse };

// The bytes of the regular file at `path`. Errors: kIo when it cannot be
// opened or read, is not a regular file, is a symbolic link (kRefuse), or
// is larger than `max_bytes` (the file is not read then).
// E.g. read_file("content/casebase.yaml", 1 << 20, Links::kRefuse).
Result<std::string> read_file(const std::string& path, size_t max_bytes = 64u << 20, Links links = Links::kFollow);

// The bytes of the regular file `rel` ("cases/a.md", components joined by
// '/') below the folder `root`, opened one component at a time with
// O_NOFOLLOW: neither the file nor any folder between `root` and it may be
// a symbolic link, even one swapped in after a directory walk. `root`
// itself is followed (the operator chose it). Errors: kIo as read_file,
// and for a `rel` that is empty, absolute or has "." or ".." components.
// E.g. read_file_beneath("content", "cases/a.md", 512 << 10).
Result<std::string> read_file_beneath(const std::string& root, const std::string& rel, size_t max_bytes);

}  // namespace casebase
