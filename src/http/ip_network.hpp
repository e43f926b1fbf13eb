// IP addresses and networks ("10.0.0.0/8", "::1", "192.0.2.7"), for access rules such as [metrics] allow. IPv4 is
// held as IPv4-mapped IPv6, so "10.0.0.0/8" also matches "::ffff:10.1.2.3" (a v4 client of a dual-stack socket).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::http {

using IpAddress = std::array<uint8_t, 16>;

// A literal IPv4 or IPv6 address (no zone, no brackets); nullopt otherwise.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

struct IpNetwork {
    IpAddress base{};
    int prefix = 128;  // bits of `base` that must match (IPv4 /n is stored as /96+n)
    std::string text;  // as configured, for messages

    bool Contains(const IpAddress& a) const;
    bool Contains(std::string_view address) const;  // false for a string that is not an address
};

// "ADDRESS/PREFIX" or a bare ADDRESS (a single host). kInvalidArgument naming `field` otherwise (a prefix beyond
// 32 / 128, host bits set, garbage).
Result<IpNetwork> ParseIpNetwork(std::string_view text, std::string_view field);

// 127.0.0.0/8, ::1, and IPv4-mapped 127.x.
bool IsLoopback(std::string_view address);

}  // namespace xf::http
