#include "casebase/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace casebase {

namespace {

// Closes a file descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads the open regular file `fd` (named `path` in messages), at most
// `max_bytes`: the size is taken from the descriptor, not the name.
Result<std::string> read_open_file(const Fd& fd, const std::string& path, size_t max_bytes) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Status::io("cannot read `" + path + "`: " + std::strerror(errno), DiagCode::kUnreadable);
  if (!S_ISREG(st.st_mode)) return Status::io("`" + path + "` is not a regular file", DiagCode::kUnreadable);
  const auto size = static_cast<size_t>(st.st_size);
  if (size > max_bytes) {
    return Status::io("`" + path + "` is " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                          " allowed",
                      DiagCode::kFileTooLarge);
  }
  std::string out(size, '\0');
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd.get(), out.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::io("cannot read `" + path + "`: " + std::strerror(errno), DiagCode::kUnreadable);
    if (n == 0) break;  // the file shrank while being read
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

Status link_refused(const std::string& path) {
  return Status::io("`" + path + "` is a symbolic link; links are not followed", DiagCode::kSymlink);
}

}  // namespace

Result<std::string> read_file(const std::string& path, size_t max_bytes, Links links) {
  const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (links == Links::kRefuse ? O_NOFOLLOW : 0);
  Fd fd(::open(path.c_str(), flags));
  if (fd.get() < 0) {
    if (errno == ELOOP && links == Links::kRefuse) return link_refused(path);
    return Status::io("cannot read `" + path + "`: " + std::strerror(errno), DiagCode::kUnreadable);
  }
  return read_open_file(fd, path, max_bytes);
}

Result<std::string> read_file_beneath(const std::string& root, const std::string& rel, size_t max_bytes) {
  const std::string shown = root + "/" + rel;
  Fd dir(::open(root.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY));
  if (dir.get() < 0) return Status::io("cannot open the folder `" + root + "`: " + std::strerror(errno));
  std::vector<std::string> parts;
  for (size_t start = 0; start <= rel.size();) {
    size_t slash = rel.find('/', start);
    if (slash == std::string::npos) slash = rel.size();
    std::string part = rel.substr(start, slash - start);
    if (part.empty() || part == "." || part == "..") return Status::io("`" + shown + "` is not a plain path below its folder", DiagCode::kBadPath);
    parts.push_back(std::move(part));
    start = slash + 1;
  }
  // One level at a time, none of them a link: a folder swapped for a link
  // to elsewhere after the walk is refused here.
  std::string walked = root;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    walked += "/" + parts[i];
    Fd next(::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW));
    if (next.get() < 0) {
      const int err = errno;
      struct stat st {};
      if (::fstatat(dir.get(), parts[i].c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
        return link_refused(walked);
      }
      return Status::io("cannot read `" + shown + "`: " + std::strerror(err), DiagCode::kUnreadable);
    }
    dir = std::move(next);
  }
  Fd fd(::openat(dir.get(), parts.back().c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW));
  if (fd.get() < 0) {
    if (errno == ELOOP) return link_refused(shown);
    return Status::io("cannot read `" + shown + "`: " + std::strerror(errno), DiagCode::kUnreadable);
  }
  return read_open_file(fd, shown, max_bytes);
}

}  // namespace casebase
