#include "smtp.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "secrets.h"

namespace casebase::contrib {

namespace {

constexpr size_t kMaxReplyBytes = 64 * 1024;

std::string base64(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

// A Subject as ASCII: as it is, or RFC 2047 encoded words of whole UTF-8
// characters, folded, so every line stays under 78 characters.
std::string encode_subject(const std::string& s) {
  bool ascii = true;
  for (unsigned char c : s) ascii = ascii && c < 0x80;
  if (ascii) return s;
  std::string out, chunk;
  auto flush = [&] {
    if (chunk.empty()) return;
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + base64(chunk) + "?=";
    chunk.clear();
  };
  for (size_t i = 0; i < s.size();) {
    size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
    if (chunk.size() + n > 45) flush();
    chunk += s.substr(i, n);
    i += n;
  }
  flush();
  return out;
}

// One connection to the relay: non-blocking, every wait bounded by the timeout.
class Conn {
 public:
  explicit Conn(int timeout_ms) : timeout_ms_(timeout_ms) {}
  ~Conn() {
    if (fd_ >= 0) ::close(fd_);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  Status connect(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
      return Status::io("SMTP relay `" + host + "`: " + gai_strerror(rc));
    }
    std::string why = "no address";
    for (addrinfo* a = found; a; a = a->ai_next) {
      int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS && wait(fd, POLLOUT)) {
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err == 0 ? 0 : -1;
        errno = err == 0 ? errno : err;
      } else if (rc != 0 && errno == EINPROGRESS) {
        errno = ETIMEDOUT;
      }
      if (rc == 0) {
        fd_ = fd;
        break;
      }
      why = std::strerror(errno);
      ::close(fd);
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) return Status::io("SMTP relay " + host + ":" + service + ": cannot connect: " + why);
    return Status{};
  }

  Status write(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      if (!wait(fd_, POLLOUT)) return Status::io("SMTP relay: write timed out");
      ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return Status::io(std::string("SMTP relay: write failed: ") + std::strerror(errno));
      done += static_cast<size_t>(n);
    }
    return Status{};
  }

  // One reply (all lines of a multi-line one): its code and its last line.
  Result<std::pair<int, std::string>> reply() {
    for (;;) {
      size_t nl;
      while ((nl = buf_.find('\n')) != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() < 3 || line.find_first_not_of("0123456789") < 3) {
          return Status::io("SMTP relay: malformed reply `" + line.substr(0, 200) + "`");
        }
        if (line.size() > 3 && line[3] == '-') continue;  // more lines follow
        return std::make_pair(std::stoi(line.substr(0, 3)), line);
      }
      if (buf_.size() > kMaxReplyBytes) return Status::io("SMTP relay: reply too long");
      if (!wait(fd_, POLLIN)) return Status::io("SMTP relay: no reply within the timeout");
      char tmp[4096];
      ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n == 0) return Status::io("SMTP relay: connection closed");
      if (n < 0) return Status::io(std::string("SMTP relay: read failed: ") + std::strerror(errno));
      buf_.append(tmp, static_cast<size_t>(n));
    }
  }

  // Sends `command` (empty: none, just the reply) and expects a reply in
  // [lo, hi]; the error names the step and quotes the relay.
  Status step(const std::string& name, const std::string& command, int lo, int hi) {
    if (!command.empty()) {
      if (Status st = write(command + "\r\n"); !st.ok()) return Status::io(name + ": " + st.message());
    }
    auto r = reply();
    if (!r.ok()) return Status::io(name + ": " + r.status().message());
    if (r->first < lo || r->first > hi) return Status::io(name + ": " + r->second.substr(0, 300));
    return Status{};
  }

 private:
  bool wait(int fd, short events) const {
    pollfd p{fd, events, 0};
    for (;;) {
      int rc = ::poll(&p, 1, timeout_ms_);
      if (rc < 0 && errno == EINTR) continue;
      return rc > 0;
    }
  }

  int timeout_ms_;
  int fd_ = -1;
  std::string buf_;
};

std::string domain_of(const std::string& addr) {
  const size_t at = addr.rfind('@');
  return at == std::string::npos ? "localhost" : addr.substr(at + 1);
}

}  // namespace

