#include "secrets.h"

#include <argon2.h>
#include <openssl/sha.h>
#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace casebase::contrib {

namespace {

constexpr uint32_t kPasses = 2;
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

void fill_random(unsigned char* out, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = getrandom(out + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no randomness: nothing secret may be made
    }
    got += static_cast<size_t>(r);
  }
}

std::string hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[p[i] >> 4]);
    out.push_back(digits[p[i] & 15]);
  }
  return out;
}

}  // namespace

Result<std::string> hash_password(const std::string& password) {
  unsigned char salt[kSaltBytes];
  fill_random(salt, sizeof salt);
  const size_t len = argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(len);
  int rc = argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(), password.size(), salt, sizeof salt,
                                 kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Status::internal(std::string("argon2id: ") + argon2_error_message(rc));
  return std::string(encoded.data());
}

bool verify_password(const std::string& encoded, const std::string& password) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void waste_password_check(const std::string& password) {
  static const std::string dummy = hash_password("casebase: no such account").value();
  (void)verify_password(dummy, password);
}

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  fill_random(buf.data(), buf.size());
  return hex(buf.data(), buf.size());
}

std::string one_time_password() {
  static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789";
  constexpr size_t n = sizeof alphabet - 1;
  std::string out;
  while (out.size() < 20) {
    unsigned char b;
    fill_random(&b, 1);
    if (b >= 256 - 256 % n) continue;  // no modulo bias
    out.push_back(alphabet[b % n]);
  }
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  return hex(d, sizeof d);
}

bool same_secret(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace casebase::contrib
