// libFuzzer target for RequestFramer, the authority on where each request of a
// connection ends. The bytes are fed whole, one at a time and in pieces chosen
// by the input: every way must give the same heads, ends and refusal. Whatever
// it passes must be framing no other parser reads differently: token names,
// values without control characters, one Content-Length within the limit.
#include "server/http/requestframer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using rill::HeadRefusal;
using rill::RequestFramer;
using rill::RequestHeadLimits;

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

struct Outcome
{
    QList<RequestFramer::Passed> requests;
    std::optional<HeadRefusal> refusal;
};

bool sameOutcome(const Outcome &a, const Outcome &b)
{
    if (a.requests.size() != b.requests.size() || a.refusal.has_value() != b.refusal.has_value())
        return false;
    if (a.refusal
        && (a.refusal->status != b.refusal->status || a.refusal->reason != b.refusal->reason))
        return false;
    for (qsizetype i = 0; i < a.requests.size(); ++i) {
        const auto &x = a.requests[i];
        const auto &y = b.requests[i];
        if (x.end != y.end || x.head.method != y.head.method || x.head.target != y.head.target
            || x.head.fields != y.head.fields || x.head.contentLength != y.head.contentLength
            || x.head.minorVersion != y.head.minorVersion)
            return false;
    }
    return true;
}

Outcome feedInPieces(
    QByteArrayView bytes, const RequestHeadLimits &limits, const uint8_t *cuts, size_t cutCount)
{
    RequestFramer framer(limits);
    Outcome outcome;
    qsizetype at = 0;
    size_t cut = 0;
    while (at < bytes.size() && !outcome.refusal) {
        // A piece length from the input (1..16), or one byte at a time when there is none.
        const qsizetype length = cutCount ? 1 + cuts[cut++ % cutCount] % 16 : 1;
        RequestFramer::Fed fed = framer.feed(bytes.sliced(at, std::min(length, bytes.size() - at)));
        outcome.requests += fed.requests;
        outcome.refusal = fed.refusal;
        at += length;
    }
    return outcome;
}

void checkPassed(const RequestFramer::Passed &request, const RequestHeadLimits &limits)
{
    const rill::RequestHead &head = request.head;
    check(!head.method.isEmpty(), "a method");
    for (char c : head.method)
        check(rill::isTokenChar(c), "the method is a token");
    check(!head.target.isEmpty(), "a target");
    for (char c : head.target)
        check(uchar(c) > 0x20 && uchar(c) < 0x7f, "the target is visible ASCII");
    check(head.minorVersion == 0 || head.minorVersion == 1, "HTTP/1.0 or HTTP/1.1");
    int lengths = 0;
    for (const auto &[name, value] : head.fields) {
        check(!name.isEmpty(), "a field name");
        for (char c : name)
            check(rill::isTokenChar(c), "field names are tokens");
        for (char c : value)
            check(c == '\t' || (uchar(c) >= 0x20 && uchar(c) != 0x7f), "no control in values");
        check(!value.startsWith(' ') && !value.endsWith(' '), "values are trimmed");
        check(name.compare("transfer-encoding", Qt::CaseInsensitive) != 0, "no Transfer-Encoding");
        lengths += name.compare("content-length", Qt::CaseInsensitive) == 0;
    }
    check(lengths <= 1, "at most one Content-Length");
    check(
        head.contentLength >= 0 && head.contentLength <= limits.maxBodyBytes, "body within limit");
    check(request.end > 0, "a request ends after its first byte");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The first bytes choose the piece lengths; the rest are the connection's bytes.
    const size_t cutCount = size > 0 ? std::min<size_t>(data[0] % 8, size - 1) : 0;
    const uint8_t *cuts = data + 1;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + (size ? 1 + cutCount : 0),
        qsizetype(size ? size - 1 - cutCount : 0));
    RequestHeadLimits limits;
    limits.maxHeadBytes = 2048; // small, so that the fuzzer reaches them
    limits.maxHeaders = 20;
    limits.maxFieldBytes = 512;
    limits.maxBodyBytes = 4096;

    RequestFramer whole(limits);
    RequestFramer::Fed fed = whole.feed(bytes);
    const Outcome atOnce { fed.requests, fed.refusal };
    qint64 previousEnd = 0;
    for (const RequestFramer::Passed &request : atOnce.requests) {
        checkPassed(request, limits);
        check(request.end > previousEnd, "requests end in order");
        previousEnd = request.end;
    }
    if (atOnce.refusal) {
        check(atOnce.refusal->status >= 400 && atOnce.refusal->status < 500, "a 4xx refusal");
        check(!atOnce.refusal->reason.isEmpty() && !atOnce.refusal->reason.contains(u'\n'),
            "a one-line reason");
    }
    check(sameOutcome(atOnce, feedInPieces(bytes, limits, nullptr, 0)), "byte by byte, the same");
    if (cutCount)
        check(sameOutcome(atOnce, feedInPieces(bytes, limits, cuts, cutCount)),
            "in pieces, the same");
    return 0;
}
