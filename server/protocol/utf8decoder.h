#pragma once

#include <QByteArrayView>
#include <QString>

namespace rill {

// UTF-8 decoding as the WHATWG Encoding standard's "UTF-8 decode without BOM"
// does it, which is what every browser's EventSource uses: each maximal
// ill-formed subpart becomes one U+FFFD ("e2 82" is one, "ed a0 80" three), and
// a leading U+FEFF is kept. QString::fromUtf8 and QStringDecoder (Qt 6.4) give
// one U+FFFD per byte of a truncated sequence instead, and drop a leading BOM.
// Valid input, the common case, still goes through QString::fromUtf8.
QString decodeUtf8(QByteArrayView utf8);

} // namespace rill
