#pragma once

#include "ui/store/searchindex.h"

#include <QAbstractListModel>
#include <QStyledItemDelegate>
#include <QTimer>

namespace rill {

class ConversationStore;

// The conversations a search in the sidebar finds, best first, each with the
// text around its match. Asked of the store's search index, so it covers every
// kept conversation, opened in this window or not; it asks again when the
// store saves or removes one, or the index catches up with the files.
class SearchResultsModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1, // QString
        SnippetRole, // QString, matches between SearchIndex::kMarkStart and kMarkEnd
    };
    Q_ENUM(Role)

    explicit SearchResultsModel(ConversationStore *store, QObject *parent = nullptr);

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    // How long the last search took, in milliseconds (for the benchmark).
    double lastSearchMs() const { return m_lastSearchMs; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QString idAt(int row) const;

private:
    void refresh();

    ConversationStore *m_store;
    QString m_query;
    QList<SearchIndex::Hit> m_hits;
    QTimer m_refresh; // many saves in a row ask once
    double m_lastSearchMs = 0;
};

// Draws a result in two lines: the conversation's title, and under it the
// snippet with the matched words set apart (bold, on the highlight colour).
class SearchResultDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace rill
