#include "notify/notifier.hpp"

#include "base/text.hpp"
#include "domain/personal_data.hpp"

namespace xf::notify {

std::string MaskEmail(std::string_view address) {
    address = Trim(address);
    if (address.empty()) return {};
    auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0) return "***";  // not an address: show nothing of it
    // The first code point of the local part (UTF-8: a lead byte and its continuation bytes).
    size_t first = 1;
    while (first < at && (static_cast<unsigned char>(address[first]) & 0xC0) == 0x80) ++first;
    return std::string(address.substr(0, first)) + "***" + std::string(address.substr(at));
}

std::string MaskRecipient(NotifyChannel channel, std::string_view to) {
    return channel == NotifyChannel::kEmail ? MaskEmail(to) : MaskPhone(to);
}

bool IsPlausibleEmail(std::string_view a) {
    auto at = a.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 >= a.size() || a.find('@', at + 1) != a.npos) return false;
    for (char ch : a) {
        auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7F) return false;
        if (std::string_view("<>(),;:\"[]\\").find(ch) != std::string_view::npos) return false;
    }
    return true;
}

}  // namespace xf::notify
