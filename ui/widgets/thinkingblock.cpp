#include "ui/widgets/thinkingblock.h"

#include <QCoreApplication>
#include <QLocale>

namespace rill::ThinkingBlock {

QString header(bool live, bool expanded, qint64 ms)
{
    const double seconds = double(ms) / 1000.0;
    // Tenths while they count up or matter; whole seconds for a long think.
    const QString figure = QLocale().toString(seconds, 'f', live || seconds < 10 ? 1 : 0);
    const QString mark = expanded ? QStringLiteral("▾ ") : QStringLiteral("▸ ");
    return mark
        + (live ? QCoreApplication::translate("ThinkingBlock", "Thinking… %1 s").arg(figure)
                : QCoreApplication::translate("ThinkingBlock", "Thought for %1 s").arg(figure));
}

QString markdown(const ChatItem &item, qint64 liveMs)
{
    const bool live = item.end == RunEnd::Open;
    QString text = QStringLiteral("**%1**").arg(
        header(live, item.expanded, live ? liveMs : item.thinkingMs));
    if (item.expanded && !item.text.trimmed().isEmpty())
        text += QStringLiteral("\n\n") + item.text.trimmed();
    return text;
}

} // namespace rill::ThinkingBlock
