#pragma once

#include "ui/store/conversation.h"

#include <QAbstractListModel>

namespace rill {

class ConversationStore;

// The store's conversations as a list, newest first (by last update). Titles
// are editable: an edit renames the conversation in the store. Rows move and
// appear one at a time as the store saves, so a view keeps its selection.
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // QString
        UpdatedRole, // QDateTime (UTC)
    };
    Q_ENUM(Role)

    explicit ConversationListModel(ConversationStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    int rowOf(const QString &id) const;
    QString idAt(int row) const;

signals:
    // A rename the store refused, readable as is.
    void renameFailed(const QString &reason);

private:
    void resetFromStore();
    void onSaved(const QString &id);
    void onRemoved(const QString &id);
    // Where a conversation updated at `header` belongs, ignoring row `skip`.
    int sortedRow(const ConversationHeader &header, int skip) const;

    ConversationStore *m_store;
    QList<ConversationHeader> m_rows;
};

} // namespace rill
