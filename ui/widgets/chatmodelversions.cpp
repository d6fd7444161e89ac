// ChatModel's turns and their versions: branching a turn off (regenerate, edit and
// resend), showing another version, deleting a turn. Apart from chatmodel.cpp, which
// writes the rows of a run as its events arrive.
#include "ui/widgets/chatmodel.h"

#include <algorithm>
#include <utility>

namespace rill {

int ChatModel::turnStart(int row) const
{
    for (row = std::min(row, int(m_items.size()) - 1); row >= 0; --row) {
        if (m_items.at(row).kind == ChatItem::Kind::User)
            return row;
    }
    return -1;
}

int ChatModel::turnEnd(int row) const
{
    for (++row; row < m_items.size(); ++row) {
        if (m_items.at(row).kind == ChatItem::Kind::User)
            return row;
    }
    return int(m_items.size());
}

void ChatModel::startBranch(int row)
{
    if (row < 0 || row >= m_items.size() || m_items.at(row).kind != ChatItem::Kind::User)
        return;
    QList<QList<ChatItem>> versions = m_items.at(row).versions;
    const int shown = versions.isEmpty() ? 0 : m_items.at(row).shownVersion;
    if (versions.isEmpty())
        versions.append(QList<ChatItem>());
    QList<ChatItem> kept = m_items.mid(row);
    kept.first().versions.clear();
    kept.first().shownVersion = 0;
    versions[shown] = kept;
    versions.append(QList<ChatItem>()); // the one about to be shown
    m_pendingVersions = versions;
    replaceFrom(row, {});
}

void ChatModel::showVersion(int row, int version)
{
    if (row < 0 || row >= m_items.size())
        return;
    const ChatItem &start = m_items.at(row);
    if (start.kind != ChatItem::Kind::User || version < 0 || version >= start.versions.size()
        || version == start.shownVersion)
        return;
    QList<QList<ChatItem>> versions = start.versions;
    QList<ChatItem> kept = m_items.mid(row);
    kept.first().versions.clear();
    kept.first().shownVersion = 0;
    versions[start.shownVersion] = kept;
    QList<ChatItem> shown = std::exchange(versions[version], {});
    if (shown.isEmpty() || shown.first().kind != ChatItem::Kind::User)
        return; // not a version: leave the screen as it is
    shown.first().versions = versions;
    shown.first().shownVersion = version;
    replaceFrom(row, shown);
}

void ChatModel::removeTurn(int row)
{
    if (row < 0 || row >= m_items.size() || m_items.at(row).kind != ChatItem::Kind::User)
        return;
    const int end = turnEnd(row);
    beginRemoveRows({}, row, end - 1);
    m_items.remove(row, end - row);
    endRemoveRows();
    startTurn();
}

void ChatModel::replaceFrom(int row, const QList<ChatItem> &tail)
{
    // Outside a run (the window allows these only then): no row is being written.
    startTurn();
    if (row < m_items.size()) {
        beginRemoveRows({}, row, int(m_items.size()) - 1);
        m_items.resize(row);
        endRemoveRows();
    }
    if (tail.isEmpty())
        return;
    beginInsertRows({}, row, row + int(tail.size()) - 1);
    m_items.append(tail);
    endInsertRows();
}

} // namespace rill
