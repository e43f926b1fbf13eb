#include "notify/smtp_notifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "notify/curl_easy.hpp"

namespace xf::notify {
namespace {

struct Upload {
    std::string_view data;
    size_t pos = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t nmemb, void* userp) {
    auto* u = static_cast<Upload*>(userp);
    size_t n = std::min(size * nmemb, u->data.size() - u->pos);
    std::memcpy(buffer, u->data.data() + u->pos, n);
    u->pos += n;
    return n;
}

bool IsLoopbackUrl(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return false;
    std::string_view host = url.substr(scheme + 3);
    host = host.substr(0, host.find('/'));
    if (auto at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
    if (host.starts_with("[::1]")) return true;
    host = host.substr(0, host.find(':'));
    bool ipv4 = !host.empty() && host.find_first_not_of("0123456789.") == std::string_view::npos;
    return host == "localhost" || (ipv4 && host.starts_with("127."));
}

}  // namespace

bool SmtpRequiresTls(const SmtpOptions& o) { return !o.username.empty() && !IsLoopbackUrl(o.url); }

Status SmtpNotifier::Send(const OutboundMessage& m) {
    if (m.channel != NotifyChannel::kEmail)
        return Fail(Error::FailedPrecondition("不支持的渠道：邮件通知程序不能发送" +
                                              std::string(NotifyChannelName(m.channel))));
    if (!IsPlausibleEmail(m.to)) return Fail(Error::InvalidArgument("to", "收件人邮箱地址格式不正确"));

    MailParts parts;
    parts.from = options_.from;
    parts.to = m.to;
    parts.subject = m.subject;
    parts.body = m.body;
    parts.message_id = MessageIdForKey(m.key);
    parts.date = clock_.Now();
    std::string message = BuildMailMessage(parts);
    Upload upload{message};

    detail::Easy h(curl_easy_init());
    if (!h) return Fail(Error::Unavailable("libcurl 无法创建请求"));
    detail::Slist rcpt;
    if (!rcpt.Append("<" + m.to + ">")) return Fail(Error::Unavailable("libcurl 内存不足"));
    std::string mail_from = "<" + options_.from.address + ">";

    char errbuf[CURL_ERROR_SIZE] = {};
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    // smtps:// is TLS from the first byte. smtp://: STARTTLS when the server offers it — and required when a password
    // would otherwise cross the network in clear (a relay on this machine excepted).
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     static_cast<long>(SmtpRequiresTls(options_) ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    if (!options_.username.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return Ok();

    long reply = 0;  // the SMTP server's last reply code, when it answered at all
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    if (rc == CURLE_LOGIN_DENIED)
        return Fail(Error::Unavailable(fmt::format("邮件服务器拒绝登录（{}），请检查 smtp_user/smtp_password", reply)));
    if (reply >= 500 && reply < 600 && rc != CURLE_OPERATION_TIMEDOUT) {
        std::string detail = *errbuf ? errbuf : curl_easy_strerror(rc);
        // 530/534/535/538: authentication required or refused — the configuration, not this message.
        if (reply == 530 || reply == 534 || reply == 535 || reply == 538)
            return Fail(Error::Unavailable(fmt::format("邮件服务器要求身份验证（{}）：{}", reply, detail)));
        return Fail(Error::InvalidArgument("message", fmt::format("邮件服务器拒收（{}）：{}", reply, detail)));
    }
    if (reply >= 400 && reply < 500) {
        std::string detail = *errbuf ? errbuf : curl_easy_strerror(rc);
        return Fail(Error::Unavailable(fmt::format("邮件服务器暂时拒收（{}）：{}", reply, detail)));
    }
    return Fail(detail::TransferError("邮件服务器", rc, errbuf));
}

}  // namespace xf::notify
