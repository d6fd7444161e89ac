#include "server/protocol/utf8decoder.h"

namespace rill {

namespace {

constexpr char16_t kReplacement = 0xFFFD;

// The WHATWG UTF-8 decoder's loop (Encoding standard, section 9.1.1): a lead byte
// fixes how many continuation bytes follow and the range the first of them must
// fall in (which rules out overlongs, surrogates and code points past U+10FFFF);
// the first byte that does not fit ends the subpart with one U+FFFD and is then
// read again as the start of what follows.
QString decodeWhatwg(QByteArrayView utf8)
{
    // Never more UTF-16 units than bytes: a 4-byte sequence makes 2, and every
    // other byte at most 1.
    QString out(utf8.size(), Qt::Uninitialized);
    char16_t *dst = reinterpret_cast<char16_t *>(out.data());
    const auto *in = reinterpret_cast<const uchar *>(utf8.data());
    const qsizetype size = utf8.size();
    qsizetype i = 0;
    while (i < size) {
        const uchar lead = in[i++];
        if (lead < 0x80) {
            *dst++ = lead;
            continue;
        }
        int needed = 0;
        char32_t codePoint = 0;
        uchar lower = 0x80;
        uchar upper = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            needed = 1;
            codePoint = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            needed = 2;
            codePoint = lead & 0x0F;
            lower = lead == 0xE0 ? 0xA0 : 0x80;
            upper = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            needed = 3;
            codePoint = lead & 0x07;
            lower = lead == 0xF0 ? 0x90 : 0x80;
            upper = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            *dst++ = kReplacement; // a continuation byte or one never used in UTF-8
            continue;
        }
        for (; needed > 0 && i < size && in[i] >= lower && in[i] <= upper; --needed, ++i) {
            codePoint = (codePoint << 6) | (in[i] & 0x3F);
            lower = 0x80;
            upper = 0xBF;
        }
        if (needed > 0) {
            *dst++ = kReplacement; // in[i], if any, is not consumed
        } else if (codePoint >= 0x10000) {
            *dst++ = char16_t(0xD800 + ((codePoint - 0x10000) >> 10));
            *dst++ = char16_t(0xDC00 + ((codePoint - 0x10000) & 0x3FF));
        } else {
            *dst++ = char16_t(codePoint);
        }
    }
    out.truncate(dst - reinterpret_cast<const char16_t *>(out.constData()));
    return out;
}

} // namespace

QString decodeUtf8(QByteArrayView utf8)
{
    // Where the input is well-formed the decoders agree, but for a leading BOM, which
    // QString::fromUtf8 drops; Qt's is the faster (SIMD for ASCII). Checking first costs
    // the parser a sixth of its throughput (bench_sseparser); decoding with Qt and then
    // looking for U+FFFD costs the same, and a decoder of our own with an ASCII fast path
    // more (a third).
    if (!utf8.startsWith("\xEF\xBB\xBF") && utf8.isValidUtf8())
        return QString::fromUtf8(utf8);
    return decodeWhatwg(utf8);
}

} // namespace rill
