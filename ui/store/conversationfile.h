#pragma once

#include "ui/store/conversation.h"

#include <QByteArray>

#include <optional>

class QIODevice;

namespace rill {

// The file format of one kept conversation:
//
//   {"created":"…","id":"…","options":{…},"sessionId":"…","title":"…","updated":"…","version":1,
//    "items":[
//   {"kind":"user","text":"…"},
//   …
//   ]}
//
// One JSON object, so any JSON tool reads it. The header comes first and each
// item sits on a line of its own, which gives two cheap checks: the header can
// be read without the items (for the list), and a file that lost its end
// (truncated by a full disk or a crash outside Rill) is told by its last line.
namespace ConversationFile {

inline constexpr int kVersion = 1;

QByteArray encode(const Conversation &conversation);

// The whole file. Sets `error` and returns std::nullopt if it is not one.
std::optional<Conversation> decode(const QByteArray &bytes, QString *error = nullptr);

// The header only, reading the beginning and the last bytes of `file` (open,
// readable, seekable); a file in another layout is read whole.
std::optional<ConversationHeader> readHeader(QIODevice &file, QString *error = nullptr);

// Ids name files: only a safe alphabet is accepted.
bool isValidId(QStringView id);

} // namespace ConversationFile

} // namespace rill
