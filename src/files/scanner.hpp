// Virus scanning of uploads before they are stored. The scanner is a port so tests and deployments without
// ClamAV can do without; ClamdScanner speaks clamd's INSTREAM protocol over its unix socket.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace xf::files {

struct ScanVerdict {
    bool clean = true;
    std::string signature;  // the malware name when !clean ("Eicar-Test-Signature")
};

class VirusScanner {
  public:
    virtual ~VirusScanner();
    // A verdict, or an error when no verdict could be had. Callers must refuse the upload on error: storing an
    // unscanned file is what the scanner is there to prevent.
    [[nodiscard]] virtual Result<ScanVerdict> Scan(std::string_view bytes) = 0;
};

inline constexpr std::chrono::milliseconds kDefaultScanTimeout{30000};

// One connection per Scan (clamd serves each on its own thread), so the object is thread-safe. `timeout` bounds
// connecting, each send, and the wait for the verdict after the last byte is sent (clamd scans only then, so it
// must cover the scan of the largest upload). Connection failure, timeout, an early close and clamd "... ERROR"
// replies are kUnavailable "病毒扫描服务不可用…"; a file above clamd's StreamMaxLength is kResourceExhausted.
class ClamdScanner final : public VirusScanner {
  public:
    explicit ClamdScanner(std::string socket_path, std::chrono::milliseconds timeout = kDefaultScanTimeout);
    [[nodiscard]] Result<ScanVerdict> Scan(std::string_view bytes) override;

    const std::string& socket_path() const { return socket_path_; }

  private:
    std::string socket_path_;
    std::chrono::milliseconds timeout_;
};

// From configuration: "" or "off" → nullptr (no scanning); "clamd:/run/clamav/clamd.ctl" → ClamdScanner on that
// absolute socket path. Anything else is kInvalidArgument (field "virus_scanner").
[[nodiscard]] Result<std::unique_ptr<VirusScanner>> MakeScanner(
    std::string_view spec, std::chrono::milliseconds timeout = kDefaultScanTimeout);

}  // namespace xf::files
