#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace casebase::serve {

// ---- WorkerPool ----------------------------------------------------------

WorkerPool::WorkerPool(size_t threads) : size_(threads == 0 ? 1 : threads) {
  for (size_t i = 0; i < size_; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { drain_and_stop(); }

bool WorkerPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> g(mu_);
    if (stopping_) return false;
    jobs_.push_back(std::move(fn));
  }
  cv_.notify_one();
  return true;
}

void WorkerPool::drain_and_stop() {
  {
    std::lock_guard<std::mutex> g(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void WorkerPool::run() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      fn = std::move(jobs_.front());
      jobs_.pop_front();
    }
    ++busy_;
    fn();
    --busy_;
  }
}

namespace {

// httplib's listen loop owns the queue it gets from new_task_queue and
// shuts it down when it ends; the pool itself belongs to the server.
class PoolQueue : public httplib::TaskQueue {
 public:
  explicit PoolQueue(WorkerPool& pool) : pool_(pool) {}
  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
  // The listen loop has ended: answer what is queued and in flight.
  void shutdown() override { pool_.drain_and_stop(); }

 private:
  WorkerPool& pool_;
};

bool wait_fd(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  for (;;) {
    int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

int to_ms(time_t sec, time_t usec) { return static_cast<int>(sec * 1000 + usec / 1000); }

bool iequals_prefix(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower_prefix[i]) return false;
  }
  return true;
}

// A header line naming Range ("Range:", "range :", …).
bool is_range_header(std::string_view line) {
  if (!iequals_prefix(line, "range")) return false;
  size_t i = 5;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i < line.size() && line[i] == ':';
}

constexpr size_t kReadChunk = 16 * 1024;
// Header blocks longer than this are passed on unfiltered: httplib and the
// router refuse them (431) anyway.
constexpr size_t kMaxHeaderBlock = 64 * 1024;

}  // namespace

RequestContext& current_request() {
  thread_local RequestContext ctx;
  return ctx;
}

// ---- Connection ----------------------------------------------------------

struct Connection {
  int fd = -1;
  std::string in;  // bytes read and not yet consumed (from `pos`)
  size_t pos = 0;
  size_t served = 0;  // requests answered
  std::chrono::steady_clock::time_point idle_until;
  // Of the response being written: its status and whether it closes.
  bool head_seen = false;
  int status = 0;
  bool closes = false;

  size_t buffered() const { return in.size() - pos; }

  // Reads what the socket has (waiting up to timeout_ms). False on EOF,
  // error or timeout.
  bool fill(int timeout_ms) {
    if (!wait_fd(fd, POLLIN, timeout_ms)) return false;
    if (pos > 0 && pos == in.size()) {
      in.clear();
      pos = 0;
    }
    char tmp[kReadChunk];
    for (;;) {
      ssize_t n = ::recv(fd, tmp, sizeof tmp, MSG_DONTWAIT);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      in.append(tmp, static_cast<size_t>(n));
      return true;
    }
  }

  // Reads up to the end of the next request's header block and drops its
  // Range headers. False when the client closed or sent nothing in time.
  // The whole block must arrive within timeout_ms (a client sending a
  // byte at a time holds a worker no longer than that).
  bool prepare_request(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    size_t end = std::string::npos;
    for (;;) {
      end = in.find("\r\n\r\n", pos);
      if (end != std::string::npos || buffered() > kMaxHeaderBlock) break;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || !fill(static_cast<int>(left.count()))) return false;
    }
    if (end == std::string::npos) return true;
    // Lines after the request line, up to the blank one.
    std::string filtered;
    size_t line = in.find("\r\n", pos) + 2;
    bool dropped = false;
    filtered.append(in, pos, line - pos);
    while (line < end + 2) {
      size_t next = in.find("\r\n", line) + 2;
      std::string_view l(in.data() + line, next - line);
      if (is_range_header(l)) {
        dropped = true;
      } else {
        filtered.append(l);
      }
      line = next;
    }
    if (dropped) {
      filtered.append("\r\n");
      in = filtered + in.substr(end + 4);
      pos = 0;
    }
    return true;
  }
};

namespace {

class ConnStream : public httplib::Stream {
 public:
  ConnStream(Connection& c, int read_ms, int write_ms) : c_(c), read_ms_(read_ms), write_ms_(write_ms) {}

  bool is_readable() const override { return c_.buffered() > 0 || wait_fd(c_.fd, POLLIN, read_ms_); }
  bool is_writable() const override { return wait_fd(c_.fd, POLLOUT, write_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (c_.buffered() == 0 && !c_.fill(read_ms_)) return -1;
    size_t n = std::min(size, c_.buffered());
    std::memcpy(ptr, c_.in.data() + c_.pos, n);
    c_.pos += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!c_.head_seen) note_head(std::string_view(ptr, size));
    if (!is_writable()) return -1;
    for (;;) {
      ssize_t n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(false, ip, port); }
  socket_t socket() const override { return c_.fd; }

 private:
  // httplib writes the status line and headers in one piece, first.
  void note_head(std::string_view head) {
    c_.head_seen = true;
    if (head.size() >= 12 && head.substr(0, 5) == "HTTP/") {
      c_.status = std::atoi(std::string(head.substr(9, 3)).c_str());
    }
    size_t end = head.find("\r\n\r\n");
    std::string_view headers = head.substr(0, end == std::string_view::npos ? head.size() : end + 2);
    c_.closes = headers.find("\r\nConnection: close\r\n") != std::string_view::npos;
  }

  void address(bool peer, std::string& ip, int& port) const {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int rc = peer ? ::getpeername(c_.fd, reinterpret_cast<sockaddr*>(&ss), &len)
                  : ::getsockname(c_.fd, reinterpret_cast<sockaddr*>(&ss), &len);
    if (rc != 0) return;
    char buf[INET6_ADDRSTRLEN] = {};
    if (ss.ss_family == AF_INET) {
      auto* a = reinterpret_cast<sockaddr_in*>(&ss);
      ::inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
      port = ntohs(a->sin_port);
    } else if (ss.ss_family == AF_INET6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
      ::inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
      port = ntohs(a->sin6_port);
    }
    ip = buf;
  }

  Connection& c_;
  int read_ms_;
  int write_ms_;
};

bool protocol_error(int status) { return status == 400 || status == 413 || status == 414 || status == 431; }

}  // namespace

// ---- HttpServer ----------------------------------------------------------

HttpServer::HttpServer(size_t threads, size_t max_idle) : pool_(threads), max_idle_(max_idle) {
  new_task_queue = [this] { return new PoolQueue(pool_); };
  // httplib's default also sets SO_REUSEPORT: a second casebase-serve on
  // the same port would then start without a word and take half of the
  // connections (an old binary, another index). SO_REUSEADDR alone lets a
  // restart bind at once and makes a port in use an error.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ >= 0 && wake_fd_ >= 0) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
    parker_ = std::thread([this] { parker_loop(); });
  }
}

