#include "server/protocol/toolstep.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace rill::ToolStep {

namespace {

QJsonObject fields(int step, const QString &tool, const QJsonValue &arguments)
{
    return { { QStringLiteral("step"), step }, { QStringLiteral("tool"), tool },
        { QStringLiteral("arguments"), arguments } };
}

// At most `bytes` of UTF-8, never cutting a character (or a surrogate pair) in two.
QString capped(const QString &text, qsizetype bytes, bool *truncated)
{
    *truncated = false;
    if (text.size() * 3 <= bytes) // even all-CJK text fits
        return text;
    qsizetype used = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t unit = text.at(i).unicode();
        qsizetype width = unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
        qsizetype units = 1;
        if (QChar::isHighSurrogate(unit) && i + 1 < text.size()
            && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            width = 4;
            units = 2;
        }
        if (used + width > bytes) {
            *truncated = true;
            return text.left(i);
        }
        used += width;
        i += units - 1;
    }
    return text;
}

} // namespace

QString firstLine(const QString &text, qsizetype characters)
{
    QString line = text.trimmed();
    const qsizetype newline = line.indexOf(u'\n');
    if (newline >= 0)
        line = line.left(newline).trimmed() + QStringLiteral(" …");
    if (line.size() > characters)
        line = line.left(characters - 1) + QStringLiteral("…");
    return line;
}

QString summary(const QString &tool, const QJsonValue &arguments)
{
    QString detail;
    if (arguments.isObject()) {
        const QJsonObject object = arguments.toObject();
        if (!object.isEmpty()) {
            const QJsonValue first = object.begin().value();
            detail = first.isString() ? first.toString()
                                      : QString::fromUtf8(QJsonDocument(
                                          QJsonObject { { object.begin().key(),
                                              first } }).toJson(QJsonDocument::Compact));
        }
    } else if (arguments.isString()) {
        detail = arguments.toString();
    }
    return detail.isEmpty() ? tool : tool + u' ' + firstLine(detail, 80);
}

Message planning(int step, const QString &tool, const QJsonValue &arguments)
{
    return Message::make(MessageType::Planning,
        QStringLiteral("%1. %2").arg(step).arg(summary(tool, arguments)), std::nullopt,
        fields(step, tool, arguments));
}

Message approval(int step, const QString &callId, const QString &tool, const QString &server,
    const QJsonValue &arguments)
{
    QJsonObject extra = fields(step, tool, arguments);
    extra.insert(QStringLiteral("callId"), callId);
    extra.insert(QStringLiteral("server"), server);
    return Message::make(MessageType::Approval,
        QStringLiteral("Allow %1?").arg(summary(tool, arguments)), std::nullopt, extra);
}

Message running(int step, const QString &tool, const QJsonValue &arguments)
{
    QJsonObject extra = fields(step, tool, arguments);
    extra.insert(QStringLiteral("state"), QStringLiteral("running"));
    return Message::make(MessageType::Step, summary(tool, arguments), std::nullopt, extra);
}

Message finished(int step, const QString &tool, const QJsonValue &arguments, bool succeeded,
    const QString &result)
{
    QJsonObject extra = fields(step, tool, arguments);
    extra.insert(
        QStringLiteral("state"), succeeded ? QStringLiteral("done") : QStringLiteral("failed"));
    bool truncated = false;
    extra.insert(QStringLiteral("result"), capped(result, kMaxResultBytes, &truncated));
    if (truncated)
        extra.insert(QStringLiteral("truncated"), true);
    const QString line = firstLine(result);
    return Message::make(
        MessageType::Step, line.isEmpty() ? summary(tool, arguments) : line, std::nullopt, extra);
}

} // namespace rill::ToolStep
