#pragma once

#include "ui/widgets/textdocumentcache.h"

#include <QStyledItemDelegate>

namespace rill {

// Paints the rows of a ChatModel as a conversation: the user's messages in
// accent-coloured bubbles on the right, the agent's markdown answers on the
// left, plan cards with live step marks, errors in red boxes. Sizes follow
// the view's width, with text wrapped to fit.
class ChatDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ChatDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Where the running steps' spinners are in their turn, in degrees.
    void setSpinnerAngle(int degrees) { m_spinnerAngle = degrees; }
    int spinnerAngle() const { return m_spinnerAngle; }

    // Forgets the laid-out text of all rows, for when rows were removed.
    void clearCache() { m_documents.clear(); }

private:
    struct Bubble
    {
        QRect rect; // relative to the row's top left
        QTextDocument *document = nullptr;
    };

    Bubble layoutText(
        const QStyleOptionViewItem &option, const QModelIndex &index, int rowWidth) const;
    static int rowWidth(const QStyleOptionViewItem &option);
    static int bubbleWidth(int rowWidth);

    // Laying out text is the expensive part of painting; see TextDocumentCache.
    mutable TextDocumentCache m_documents;
    int m_spinnerAngle = 0;
};

} // namespace rill