HttpServer::~HttpServer() {
  shutdown();
  if (parker_.joinable()) parker_.join();
  pool_.drain_and_stop();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void HttpServer::shutdown() {
  stopping_ = true;
  stop();
  if (wake_fd_ >= 0) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
}

size_t HttpServer::idle_connections() const {
  std::lock_guard<std::mutex> g(idle_mu_);
  return idle_.size();
}

bool HttpServer::listen_after_bind() {
  const socket_t sock = svr_sock_;
  if (sock != INVALID_SOCKET) ::listen(sock, SOMAXCONN);
  return httplib::Server::listen_after_bind();
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  auto c = std::make_unique<Connection>();
  c->fd = sock;
  ++active_;
  serve(std::move(c));
  return true;
}

void HttpServer::serve(std::unique_ptr<Connection> c) {
  const int read_ms = to_ms(read_timeout_sec_, read_timeout_usec_);
  const int write_ms = to_ms(write_timeout_sec_, write_timeout_usec_);
  for (;;) {
    if (stopping_ || svr_sock_ == INVALID_SOCKET) return close_connection(std::move(c));
    // Nothing to answer yet: wait in the epoll set, not on this thread.
    if (c->buffered() == 0 && !wait_fd(c->fd, POLLIN, 0)) return park(std::move(c));
    if (!c->prepare_request(read_ms)) return close_connection(std::move(c));
    const bool last = c->served + 1 >= keep_alive_max_count_;
    bool closed = false;
    c->head_seen = false;
    c->status = 0;
    c->closes = false;
    current_request() = RequestContext{std::chrono::steady_clock::now(), ""};
    ConnStream strm(*c, read_ms, write_ms);
    const bool ok = process_request(strm, last, closed, nullptr);
    ++c->served;
    if (!ok || closed || last || c->closes || protocol_error(c->status)) return close_connection(std::move(c));
  }
}

void HttpServer::park(std::unique_ptr<Connection> c) {
  if (stopping_ || epoll_fd_ < 0) return close_connection(std::move(c));
  std::unique_lock<std::mutex> g(idle_mu_);
  if (idle_.size() >= max_idle_) {
    g.unlock();
    return close_connection(std::move(c));
  }
  const int fd = c->fd;
  c->idle_until = std::chrono::steady_clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  idle_[fd] = std::move(c);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = fd;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    auto back = std::move(idle_[fd]);
    idle_.erase(fd);
    g.unlock();
    close_connection(std::move(back));
  }
}

void HttpServer::parker_loop() {
  epoll_event events[64];
  for (;;) {
    int n = ::epoll_wait(epoll_fd_, events, 64, 200);
    if (n < 0 && errno != EINTR) break;
    std::vector<std::unique_ptr<Connection>> ready, expired;
    {
      std::lock_guard<std::mutex> g(idle_mu_);
      for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wake_fd_) continue;
        auto it = idle_.find(fd);
        if (it == idle_.end()) continue;
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
        ready.push_back(std::move(it->second));
        idle_.erase(it);
      }
      const auto now = std::chrono::steady_clock::now();
      for (auto it = idle_.begin(); it != idle_.end();) {
        if (stopping_ || it->second->idle_until <= now) {
          ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
          expired.push_back(std::move(it->second));
          it = idle_.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& c : expired) close_connection(std::move(c));
    for (auto& c : ready) {
      Connection* raw = c.release();
      if (!pool_.enqueue([this, raw] { serve(std::unique_ptr<Connection>(raw)); })) {
        close_connection(std::unique_ptr<Connection>(raw));
      }
    }
    if (stopping_) break;
  }
}

void HttpServer::close_connection(std::unique_ptr<Connection> c) {
  if (!c) return;
  // Unread bytes (a refused request's body, pipelined requests after an
  // error) would make close() reset the connection, and the client could
  // lose the answer: half-close, read a little of what is left, then close.
  ::shutdown(c->fd, SHUT_WR);
  if (c->buffered() > 0 || wait_fd(c->fd, POLLIN, 0)) {
    char tmp[4096];
    size_t drained = 0;
    while (drained < 64 * 1024 && wait_fd(c->fd, POLLIN, 50)) {
      ssize_t n = ::recv(c->fd, tmp, sizeof tmp, MSG_DONTWAIT);
      if (n <= 0) break;
      drained += static_cast<size_t>(n);
    }
  }
  ::close(c->fd);
  --active_;
}

}  // namespace casebase::serve
