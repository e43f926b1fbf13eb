// A minimal JSON object writer for audit and event details, so that layers without a JSON library can
// record structured facts. Escapes per RFC 8259.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace xf {

std::string JsonEscape(std::string_view s);  // without the surrounding quotes

class JsonObjectWriter {
public:
    JsonObjectWriter& Add(std::string_view key, std::string_view value);
    JsonObjectWriter& Add(std::string_view key, const char* value) { return Add(key, std::string_view(value)); }
    JsonObjectWriter& Add(std::string_view key, int64_t value);
    JsonObjectWriter& Add(std::string_view key, int value) { return Add(key, static_cast<int64_t>(value)); }
    JsonObjectWriter& Add(std::string_view key, bool value);
    std::string Finish() const { return "{" + body_ + "}"; }

private:
    void Key(std::string_view key);
    std::string body_;
};

}  // namespace xf
