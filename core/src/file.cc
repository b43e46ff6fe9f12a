#include "casebase/file.h"

#include <fstream>
#include <sstream>
#include <system_error>
#include <filesystem>

namespace casebase {

Result<std::string> read_file(const std::string& path, size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::io("cannot read `" + path + "`: " + ec.message());
  if (size > max_bytes) {
    return Status::io("`" + path + "` is " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                      " allowed");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("cannot read `" + path + "`");
  std::string out;
  out.resize(static_cast<size_t>(size));
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  if (in.gcount() != static_cast<std::streamsize>(out.size())) return Status::io("cannot read `" + path + "`");
  return out;
}

}  // namespace casebase
