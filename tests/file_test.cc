#include <doctest/doctest.h>

#include <fstream>

#include "casebase/file.h"
#include "test_util.h"

using namespace casebase;

TEST_CASE("read_file reads whole files and refuses missing and oversized ones") {
  test::TempDir tmp;
  const std::string p = tmp.str() + "/a.txt";
  std::ofstream(p, std::ios::binary) << std::string("hal\0lo\n", 7);
  auto r = read_file(p);
  REQUIRE(r.ok());
  CHECK(*r == std::string("hal\0lo\n", 7));

  auto small = read_file(p, 6);
  REQUIRE_FALSE(small.ok());
  CHECK(small.status().kind() == ErrorKind::kIo);
  CHECK(small.status().message().find("more than the 6 allowed") != std::string::npos);

  auto missing = read_file(tmp.str() + "/none.txt");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().kind() == ErrorKind::kIo);
  CHECK(missing.status().message().find("none.txt") != std::string::npos);

  auto dir = read_file(tmp.str());
  CHECK_FALSE(dir.ok());

  const std::string empty = tmp.str() + "/empty";
  std::ofstream(empty).close();
  auto e = read_file(empty);
  REQUIRE(e.ok());
  CHECK(e->empty());
}

TEST_CASE("regression: read_file with Links::kRefuse never reads through a symbolic link") {
  test::TempDir tmp;
  const std::string secret = tmp.str() + "/secret.txt";
  std::ofstream(secret) << "geheim";
  const std::string link = tmp.str() + "/link.md";
  std::filesystem::create_symlink(secret, link);
  auto followed = read_file(link);
  REQUIRE(followed.ok());
  CHECK(*followed == "geheim");
  auto refused = read_file(link, 1024, Links::kRefuse);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().kind() == ErrorKind::kIo);
  CHECK(refused.status().message().find("symbolic link") != std::string::npos);
  auto plain = read_file(secret, 1024, Links::kRefuse);
  REQUIRE(plain.ok());
  CHECK(*plain == "geheim");
  auto dir = read_file(tmp.str(), 1024, Links::kRefuse);
  REQUIRE_FALSE(dir.ok());
  CHECK(dir.status().message().find("not a regular file") != std::string::npos);
}
