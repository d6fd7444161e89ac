#include "ui/widgets/searchresults.h"

#include "ui/store/conversationstore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPainter>
#include <QStyle>
#include <QTextLayout>

namespace rill {

namespace {

constexpr int kMaxResults = 50;
constexpr int kPaddingX = 6;
constexpr int kPaddingY = 4;

// The snippet as plain text, and where its marked parts are in it.
struct MarkedText
{
    QString text;
    QList<QPair<int, int>> marks; // start, length
};

MarkedText unmark(const QString &snippet)
{
    MarkedText result;
    int start = -1;
    for (const QChar c : snippet) {
        if (c == SearchIndex::kMarkStart) {
            start = int(result.text.size());
        } else if (c == SearchIndex::kMarkEnd) {
            if (start >= 0)
                result.marks.append({ start, int(result.text.size()) - start });
            start = -1;
        } else {
            result.text.append(c);
        }
    }
    return result;
}

} // namespace

SearchResultsModel::SearchResultsModel(ConversationStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(0);
    connect(&m_refresh, &QTimer::timeout, this, &SearchResultsModel::refresh);
    const auto later = [this] {
        if (!m_query.isEmpty())
            m_refresh.start();
    };
    connect(store, &ConversationStore::saved, this, later);
    connect(store, &ConversationStore::removed, this, later);
    connect(store, &ConversationStore::reloaded, this, later);
    // A save in the background is indexed on the writer's thread after saved();
    // the sync tells its end itself.
    connect(store->searchIndex(), &SearchIndex::synced, this, later);
    connect(store, &ConversationStore::saveFailed, this, later);
}

void SearchResultsModel::setQuery(const QString &query)
{
    const QString trimmed = query.trimmed();
    if (trimmed == m_query)
        return;
    m_query = trimmed;
    refresh();
}

void SearchResultsModel::refresh()
{
    QElapsedTimer timer;
    timer.start();
    QList<SearchIndex::Hit> hits;
    if (!m_query.isEmpty()) {
        m_store->waitForWrites(); // what was saved is in the index too
        hits = m_store->searchIndex()->search(m_query, kMaxResults);
    }
    m_lastSearchMs = double(timer.nsecsElapsed()) / 1e6;
    beginResetModel();
    m_hits = hits;
    endResetModel();
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchIndex::Hit &hit = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return hit.title.isEmpty() ? tr("New chat") : hit.title;
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return hit.title + u'\n' + unmark(hit.snippet).text;
    case IdRole:
        return hit.id;
    case SnippetRole:
        return hit.snippet;
    default:
        return {};
    }
}

QString SearchResultsModel::idAt(int row) const
{
    return row >= 0 && row < m_hits.size() ? m_hits.at(row).id : QString();
}

QSize SearchResultDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    // Width 0: the list elides rather than scrolling sideways (as the sidebar's titles).
    return { 0, 2 * option.fontMetrics.height() + 3 * kPaddingY };
}

void SearchResultDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem base = option;
    initStyleOption(&base, index);
    base.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &base, painter, widget); // background, selection

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorRole textRole = selected ? QPalette::HighlightedText : QPalette::Text;
    const QRect area = option.rect.adjusted(kPaddingX, kPaddingY, -kPaddingX, -kPaddingY);
    const int lineHeight = option.fontMetrics.height();

    painter->save();
    QFont titleFont = option.font;
    titleFont.setBold(true);
    painter->setFont(titleFont);
    painter->setPen(option.palette.color(QPalette::Normal, textRole));
    const QString title = index.data().toString();
    painter->drawText(QRect(area.topLeft(), QSize(area.width(), lineHeight)),
        Qt::AlignLeft | Qt::AlignVCenter,
        QFontMetrics(titleFont).elidedText(title, Qt::ElideRight, area.width()));

    // The snippet, one line, its matches in bold on the highlight colour.
    const MarkedText snippet = unmark(index.data(SearchResultsModel::SnippetRole).toString());
    QTextLayout layout(snippet.text, option.font);
    QList<QTextLayout::FormatRange> formats;
    for (const auto &[start, length] : snippet.marks) {
        QTextCharFormat format;
        format.setFontWeight(QFont::Bold);
        if (!selected) {
            format.setBackground(option.palette.color(QPalette::Highlight));
            format.setForeground(option.palette.color(QPalette::HighlightedText));
        }
        formats.append({ start, length, format });
    }
    layout.setFormats(formats);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::NoWrap);
    layout.setTextOption(textOption);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    layout.endLayout();
    painter->setClipRect(area);
    if (line.isValid()) {
        // A match far into the line is scrolled into view.
        qreal shift = 0;
        if (!snippet.marks.isEmpty()) {
            const qreal matchEnd
                = line.cursorToX(snippet.marks.first().first + snippet.marks.first().second);
            if (matchEnd > area.width())
                shift = matchEnd - area.width() * 0.7;
        }
        painter->setPen(option.palette.color(
            QPalette::Normal, selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
        layout.draw(painter, QPointF(area.left() - shift, area.top() + lineHeight + kPaddingY));
    }
    painter->restore();
}

} // namespace rill
