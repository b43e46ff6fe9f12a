// http_server: cpp-httplib's request handling with our own connection
// loop, so that the server's connections behave as a service's must:
//  - an idle keep-alive connection holds no worker thread: between requests
//    it waits in an epoll set (the Parker) and goes back to the pool when
//    its next request arrives, so no client waits behind another's idle
//    connection, however many there are;
//  - pipelined requests are all answered (one read buffer per connection,
//    kept between requests; httplib 0.11 dropped what it had read ahead);
//  - a protocol error (400, 413, 414, 431) closes the connection at once;
//  - a Range header is dropped before httplib parses it: ranges are never
//    served, so no request gets a 416;
//  - stop(): no new connections; requests in flight finish; idle
//    connections are closed.
// httplib's private process_and_close_socket is virtual: HttpServer
// overrides it and drives httplib's protected process_request itself.
//
// E.g. HttpServer server(8);   // 8 workers
//      register_routes(server, …); server.bind_to_port(…); server.listen_after_bind();
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace casebase::serve {

// Fixed worker threads running queued tasks. Outlives httplib's listen
// loop (which gets a forwarding queue), so parked connections can be
// queued again until the server stops.
class WorkerPool {
 public:
  explicit WorkerPool(size_t threads);
  ~WorkerPool();
  // False (and `fn` not run) once stopping.
  bool enqueue(std::function<void()> fn);
  // Runs the tasks already queued, then joins the workers.
  void drain_and_stop();
  size_t busy() const { return busy_.load(); }
  size_t threads() const { return size_; }

 private:
  void run();
  size_t size_;
  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> jobs_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::atomic<size_t> busy_{0};
};

struct Connection;

// The request being answered on this thread: its start and the route that
// took it ("" until a route handler runs), for the logger.
struct RequestContext {
  std::chrono::steady_clock::time_point start;
  const char* route = "";
};
RequestContext& current_request();

class HttpServer : public httplib::Server {
 public:
  // `threads` workers answer requests; `max_idle` idle keep-alive
  // connections wait in the epoll set at most (beyond, an idle connection
  // is closed). 512 keeps descriptors below httplib's FD_SETSIZE check.
  explicit HttpServer(size_t threads, size_t max_idle = 512);
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Graceful stop (safe from any thread, e.g. a signal thread): closes the
  // listening socket and the idle connections; listen_after_bind() returns
  // once the requests in flight are answered.
  void shutdown();

  // httplib's library listens with a backlog of 5: a burst of clients
  // overflows it and the kernel drops their handshakes, which the clients
  // retry after a second. This widens the backlog to the system's limit,
  // then runs httplib's accept loop.
  bool listen_after_bind();

  // Connections open now: answering a request, and idle between requests.
  size_t active_connections() const { return active_.load(); }
  size_t idle_connections() const;
  size_t workers() const { return pool_.threads(); }
  size_t busy_workers() const { return pool_.busy(); }

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Answers the requests that are ready on `c`; parks or closes it.
  void serve(std::unique_ptr<Connection> c);
  void park(std::unique_ptr<Connection> c);
  void parker_loop();
  void close_connection(std::unique_ptr<Connection> c);

  WorkerPool pool_;
  size_t max_idle_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: wakes the parker to stop
  std::atomic<bool> stopping_{false};
  std::atomic<size_t> active_{0};
  mutable std::mutex idle_mu_;
  std::unordered_map<int, std::unique_ptr<Connection>> idle_;
  std::thread parker_;
};

}  // namespace casebase::serve
