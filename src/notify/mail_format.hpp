// Pure pieces of an Internet mail message (RFC 5322 + MIME) for SmtpNotifier: header encoding of UTF-8 text
// (RFC 2047), the Date and Message-ID headers, base64 bodies, and the "Name <address>" mailbox form.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/error.hpp"

namespace xf::notify {

struct Mailbox {
    std::string display_name;  // may be empty
    std::string address;       // local@domain
};

// "noreply@example.gov.cn" or "某县信访局 <noreply@example.gov.cn>"; kInvalidArgument on `field` otherwise.
Result<Mailbox> ParseMailbox(std::string_view text, std::string_view field);

// Header text: printable ASCII without "=?" stays as it is; anything else becomes RFC 2047 encoded-words
// "=?UTF-8?B?…?=" of at most 39 bytes of text each (never splitting a character), folded with CRLF + space.
// Control characters (CR, LF, …) become spaces first, so a value can never start a new header.
std::string EncodeHeaderText(std::string_view utf8);

// A mailbox for a From/To header: `"Name" <addr>` (the name encoded when not plain ASCII), or just the address.
std::string FormatMailbox(const Mailbox& m);

// RFC 5322 date in China Standard Time: "Thu, 01 Jan 2026 08:00:00 +0800".
std::string FormatMailDate(Instant t);

// "<key@xinfang>": bytes outside RFC 5322 atext (and dots that would lead, trail or double) percent-encoded, so
// the same outbox key always gives the same valid Message-ID.
std::string MessageIdForKey(std::string_view key);

// Standard base64; with line_length > 0, lines of at most that many characters ended by CRLF.
std::string Base64Encode(std::string_view bytes, size_t line_length = 0);

struct MailParts {
    Mailbox from;
    std::string to;  // address
    std::string subject;
    std::string body;  // UTF-8 text; lone LF become CRLF
    std::string message_id;
    Instant date{};
};

// The whole message: headers (Date, From, To, Subject, Message-ID, MIME-Version, Content-Type text/plain;
// charset=UTF-8, Content-Transfer-Encoding base64, Auto-Submitted auto-generated), a blank line, the base64 body.
std::string BuildMailMessage(const MailParts& parts);

}  // namespace xf::notify
