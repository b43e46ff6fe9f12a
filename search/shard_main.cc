// casebase-shard: serves one index folder over Xapian's remote protocol,
// for casebase-serve --db tcp://HOST:PORT. It runs Debian's xapian-tcpsrv
// on the folder's CURRENT generation and follows it: when a rebuild
// switches CURRENT to a new generation, the server is restarted on it (its
// connections close; casebase-serve reconnects and retries the request).
// Updates in place need no restart: Xapian's remote reopen sees them.
//
// Xapian 1.4 has no public API for a remote server, so the server is the
// stock one, which knows only Xapian's own match spies and posting
// sources; the searcher counts facets with those (search/facets.h).
//
//   casebase-shard --db /var/lib/casebase/shard-0 --port 7001
#include <CLI/CLI.hpp>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "casebase/schema.h"

namespace {

volatile sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

struct Options {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 0;
  std::string tcpsrv = "xapian-tcpsrv";
  int idle_timeout_ms = 600000;
};

// Identity of the CURRENT stub: a rebuild replaces it (rename: a new inode).
std::string stub_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

// xapian-tcpsrv in a process group of its own, so that its per-connection
// children stop with it.
pid_t spawn(const Options& o, const std::string& stub) {
  const std::vector<std::string> args = {o.tcpsrv,      "--port",   std::to_string(o.port),
                                         "--interface", o.host,     "--idle-timeout",
                                         std::to_string(o.idle_timeout_ms), "--quiet", stub};
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the server does not outlive us, even killed
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execvp(argv[0], argv.data());
  std::cerr << "casebase-shard: cannot run " << o.tcpsrv << ": " << std::strerror(errno) << "\n";
  ::_exit(127);
}

void stop(pid_t pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGTERM);
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"casebase-shard: serve one index folder over Xapian's remote protocol (for casebase-serve --db "
               "tcp://HOST:PORT), following its CURRENT generation"};
  app.add_option("--db", o.db, "index folder (written by casebase-index)")->required();
  app.add_option("--port", o.port, "port to listen on")->required()->check(CLI::Range(1, 65535));
  app.add_option("--host", o.host, "address to listen on (default: 127.0.0.1)");
  app.add_option("--tcpsrv", o.tcpsrv, "the xapian-tcpsrv program (default: from PATH)");
  app.add_option("--idle-timeout", o.idle_timeout_ms,
                 "milliseconds an idle connection is kept (default: 600000); the searcher reconnects after")
      ->check(CLI::Range(1000, 86400000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);
  const std::string stub = o.db + "/" + casebase::kCurrentStub;
  std::string served;
  pid_t child = -1;
  bool said_waiting = false;
  auto backoff = std::chrono::milliseconds(200);
  while (!g_stop) {
    const std::string now = stub_identity(stub);
    if (now.empty()) {
      if (!said_waiting) std::cerr << "casebase-shard: no index in `" << o.db << "` yet; waiting for casebase-index\n";
      said_waiting = true;
    } else if (now != served || child <= 0) {
      if (child > 0) {
        std::cerr << "casebase-shard: `" << o.db << "` has a new generation; restarting the server on it\n";
        stop(child);
      }
      child = spawn(o, stub);
      served = now;
      std::cout << "casebase-shard: serving " << o.db << " on tcp://" << o.host << ":" << o.port << "/" << std::endl;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    if (child > 0) {
      int status = 0;
      if (::waitpid(child, &status, WNOHANG) == child) {
        std::cerr << "casebase-shard: xapian-tcpsrv ended (" << (WIFEXITED(status) ? WEXITSTATUS(status) : -1)
                  << "); starting it again\n";
        child = -1;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) return 1;
        std::this_thread::sleep_for(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
      } else {
        backoff = std::chrono::milliseconds(200);
      }
    }
  }
  stop(child);
  return 0;
}