Result<SmtpRelay> parse_relay(const std::string& spec) {
  SmtpRelay r;
  std::string host, port;
  if (!spec.empty() && spec.front() == '[') {
    const size_t close = spec.find("]:");
    if (close == std::string::npos) return Status::invalid_argument("--smtp: expected [ADDRESS]:PORT", "smtp");
    host = spec.substr(1, close - 1);
    port = spec.substr(close + 2);
  } else {
    const size_t colon = spec.rfind(':');
    if (colon == std::string::npos) return Status::invalid_argument("--smtp: expected HOST:PORT", "smtp");
    host = spec.substr(0, colon);
    port = spec.substr(colon + 1);
  }
  if (host.empty() || !header_safe(host) || host.find_first_of(" /@") != std::string::npos) {
    return Status::invalid_argument("--smtp: no host in `" + spec + "`", "smtp");
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) < 1 || std::stoi(port) > 65535) {
    return Status::invalid_argument("--smtp: the port must be 1-65535", "smtp");
  }
  r.host = host;
  r.port = std::stoi(port);
  return r;
}

bool header_safe(const std::string& value) {
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
  }
  return true;
}

bool valid_address(const std::string& addr) {
  if (addr.empty() || addr.size() > 254) return false;
  const size_t at = addr.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == addr.size() || addr.find('@') != at) return false;
  for (unsigned char c : addr) {
    if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == '\\' || c == '[' || c == ']') {
      return false;
    }
  }
  return true;
}

std::string rfc5322_date(long long unix_seconds) {
  // Spelled out: strftime's %a and %b follow the locale.
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string quoted_printable(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    const bool last = end == std::string::npos;
    if (last) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (last && line.empty()) break;
    size_t width = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      const bool at_end = i + 1 == line.size();
      std::string token;
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end)) {
        token = std::string(1, static_cast<char>(c));
      } else {
        token = {'=', kHex[c >> 4], kHex[c & 15]};
      }
      // 76 characters at most, a soft break "=" included.
      if (width + token.size() > 75) {
        out += "=\r\n";
        width = 0;
      }
      out += token;
      width += token.size();
    }
    out += "\r\n";
    if (last) break;
    start = end + 1;
  }
  return out;
}

std::string dot_stuff(const std::string& crlf_text) {
  std::string out;
  out.reserve(crlf_text.size() + 16);
  bool line_start = true;
  for (char c : crlf_text) {
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = c == '\n';
  }
  return out;
}

Result<std::string> format_mail(const Mail& m, long long now, const std::string& message_id) {
  if (!valid_address(m.from)) return Status::invalid_argument("bad sender address `" + m.from + "`", "from");
  if (!valid_address(m.to)) return Status::invalid_argument("bad recipient address", "to");
  if (!header_safe(m.subject)) return Status::invalid_argument("a line break in the subject", "subject");
  if (!header_safe(message_id) || message_id.find_first_of("<> ") != std::string::npos) {
    return Status::invalid_argument("bad message id", "message_id");
  }
  std::string h;
  h += "From: " + m.from + "\r\n";
  h += "To: " + m.to + "\r\n";
  h += "Subject: " + encode_subject(m.subject) + "\r\n";
  h += "Date: " + rfc5322_date(now) + "\r\n";
  h += "Message-ID: <" + message_id + ">\r\n";
  h += "MIME-Version: 1.0\r\n";
  h += "Content-Type: text/plain; charset=utf-8\r\n";
  h += "Content-Transfer-Encoding: quoted-printable\r\n";
  for (const auto& [name, value] : m.headers) {
    if (name.empty() || name.find_first_of(": \t") != std::string::npos || !header_safe(name) || !header_safe(value)) {
      return Status::invalid_argument("bad header `" + name.substr(0, 60) + "`", "headers");
    }
    h += name + ": " + value + "\r\n";
  }
  return h + "\r\n" + quoted_printable(m.body);
}

Status send_mail(const SmtpRelay& relay, const Mail& m, long long now) {
  auto text = format_mail(m, now, random_hex(16) + "@" + domain_of(m.from));
  if (!text.ok()) return text.status();
  Conn c(relay.timeout_ms);
  if (Status st = c.connect(relay.host, relay.port); !st.ok()) return st;
  if (Status st = c.step("greeting", "", 220, 220); !st.ok()) return st;
  if (Status st = c.step("EHLO", "EHLO " + relay.helo, 250, 250); !st.ok()) {
    if (Status again = c.step("HELO", "HELO " + relay.helo, 250, 250); !again.ok()) return again;
  }
  if (Status st = c.step("MAIL FROM", "MAIL FROM:<" + m.from + ">", 250, 250); !st.ok()) return st;
  if (Status st = c.step("RCPT TO", "RCPT TO:<" + m.to + ">", 250, 251); !st.ok()) return st;
  if (Status st = c.step("DATA", "DATA", 354, 354); !st.ok()) return st;
  if (Status st = c.step("end of data", dot_stuff(*text) + ".", 250, 250); !st.ok()) return st;
  // The mail is queued now; a relay that answers QUIT badly changes nothing.
  (void)c.step("QUIT", "QUIT", 221, 221);
  return Status{};
}

}  // namespace casebase::contrib
