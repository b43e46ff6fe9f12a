#include "casebase/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::string> read_file(const std::string& path, size_t max_bytes, Links links) {
  const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (links == Links::kRefuse ? O_NOFOLLOW : 0);
  Fd fd(::open(path.c_str(), flags));
  if (fd.get() < 0) {
    if (errno == ELOOP && links == Links::kRefuse) {
      return Status::io("`" + path + "` is a symbolic link; links are not followed");
    }
    return Status::io("cannot read `" + path + "`: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Status::io("cannot read `" + path + "`: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::io("`" + path + "` is not a regular file");
  const auto size = static_cast<size_t>(st.st_size);
  if (size > max_bytes) {
    return Status::io("`" + path + "` is " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                      " allowed");
  }
  std::string out(size, '\0');
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd.get(), out.data() + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::io("cannot read `" + path + "`: " + std::strerror(errno));
    if (n == 0) break;  // the file shrank while being read
    got += static_cast<size_t>(n);
  }
  out.resize(got);
  return out;
}

}  // namespace casebase
