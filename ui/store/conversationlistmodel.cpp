#include "ui/store/conversationlistmodel.h"

#include "ui/store/conversationstore.h"

#include <QLocale>

#include <algorithm>

namespace rill {

namespace {

// Newest first; the id breaks ties so that the order is stable.
bool newerFirst(const ConversationHeader &a, const ConversationHeader &b)
{
    if (a.updated != b.updated)
        return a.updated > b.updated;
    return a.id < b.id;
}

} // namespace

ConversationListModel::ConversationListModel(ConversationStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(store, &ConversationStore::reloaded, this, &ConversationListModel::resetFromStore);
    connect(store, &ConversationStore::saved, this, &ConversationListModel::onSaved);
    connect(store, &ConversationStore::removed, this, &ConversationListModel::onRemoved);
    resetFromStore();
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationHeader &header = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case Qt::AccessibleTextRole:
        return header.title.isEmpty() ? tr("New chat") : header.title;
    case Qt::ToolTipRole:
        return tr("%1\nLast message: %2")
            .arg(header.title,
                QLocale().toString(header.updated.toLocalTime(), QLocale::ShortFormat));
    case IdRole:
        return header.id;
    case UpdatedRole:
        return header.updated;
    default:
        return {};
    }
}

bool ConversationListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const QString title = value.toString().simplified();
    if (title == m_rows.at(index.row()).title)
        return false;
    QString error;
    // The store's saved() signal updates the row.
    if (!m_store->rename(m_rows.at(index.row()).id, title, &error)) {
        emit renameFailed(error);
        return false;
    }
    return true;
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractListModel::flags(index);
    if (index.isValid())
        flags |= Qt::ItemIsEditable;
    return flags;
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "conversationId");
    names.insert(UpdatedRole, "updated");
    return names;
}

int ConversationListModel::rowOf(const QString &id) const
{
    const auto it = std::find_if(m_rows.cbegin(), m_rows.cend(),
        [&id](const ConversationHeader &header) { return header.id == id; });
    return it == m_rows.cend() ? -1 : int(it - m_rows.cbegin());
}

QString ConversationListModel::idAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).id : QString();
}

void ConversationListModel::resetFromStore()
{
    beginResetModel();
    m_rows = m_store->headers();
    std::sort(m_rows.begin(), m_rows.end(), newerFirst);
    endResetModel();
}

void ConversationListModel::onSaved(const QString &id)
{
    const auto header = m_store->header(id);
    if (!header)
        return;
    const int row = rowOf(id);
    const int target = sortedRow(*header, row);
    if (row < 0) {
        beginInsertRows({}, target, target);
        m_rows.insert(target, *header);
        endInsertRows();
        return;
    }
    if (target != row) {
        // beginMoveRows counts the destination before the row is taken out.
        beginMoveRows({}, row, row, {}, target > row ? target + 1 : target);
        m_rows.move(row, target);
        endMoveRows();
    }
    m_rows[target] = *header;
    const QModelIndex changed = index(target);
    emit dataChanged(changed, changed);
}

void ConversationListModel::onRemoved(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

int ConversationListModel::sortedRow(const ConversationHeader &header, int skip) const
{
    int position = 0;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (row != skip && newerFirst(m_rows.at(row), header))
            ++position;
    }
    return position;
}

} // namespace rill
