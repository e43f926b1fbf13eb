// Errors are values: every fallible function returns Result<T>. One vocabulary, mapped to HTTP
// in exactly one place (http/error_mapping.cpp) and to CLI exit codes in main.cpp.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace xf {

enum class ErrorCode {
    kInvalidArgument,     // the caller sent bad input; `field` names it. Do not retry unchanged.
    kNotFound,            // the object does not exist or is not visible to the caller.
    kAlreadyExists,       // a unique key is taken.
    kFailedPrecondition,  // the system is not in a state that allows this (illegal transition, deadline passed).
    kAborted,             // optimistic concurrency conflict: reload and retry.
    kPermissionDenied,    // authenticated, but role/scope forbids it.
    kUnauthenticated,     // no valid session or credentials.
    kResourceExhausted,   // a size or rate limit was hit.
    kUnavailable,         // transient: retry later.
    kInternal,            // a bug or an unexpected environment failure.
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string field;  // the input field at fault, dotted path ("petitioners[0].id_number"); may be empty.

    static Error InvalidArgument(std::string field, std::string message) {
        return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
    }
    static Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
    static Error AlreadyExists(std::string message, std::string field = {}) {
        return {ErrorCode::kAlreadyExists, std::move(message), std::move(field)};
    }
    static Error FailedPrecondition(std::string message) {
        return {ErrorCode::kFailedPrecondition, std::move(message), {}};
    }
    static Error Aborted(std::string message) { return {ErrorCode::kAborted, std::move(message), {}}; }
    static Error PermissionDenied(std::string message) {
        return {ErrorCode::kPermissionDenied, std::move(message), {}};
    }
    static Error Unauthenticated(std::string message) {
        return {ErrorCode::kUnauthenticated, std::move(message), {}};
    }
    static Error ResourceExhausted(std::string message) {
        return {ErrorCode::kResourceExhausted, std::move(message), {}};
    }
    static Error Unavailable(std::string message) { return {ErrorCode::kUnavailable, std::move(message), {}}; }
    static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message), {}}; }
};

template <class T>
using Result = std::expected<T, Error>;

using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Error e) { return std::unexpected<Error>(std::move(e)); }

inline Status Ok() { return {}; }

}  // namespace xf

// Propagates an error from an expression returning Result<T>/Status; evaluates to nothing.
#define XF_TRY(expr)                                         \
    do {                                                     \
        auto xf_try_result_ = (expr);                        \
        if (!xf_try_result_) return ::xf::Fail(std::move(xf_try_result_).error()); \
    } while (0)

// Binds the value of a Result<T> expression to `lhs` (a declaration or an existing variable), or returns its
// error. One statement (a GNU statement expression, supported by g++ and clang), so it is safe under an
// unbraced `if`.
#define XF_ASSIGN_OR_RETURN(lhs, expr)                                      \
    lhs = ({                                                                \
        auto xf_aor_result_ = (expr);                                       \
        if (!xf_aor_result_) return ::xf::Fail(std::move(xf_aor_result_).error()); \
        std::move(*xf_aor_result_);                                         \
    })
