#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace rill::JsonWriter {

// Building blocks for JSON whose key order matters (QJsonDocument sorts keys).
// Strings are written as UTF-8, escaping only what JSON requires.
void appendString(QByteArray &out, const QString &text);
void appendValue(QByteArray &out, const QJsonValue &value);
// Appends `"key":`, preceded by a comma unless the object was just opened.
void appendKey(QByteArray &out, QLatin1StringView key);

} // namespace rill::JsonWriter
