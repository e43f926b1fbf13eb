#include "http/ip_network.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <string>

namespace xf::http {

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;
    std::string s(text);
    IpAddress out{};
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = 0xff;
        out[11] = 0xff;
        const auto* b = reinterpret_cast<const uint8_t*>(&v4.s_addr);  // network byte order
        for (int i = 0; i < 4; ++i) out[12 + i] = b[i];
        return out;
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        for (int i = 0; i < 16; ++i) out[i] = v6.s6_addr[i];
        return out;
    }
    return std::nullopt;
}

bool IpNetwork::Contains(const IpAddress& a) const {
    int bits = prefix;
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
        if ((a[i] & mask) != (base[i] & mask)) return false;
    }
    return true;
}

bool IpNetwork::Contains(std::string_view address) const {
    auto a = ParseIpAddress(address);
    return a && Contains(*a);
}

Result<IpNetwork> ParseIpNetwork(std::string_view text, std::string_view field) {
    auto bad = [&](std::string_view why) {
        return Fail(Error::InvalidArgument(std::string(field), "“" + std::string(text) + "”" + std::string(why)));
    };
    std::string_view addr = text, len;
    if (auto slash = text.find('/'); slash != std::string_view::npos) {
        addr = text.substr(0, slash);
        len = text.substr(slash + 1);
    }
    auto a = ParseIpAddress(addr);
    if (!a) return bad("不是 IP 地址或网段（如 10.0.0.0/8、192.0.2.7、::1）");
    const bool v4 = addr.find(':') == std::string_view::npos;
    const int max = v4 ? 32 : 128;
    int prefix = max;
    if (!len.empty() || text.ends_with('/')) {
        auto [p, ec] = std::from_chars(len.data(), len.data() + len.size(), prefix);
        if (len.empty() || ec != std::errc() || p != len.data() + len.size() || prefix < 0 || prefix > max)
            return bad(v4 ? "的前缀长度应为 0–32" : "的前缀长度应为 0–128");
    }
    IpNetwork n;
    n.base = *a;
    n.prefix = v4 ? 96 + prefix : prefix;
    n.text = std::string(text);
    // Host bits must be zero: "10.1.2.3/8" is more likely a typo than a wish for 10.0.0.0/8.
    IpNetwork exact = n;
    for (int i = 0; i < 16; ++i) {
        int bits = n.prefix - 8 * i;
        uint8_t mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bits));
        exact.base[i] = n.base[i] & mask;
    }
    if (exact.base != n.base) return bad("的主机位不为零（网段应写作如 10.0.0.0/8）");
    return n;
}

bool IsLoopback(std::string_view address) {
    static const IpNetwork v4 = *ParseIpNetwork("127.0.0.0/8", "");
    static const IpNetwork v6 = *ParseIpNetwork("::1", "");
    auto a = ParseIpAddress(address);
    return a && (v4.Contains(*a) || v6.Contains(*a));
}

}  // namespace xf::http
